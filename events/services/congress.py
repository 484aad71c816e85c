"""The accepted host candidacy creates the congress, or fills the one staff prepared for it."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from network.models import User
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.models import Application

from ..enums import EventKind
from ..enums import roman
from ..models import Event
from .errors import NotACandidacy
from .registrations import next_edition

CONGRESS_DAYS = 3
COVERED_PLACES = 2


def _first_day(application: Application) -> date:
    raw = (application.data or {}).get("first_day")
    if raw:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    year = (application.call.closes_at or application.call.opens_at).year + 1
    return date(year, 7, 1)


@transaction.atomic
def congress_from_candidacy(*, application: Application, by: User | None = None) -> Event:
    """Idempotent: the same accepted candidacy always yields the same congress.

    If staff already created a congress for the call (Event.host_call) without a host, it is filled;
    otherwise a new congress is created (3 days, two covered places per member, next edition).
    """
    application = Application.objects.select_for_update(of=("self",)).select_related("call", "member").get(pk=application.pk)
    if application.call.kind != CallKind.CONGRESS_HOST or application.state != ApplicationState.ACCEPTED:
        raise NotACandidacy()
    existing = Event.objects.select_for_update().filter(host_application=application).first()
    if existing is not None:
        return existing
    member = application.member
    data = application.data or {}
    event = (Event.objects.select_for_update()
             .filter(kind=EventKind.CONGRESS, host_call=application.call, host_application__isnull=True).first())
    if event is None:
        edition = next_edition(EventKind.CONGRESS)
        tz = application.call.tz
        first_day = _first_day(application)
        title = _("%(edition)s Congress · %(city)s") % {"edition": roman(edition), "city": member.name}
        event = Event(
            kind=EventKind.CONGRESS, edition=edition, title=title,
            slug=slugify(f"congreso-{roman(edition)}-{member.slug}")[:120],
            time_zone=application.call.time_zone,
            starts_at=datetime.combine(first_day, time(9, 0), tz),
            ends_at=datetime.combine(first_day + timedelta(days=CONGRESS_DAYS - 1), time(14, 0), tz),
            covered_places_per_member=COVERED_PLACES, host_call=application.call, published=False,
        )
    event.host_member = member
    event.host_application = application
    event.city = event.city or member.name
    event.venue = event.venue or str(data.get("venue", ""))[:250]
    if not event.capacity and str(data.get("capacity", "")).isdigit():
        event.capacity = int(data["capacity"])
    event.save()
    return event
