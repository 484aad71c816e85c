"""Reminders before a deadline: each goes out once per recipient, call, offset and deadline.

The unique ReminderSent row is written in the same transaction as the outbox message, so a sweep
that runs twice, runs late, or runs in two workers at once still sends each reminder exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError
from django.db import transaction
from django.db.models import Exists
from django.db.models import OuterRef
from django.urls import reverse
from django.utils import timezone

from network.enums import MemberStatus
from network.ics import CalendarEntry
from network.ics import calendar_bytes
from network.mail import Attachment
from network.mail import mail_prepare
from network.mail import mail_send_many
from network.mail import recipient_language
from network.models import Member
from network.models import User
from network.selectors import focal_points_of
from network.timezones import in_zone

from ..enums import ApplicationState
from ..enums import Eligibility
from ..models import Application
from ..models import Call
from ..models import ReminderSent


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    name: str
    application: Application | None  # their draft, or None for a focal point whose city has not applied


def due_offset(call: Call, now: datetime) -> int | None:
    """The nearest reminder offset that has come due and whose deadline has not passed."""
    if call.closes_at is None or now >= call.closes_at:
        return None
    due = [days for days in call.reminder_offsets if call.closes_at - timedelta(days=days) <= now]
    return min(due) if due else None


def open_calls_with_deadline(now: datetime):
    return Call.objects.filter(published=True, resolved_at__isnull=True, opens_at__lte=now, closes_at__gt=now)


def recipients_for(call: Call) -> list[Recipient]:
    drafts = (
        Application.objects.filter(call=call, state=ApplicationState.DRAFT)
        .select_related("applicant__person", "person")
        .order_by("pk")
    )
    recipients = [
        Recipient(email=a.applicant.email, language=recipient_language(a.person or a.applicant),
                  name=str(a.applicant), application=a)
        for a in drafts
    ]
    statuses = [MemberStatus.ACTIVE] if call.eligibility == Eligibility.ACTIVE_MEMBERS else [
        MemberStatus.ACTIVE, MemberStatus.IN_ARREARS]
    members = Member.objects.filter(status__in=statuses).exclude(
        Exists(Application.objects.filter(call=call, member=OuterRef("pk")).exclude(state=ApplicationState.WITHDRAWN))
    )
    if call.population_min:
        members = members.filter(population__gte=call.population_min)
    focal_points = focal_points_of(members).exclude(email="").order_by("pk")
    seen = {r.email.lower() for r in recipients}
    for person in focal_points:
        if person.email.lower() not in seen:
            seen.add(person.email.lower())
            recipients.append(Recipient(email=person.email, language=recipient_language(person), name=person.full_name,
                                        application=None))
    return recipients


def deadline_ics(call: Call) -> bytes:
    deadline = in_zone(call.closes_at, call.tz)
    return calendar_bytes([CalendarEntry(
        uid=f"call-{call.pk}-deadline@{settings.SITE_URL.split('//')[-1]}",
        title=call.title,
        starts_at=deadline - timedelta(hours=1),
        ends_at=deadline,
        url=settings.SITE_URL + call.get_absolute_url(),
        alarm_before=timedelta(days=1),
    )])


def reminders_sweep(*, now: datetime | None = None) -> int:
    """Send the reminders that have come due. Returns how many were sent by this run."""
    now = now or timezone.now()
    sent = 0
    for call in open_calls_with_deadline(now):
        offset = due_offset(call, now)
        if offset is None:
            continue
        recipients = recipients_for(call)
        if recipients:
            sent += _send_reminders(call=call, offset=offset, recipients=recipients, now=now)
    return sent


def _send_reminders(*, call: Call, offset: int, recipients: list[Recipient], now: datetime) -> int:
    """One call's reminders in one transaction (one commit, two bulk inserts instead of a transaction
    per recipient: the sweep of a large network took minutes). The call's row is locked, so a sweep
    running at the same time waits here and then finds them recorded; the unique ReminderSent rows
    stay the last guard."""
    try:
        with transaction.atomic():
            list(Call.objects.select_for_update().filter(pk=call.pk).values_list("pk", flat=True))
            already = set(ReminderSent.objects.filter(call=call, offset_days=offset, deadline=call.closes_at)
                          .values_list("recipient", flat=True))
            todo: list[Recipient] = []
            for recipient in recipients:
                if recipient.email.lower() not in already:
                    already.add(recipient.email.lower())
                    todo.append(recipient)
            if not todo:
                return 0
            ics = Attachment("deadline.ics", deadline_ics(call), "text/calendar")
            zones = dict(User.objects.filter(email__in=[r.email.lower() for r in todo]).exclude(time_zone="")
                         .values_list("email", "time_zone"))  # each reader's own time beside the deadline
            ReminderSent.objects.bulk_create([
                ReminderSent(call=call, recipient=r.email.lower(), offset_days=offset, deadline=call.closes_at,
                             sent_at=now) for r in todo
            ])
            mail_send_many([
                mail_prepare(
                    to=recipient.email,
                    template="programs/mail/reminder",
                    language=recipient_language(recipient),
                    context={"call": call, "recipient": recipient, "days": offset,
                             "url": settings.SITE_URL + (
                                 reverse("programs:application_edit",
                                         kwargs={"reference": recipient.application.reference})
                                 if recipient.application else call.get_absolute_url())},
                    attachments=[ics],
                    topic="reminder",
                    reference=recipient.application.reference if recipient.application else call.slug,
                    time_zone=zones.get(recipient.email.lower(), ""),
                )
                for recipient in todo
            ])
    except IntegrityError:
        return 0  # another sweep (without row locks, e.g. on SQLite) recorded them first
    return len(todo)
