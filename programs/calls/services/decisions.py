"""The secretariat's side: review, decide one or many, promote the waiting list, resolve calls."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.models import User

from ..enums import Actor
from ..enums import ApplicationState
from ..models import Application
from ..models import Call
from . import notifications
from .errors import CapReached
from .errors import IllegalTransition
from .transitions import application_transition
from .transitions import transition_allowed

DECISIONS = (ApplicationState.ACCEPTED, ApplicationState.WAITLISTED, ApplicationState.REJECTED)


def _accepted_count(call: Call) -> int:
    return call.applications.filter(state=ApplicationState.ACCEPTED).count()


def _decide_locked(*, call: Call, application: Application, decision: str, by: User, now: datetime) -> None:
    if decision not in DECISIONS:
        raise IllegalTransition()
    if decision == ApplicationState.ACCEPTED and call.places and _accepted_count(call) >= call.places:
        raise CapReached(_("All %(count)s places of this call are taken; put the application on the waiting list.")
                         % {"count": call.places})
    application_transition(application=application, to=decision, actor=Actor.STAFF, by=by, now=now)
    # Decision e-mails wait in the outbox until the secretariat reads and sends them.
    notifications.decision_held(application=application)


def application_decide(*, application: Application, decision: str, by: User, now: datetime | None = None) -> Application:
    now = now or timezone.now()
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=application.call_id)
        application = Application.objects.select_for_update().get(pk=application.pk)
        _decide_locked(call=call, application=application, decision=decision, by=by, now=now)
    return application


@dataclass
class BulkResult:
    decided: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (reference, reason)


def applications_decide(*, applications, decision: str, by: User, now: datetime | None = None) -> BulkResult:
    """Decide many at once. Each application is decided or skipped with a reason; nothing is sent."""
    now = now or timezone.now()
    result = BulkResult()
    ids = [a.pk for a in applications]
    with transaction.atomic():
        call_ids = sorted(set(Application.objects.filter(pk__in=ids).values_list("call_id", flat=True)))
        calls = {c.pk: c for c in Call.objects.select_for_update().filter(pk__in=call_ids).order_by("pk")}
        # Lock only the application rows; the applicant (and person, for the e-mail's language) come
        # in the same query and the call is the locked one, so deciding makes no per-row reads.
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("applicant__person")
            .filter(pk__in=ids)
            .order_by("submitted_at", "pk")
        )
        for application in locked:
            application.call = calls[application.call_id]
            if not transition_allowed(source=application.state, target=decision, actor=Actor.STAFF):
                result.skipped.append((application.reference, str(IllegalTransition.default_message)))
                continue
            try:
                with transaction.atomic():
                    _decide_locked(call=calls[application.call_id], application=application, decision=decision,
                                   by=by, now=now)
            except CapReached as error:
                result.skipped.append((application.reference, str(error.message)))
            else:
                result.decided.append(application.reference)
    return result


@transaction.atomic
def review_start(*, application: Application, by: User | None = None) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.state == ApplicationState.SUBMITTED:
        application_transition(application=application, to=ApplicationState.UNDER_REVIEW,
                               actor=Actor.STAFF if by else Actor.SYSTEM, by=by)
    return application


def waitlist_promote(*, call: Call, now: datetime | None = None) -> list[Application]:
    """Fill free places from the waiting list, first come first served (caller holds a transaction)."""
    if not call.places:
        return []
    call = Call.objects.select_for_update().get(pk=call.pk)
    free = call.places - _accepted_count(call)
    promoted: list[Application] = []
    if free <= 0:
        return promoted
    waiting = (
        Application.objects.select_for_update()
        .filter(call=call, state=ApplicationState.WAITLISTED)
        .order_by("submitted_at", "pk")[:free]
    )
    for application in waiting:
        application_transition(application=application, to=ApplicationState.ACCEPTED, actor=Actor.SYSTEM,
                               comment=_("A place became free."), now=now)
        notifications.decision_held(application=application)
        promoted.append(application)
    return promoted


@transaction.atomic
def call_resolve(*, call: Call, now: datetime | None = None) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    call.resolved_at = now or timezone.now()
    call.save(update_fields=["resolved_at"])
    return call
