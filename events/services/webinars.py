"""Webinars are events: each webinar of the knowledge cycle has its entry in the public calendar and
its iCalendar feeds, written from the webinar whenever it changes (the webinar is the one source;
the calendar never holds a webinar of its own, so the two lists cannot drift apart)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from programs.knowledge.enums import WebinarState
from programs.knowledge.models import Webinar

from ..enums import EventKind
from ..models import Event
from ..models.calendar import WEBINAR_SLUG_PREFIX

# Shown in the calendar: announced and held webinars (drafts and cancelled ones are not).
SHOWN = (WebinarState.SCHEDULED, WebinarState.HELD)


@transaction.atomic
def webinar_event_sync(*, webinar: Webinar) -> Event:
    """Write the webinar's calendar entry (created the first time)."""
    theme = webinar.themes.order_by("pk").first()
    values = {
        "kind": EventKind.WEBINAR,
        "title": webinar.title[:200],
        "slug": (WEBINAR_SLUG_PREFIX + webinar.slug)[:120],
        "summary": " ".join(webinar.summary.split())[:300],
        "description": webinar.summary,
        "theme": theme,
        "host_member": webinar.presenting_member,
        "time_zone": webinar.time_zone,
        "starts_at": webinar.starts_at,
        "ends_at": webinar.starts_at + timedelta(minutes=webinar.duration_minutes),
        "capacity": webinar.capacity,
        "registration_open": False,  # people register on the webinar's own page
        "published": webinar.state in SHOWN,
        "online_url": "",  # sent to registered people only, never public
    }
    event, _created = Event.objects.update_or_create(webinar=webinar, defaults=values)
    return event


def webinar_events_sync_all() -> int:
    """Every webinar's calendar entry (after a data load; idempotent)."""
    count = 0
    for webinar in Webinar.objects.select_related("presenting_member").prefetch_related("themes"):
        webinar_event_sync(webinar=webinar)
        count += 1
    return count
