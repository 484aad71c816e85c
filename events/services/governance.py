"""Board, executive committee and assembly sessions; agreements followed up to completion."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _

from network.mail import mail_send_once
from network.models import Person
from network.models import User

from ..enums import AGREEMENT_WORKFLOW
from ..enums import OPEN_AGREEMENT_STATUSES
from ..enums import Actor
from ..enums import SessionKind
from ..models import AgendaItem
from ..models import Agreement
from ..models import AgreementNote
from ..models import BoardSession

REMINDER_BEFORE = timedelta(days=7)


def secretariat_email() -> str:
    return getattr(settings, "SECRETARIAT_EMAIL", "") or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


@transaction.atomic
def board_session_create(
    *, body: str, number: int, held_at: datetime, kind: str = SessionKind.ORDINARY, place: str = "",
    time_zone: str = "Europe/Madrid", agenda: list[str] = (),
) -> BoardSession:
    """A new session; its agenda opens with the follow-up of every open agreement of earlier sessions."""
    session = BoardSession(body=body, kind=kind, number=number, held_at=held_at, place=place, time_zone=time_zone)
    session.full_clean()
    session.save()
    board_session_prepare(session=session)
    for index, title in enumerate(agenda, start=2):
        AgendaItem.objects.create(session=session, order=index, title=title)
    return session


@transaction.atomic
def board_session_prepare(*, session: BoardSession) -> BoardSession:
    """Open the agenda with the follow-up item and list the open agreements of earlier sessions
    (idempotent: the admin calls it for sessions it creates, and again to refresh the list)."""
    if not session.agenda.filter(is_follow_up=True).exists():
        with translation.override(settings.LANGUAGE_CODE):
            follow_up = _("Follow-up of agreements of earlier sessions")
        AgendaItem.objects.create(session=session, order=1, title=follow_up, is_follow_up=True)
    carried = Agreement.objects.filter(status__in=OPEN_AGREEMENT_STATUSES, session__held_at__lt=session.held_at)
    session.carried_agreements.add(*carried)
    return session


@transaction.atomic
def agreement_add(
    *, session: BoardSession, text: str, responsible: Person | None = None, due_on: date | None = None,
) -> Agreement:
    """The next agreement of the session, coded e.g. JD-XI-1."""
    session = BoardSession.objects.select_for_update().get(pk=session.pk)
    sequence = (session.agreements.aggregate(m=Max("sequence"))["m"] or 0) + 1
    return Agreement.objects.create(session=session, sequence=sequence, code=f"{session.code_prefix}-{sequence}",
                                    text=text.strip(), responsible=responsible, due_on=due_on)


@transaction.atomic
def agreement_follow_up(
    *, agreement: Agreement, text: str, status: str | None = None, by: User | None = None,
    written_on: date | None = None,
) -> AgreementNote:
    """A dated note; a new status moves the agreement through AGREEMENT_WORKFLOW (logged)."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    status = status or agreement.status
    if status != agreement.status:
        AGREEMENT_WORKFLOW.move(obj=agreement, to=status, actor=Actor.STAFF, by=by, comment=text)
    return AgreementNote.objects.create(agreement=agreement, text=text.strip(), status=status, by=by,
                                        written_on=written_on or timezone.localdate())


def agreements_sweep(*, now: datetime) -> int:
    """Reminders to the responsible person a week before the due date; once overdue, one escalation
    to the secretariat. Each goes out exactly once (keyed by agreement and due date)."""
    today = timezone.localdate(now)
    sent = 0
    open_agreements = (Agreement.objects.filter(status__in=OPEN_AGREEMENT_STATUSES, due_on__isnull=False)
                       .select_related("responsible", "session"))
    for agreement in open_agreements.filter(due_on__gte=today, due_on__lte=today + REMINDER_BEFORE):
        person = agreement.responsible
        if person is None or not person.email:
            continue
        message = mail_send_once(
            key=f"agreement-reminder:{agreement.pk}:{agreement.due_on.isoformat()}",
            to=person.email, template="events/mail/agreement_reminder", language=person.language,
            context={"agreement": agreement, "person": person}, topic="agreement-reminder",
            reference=agreement.code,
        )
        sent += message is not None
    for agreement in open_agreements.filter(due_on__lt=today):
        message = mail_send_once(
            key=f"agreement-escalation:{agreement.pk}:{agreement.due_on.isoformat()}",
            to=secretariat_email(), template="events/mail/agreement_escalation", language=settings.LANGUAGE_CODE,
            context={"agreement": agreement, "person": agreement.responsible,
                     "url": settings.SITE_URL + reverse("admin:events_agreement_change", args=[agreement.pk])},
            topic="agreement-escalation", reference=agreement.code,
        )
        sent += message is not None
    return sent
