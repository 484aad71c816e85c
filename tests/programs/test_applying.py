"""An applicant's journey through the services: drafts, deadline, eligibility, caps, endorsement."""

from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from network.enums import MemberStatus
from network.errors import NotAllowed
from network.models import OutboxMessage
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.enums import Eligibility
from programs.calls.models import Application
from programs.calls.services import applications as services
from programs.calls.services.errors import CallClosed
from programs.calls.services.errors import CapReached
from programs.calls.services.errors import IncompleteApplication
from programs.calls.services.errors import NotEligible
from tests.factories import MemberFactory
from tests.factories import UserFactory
from tests.factories import focal_point_of
from tests.factories import technician_of

from .conftest import answers_for

pytestmark = pytest.mark.django_db


def draft(call, user, **answers):
    application = services.application_start(call=call, user=user)
    return services.application_save_draft(application=application, by=user, answers=answers_for(call, **answers))


def test_starting_twice_resumes_the_same_draft(make_call, technician):
    call = make_call()
    first = services.application_start(call=call, user=technician)
    second = services.application_start(call=call, user=technician)
    assert first.pk == second.pk
    assert Application.objects.count() == 1
    assert (first.member.name, first.state) == ("Quito", ApplicationState.DRAFT)


def test_a_draft_keeps_invalid_answers_and_drops_unknown_fields(make_call, technician):
    call = make_call()
    application = services.application_start(call=call, user=technician)
    services.application_save_draft(application=application, by=technician,
                                    answers={"title": "", "started_year": "hace mucho", "hack": "x"})
    application.refresh_from_db()
    assert application.data == {"title": "", "started_year": "hace mucho"}


def test_submitting_records_who_and_when_and_sends_a_receipt_with_a_pdf(
    make_call, technician, mailoutbox, django_capture_on_commit_callbacks
):
    call = make_call()
    application = draft(call, technician)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=application, by=technician)
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert [(e.source, e.target, e.by) for e in application.state_changes.all()] == [
        (ApplicationState.DRAFT, ApplicationState.SUBMITTED, technician)]
    assert mailoutbox[0].to == [technician.email]
    assert application.reference in mailoutbox[0].subject
    filename, content, mimetype = mailoutbox[0].attachments[0]
    assert (filename, mimetype, content[:5]) == (f"{application.reference}.pdf", "application/pdf", b"%PDF-")


def test_submitting_twice_creates_one_submission(make_call, technician):
    call = make_call()
    application = draft(call, technician)
    services.application_submit(application=application, by=technician)
    again = services.application_submit(application=application, by=technician)
    assert again.state == ApplicationState.SUBMITTED
    assert application.state_changes.count() == 1


def test_incomplete_answers_are_refused_and_the_draft_is_kept(make_call, technician):
    call = make_call()
    application = draft(call, technician, results="")
    with pytest.raises(IncompleteApplication) as error:
        services.application_submit(application=application, by=technician)
    assert "results" in error.value.errors
    application.refresh_from_db()
    assert (application.state, application.data["title"]) == (ApplicationState.DRAFT, "Supermanzanas de barrio")


# --- The deadline, to the second, in the call's time zone ---------------------------------------------
def mexico_call(make_call):
    deadline = datetime(2026, 3, 29, 0, 30, tzinfo=ZoneInfo("America/Mexico_City"))
    return make_call(time_zone="America/Mexico_City", opens_at=deadline - timedelta(days=30), closes_at=deadline)


def test_submission_one_second_before_the_deadline_is_accepted(make_call, technician):
    call = mexico_call(make_call)
    now = call.closes_at - timedelta(seconds=1)
    application = services.application_start(call=call, user=technician, now=now - timedelta(hours=1))
    services.application_save_draft(application=application, by=technician, answers=answers_for(call))
    services.application_submit(application=application, by=technician, now=now)
    assert application.__class__.objects.get(pk=application.pk).state == ApplicationState.SUBMITTED


def test_submission_at_the_deadline_is_refused_and_the_draft_kept(make_call, technician):
    call = mexico_call(make_call)
    application = services.application_start(call=call, user=technician, now=call.closes_at - timedelta(hours=1))
    services.application_save_draft(application=application, by=technician, answers=answers_for(call))
    for late in (call.closes_at, call.closes_at + timedelta(seconds=1)):
        with pytest.raises(CallClosed):
            services.application_submit(application=application, by=technician, now=late)
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT
    assert application.data["title"] == "Supermanzanas de barrio"


def test_deadline_in_mexico_city_reads_right_from_madrid_across_the_daylight_saving_change(make_call):
    call = mexico_call(make_call)
    # Madrid moved to summer time at 01:00 UTC on 29 March 2026; Mexico City has no DST since 2022.
    assert call.closes_at_local.strftime("%Y-%m-%d %H:%M %Z") == "2026-03-29 00:30 CST"
    madrid = call.closes_at.astimezone(ZoneInfo("Europe/Madrid"))
    assert madrid.strftime("%Y-%m-%d %H:%M %Z") == "2026-03-29 08:30 CEST"
    day_before = (call.closes_at - timedelta(days=1)).astimezone(ZoneInfo("Europe/Madrid"))
    assert day_before.strftime("%H:%M %Z") == "07:30 CET"


def test_deadline_is_enforced_even_if_no_job_has_run(make_call, technician):
    call = make_call(closes_at=timezone.now() - timedelta(seconds=1), opens_at=timezone.now() - timedelta(days=5))
    with pytest.raises(CallClosed):
        services.application_start(call=call, user=technician)


def test_access_code_lets_a_named_applicant_submit_late(make_call, technician):
    call = make_call()
    application = draft(call, technician)
    late = call.closes_at + timedelta(hours=2)
    call.access_codes.create(code="TARDE-1", email=technician.email, valid_until=late + timedelta(days=1))
    with pytest.raises(CallClosed):
        services.application_submit(application=application, by=technician, now=late, access_code="WRONG")
    services.application_submit(application=application, by=technician, now=late, access_code="TARDE-1")
    application.refresh_from_db()
    assert (application.state, application.access_code.code) == (ApplicationState.SUBMITTED, "TARDE-1")


def test_access_code_of_someone_else_does_not_work(make_call, technician):
    call = make_call()
    application = draft(call, technician)
    late = call.closes_at + timedelta(hours=2)
    call.access_codes.create(code="TARDE-2", email="otra@example.org", valid_until=late + timedelta(days=1))
    with pytest.raises(CallClosed):
        services.application_submit(application=application, by=technician, now=late, access_code="TARDE-2")


# --- Eligibility -------------------------------------------------------------------------------------
def test_active_members_only_refuses_a_member_in_arrears(make_call):
    member = MemberFactory(status=MemberStatus.IN_ARREARS, name="Pasto")
    user = technician_of(member)
    call = make_call(eligibility=Eligibility.ACTIVE_MEMBERS)
    with pytest.raises(NotEligible) as error:
        services.application_start(call=call, user=user)
    assert "Pasto" in str(error.value.message)


def test_members_only_refuses_somebody_without_a_city(make_call):
    with pytest.raises(NotEligible):
        services.application_start(call=make_call(), user=UserFactory())


def test_anyone_may_apply_to_an_open_call_without_a_city(make_call):
    application = services.application_start(call=make_call(eligibility=Eligibility.ANYONE), user=UserFactory())
    assert application.member is None


def test_population_rule_refuses_a_small_city(make_call, tunja):
    call = make_call(population_min=200_000)
    with pytest.raises(NotEligible) as error:
        services.application_start(call=call, user=technician_of(tunja))
    assert "200" in str(error.value.message) and "Tunja" in str(error.value.message)


def test_population_rule_is_waived_for_a_group_of_cities(make_call, tunja):
    call = make_call(kind=CallKind.PAIRING, population_min=200_000)
    user = technician_of(tunja)
    answers = {"title": "Hermanamiento", "summary": "Cooperación.", "partner_city": "Ancona",
               "themes": ["movilidad-sostenible"], "objectives": "Hoja de ruta conjunta."}
    application = services.application_start(call=call, user=user)
    services.application_save_draft(application=application, by=user, answers=answers)
    with pytest.raises(NotEligible):
        services.application_submit(application=application, by=user)
    services.application_save_draft(application=application, by=user, answers={"group_of_cities": True})
    services.application_submit(application=application, by=user)
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED


def test_nobody_applies_for_a_city_they_do_not_belong_to(make_call, quito, tunja):
    user = technician_of(tunja)
    with pytest.raises(NotEligible):
        services.application_start(call=make_call(), user=user, member=quito)


# --- Caps -------------------------------------------------------------------------------------------
def test_at_most_three_experiences_per_city(make_call, quito):
    call = make_call(max_per_member=3)
    authors = [technician_of(quito) for _ in range(4)]
    for author in authors[:3]:
        services.application_submit(application=draft(call, author), by=author)
    fourth = draft(call, authors[3])
    with pytest.raises(CapReached):
        services.application_submit(application=fourth, by=authors[3])
    fourth.refresh_from_db()
    assert fourth.state == ApplicationState.DRAFT


def test_withdrawn_applications_free_their_slot(make_call, quito):
    call = make_call(max_per_member=1)
    first, second = technician_of(quito), technician_of(quito)
    application = draft(call, first)
    services.application_submit(application=application, by=first)
    services.application_withdraw(application=application, by=first)
    services.application_submit(application=draft(call, second), by=second)
    assert call.applications.filter(state=ApplicationState.SUBMITTED).count() == 1


def test_per_person_cap(make_call, technician):
    call = make_call(max_per_person=1)
    services.application_submit(application=draft(call, technician), by=technician)
    with pytest.raises(CapReached):
        services.application_submit(application=draft(call, technician), by=technician)


# --- Endorsement -------------------------------------------------------------------------------------
def test_technician_submission_waits_for_the_focal_point(make_call, technician, focal, mailoutbox,
                                                         django_capture_on_commit_callbacks):
    call = make_call(requires_endorsement=True)
    application = draft(call, technician)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=application, by=technician)
    application.refresh_from_db()
    assert application.state == ApplicationState.AWAITING_ENDORSEMENT
    request = [m for m in mailoutbox if m.to == [focal.email]]
    assert len(request) == 1 and f"/portal/endorsements/{application.reference}/" in request[0].body


def test_focal_point_endorses_and_the_application_is_submitted(make_call, technician, focal):
    call = make_call(requires_endorsement=True)
    application = draft(call, technician)
    services.application_submit(application=application, by=technician)
    services.application_endorse(application=application, by=focal)
    application.refresh_from_db()
    assert (application.state, application.endorsed_by) == (ApplicationState.SUBMITTED, focal)


def test_focal_point_sends_back_with_a_comment(make_call, technician, focal):
    call = make_call(requires_endorsement=True)
    application = draft(call, technician)
    services.application_submit(application=application, by=technician)
    services.application_return(application=application, by=focal, comment="Añadan cifras de resultados.")
    application.refresh_from_db()
    assert (application.state, application.return_comment) == (ApplicationState.DRAFT, "Añadan cifras de resultados.")
    assert application.state_changes.last().comment == "Añadan cifras de resultados."


def test_focal_point_of_another_city_cannot_endorse(make_call, technician, tunja):
    call = make_call(requires_endorsement=True)
    application = draft(call, technician)
    services.application_submit(application=application, by=technician)
    with pytest.raises(NotAllowed):
        services.application_endorse(application=application, by=focal_point_of(tunja))


def test_focal_point_submission_needs_no_endorsement(make_call, focal):
    call = make_call(requires_endorsement=True)
    application = draft(call, focal)
    services.application_submit(application=application, by=focal)
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED


def test_pending_endorsements_count_against_the_cap(make_call, quito, focal):
    call = make_call(requires_endorsement=True, max_per_member=1)
    first, second = technician_of(quito), technician_of(quito)
    services.application_submit(application=draft(call, first), by=first)
    with pytest.raises(CapReached):
        services.application_submit(application=draft(call, second), by=second)


# --- Withdrawal -------------------------------------------------------------------------------------
def test_applicant_withdraws_before_a_decision(make_call, technician):
    call = make_call()
    application = draft(call, technician)
    services.application_submit(application=application, by=technician)
    services.application_withdraw(application=application, by=technician)
    application.refresh_from_db()
    assert application.state == ApplicationState.WITHDRAWN


def test_nobody_else_can_withdraw(make_call, technician, focal):
    application = draft(make_call(), technician)
    with pytest.raises(NotAllowed):
        services.application_withdraw(application=application, by=focal)


def test_decision_mail_waits_in_the_outbox(make_call, technician, mailoutbox, django_capture_on_commit_callbacks):
    from programs.calls.services.decisions import application_decide

    call = make_call()
    application = draft(call, technician)
    services.application_submit(application=application, by=technician)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(application=application, decision=ApplicationState.ACCEPTED, by=UserFactory(staff=True))
    assert mailoutbox == []
    held = OutboxMessage.objects.get(topic="decision")
    assert (held.state, held.related_reference, held.to) == ("held", application.reference, [technician.email])


def test_a_waitlisted_applicant_is_promoted_when_an_accepted_one_withdraws(make_call, quito, tunja):
    from programs.calls.services.decisions import application_decide

    call = make_call(places=1)
    first_author, second_author = technician_of(quito), technician_of(tunja)
    first, second = draft(call, first_author), draft(call, second_author)
    for application, author in ((first, first_author), (second, second_author)):
        services.application_submit(application=application, by=author)
    staff = UserFactory(staff=True)
    application_decide(application=first, decision=ApplicationState.ACCEPTED, by=staff, release=True)
    with pytest.raises(CapReached):  # the one place is taken
        application_decide(application=second, decision=ApplicationState.ACCEPTED, by=staff)
    application_decide(application=second, decision=ApplicationState.WAITLISTED, by=staff, release=True)
    services.application_withdraw(application=first, by=first_author)
    second.refresh_from_db()
    # The promotion is the system's decision, pending release like any other, with its e-mail held.
    assert (second.state, second.pending_decision, second.pending_decided_by) == (
        ApplicationState.WAITLISTED, ApplicationState.ACCEPTED, None)
    held = OutboxMessage.objects.get(topic="decision", related_reference=second.reference, state="held")
    assert "ha sido aceptada" in held.text
    from programs.calls.services.decisions import decisions_release

    decisions_release(applications=[second])
    second.refresh_from_db()
    assert second.state == ApplicationState.ACCEPTED
    assert second.state_changes.last().actor == "system"


def test_a_malformed_date_is_refused_with_a_message_and_kept(make_call, technician):
    call = make_call(kind=CallKind.WEBINAR_PROPOSAL)
    application = services.application_start(call=call, user=technician)
    services.application_save_draft(application=application, by=technician, answers={
        "title": "Buenas prácticas", "summary": "Resumen.", "practice_summary": "Práctica.",
        "speakers": "Ana", "preferred_month": "31/02/2027"})
    with pytest.raises(IncompleteApplication) as error:
        services.application_submit(application=application, by=technician)
    assert list(error.value.errors) == ["preferred_month"]
    application.refresh_from_db()
    assert application.data["preferred_month"] == "31/02/2027"
