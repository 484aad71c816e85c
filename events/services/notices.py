"""The e-mails of the events app; every message about an event carries its `.ics`."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from network.ics import CalendarEntry
from network.ics import calendar_bytes
from network.mail import Attachment
from network.mail import mail_send

from ..models import Event
from ..models import Registration


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def event_entry(event: Event) -> CalendarEntry:
    return CalendarEntry(
        uid=f"event-{event.pk}@{settings.SITE_URL.split('://')[-1]}",
        title=event.title,
        starts_at=event.local_starts_at,
        ends_at=event.local_ends_at,
        url=absolute(event.get_absolute_url()),
        description=event.summary or event.motto,
        location=event.location,
    )


def event_attachment(event: Event) -> Attachment:
    return Attachment(f"{event.slug}.ics", calendar_bytes([event_entry(event)], name=event.title), "text/calendar")


def registration_notice(registration: Registration, *, template: str) -> None:
    person = registration.person
    if not person.email:
        return
    mail_send(
        to=person.email,
        template=f"events/mail/{template}",
        context={"registration": registration, "event": registration.event, "person": person,
                 "url": absolute(reverse("events:registration", kwargs={"pk": registration.pk}))},
        language=person.language,
        attachments=[event_attachment(registration.event)],
        topic="event-registration",
        reference=f"registration-{registration.pk}",
    )
