from datetime import date

import pytest
from django.urls import reverse

from campus.enums import AdhocState
from campus.enums import EnrolmentState
from campus.enums import ScholarshipState
from campus.models import AdhocTraining
from campus.models import Enrolment
from campus.models import FinalProject
from campus.selectors import calendar_entries
from campus.selectors import edition_participants
from campus.selectors import strategies_count
from campus.selectors import upcoming_editions
from campus.services import enrolments as services
from campus.services.adhoc import adhoc_intake_sweep
from campus.services.adhoc import adhoc_move
from campus.services.hosting import seminar_host_accept
from campus.services.projects import project_grade
from campus.services.projects import project_submit
from network.enums import MemberStatus
from network.errors import NotAllowed
from network.errors import PortalError
from network.subjects import subject_spec
from network.sweeps import SWEEPS
from network.workflow import IllegalMove
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.kinds import spec_for
from tests.campus.factories import EditionFactory
from tests.campus.factories import apply
from tests.factories import MemberFactory
from tests.factories import UserFactory
from tests.factories import technician_of
from tests.programs.factories import ApplicationFactory
from tests.programs.factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled():
    edition = EditionFactory(course__requires_final_project=True)
    enrolment = apply(edition, technician_of(MemberFactory(name="Quito")))
    Enrolment.objects.filter(pk=enrolment.pk).update(state=EnrolmentState.ENROLLED)
    enrolment.refresh_from_db()
    return enrolment


def test_project_passes_then_the_student_completes(enrolled, staff):
    project = project_submit(enrolment=enrolled, by=enrolled.user, title="Quito 2040", city="Quito",
                             summary="Ciudad próxima")
    assert strategies_count() == 0
    with pytest.raises(PortalError):
        project_grade(project=project, grade="fail", feedback="", by=staff)
    project_grade(project=project, grade="pass", feedback="Muy bien", by=staff)
    assert strategies_count() == 1
    services.enrolment_complete(enrolment=enrolled, by=staff)
    enrolled.refresh_from_db()
    assert enrolled.state == EnrolmentState.COMPLETED
    with pytest.raises(PortalError):
        project_submit(enrolment=enrolled, by=enrolled.user, title="x", city="y", summary="z")


def test_failed_project_may_be_handed_in_again(enrolled, staff):
    project = project_submit(enrolment=enrolled, by=enrolled.user, title="v1", city="Quito", summary="s")
    project_grade(project=project, grade="fail", feedback="Falta diagnóstico", by=staff)
    project = project_submit(enrolment=enrolled, by=enrolled.user, title="v2", city="Quito", summary="s")
    assert (project.title, project.grade, FinalProject.objects.count()) == ("v2", "pending", 1)


def test_only_the_student_hands_in(enrolled):
    with pytest.raises(NotAllowed):
        project_submit(enrolment=enrolled, by=UserFactory(), title="x", city="y", summary="z")


def test_accepted_seminar_candidacy_sets_the_edition_seminar(staff):
    host_call = CallFactory(kind=CallKind.SEMINAR_HOST)
    edition = EditionFactory(host_call=host_call)
    durango = MemberFactory(name="Durango")
    candidacy = ApplicationFactory(call=host_call, member=durango, submitted=True, data={
        "seminar_starts_on": "2026-10-05", "seminar_ends_on": "2026-10-09"})
    edition = seminar_host_accept(edition=edition, application=candidacy, by=staff)
    candidacy.refresh_from_db()
    assert candidacy.state == ApplicationState.ACCEPTED
    assert (edition.seminar_host, edition.seminar_starts_on, edition.seminar_ends_on) == (
        durango, date(2026, 10, 5), date(2026, 10, 9))


def test_candidacy_to_another_call_is_refused(staff):
    edition = EditionFactory(host_call=CallFactory(kind=CallKind.SEMINAR_HOST))
    other = ApplicationFactory(call=CallFactory(kind=CallKind.SEMINAR_HOST), submitted=True)
    with pytest.raises(PortalError):
        seminar_host_accept(edition=edition, application=other, by=staff)


def test_seminar_host_kind_has_its_form():
    assert spec_for(CallKind.SEMINAR_HOST).form_class.__name__ == "SeminarHostForm"


def test_adhoc_requests_are_taken_in_once_and_followed_to_delivery(staff):
    call = CallFactory(kind=CallKind.ADHOC_TRAINING, all_year=True)
    ApplicationFactory(call=call, submitted=True, data={"institution": "Diputación"})
    ApplicationFactory(call=call, draft=True)
    assert adhoc_intake_sweep() == 1
    assert adhoc_intake_sweep() == 0
    training = AdhocTraining.objects.get()
    assert training.institution == "Diputación"
    with pytest.raises(IllegalMove):
        adhoc_move(training=training, to=AdhocState.DELIVERED, by=staff)
    for state in (AdhocState.DESIGNING, AdhocState.AGREED, AdhocState.DELIVERED):
        training = adhoc_move(training=training, to=state, by=staff)
    assert training.state == AdhocState.DELIVERED
    assert "campus-adhoc-intake" in SWEEPS


def test_edition_is_a_survey_subject_with_its_students(staff):
    edition = EditionFactory()
    enrolment = apply(edition, UserFactory(email="alumna@example.org"))
    Enrolment.objects.filter(pk=enrolment.pk).update(state=EnrolmentState.ENROLLED)
    spec = subject_spec(edition)
    assert [p.email for p in spec.participants(edition)] == ["alumna@example.org"]
    assert edition_participants(edition)[0].user_id == enrolment.user_id
    assert spec.ended_at(edition).date() == edition.ends_on


def test_upcoming_and_calendar_providers(staff):
    edition = EditionFactory()
    titles = [item.title for item in upcoming_editions()]
    assert str(edition) in titles
    enrolment = apply(edition, UserFactory())
    services.enrolment_admit(enrolment=enrolment, by=staff)
    assert [e.uid for e in calendar_entries(user=enrolment.user)] == [f"campus-edition-{edition.pk}@portal"]


# --- Admin -------------------------------------------------------------------------------------------
def test_admin_admit_action_flags_scholarships_of_members_in_arrears(client, staff):
    edition = EditionFactory()
    member = MemberFactory()
    enrolment = apply(edition, technician_of(member), scholarship=True)
    MemberFactory._meta.model.objects.filter(pk=member.pk).update(status=MemberStatus.IN_ARREARS)
    client.force_login(staff)
    client.post(reverse("admin:campus_enrolment_changelist"),
                {"action": "admit", "_selected_action": [enrolment.pk]})
    enrolment.refresh_from_db()
    assert (enrolment.state, enrolment.scholarship) == (EnrolmentState.ADMITTED, ScholarshipState.FLAGGED)
    page = client.post(reverse("admin:campus_enrolment_changelist"),
                       {"action": "decide_scholarship", "_selected_action": [enrolment.pk]})
    assert page.status_code == 200
    client.post(reverse("admin:campus_enrolment_changelist"),
                {"action": "decide_scholarship", "_selected_action": [enrolment.pk], "grant": "1",
                 "reason": "Plan de pagos firmado"})
    enrolment.refresh_from_db()
    assert (enrolment.scholarship, enrolment.scholarship_reason) == (ScholarshipState.GRANTED,
                                                                     "Plan de pagos firmado")


def test_admin_grades_a_project_through_the_service(client, staff, enrolled):
    project = project_submit(enrolment=enrolled, by=enrolled.user, title="Quito 2040", city="Quito", summary="s")
    client.force_login(staff)
    url = reverse("admin:campus_finalproject_change", args=[project.pk])
    assert client.get(url).status_code == 200
    for name in ("campus_course", "campus_edition", "campus_enrolment", "campus_certificate", "campus_capsule",
                 "campus_adhoctraining", "campus_seminarhostcandidacy", "campus_finalproject"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name


def test_enrolment_applications_from_the_generic_call_pages_are_taken_in_with_the_rule():
    from campus.services.enrolments import enrolment_intake_sweep

    edition = EditionFactory()
    active = ApplicationFactory(call=edition.enrolment_call, submitted=True, data={"scholarship": True})
    arrears = ApplicationFactory(call=edition.enrolment_call, submitted=True, data={"scholarship": True},
                                 member=MemberFactory(status=MemberStatus.IN_ARREARS))
    ApplicationFactory(call=edition.enrolment_call, draft=True)
    assert enrolment_intake_sweep() == 2
    assert enrolment_intake_sweep() == 0
    assert Enrolment.objects.get(application=active).scholarship == ScholarshipState.REQUESTED
    refused = Enrolment.objects.get(application=arrears)
    assert (refused.state, refused.scholarship) == (EnrolmentState.APPLIED, ScholarshipState.REFUSED)
    assert refused.scholarship_reason


def test_certificates_without_a_pdf_are_rendered_by_the_sweep(staff):
    from campus.models import Certificate
    from campus.services.certificates import certificates_render_sweep

    enrolment = apply(EditionFactory(), UserFactory())
    Enrolment.objects.filter(pk=enrolment.pk).update(state=EnrolmentState.ENROLLED)
    services.enrolment_complete(enrolment=enrolment, by=staff)  # on_commit does not run in this test
    assert certificates_render_sweep() == 1
    assert certificates_render_sweep() == 0
    assert Certificate.objects.get().pdf.open("rb").read(5) == b"%PDF-"


def test_edition_refuses_calls_of_the_wrong_kind():
    from django.core.exceptions import ValidationError

    edition = EditionFactory.build(enrolment_call=CallFactory(kind=CallKind.PRIZE), course=EditionFactory().course)
    with pytest.raises(ValidationError):
        edition.full_clean()


def test_admin_admit_action_says_how_many_were_admitted_and_how_many_waitlisted_because_full(client, staff):
    edition = EditionFactory(seats=2)
    enrolments = [apply(edition, UserFactory()) for _ in range(3)]
    client.force_login(staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.post(reverse("admin:campus_enrolment_changelist"),
                       {"action": "admit", "_selected_action": [e.pk for e in enrolments]}, follow=True)
    assert [str(m) for m in page.context["messages"]] == ["2 admitted, 1 waitlisted because the edition is full."]
    states = {e.pk: e.state for e in Enrolment.objects.filter(edition=edition)}
    assert states == {enrolments[0].pk: EnrolmentState.ADMITTED, enrolments[1].pk: EnrolmentState.ADMITTED,
                      enrolments[2].pk: EnrolmentState.WAITLISTED}
    # Admitting the waitlisted one again is refused by name, and nothing is counted as done.
    page = client.post(reverse("admin:campus_enrolment_changelist"),
                       {"action": "admit", "_selected_action": [enrolments[2].pk]}, follow=True)
    assert [str(m) for m in page.context["messages"]] == [
        f"{Enrolment.objects.get(pk=enrolments[2].pk)}: All seats of this edition are taken."]
