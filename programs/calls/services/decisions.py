"""The secretariat's side: review, decide one or many, release decisions, promote the waiting list,
resolve calls.

A decision is pending until it is released (as in pretalx): deciding records it on the application
(`pending_decision`) and writes its e-mail to the outbox held, where staff may read and edit it; the
applicant sees nothing yet. Staff may change their mind freely: the newer decision replaces the
pending one and voids its e-mail, so only the last one can ever be sent. Releasing (here, or by
sending the held e-mail from the outbox) moves the application and queues its e-mail in one
transaction: the applicant sees the decision and receives its mail together. A withdrawal before
release drops the pending decision and voids its e-mail (programs.calls.services.transitions)."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from network.enums import VoidReason
from network.mail import held_queue
from network.mail import held_release_register
from network.mail import held_void
from network.models import User

from ..enums import Actor
from ..enums import ApplicationState
from ..models import Application
from ..models import Call
from . import notifications
from .errors import CapReached
from .errors import IllegalTransition
from .transitions import DECISION_TOPIC
from .transitions import application_transition
from .transitions import transition_allowed

DECISIONS = (ApplicationState.ACCEPTED, ApplicationState.WAITLISTED, ApplicationState.REJECTED)


def decided_as(decision: str) -> Q:
    """Applications whose decision, pending or published, is `decision`: a pending decision counts
    as what it will be (an accepted one pending release already takes its place)."""
    return Q(pending_decision=decision) | Q(pending_decision="", state=decision)


def _accepted_count(call: Call, *, excluding: Application | None = None) -> int:
    applications = call.applications.filter(decided_as(ApplicationState.ACCEPTED))
    if excluding is not None:
        applications = applications.exclude(pk=excluding.pk)
    return applications.count()


class AlreadyDecided(IllegalTransition):
    pass


def _decide_locked(*, call: Call, application: Application, decision: str, by: User | None, now: datetime,
                   actor: str = Actor.STAFF) -> bool:
    """Record `decision` as pending on the locked application and hold its e-mail. False when it
    was already the pending decision (its e-mail, perhaps edited, is kept)."""
    if decision not in DECISIONS:
        raise IllegalTransition()
    if decision == application.pending_decision:
        return False
    if decision == application.state:
        if not application.pending_decision:
            raise AlreadyDecided(_("This decision is already published: %(decision)s.") % {
                "decision": ApplicationState(decision).label})
        # Back to what the applicant already knows: the pending change is taken back.
        _pending_clear(application, reason=VoidReason.TAKEN_BACK)
        return True
    if not transition_allowed(source=application.state, target=decision, actor=actor):
        raise IllegalTransition()
    if decision == ApplicationState.ACCEPTED and call.places and (
            _accepted_count(call, excluding=application) >= call.places):
        raise CapReached(_("All %(count)s places of this call are taken; put the application on the waiting list.")
                         % {"count": call.places})
    held_void(topic=DECISION_TOPIC, references=[application.reference], reason=VoidReason.SUPERSEDED)
    application.pending_decision, application.pending_decided_by, application.pending_decided_at = decision, by, now
    application.save(update_fields=["pending_decision", "pending_decided_by", "pending_decided_at", "updated_at"])
    notifications.decision_held(application=application, decision=decision)
    return True


def _pending_clear(application: Application, *, reason: str) -> None:
    held_void(topic=DECISION_TOPIC, references=[application.reference], reason=reason)
    application.pending_decision, application.pending_decided_by, application.pending_decided_at = "", None, None
    application.save(update_fields=["pending_decision", "pending_decided_by", "pending_decided_at", "updated_at"])


def application_decide(*, application: Application, decision: str, by: User, now: datetime | None = None,
                       release: bool = False) -> Application:
    """Decide one application: pending until released (see the module's docstring). With `release`,
    it is published with its e-mail at once (a decision staff make where its consequence is immediate,
    such as naming a seminar's host city)."""
    now = now or timezone.now()
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=application.call_id)
        application = Application.objects.select_for_update().get(pk=application.pk)
        application.call = call
        _decide_locked(call=call, application=application, decision=decision, by=by, now=now)
        if release:
            _release_locked(application, now=now, result=ReleaseResult())
    return application


@dataclass
class BulkResult:
    decided: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # that decision was already pending
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (reference, reason)


def _locked_applications(ids):
    """Lock the calls, then the application rows (in that order, as every decision does), the
    applicant and person in the same query; each application's call is its locked row."""
    call_ids = sorted(set(Application.objects.filter(pk__in=ids).values_list("call_id", flat=True)))
    calls = {c.pk: c for c in Call.objects.select_for_update().filter(pk__in=call_ids).order_by("pk")}
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("applicant__person")
        .filter(pk__in=ids)
        .order_by("submitted_at", "pk")
    )
    for application in locked:
        application.call = calls[application.call_id]
        yield application


def applications_decide(*, applications, decision: str, by: User, now: datetime | None = None) -> BulkResult:
    """Decide many at once. Each application is decided or skipped with a reason; nothing is sent."""
    now = now or timezone.now()
    result = BulkResult()
    with transaction.atomic():
        for application in _locked_applications([a.pk for a in applications]):
            try:
                with transaction.atomic():
                    changed = _decide_locked(call=application.call, application=application, decision=decision,
                                             by=by, now=now)
            except (CapReached, IllegalTransition) as error:
                result.skipped.append((application.reference, str(error.message)))
            else:
                (result.decided if changed else result.unchanged).append(application.reference)
    return result


@dataclass
class ReleaseResult:
    released: dict[str, list[str]] = field(default_factory=dict)  # decision -> references
    without_mail: list[str] = field(default_factory=list)  # its e-mail had been discarded
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (reference, reason)
    mails: int = 0

    @property
    def count(self) -> int:
        return sum(len(references) for references in self.released.values())


def _release_locked(application: Application, *, now: datetime, result: ReleaseResult) -> None:
    decision = application.pending_decision
    if not decision:
        result.skipped.append((application.reference, str(_("No decision is pending release."))))
        return
    decided_by = application.pending_decided_by
    application_transition(application=application, to=decision, actor=Actor.STAFF if decided_by else Actor.SYSTEM,
                           by=decided_by, now=now, release=True)
    result.released.setdefault(decision, []).append(application.reference)
    sent = held_queue(topic=DECISION_TOPIC, references=[application.reference])
    result.mails += sent
    if not sent:
        result.without_mail.append(application.reference)


def decisions_release(*, applications, now: datetime | None = None) -> ReleaseResult:
    """Publish the pending decisions of `applications` and send their e-mails, each in the same step."""
    now = now or timezone.now()
    result = ReleaseResult()
    with transaction.atomic():
        for application in _locked_applications([a.pk for a in applications]):
            _release_locked(application, now=now, result=result)
    return result


def call_decisions_release(*, call: Call, now: datetime | None = None) -> ReleaseResult:
    """Release every pending decision of one call (the call's "publish decisions" button)."""
    pending = Application.objects.filter(call=call).exclude(pending_decision="").only("pk")
    return decisions_release(applications=list(pending), now=now)


def decisions_take_back(*, applications) -> BulkResult:
    """Staff drop pending decisions before release: the applicants never hear of them."""
    result = BulkResult()
    with transaction.atomic():
        for application in _locked_applications([a.pk for a in applications]):
            if not application.pending_decision:
                result.skipped.append((application.reference, str(_("No decision is pending release."))))
                continue
            _pending_clear(application, reason=VoidReason.TAKEN_BACK)
            result.decided.append(application.reference)
    return result


def _release_held_decision_mails(*, messages, by=None) -> int:
    """The outbox's "send" on held decision e-mails: it releases their decisions (one step). A held
    decision e-mail with no pending decision behind it (written before decisions waited for their
    release) is sent as it is."""
    references = {m.related_reference for m in messages}
    applications = list(Application.objects.filter(reference__in=references).only("pk"))
    result = decisions_release(applications=applications)
    with transaction.atomic():
        legacy = {reference for reference, _reason in result.skipped}
        return result.mails + held_queue(topic=DECISION_TOPIC, references=legacy)


def register_outbox_release() -> None:
    """Sending a held decision e-mail from the outbox releases its decision (called by the app's ready)."""
    held_release_register(DECISION_TOPIC, _release_held_decision_mails)


@transaction.atomic
def review_start(*, application: Application, by: User | None = None) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.state == ApplicationState.SUBMITTED:
        application_transition(application=application, to=ApplicationState.UNDER_REVIEW,
                               actor=Actor.STAFF if by else Actor.SYSTEM, by=by)
    return application


def waitlist_promote(*, call: Call, now: datetime | None = None) -> list[Application]:
    """Fill free places from the waiting list, first come first served (caller holds a transaction):
    each promotion is a decision pending release."""
    if not call.places:
        return []
    call = Call.objects.select_for_update().get(pk=call.pk)
    free = call.places - _accepted_count(call)
    promoted: list[Application] = []
    if free <= 0:
        return promoted
    # The first published on the waiting list whose decision staff have not changed meanwhile; the
    # promotion is the system's decision, pending release like any other (its e-mail held).
    waiting = (
        Application.objects.select_for_update(of=("self",))
        .select_related("applicant__person")
        .filter(call=call, state=ApplicationState.WAITLISTED, pending_decision__in=("", ApplicationState.WAITLISTED))
        .order_by("submitted_at", "pk")[:free]
    )
    for application in waiting:
        application.call = call
        _decide_locked(call=call, application=application, decision=ApplicationState.ACCEPTED, by=None,
                       now=now or timezone.now(), actor=Actor.SYSTEM)
        promoted.append(application)
    return promoted


@transaction.atomic
def call_resolve(*, call: Call, now: datetime | None = None) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    call.resolved_at = now or timezone.now()
    call.save(update_fields=["resolved_at"])
    return call
