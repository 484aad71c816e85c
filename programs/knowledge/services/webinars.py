"""Webinars: public registration with a capacity, confirmation with an .ics, the reminder the day
before (sent once), unsubscribing, staff moves, and accepted proposals becoming drafts."""

from __future__ import annotations

import zoneinfo
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from network.ics import CalendarEntry
from network.ics import calendar_bytes
from network.mail import Attachment
from network.mail import mail_send
from network.mail import mail_send_once
from network.models import User
from network.timezones import in_zone
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.models import Application

from ..enums import WEBINAR_WORKFLOW
from ..enums import KnowledgeActor
from ..enums import WebinarState
from ..models import Webinar
from ..models import WebinarRegistration
from .errors import AlreadyRegistered
from .errors import NotAWebinarProposal
from .errors import RegistrationClosed
from .errors import WebinarFull
from .slugs import unique_slug

REMINDER_BEFORE = timedelta(days=1)
DEFAULT_HOUR = time(16, 0)  # Madrid afternoon: morning in the Americas


def _host() -> str:
    return settings.SITE_URL.split("//")[-1]


def webinar_calendar_entry(webinar: Webinar, *, with_link: bool = False) -> CalendarEntry:
    url = settings.SITE_URL + webinar.get_absolute_url()
    return CalendarEntry(
        uid=f"webinar-{webinar.pk}@{_host()}",
        title=webinar.title,
        starts_at=webinar.local_starts_at,
        ends_at=in_zone(webinar.ends_at, webinar.tz),
        url=url,
        description=webinar.summary,
        location=webinar.online_url if with_link else url,
        alarm_before=timedelta(minutes=30),
    )


def webinar_ics(webinar: Webinar) -> bytes:
    return calendar_bytes([webinar_calendar_entry(webinar, with_link=True)], name=webinar.title)


def _mail_context(registration: WebinarRegistration) -> dict:
    webinar = registration.webinar
    return {
        "webinar": webinar,
        "registration": registration,
        "starts_local": webinar.local_starts_at,
        "url": settings.SITE_URL + webinar.get_absolute_url(),
        "unsubscribe_url": settings.SITE_URL + reverse("programs:webinar_unsubscribe",
                                                       kwargs={"token": registration.token}),
    }


def _attachment(webinar: Webinar) -> Attachment:
    return Attachment(f"{webinar.slug}.ics", webinar_ics(webinar), "text/calendar")


def registration_open(webinar: Webinar, now: datetime) -> bool:
    return webinar.state == WebinarState.SCHEDULED and webinar.starts_at > now


def places_taken(webinar: Webinar) -> int:
    return webinar.registrations.filter(cancelled_at__isnull=True).count()


@transaction.atomic
def webinar_register(
    *,
    webinar: Webinar,
    name: str,
    email: str,
    institution: str,
    country: str,
    language: str = "es",
    now: datetime | None = None,
) -> WebinarRegistration:
    """Take one place (the webinar row is locked, so the capacity holds under concurrent requests)
    and send the confirmation with the calendar file and the unsubscribe link."""
    now = now or timezone.now()
    webinar = Webinar.objects.select_for_update().get(pk=webinar.pk)
    if not registration_open(webinar, now):
        raise RegistrationClosed()
    email = email.strip()
    existing = WebinarRegistration.objects.filter(webinar=webinar, email__iexact=email).first()
    if existing is not None and existing.is_active:
        raise AlreadyRegistered()
    if webinar.capacity is not None and places_taken(webinar) >= webinar.capacity:
        raise WebinarFull()
    values = {"name": name.strip(), "institution": institution.strip(), "country": country, "language": language}
    if existing is not None:  # came back after unsubscribing: the same row, a new place
        for field, value in values.items():
            setattr(existing, field, value)
        existing.cancelled_at = None
        existing.registered_at = now
        existing.save()
        registration = existing
    else:
        try:
            with transaction.atomic():
                registration = WebinarRegistration.objects.create(webinar=webinar, email=email, registered_at=now,
                                                                  **values)
        except IntegrityError as exc:
            raise AlreadyRegistered() from exc
    mail_send(to=registration.email, template="programs/mail/knowledge/webinar_confirmation",
              context=_mail_context(registration), language=language, attachments=[_attachment(webinar)],
              topic="webinar", reference=webinar.slug)
    return registration


@transaction.atomic
def webinar_unsubscribe(*, token: str, now: datetime | None = None) -> WebinarRegistration | None:
    """Free the place; unknown tokens return None, a second click changes nothing."""
    registration = WebinarRegistration.objects.select_for_update(of=("self",)).select_related("webinar").filter(token=token).first()
    if registration is None:
        return None
    if registration.cancelled_at is None:
        registration.cancelled_at = now or timezone.now()
        registration.save(update_fields=["cancelled_at"])
    return registration


def webinar_reminders_sweep(*, now: datetime | None = None) -> int:
    """The reminder the day before, with the link: once per registration, however often this runs."""
    now = now or timezone.now()
    sent = 0
    webinars = Webinar.objects.filter(state=WebinarState.SCHEDULED, starts_at__gt=now,
                                      starts_at__lte=now + REMINDER_BEFORE)
    for webinar in webinars:
        registrations = webinar.registrations.filter(cancelled_at__isnull=True).order_by("pk")
        for registration in registrations:
            registration.webinar = webinar
            message = mail_send_once(
                key=f"webinar-reminder:{webinar.pk}:{webinar.starts_at:%Y%m%d%H%M}:{registration.pk}",
                to=registration.email, template="programs/mail/knowledge/webinar_reminder",
                context=_mail_context(registration), language=registration.language,
                attachments=[_attachment(webinar)], topic="webinar-reminder", reference=webinar.slug,
            )
            sent += message is not None
    return sent


@transaction.atomic
def webinar_move(*, webinar: Webinar, to: str, by: User | None, actor: str = KnowledgeActor.STAFF,
                 comment: str = "", now: datetime | None = None) -> Webinar:
    webinar = Webinar.objects.select_for_update().get(pk=webinar.pk)
    return WEBINAR_WORKFLOW.move(obj=webinar, to=to, actor=actor, by=by, comment=comment, now=now)


@transaction.atomic
def webinar_record_outcome(*, webinar: Webinar, by: User | None, recording_url: str = "",
                           attendance_count: int | None = None, now: datetime | None = None) -> Webinar:
    """After the event: the recording and how many attended; a scheduled webinar becomes held."""
    webinar = Webinar.objects.select_for_update().get(pk=webinar.pk)
    webinar.recording_url = recording_url or webinar.recording_url
    if attendance_count is not None:
        webinar.attendance_count = attendance_count
    webinar.save(update_fields=["recording_url", "attendance_count", "updated_at"])
    if webinar.state == WebinarState.SCHEDULED:
        WEBINAR_WORKFLOW.move(obj=webinar, to=WebinarState.HELD, actor=KnowledgeActor.STAFF, by=by, now=now)
    return webinar


def _proposed_start(application: Application, now: datetime) -> datetime:
    """The first Thursday of the preferred month (or of next month), at 16:00 in Madrid."""
    preferred = application.data.get("preferred_month")
    try:
        day = date.fromisoformat(preferred) if preferred else None
    except (TypeError, ValueError):
        day = None
    if day is None or day < now.date():
        nxt = (now.date().replace(day=1) + timedelta(days=32)).replace(day=1)
        day = nxt
    first = day.replace(day=1)
    thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    return datetime.combine(thursday, DEFAULT_HOUR, tzinfo=zoneinfo.ZoneInfo("Europe/Madrid"))


@transaction.atomic
def webinar_from_proposal(*, application: Application, by: User | None = None,
                          now: datetime | None = None) -> tuple[Webinar, bool]:
    """An accepted webinar proposal becomes a webinar draft; running it again returns the same draft."""
    now = now or timezone.now()
    application = Application.objects.select_for_update(of=("self",)).select_related("call", "member").get(
        pk=application.pk)
    if application.call.kind != CallKind.WEBINAR_PROPOSAL or application.state != ApplicationState.ACCEPTED:
        raise NotAWebinarProposal()
    existing = Webinar.objects.filter(proposal=application).first()
    if existing is not None:
        return existing, False
    data = application.data or {}
    title = data.get("title") or application.title or application.call.title
    summary = "\n\n".join(p for p in [data.get("summary", ""), data.get("practice_summary", "")] if p)
    webinar = Webinar.objects.create(
        title=title[:200], slug=unique_slug(Webinar, title), summary=summary,
        starts_at=_proposed_start(application, now), presenting_member=application.member,
        speakers=data.get("speakers", ""), proposal=application, state=WebinarState.DRAFT, created_at=now,
    )
    webinar.themes.set(application.call.themes.all())
    return webinar, True


__all__ = ["webinar_register", "webinar_unsubscribe", "webinar_reminders_sweep", "webinar_move",
           "webinar_record_outcome", "webinar_from_proposal", "webinar_ics", "places_taken"]
