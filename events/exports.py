"""Staff lists of an event as CSV or XLSX: rooming list, dietary list, all registrations."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from django.utils.translation import gettext as _

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
              _("Checked in at")]
    rows = [[r.member.name, r.member.territorial_network.name if r.member.territorial_network else "",
             r.person.full_name, r.person.email, r.get_state_display(), _("yes") if r.covered_slot else _("no"),
             _date(r.arrival_on), _date(r.departure_on), r.hotel_nights, r.dietary_needs, r.accessibility_needs,
             r.checked_in_at.isoformat() if r.checked_in_at else ""] for r in staff_registrations(event)]
    return header, rows


LISTS = {"rooming": rooming_rows, "dietary": dietary_rows, "registrations": registration_rows}


def to_csv(header: Sequence[str], rows: Sequence[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: spreadsheets open it as UTF-8


def to_xlsx(header: Sequence[str], rows: Sequence[Sequence], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

