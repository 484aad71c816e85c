"""The one way an application changes state: the application workflow of the one state engine
(network.workflow), checked against its table and logged with who, as whom and when."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from network.enums import VoidReason
from network.mail import held_void
from network.models import User

from ..enums import APPLICATION_WORKFLOW
from ..enums import DECIDED_STATES
from ..enums import ApplicationState
from ..models import Application

DECISION_TOPIC = "decision"  # the outbox topic of decision e-mails


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
    release: bool = False,
) -> Application:
    """Move `application` (locked by the caller) to `to`, or raise IllegalTransition.

    Callers hold the row lock (`select_for_update`) inside a transaction, so the state read here
    is the state written over. `actor` is who really moved it (the applicant, the city's focal
    point, the secretariat or the system), and `by` the person, when a person did.

    A decision pending release ends with any move: `release` is the move that publishes it (its
    e-mail is then sent by the caller); any other move (a withdrawal, an enrolment that moved on)
    makes it untrue, so it is dropped and its held e-mail voided with the reason.
    """
    now = now or timezone.now()
    extra = []
    if to in (ApplicationState.SUBMITTED, ApplicationState.AWAITING_ENDORSEMENT) and application.submitted_at is None:
        application.submitted_at = now
        extra.append("submitted_at")
    if to in DECIDED_STATES:
        application.decided_at = now
        extra.append("decided_at")
    if application.pending_decision:
        if not release:
            held_void(topic=DECISION_TOPIC, references=[application.reference],
                      reason=VoidReason.WITHDRAWN if to == ApplicationState.WITHDRAWN else VoidReason.OVERTAKEN)
        application.pending_decision, application.pending_decided_by, application.pending_decided_at = "", None, None
        extra += ["pending_decision", "pending_decided_by", "pending_decided_at"]
    return APPLICATION_WORKFLOW.move(obj=application, to=to, actor=actor, by=by, comment=comment, now=now,
                                     extra_fields=extra)
