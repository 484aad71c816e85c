"""Reminders before a deadline: each goes out once per recipient, call, offset and deadline.

The unique ReminderSent row is written in the same transaction as the outbox message, so a sweep
that runs twice, runs late, or runs in two workers at once still sends each reminder exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from network.enums import MemberStatus, RoleKind
from network.ics import CalendarEntry, calendar_bytes
from network.mail import Attachment, mail_send
from network.models import Member, Person

from ..enums import ApplicationState, Eligibility
from ..models import Application, Call, ReminderSent


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
        .select_related("applicant", "person")
        .order_by("pk")
    )
    recipients = [
        Recipient(email=a.applicant.email, language=(a.person.language if a.person else a.applicant.language),
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
    focal_points = (
        Person.objects.filter(roles__kind=RoleKind.FOCAL_POINT, roles__member__in=members)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    seen = {r.email.lower() for r in recipients}
    for person in focal_points:
        if person.email.lower() not in seen:
            seen.add(person.email.lower())
            recipients.append(Recipient(email=person.email, language=person.language, name=person.full_name,
                                        application=None))
    return recipients


def deadline_ics(call: Call) -> bytes:
    deadline = call.closes_at.astimezone(call.tz)
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
        ics = Attachment("deadline.ics", deadline_ics(call), "text/calendar")
        already = set(ReminderSent.objects.filter(call=call, offset_days=offset, deadline=call.closes_at)
                      .values_list("recipient", flat=True))
        for recipient in recipients_for(call):
            if recipient.email.lower() in already:
                continue
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(call=call, recipient=recipient.email.lower(), offset_days=offset,
                                                deadline=call.closes_at, sent_at=now)
                    mail_send(
                        to=recipient.email,
                        template="programs/mail/reminder",
                        language=recipient.language or settings.LANGUAGE_CODE,
                        context={"call": call, "recipient": recipient, "days": offset,
                                 "url": settings.SITE_URL + (
                                     reverse("programs:application_edit",
                                             kwargs={"reference": recipient.application.reference})
                                     if recipient.application else call.get_absolute_url())},
                        attachments=[ics],
                        topic="reminder",
                        reference=recipient.application.reference if recipient.application else call.slug,
                    )
            except IntegrityError:
                continue  # another sweep sent this one first
            sent += 1
    return sent
