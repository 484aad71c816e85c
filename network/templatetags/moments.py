"""`{{ moment|zoned:zone }}`: a moment as a date and time in a named zone, with the zone named
("13 de diciembre de 2026 a las 23:59 (America/Mexico_City)"), for sentences that carry one moment
(receipts, mails). Lists and pages with the visitor's own time beside it use `{% moment when zone %}`."""

from django import template
from django.utils.dates import MONTHS_3
from django.utils.formats import date_format
from django.utils.html import format_html

from network.timezones import in_zone

register = template.Library()


@register.filter
def zoned(moment, zone) -> str:
    if not moment:
        return ""
    local = in_zone(moment, zone or None)
    return f"{date_format(local, 'DATETIME_FORMAT')} ({local.tzinfo.key})"


@register.simple_tag(takes_context=True)
def your_time(context, moment, zone) -> str:
    """` (your time: 13 Dec 2026, 16:59, America/Bogota)` when the reader — a mail's recipient
    (`reader_time_zone`, set by network.mail) or the signed-in person — chose a time zone in My
    account → Preferences and it is not `zone`; else nothing."""
    from django.utils.translation import gettext

    reader = context.get("reader_time_zone") or getattr(context.get("user"), "time_zone", "") or ""
    if not moment or not reader or reader == zone:
        return ""
    local = in_zone(moment, reader)
    return " " + gettext("(your time: %(moment)s, %(zone)s)") % {
        "moment": date_format(local, "DATETIME_FORMAT"), "zone": reader}


MOMENT_SHOWN = "j M Y, H:i"  # how a moment reads beside its zone: "13 Dic 2026, 23:59"


def moment_shown(local) -> str:
    """`local` as Django's `date` filter writes MOMENT_SHOWN (the month's translated abbreviation,
    capitalised as its `M` does), without reading the format again for every row of a list."""
    return f"{local.day} {MONTHS_3[local.month].title()} {local.year}, {local.hour:02d}:{local.minute:02d}"


@register.simple_tag(takes_context=True)
def moment(context, when, zone) -> str:
    """The one way a page shows a moment: `when` in its own zone (`zone`, named beside it), and the
    visitor's own time when it differs: the zone they chose in My account → Preferences, or else
    their device's, filled in by static/js/calls.js from the placeholder written here. Lists call
    it for every row, so it is written in Python rather than as an include of a dozen nodes."""
    from django.utils.translation import gettext

    if not when:
        return ""
    local = in_zone(when, zone or None)
    stamp = in_zone(when, "UTC").isoformat()
    shown = format_html(
        '<span class="call-time"><time datetime="{}">{} <span class="call-zone">({})</span></time>\n',
        stamp, moment_shown(local), zone or local.tzinfo.key,
    )
    reader = getattr(context.get("user"), "time_zone", "") or ""
    if not reader:
        mine = format_html('<span class="local-time" data-local-time="{}" data-time-zone="{}" data-label="{}" hidden>'
                           "</span>", stamp, zone, gettext("your time"))
    elif reader != zone:
        mine = format_html('<span class="local-time">{}: {}</span>', gettext("your time"),
                           moment_shown(in_zone(when, reader)))
    else:
        mine = ""
    return format_html("{}{}</span>", shown, mine)
