"""The one way an application changes state: the application workflow of the one state engine
(network.workflow), checked against its table and logged with who, as whom and when."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from network.models import User

from ..enums import APPLICATION_WORKFLOW
from ..enums import DECIDED_STATES
from ..enums import ApplicationState
from ..models import Application


def transition_allowed(*, source: str, target: str, actor: str) -> bool:
    return APPLICATION_WORKFLOW.allowed(source=source, target=target, actor=actor)


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
    is the state written over. `actor` is who really moved it (the applicant, the city's focal
    point, the secretariat or the system), and `by` the person, when a person did.
    """
    now = now or timezone.now()
    extra = []
    if to in (ApplicationState.SUBMITTED, ApplicationState.AWAITING_ENDORSEMENT) and application.submitted_at is None:
        application.submitted_at = now
        extra.append("submitted_at")
    if to in DECIDED_STATES:
        application.decided_at = now
        extra.append("decided_at")
    return APPLICATION_WORKFLOW.move(obj=application, to=to, actor=actor, by=by, comment=comment, now=now,
                                     extra_fields=extra)
