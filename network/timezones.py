"""Time zones, in one place: which names are valid, the choices offered, a zone to use, and the one
way to show a moment in a named zone.

Every moment is stored in UTC; calls, sessions, events and webinars keep the IANA name of the zone
they happen in (e.g. America/Mexico_City).

Showing a moment in its zone: `in_zone(moment, zone)`. Django's template filters (`date`, `time`,
and plain `{{ value }}`) convert an aware datetime back to the active time zone (the visitor's or
the server's) — so a deadline converted to Mexico City with `astimezone` and then shown with `|date`
printed Madrid's time next to the label "America/Mexico_City". A value from `in_zone` is marked the
way Django's own `timezone` template filter marks its result, and the filters leave it in its zone:
pages, forms, PDFs and e-mails then show the instant their label names. No other code converts a
moment to a named zone (tests/test_time_zones.py checks the source).
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@cache
def _known() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_time_zone(name: str) -> bool:
    return isinstance(name, str) and name in _known()


def validate_time_zone(value: str) -> None:
    """Model and form validator: an IANA time zone name."""
    if not is_time_zone(value):
        raise ValidationError(_("%(value)s is not a known time zone (e.g. America/Mexico_City)."),
                              params={"value": value})


def zone_or_default(name: str | None) -> zoneinfo.ZoneInfo:
    """The zone called `name`, or the portal's own (settings.TIME_ZONE) when it is empty or unknown."""
    return zoneinfo.ZoneInfo(name if name and is_time_zone(name) else settings.TIME_ZONE)


def time_zone_choices() -> list[tuple[str, str]]:
    """The zones a person picks from: the named regions (America/Bogota …), not Etc/ aliases."""
    return sorted((z, z) for z in _known() if "/" in z and not z.startswith(("Etc/", "SystemV/")))


class ZonedDateTime(datetime):
    """A datetime in a named zone that Django's template filters show as it is (see the module)."""

    convert_to_local_time = False


def in_zone(moment: datetime | None, zone: str | zoneinfo.ZoneInfo | None) -> ZonedDateTime | None:
    """`moment` (aware) in `zone` (a name or a ZoneInfo; empty: the portal's), shown as it is."""
    if moment is None:
        return None
    tz = zone if isinstance(zone, zoneinfo.ZoneInfo) else zone_or_default(zone)
    # Through UTC: a local time inside a spring-forward gap comes out as the instant it names.
    local = moment.astimezone(zoneinfo.ZoneInfo("UTC")).astimezone(tz)
    return ZonedDateTime(local.year, local.month, local.day, local.hour, local.minute, local.second,
                         local.microsecond, local.tzinfo, fold=local.fold)
