"""Enrolment in an edition, from the application to completion, with the 100 % scholarship rule.

One source of truth: the Enrolment's state (moved through `campus.enums.ENROLMENT`). The student
applies through the calls engine's public service (`application_file`), so the edition's
enrolment call keeps its dates, eligibility, caps, the focal point's endorsement and the receipt;
the Enrolment is created in the same transaction. The application then follows the admission
decisions (accepted / waitlisted / rejected / withdrawn), moved by whoever really made them, so the
applicant's "My applications" and the application's timeline agree with the enrolment.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists
from django.db.models import OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from network.errors import NotAllowed
from network.models import Member
from network.models import User
from network.rules import holds
from network.workflow import IllegalMove
from programs.calls.enums import COUNTING_STATES
from programs.calls.enums import Actor as CallActor
from programs.calls.enums import ApplicationState
from programs.calls.models import Application
from programs.calls.models import Call
from programs.calls.services.applications import application_file
from programs.calls.services.eligibility import members_user_may_apply_for
from programs.calls.services.transitions import application_transition

from ..enums import ENROLMENT
from ..enums import SCHOLARSHIP
from ..enums import SEAT_STATES
from ..enums import Actor
from ..enums import EnrolmentState
from ..enums import ScholarshipState
from ..models import Edition
from ..models import Enrolment
from ..models import FinalProject
from . import notifications
from .errors import AlreadyEnrolled
from .errors import ApplicationNotSent
from .errors import EnrolmentClosed
from .errors import ProjectMissing
from .errors import ScholarshipNotAllowed

E = EnrolmentState


# --- The scholarship rule ------------------------------------------------------------------------
def scholarship_problem(*, member: Member | None) -> str | None:
    """Why a person of `member` may not ask for a 100 % scholarship; None when they may."""
    if member is None:
        return _("Full scholarships are only for people from active members; your account is not linked "
                 "to a member city or entity.")
    if not member.is_active_member:
        return _("Full scholarships are only for people from active members; %(member)s is %(status)s.") % {
            "member": member.name, "status": member.get_status_display().lower()}
    return None


def seats_taken(edition: Edition) -> int:
    return edition.enrolments.filter(state__in=SEAT_STATES).count()


# --- Applying ------------------------------------------------------------------------------------
def enrolment_apply(
    *, edition: Edition, user: User, position: str, motivation: str, scholarship: bool = False,
    member: Member | None = None, now: datetime | None = None,
) -> Enrolment:
    """Apply to an edition: one Application to its enrolment call and the Enrolment, together.
    The scholarship rule is checked here and again on admission."""
    now = now or timezone.now()
    if edition.enrolment_call_id is None:
        raise EnrolmentClosed()
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=edition.enrolment_call_id)
        if Enrolment.objects.filter(edition=edition, user=user).exists():
            raise AlreadyEnrolled()
        if member is None:
            candidates = list(members_user_may_apply_for(user)[:2])
            member = candidates[0] if len(candidates) == 1 else None
        if scholarship and (problem := scholarship_problem(member=member)):
            raise ScholarshipNotAllowed(problem)
        person = getattr(user, "person", None)
        name = person.full_name if person else (user.name or user.email)
        answers = {"title": f"{name} · {edition}"[:250], "summary": motivation[:2000], "position": position,
                   "motivation": motivation, "scholarship": bool(scholarship)}
        application = application_file(call=call, user=user, member=member, answers=answers, now=now)
        return Enrolment.objects.create(
            edition=edition, application=application, user=user, person=person, member=member, applied_at=now,
            scholarship=ScholarshipState.REQUESTED if scholarship else ScholarshipState.NONE,
        )


# --- Keeping the application in step -------------------------------------------------------------
_APPLICATION_FOR = {
    E.ADMITTED: ApplicationState.ACCEPTED,
    E.WAITLISTED: ApplicationState.WAITLISTED,
    E.REJECTED: ApplicationState.REJECTED,
    E.DROPPED: ApplicationState.WITHDRAWN,
}
# Who moved the enrolment moved the application: the student is its applicant.
_CALL_ACTOR = {Actor.STUDENT: CallActor.APPLICANT, Actor.STAFF: CallActor.STAFF, Actor.SYSTEM: CallActor.SYSTEM}


def _application_sent(enrolment: Enrolment) -> None:
    """Admission decisions wait until the application is sent (a focal point may still have to endorse
    it, or have sent it back to its author)."""
    if not enrolment.application_id:
        return
    state = Application.objects.filter(pk=enrolment.application_id).values_list("state", flat=True).first()
    if state is not None and state not in COUNTING_STATES:
        raise ApplicationNotSent()
    if state == ApplicationState.AWAITING_ENDORSEMENT:
        raise ApplicationNotSent(_("The application is waiting for the endorsement of the city's focal point; "
                                   "decide once it is endorsed."))


def _application_follow(enrolment: Enrolment, *, state: str, actor: str, by: User | None, now: datetime) -> None:
    target = _APPLICATION_FOR.get(state)
    if target is None or not enrolment.application_id:
        return
    application = Application.objects.select_for_update().get(pk=enrolment.application_id)
    if application.state in (target, ApplicationState.WITHDRAWN):
        return
    call_actor = _CALL_ACTOR[actor]
    application_transition(application=application, to=target, actor=call_actor,
                           by=by if call_actor != CallActor.SYSTEM else None, now=now)


def _require_staff(by: User | None) -> None:
    """The secretariat's campus role (or a superuser): the model permission the admin asks too."""
    if by is None or not holds(by, "campus.change_enrolment"):
        raise NotAllowed()


def _lock(enrolment: Enrolment) -> tuple[Edition, Enrolment]:
    """Lock the edition first (seats are counted per edition), then the enrolment."""
    edition = Edition.objects.select_for_update(of=("self",)).select_related("course").get(pk=enrolment.edition_id)
    enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related("member", "user").get(
        pk=enrolment.pk)
    enrolment.edition = edition
    return edition, enrolment


def _move(enrolment: Enrolment, *, to: str, actor: str, by: User | None, now: datetime, comment: str = "",
          extra_fields=()) -> None:
    if to in (E.ADMITTED, E.WAITLISTED, E.REJECTED):
        _application_sent(enrolment)
    ENROLMENT.move(obj=enrolment, to=to, actor=actor, by=by, comment=comment, now=now, extra_fields=extra_fields)
    _application_follow(enrolment, state=to, actor=actor, by=by, now=now)


def _scholarship_on_admission(enrolment: Enrolment, *, by: User | None, now: datetime) -> None:
    """The rule again: a member that fell into arrears since the application is flagged to staff."""
    if enrolment.scholarship != ScholarshipState.REQUESTED:
        return
    problem = scholarship_problem(member=enrolment.member)
    if problem is None:
        enrolment.scholarship_amount = enrolment.edition.fee
        SCHOLARSHIP.move(obj=enrolment, to=ScholarshipState.GRANTED, actor=Actor.SYSTEM, by=None, now=now,
                         comment=_("Active member on admission."), extra_fields=["scholarship_amount"])
    else:
        SCHOLARSHIP.move(obj=enrolment, to=ScholarshipState.FLAGGED, actor=Actor.SYSTEM, by=None, now=now,
                         comment=problem)


def _admit_locked(edition: Edition, enrolment: Enrolment, *, actor: str, by: User | None, now: datetime) -> Enrolment:
    if seats_taken(edition) >= edition.seats:
        if enrolment.state == E.APPLIED:
            _move(enrolment, to=E.WAITLISTED, actor=Actor.SYSTEM, by=by, now=now,
                  comment=_("All %(count)s seats are taken.") % {"count": edition.seats})
            notifications.enrolment_changed(enrolment=enrolment)
            return enrolment
        raise IllegalMove(_("All seats of this edition are taken."))
    enrolment.admitted_at = now
    _move(enrolment, to=E.ADMITTED, actor=actor, by=by, now=now, extra_fields=["admitted_at"])
    _scholarship_on_admission(enrolment, by=by, now=now)
    notifications.enrolment_changed(enrolment=enrolment)
    return enrolment


def enrolment_admit(*, enrolment: Enrolment, by: User, now: datetime | None = None) -> Enrolment:
    """Admit, or put on the waiting list when every seat is taken. Seats hold under concurrent
    admissions: the edition's row is locked while seats are counted."""
    _require_staff(by)
    now = now or timezone.now()
    with transaction.atomic():
        edition, enrolment = _lock(enrolment)
        return _admit_locked(edition, enrolment, actor=Actor.STAFF, by=by, now=now)


def enrolment_waitlist(*, enrolment: Enrolment, by: User, now: datetime | None = None) -> Enrolment:
    _require_staff(by)
    now = now or timezone.now()
    with transaction.atomic():
        _edition, enrolment = _lock(enrolment)
        _move(enrolment, to=E.WAITLISTED, actor=Actor.STAFF, by=by, now=now)
        notifications.enrolment_changed(enrolment=enrolment)
        return enrolment


def enrolment_reject(*, enrolment: Enrolment, by: User, comment: str = "", now: datetime | None = None) -> Enrolment:
    _require_staff(by)
    now = now or timezone.now()
    with transaction.atomic():
        _edition, enrolment = _lock(enrolment)
        _move(enrolment, to=E.REJECTED, actor=Actor.STAFF, by=by, now=now, comment=comment)
        notifications.enrolment_changed(enrolment=enrolment)
        return enrolment


def enrolment_confirm(*, enrolment: Enrolment, by: User, now: datetime | None = None) -> Enrolment:
    """The admitted student (or staff) confirms the place: enrolled."""
    now = now or timezone.now()
    with transaction.atomic():
        _edition, enrolment = _lock(enrolment)
        actor = Actor.STUDENT if by.pk == enrolment.user_id else Actor.STAFF
        if actor == Actor.STAFF:
            _require_staff(by)
        _move(enrolment, to=E.ENROLLED, actor=actor, by=by, now=now)
        return enrolment


def waitlist_promote(*, edition: Edition, now: datetime | None = None) -> list[Enrolment]:
    """Fill free seats from the waiting list, first come first served (caller holds the edition lock)."""
    now = now or timezone.now()
    free = edition.seats - seats_taken(edition)
    promoted: list[Enrolment] = []
    if free <= 0:
        return promoted
    waiting = (Enrolment.objects.select_for_update(of=("self",)).select_related("member", "user")
               .filter(edition=edition, state=E.WAITLISTED).order_by("applied_at", "pk")[:free])
    for enrolment in waiting:
        enrolment.edition = edition
        promoted.append(_admit_locked(edition, enrolment, actor=Actor.SYSTEM, by=None, now=now))
    return promoted


def enrolment_drop(*, enrolment: Enrolment, by: User, comment: str = "", now: datetime | None = None) -> Enrolment:
    """The student withdraws or staff drop them; a freed seat goes to the first on the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        edition, enrolment = _lock(enrolment)
        actor = Actor.STUDENT if by.pk == enrolment.user_id else Actor.STAFF
        if actor == Actor.STAFF:
            _require_staff(by)
        held_seat = enrolment.state in SEAT_STATES
        _move(enrolment, to=E.DROPPED, actor=actor, by=by, now=now, comment=comment)
        if held_seat:
            waitlist_promote(edition=edition, now=now)
        return enrolment


def enrolment_complete(*, enrolment: Enrolment, by: User, now: datetime | None = None) -> Enrolment:
    """Completed: a certificate is issued and rendered in the background."""
    from .certificates import certificate_issue

    _require_staff(by)
    now = now or timezone.now()
    with transaction.atomic():
        edition, enrolment = _lock(enrolment)
        if edition.course.requires_final_project and not FinalProject.objects.filter(
                enrolment=enrolment, grade="pass").exists():
            raise ProjectMissing()
        enrolment.completed_at = now
        _move(enrolment, to=E.COMPLETED, actor=Actor.STAFF, by=by, now=now, extra_fields=["completed_at"])
        certificate_issue(enrolment=enrolment, now=now)
        notifications.enrolment_changed(enrolment=enrolment)
        return enrolment


# --- Scholarship decisions by staff ----------------------------------------------------------------
def scholarship_decide(*, enrolment: Enrolment, grant: bool, reason: str, by: User,
                       now: datetime | None = None) -> Enrolment:
    """Staff grant or refuse a requested or flagged scholarship, with a recorded reason."""
    _require_staff(by)
    now = now or timezone.now()
    reason = (reason or "").strip()
    with transaction.atomic():
        edition, enrolment = _lock(enrolment)
        if not reason:
            raise ScholarshipNotAllowed(_("Give the reason for this decision; it is kept with the enrolment."))
        enrolment.scholarship_amount = edition.fee if grant else Decimal("0")
        enrolment.scholarship_reason = reason
        SCHOLARSHIP.move(obj=enrolment, to=ScholarshipState.GRANTED if grant else ScholarshipState.REFUSED,
                         actor=Actor.STAFF, by=by, now=now, comment=reason,
                         extra_fields=["scholarship_amount", "scholarship_reason"])
        return enrolment


# --- Applications that arrived through the calls engine's own pages ---------------------------------
def enrolment_intake_sweep(*, now: datetime | None = None) -> int:
    """Idempotent: an application submitted to an edition's enrolment call through the generic call
    pages (not the campus enrol page) gets its Enrolment; the scholarship rule is applied here, a
    request from a member that is not active is refused with the reason."""
    now = now or timezone.now()
    # Only calls that are an edition's enrolment call: a course-enrolment call without an edition
    # (set up by hand, or an old one) has nothing to enrol into, and asking per application is slow.
    waiting = (Application.objects.filter(state=ApplicationState.SUBMITTED, enrolment__isnull=True,
                                          call__kind="course_enrolment")
               .filter(Exists(Edition.objects.filter(enrolment_call_id=OuterRef("call_id"))))
               .select_related("member", "applicant", "person").order_by("pk"))
    editions: dict[int, Edition | None] = {}
    created = 0
    for application in waiting:
        if application.call_id not in editions:
            editions[application.call_id] = (Edition.objects.filter(enrolment_call_id=application.call_id)
                                             .order_by("-starts_on").first())
        edition = editions[application.call_id]
        if edition is None:
            continue
        with transaction.atomic():
            if Enrolment.objects.filter(edition=edition, user=application.applicant_id).exists():
                continue
            wants = bool(application.data.get("scholarship"))
            problem = scholarship_problem(member=application.member) if wants else None
            Enrolment.objects.create(
                edition=edition, application=application, user=application.applicant, person=application.person,
                member=application.member, applied_at=application.submitted_at or now,
                scholarship=(ScholarshipState.REFUSED if problem else ScholarshipState.REQUESTED) if wants
                else ScholarshipState.NONE, scholarship_reason=problem or "",
            )
            created += 1
    return created
