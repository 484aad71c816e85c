"""Upcoming deadlines and events shown on the home page and the portal.

`network` imports none of the other apps, so they plug in here: each app registers a provider
(in its AppConfig.ready) returning `UpcomingItem`s. The home page shows them once they exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest

from .registry import Registry
from .registry import callable_key


@dataclass(frozen=True)
class UpcomingItem:
    when: datetime
    title: str
    kind: str  # translated label, e.g. "Deadline" or "Event"
    url: str
    zone: str = ""  # the zone `when` happens in (shown with it); empty for a day (a course start)


Provider = Callable[..., list[UpcomingItem]]
UPCOMING_PROVIDERS: Registry[Provider] = Registry("upcoming provider")


def register_upcoming_provider(provider: Provider) -> Provider:
    return UPCOMING_PROVIDERS.register(callable_key(provider), provider)


def upcoming_items(*, request: HttpRequest, member=None, limit: int = 6) -> list[UpcomingItem]:
    items: list[UpcomingItem] = []
    for provider in UPCOMING_PROVIDERS.values():
        items.extend(provider(request=request, member=member, limit=limit))
    return sorted(items, key=lambda item: item.when)[:limit]


# --- Personal calendar feeds --------------------------------------------------------------------
# Each app registers a function returning the CalendarEntry items of one user (their sessions,
# registrations, deadlines). The personal iCalendar feed (events) joins them all.
CalendarProvider = Callable[..., list]
CALENDAR_PROVIDERS: Registry[CalendarProvider] = Registry("calendar provider")


def register_calendar_provider(provider: CalendarProvider) -> CalendarProvider:
    return CALENDAR_PROVIDERS.register(callable_key(provider), provider)


def calendar_entries_for_user(*, user) -> list:
    """Every app's `network.ics.CalendarEntry` items for `user`, by start time."""
    entries = []
    for provider in CALENDAR_PROVIDERS.values():
        entries.extend(provider(user=user))
    return sorted(entries, key=lambda entry: entry.starts_at)


def upcoming_calendar_entries(*, user, limit: int = 20, now: datetime | None = None) -> list:
    """The preview of a person's calendar: what has not ended yet, soonest first (the feed itself
    keeps the past too)."""
    from django.utils import timezone

    now = now or timezone.now()
    return [entry for entry in calendar_entries_for_user(user=user) if entry.ends_at >= now][:limit]
