"""The one way an application changes state: checked against the table, logged with who and when."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from network.models import User

from ..enums import DECIDED_STATES, TRANSITIONS_BY_PAIR, ApplicationState
from ..models import Application, ApplicationEvent
from .errors import IllegalTransition


def transition_allowed(*, source: str, target: str, actor: str) -> bool:
    move = TRANSITIONS_BY_PAIR.get((source, target))
    return move is not None and actor in move.actors


def application_transition(
    *,
    application: Application,
    to: str,
    actor: str,
    by: User | None = None,
    comment: str = "",
    now: datetime | None = None,
) -> Application:
    """Move `application` (locked by the caller) to `to`, or raise IllegalTransition.

    Callers hold the row lock (`select_for_update`) inside a transaction, so the state read here
    is the state written over.
    """
    if not transition_allowed(source=application.state, target=to, actor=actor):
        raise IllegalTransition()
    now = now or timezone.now()
    ApplicationEvent.objects.create(
        application=application, source=application.state, target=to, actor=actor, by=by, comment=comment, at=now
    )
    application.state = to
    fields = ["state", "updated_at"]
    if to in (ApplicationState.SUBMITTED, ApplicationState.AWAITING_ENDORSEMENT) and application.submitted_at is None:
        application.submitted_at = now
        fields.append("submitted_at")
    if to in DECIDED_STATES:
        application.decided_at = now
        fields.append("decided_at")
    application.save(update_fields=fields)
    return application
