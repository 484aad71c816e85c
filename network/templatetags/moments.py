"""`{{ moment|zoned:zone }}`: a moment as a date and time in a named zone, with the zone named
("13 de diciembre de 2026 a las 23:59 (America/Mexico_City)"), for sentences that carry one moment
(receipts, mails). Lists and pages with the visitor's own time beside it use includes/moment.html."""

from django import template
from django.utils.formats import date_format

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
