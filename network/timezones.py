"""Time zones, in one place: which names are valid, the choices offered, and a zone to use.

Every moment is stored in UTC; calls, sessions, events and webinars keep the IANA name of the zone
they happen in (e.g. America/Mexico_City)."""

from __future__ import annotations

import zoneinfo
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
