from django import template
from django.utils import dateformat
from django.utils.html import format_html

from network.timezones import in_zone

from .. import selectors

register = template.Library()


@register.inclusion_tag("events/_network_meetings.html")
def network_meetings(network):
    """The meetings of a territorial network, for its public page (one query)."""
    return {"network": network, "meetings": selectors.network_meetings(network)}


@register.simple_tag
def event_dates(event) -> str:
    """When an event happens, in its own zone, named: "12 may 2026, 09:00–18:00 (America/Bogota)",
    or "12 may – 14 may 2026 (…)" over several days. Cards and lists call it for every row, so it is
    written in Python rather than as an include."""
    start = in_zone(event.starts_at, event.time_zone)
    end = in_zone(event.ends_at, event.time_zone) if event.ends_at else start
    if start.date() != end.date():
        when = f"{dateformat.format(start, 'j M')} – {dateformat.format(end, 'j M Y')}"
    else:
        when = f"{dateformat.format(start, 'j M Y')}, {dateformat.time_format(start, 'H:i')}–" \
               f"{dateformat.time_format(end, 'H:i')}"
    return format_html('{} <span class="muted small">({})</span>', when, event.time_zone or start.tzinfo.key)
