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
