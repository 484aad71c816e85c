from decimal import Decimal

import pytest

from campus.enums import ENROLMENT
from campus.enums import EnrolmentState
from campus.enums import ScholarshipState
from campus.models import Certificate
from campus.models import Enrolment
from campus.services import enrolments as services
from campus.services.errors import AlreadyEnrolled
from campus.services.errors import ProjectMissing
from campus.services.errors import ScholarshipNotAllowed
from network.enums import MemberStatus
from network.errors import NotAllowed
from network.workflow import IllegalMove
from network.workflow import state_history
from programs.calls.enums import ApplicationState
from programs.calls.services.errors import CallClosed
from tests.campus.factories import EditionFactory
from tests.campus.factories import apply
from tests.factories import MemberFactory
from tests.factories import UserFactory
from tests.factories import technician_of
from tests.programs.factories import CallFactory

pytestmark = pytest.mark.django_db
E = EnrolmentState


@pytest.fixture
def edition():
    return EditionFactory()


def test_apply_creates_the_enrolment_and_its_submitted_application(edition):
    user = technician_of(MemberFactory())
    enrolment = apply(edition, user)
    assert enrolment.state == E.APPLIED
    assert enrolment.application.state == ApplicationState.SUBMITTED
    assert enrolment.application.call == edition.enrolment_call
    assert enrolment.application.data["position"] == "Técnica"


def test_apply_twice_is_refused(edition):
    user = technician_of(MemberFactory())
    apply(edition, user)
    with pytest.raises(AlreadyEnrolled):
        apply(edition, user)


def test_apply_after_the_deadline_is_refused():
    edition = EditionFactory(enrolment_call=CallFactory(closed=True, kind="course_enrolment"))
    with pytest.raises(CallClosed):
        apply(edition, technician_of(MemberFactory()))
    assert Enrolment.objects.count() == 0


# --- Scholarship eligibility --------------------------------------------------------------------
def test_scholarship_for_a_person_of_an_active_member_is_accepted(edition):
    enrolment = apply(edition, technician_of(MemberFactory()), scholarship=True)
    assert enrolment.scholarship == ScholarshipState.REQUESTED


@pytest.mark.parametrize("status", [MemberStatus.IN_ARREARS, MemberStatus.PROSPECT, MemberStatus.SUSPENDED])
def test_scholarship_for_a_member_that_is_not_active_is_refused_on_submit(edition, status):
    user = technician_of(MemberFactory(status=status))
    with pytest.raises(ScholarshipNotAllowed):
        apply(edition, user, scholarship=True)
    assert Enrolment.objects.count() == 0


def test_scholarship_for_a_non_member_is_refused_on_submit(edition):
    with pytest.raises(ScholarshipNotAllowed):
        apply(edition, UserFactory(), scholarship=True)


def test_non_member_may_enrol_paying_the_fee(edition):
    enrolment = apply(edition, UserFactory())
    assert enrolment.member is None
    assert enrolment.scholarship == ScholarshipState.NONE


def test_admission_grants_the_scholarship_worth_the_fee(edition, staff):
    enrolment = apply(edition, technician_of(MemberFactory()), scholarship=True)
    enrolment = services.enrolment_admit(enrolment=enrolment, by=staff)
    assert enrolment.state == E.ADMITTED
    assert enrolment.scholarship == ScholarshipState.GRANTED
    assert enrolment.scholarship_amount == Decimal("1200.00")
    assert enrolment.application.__class__.objects.get(pk=enrolment.application_id).state == ApplicationState.ACCEPTED


def test_member_in_arrears_at_admission_is_flagged_and_staff_decide_with_a_reason(edition, staff):
    member = MemberFactory()
    enrolment = apply(edition, technician_of(member), scholarship=True)
    member.status = MemberStatus.IN_ARREARS
    member.save()
    enrolment = services.enrolment_admit(enrolment=enrolment, by=staff)
    assert enrolment.scholarship == ScholarshipState.FLAGGED
    assert enrolment.scholarship_amount == Decimal("0")
    with pytest.raises(ScholarshipNotAllowed):
        services.scholarship_decide(enrolment=enrolment, grant=True, reason=" ", by=staff)
    enrolment = services.scholarship_decide(enrolment=enrolment, grant=True, reason="Pago en curso", by=staff)
    assert enrolment.scholarship == ScholarshipState.GRANTED
    assert enrolment.scholarship_amount == Decimal("1200.00")
    assert enrolment.scholarship_reason == "Pago en curso"


def test_staff_may_refuse_a_flagged_scholarship(edition, staff):
    member = MemberFactory()
    enrolment = apply(edition, technician_of(member), scholarship=True)
    MemberFactory._meta.model.objects.filter(pk=member.pk).update(status=MemberStatus.IN_ARREARS)
    enrolment = services.enrolment_admit(enrolment=enrolment, by=staff)
    enrolment = services.scholarship_decide(enrolment=enrolment, grant=False, reason="Cuotas 2025 impagas", by=staff)
    assert enrolment.scholarship == ScholarshipState.REFUSED
    assert enrolment.scholarship_amount == Decimal("0")


# --- Seats and the waiting list ---------------------------------------------------------------------
def test_admission_when_full_waitlists_and_a_freed_seat_promotes(staff):
    edition = EditionFactory(seats=1)
    first = apply(edition, UserFactory())
    second = apply(edition, UserFactory())
    services.enrolment_admit(enrolment=first, by=staff)
    second = services.enrolment_admit(enrolment=second, by=staff)
    assert second.state == E.WAITLISTED
    services.enrolment_drop(enrolment=first, by=first.user)
    second.refresh_from_db()
    assert second.state == E.ADMITTED
    assert second.application.__class__.objects.get(pk=second.application_id).state == ApplicationState.ACCEPTED


def test_promotion_rechecks_the_scholarship(staff):
    edition = EditionFactory(seats=1)
    first = apply(edition, UserFactory())
    member = MemberFactory()
    second = apply(edition, technician_of(member), scholarship=True)
    services.enrolment_admit(enrolment=first, by=staff)
    services.enrolment_admit(enrolment=second, by=staff)
    MemberFactory._meta.model.objects.filter(pk=member.pk).update(status=MemberStatus.IN_ARREARS)
    services.enrolment_drop(enrolment=first, by=staff)
    second.refresh_from_db()
    assert (second.state, second.scholarship) == (E.ADMITTED, ScholarshipState.FLAGGED)


# --- Every transition --------------------------------------------------------------------------------
ALL_STATES = [s for s, _label in EnrolmentState.choices]


def _enrolment_in(state, edition):
    enrolment = apply(edition, UserFactory())
    Enrolment.objects.filter(pk=enrolment.pk).update(state=state)
    enrolment.refresh_from_db()
    return enrolment


@pytest.mark.parametrize("source", ALL_STATES)
@pytest.mark.parametrize("target", ALL_STATES)
def test_workflow_table_allows_exactly_its_moves(source, target):
    expected = any(m.source == source and m.target == target for m in ENROLMENT.moves)
    allowed_somehow = any(ENROLMENT.allowed(source=source, target=target, actor=a)
                          for a in ("student", "staff", "system"))
    assert allowed_somehow == expected


@pytest.mark.parametrize("source,service,target", [
    (E.APPLIED, "enrolment_admit", E.ADMITTED),
    (E.APPLIED, "enrolment_waitlist", E.WAITLISTED),
    (E.APPLIED, "enrolment_reject", E.REJECTED),
    (E.WAITLISTED, "enrolment_admit", E.ADMITTED),
    (E.WAITLISTED, "enrolment_reject", E.REJECTED),
    (E.ADMITTED, "enrolment_confirm", E.ENROLLED),
    (E.ADMITTED, "enrolment_drop", E.DROPPED),
    (E.ENROLLED, "enrolment_drop", E.DROPPED),
    (E.ENROLLED, "enrolment_complete", E.COMPLETED),
])
def test_staff_transition(edition, staff, source, service, target):
    enrolment = _enrolment_in(source, edition)
    enrolment = getattr(services, service)(enrolment=enrolment, by=staff)
    assert enrolment.state == target
    assert [c.target for c in state_history(enrolment)][-1] in (target, ScholarshipState.GRANTED)


@pytest.mark.parametrize("source", [E.APPLIED, E.WAITLISTED, E.ADMITTED, E.ENROLLED])
def test_student_may_withdraw(edition, source):
    enrolment = _enrolment_in(source, edition)
    assert services.enrolment_drop(enrolment=enrolment, by=enrolment.user).state == E.DROPPED


@pytest.mark.parametrize("source", [E.COMPLETED, E.DROPPED, E.REJECTED])
def test_final_states_do_not_move(edition, staff, source):
    enrolment = _enrolment_in(source, edition)
    for service in ("enrolment_admit", "enrolment_confirm", "enrolment_drop", "enrolment_complete"):
        with pytest.raises(IllegalMove):
            getattr(services, service)(enrolment=enrolment, by=staff)


def test_student_cannot_admit_or_complete_themselves(edition):
    enrolment = _enrolment_in(E.ENROLLED, edition)
    with pytest.raises(NotAllowed):
        services.enrolment_complete(enrolment=enrolment, by=enrolment.user)
    other = _enrolment_in(E.APPLIED, edition)
    with pytest.raises(NotAllowed):
        services.enrolment_admit(enrolment=other, by=other.user)
    with pytest.raises(NotAllowed):
        services.enrolment_drop(enrolment=other, by=enrolment.user)
    assert not ENROLMENT.allowed(source=E.ENROLLED, target=E.COMPLETED, actor="student")
    assert not ENROLMENT.allowed(source=E.APPLIED, target=E.ADMITTED, actor="student")


def test_completion_issues_one_certificate(edition, staff):
    enrolment = _enrolment_in(E.ENROLLED, edition)
    services.enrolment_complete(enrolment=enrolment, by=staff)
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.holder_name == enrolment.student_name
    assert certificate.hours == 60


def test_specialization_needs_a_passed_final_project(staff):
    edition = EditionFactory(course__requires_final_project=True)
    enrolment = _enrolment_in(E.ENROLLED, edition)
    with pytest.raises(ProjectMissing):
        services.enrolment_complete(enrolment=enrolment, by=staff)


# --- Through the calls engine, with the real actors -------------------------------------------------
def test_applying_goes_through_the_engine_caps(edition):
    from programs.calls.services.errors import CapReached

    edition.enrolment_call.max_per_member = 1
    edition.enrolment_call.save()
    city = MemberFactory()
    apply(edition, technician_of(city))
    with pytest.raises(CapReached):
        apply(edition, technician_of(city))
    assert Enrolment.objects.count() == 1


def test_applying_sends_the_engines_receipt(edition, django_capture_on_commit_callbacks):
    from network.models import OutboxMessage

    user = technician_of(MemberFactory())
    with django_capture_on_commit_callbacks(execute=True):
        apply(edition, user)
    assert OutboxMessage.objects.filter(topic="receipt", to=[user.email]).count() == 1


def test_an_enrolment_waiting_for_the_city_endorsement_is_decided_once_endorsed(edition, staff):
    from campus.services.errors import ApplicationNotSent
    from programs.calls.services.applications import application_endorse
    from tests.factories import focal_point_of

    edition.enrolment_call.requires_endorsement = True
    edition.enrolment_call.save()
    city = MemberFactory()
    enrolment = apply(edition, technician_of(city))
    assert enrolment.application.state == ApplicationState.AWAITING_ENDORSEMENT
    with pytest.raises(ApplicationNotSent):
        services.enrolment_admit(enrolment=enrolment, by=staff)
    application_endorse(application=enrolment.application, by=focal_point_of(city))
    services.enrolment_admit(enrolment=enrolment, by=staff)
    enrolment.refresh_from_db()
    assert (enrolment.state, enrolment.application.state) == (E.ADMITTED, ApplicationState.ACCEPTED)


@pytest.mark.parametrize(("who", "actor"), [("staff", "staff"), ("student", "applicant")])
def test_a_drop_is_logged_on_the_application_as_whoever_dropped(edition, staff, who, actor):
    student = technician_of(MemberFactory())
    enrolment = apply(edition, student)
    services.enrolment_admit(enrolment=enrolment, by=staff)
    by = staff if who == "staff" else student
    services.enrolment_drop(enrolment=enrolment, by=by)
    last = enrolment.application.state_changes.last()
    assert (last.target, last.actor, last.by) == (ApplicationState.WITHDRAWN, actor, by)


def test_a_waitlisting_for_lack_of_seats_is_logged_as_the_system(staff):
    edition = EditionFactory(seats=1)
    first, second = (apply(edition, technician_of(MemberFactory())) for _ in range(2))
    services.enrolment_admit(enrolment=first, by=staff)
    services.enrolment_admit(enrolment=second, by=staff)  # no seat left: waitlisted
    last = second.application.state_changes.last()
    assert (last.target, last.actor, last.by) == (ApplicationState.WAITLISTED, "system", None)
