"""Staff lists of an event as CSV or XLSX: rooming list, dietary list, all registrations."""

from __future__ import annotations

from django.utils.translation import gettext as _

from network.exports import to_csv  # noqa: F401  (the one export helper, used as exports.to_csv)
from network.exports import to_xlsx  # noqa: F401

from .enums import ACTIVE_REGISTRATION_STATES
from .models import Event
from .selectors import staff_registrations


def _date(value) -> str:
    return value.isoformat() if value else ""


def rooming_rows(event: Event) -> tuple[list[str], list[list]]:
    header = [_("Member"), _("Territorial network"), _("Name"), _("E-mail"), _("Covered place"), _("Arrival"),
              _("Departure"), _("Hotel nights"), _("Accessibility needs")]
    rows = [[r.member.name, r.member.territorial_network.name if r.member.territorial_network else "",
             r.person.full_name, r.person.email, _("yes") if r.covered_slot else _("no"), _date(r.arrival_on),
             _date(r.departure_on), r.hotel_nights, r.accessibility_needs]
            for r in staff_registrations(event).filter(state__in=ACTIVE_REGISTRATION_STATES)
            if r.covered_slot or r.hotel_nights]
    return header, rows


def dietary_rows(event: Event) -> tuple[list[str], list[list]]:
    header = [_("Name"), _("Member"), _("Dietary needs"), _("Accessibility needs")]
    rows = [[r.person.full_name, r.member.name, r.dietary_needs, r.accessibility_needs]
            for r in staff_registrations(event).filter(state__in=ACTIVE_REGISTRATION_STATES)
            .exclude(dietary_needs="", accessibility_needs="")]
    return header, rows


def registration_rows(event: Event) -> tuple[list[str], list[list]]:
    header = [_("Member"), _("Territorial network"), _("Name"), _("E-mail"), _("State"), _("Covered place"),
              _("Arrival"), _("Departure"), _("Hotel nights"), _("Dietary needs"), _("Accessibility needs"),
              _("Checked in at"), _("May be photographed")]
    rows = [[r.member.name, r.member.territorial_network.name if r.member.territorial_network else "",
             r.person.full_name, r.person.email, r.get_state_display(), _("yes") if r.covered_slot else _("no"),
             _date(r.arrival_on), _date(r.departure_on), r.hotel_nights, r.dietary_needs, r.accessibility_needs,
             r.checked_in_at.isoformat() if r.checked_in_at else "",
             _("yes") if r.person.photos_allowed else _("no")] for r in staff_registrations(event)]
    return header, rows


LISTS = {"rooming": rooming_rows, "dietary": dietary_rows, "registrations": registration_rows}
