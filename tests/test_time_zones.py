"""Every moment is shown in the zone its label names (network.timezones.in_zone).

A call in America/Mexico_City closing on 12 December 2026 at 23:59 there, on a server in
Europe/Madrid, looked at by a person whose active zone is America/Sao_Paulo: every place says
23:59 next to "America/Mexico_City", in es, pt-BR and en (it used to say 06:59 of the 13th)."""

from __future__ import annotations

import ast
import re
import zoneinfo
from datetime import datetime
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.template import Context
from django.template import Template
from django.utils import timezone
from django.utils import translation

from network.timezones import ZonedDateTime
from network.timezones import in_zone
from network.upcoming import UpcomingItem

ROOT = Path(__file__).resolve().parent.parent
MEXICO = "America/Mexico_City"
CLOSES = datetime(2026, 12, 12, 23, 59, tzinfo=zoneinfo.ZoneInfo(MEXICO))  # 06:59 of the 13th in Madrid
LANGUAGES = ["es", "pt-br", "en"]


@pytest.fixture(autouse=True)
def madrid_server_sao_paulo_visitor(settings):
    settings.TIME_ZONE = "Europe/Madrid"
    with timezone.override("America/Sao_Paulo"):
        yield


def _shows_mexico_time(text: str) -> None:
    """23:59 (11:59 p.m. in English) of the 12th: not Madrid's 06:59, nor Sao Paulo's 02:59, of the 13th."""
    assert "23:59" in text or "11:59 p.m." in text, text
    assert not re.search(r"\b0?6:59|\b0?2:59|\b13\b", text), text


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_zoned_moment_keeps_its_zone_through_the_template_filters(language):
    moment = in_zone(CLOSES.astimezone(zoneinfo.ZoneInfo("UTC")), MEXICO)
    assert isinstance(moment, ZonedDateTime) and moment.utcoffset() == CLOSES.utcoffset()
    with translation.override(language):
        for template in ('{{ value|date:"DATETIME_FORMAT" }}', '{{ value|time:"H:i" }}', "{{ value }}",
                         '{{ value|date:"SHORT_DATETIME_FORMAT" }}'):
            from django.template import Context
            from django.template import Template

            _shows_mexico_time(Template(template).render(Context({"value": moment})).replace(" 2026", ""))


def test_a_local_time_in_a_spring_forward_gap_is_the_instant_it_names():
    madrid = zoneinfo.ZoneInfo("Europe/Madrid")
    in_gap = datetime(2026, 3, 29, 2, 30, tzinfo=madrid)  # clocks jump from 02:00 to 03:00
    assert in_zone(in_gap, madrid).hour == 3


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_call_deadline_in_mails_pdf_form_and_lists(language):
    from tests.programs.factories import CallFactory

    call = CallFactory(time_zone=MEXICO, closes_at=CLOSES, title="Convocatoria de México")
    with translation.override(language):
        for template in ("programs/mail/reminder.txt", "programs/mail/reminder.html",
                         "programs/mail/deadline_changed.txt", "programs/mail/deadline_changed.html"):
            text = render_to_string(template, {"call": call})
            assert MEXICO in text, template
            _shows_mexico_time(text)
        item = UpcomingItem(when=CLOSES, title=call.title, kind="Deadline", url="/", zone=call.time_zone)
        text = render_to_string("includes/upcoming_when.html", {"item": item})
        assert MEXICO in text and "12 " in text
        _shows_mexico_time(text.split('data-local-time')[0])


@pytest.mark.django_db
def test_upcoming_deadlines_carry_the_calls_zone():
    from programs.calls.selectors import upcoming_deadlines
    from tests.programs.factories import CallFactory

    CallFactory(time_zone=MEXICO, closes_at=timezone.now() + timezone.timedelta(days=3))
    (item,) = upcoming_deadlines(limit=5)
    assert item.zone == MEXICO


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_board_minutes_webinars_and_event_sessions_show_their_own_zone(language):
    from events.enums import Body
    from events.selectors import session_minutes
    from events.services.governance import board_session_create
    from programs.knowledge.models import Webinar

    held = datetime(2025, 5, 22, 17, 0, tzinfo=zoneinfo.ZoneInfo(MEXICO))  # 01:00 of the 23rd in Madrid
    board = board_session_create(body=Body.BOARD, number=7, held_at=held, time_zone=MEXICO, place="Instituto",
                                 agenda=["Informe"])
    with translation.override(language):
        minutes = render_to_string("events/pdf/minutes.html", session_minutes(board))
        header = minutes.split("<header>")[1].split("</header>")[0]
        assert MEXICO in header and ("17:00" in header or "5 p.m." in header), header
        assert not re.search(r"\b0?1:00|1 a\.m\.|\b23\b", header), header  # not Madrid's 01:00 of the 23rd
        webinar = Webinar(starts_at=CLOSES, time_zone=MEXICO)
        text = Template("{% load moments %}{% moment when zone %}").render(
            Context({"when": webinar.starts_at, "zone": webinar.time_zone}))
        assert "23:59" in text and MEXICO in text

    assert Template('{{ w.local_starts_at|date:"j n Y H:i" }}').render(Context({"w": webinar})) == "12 12 2026 23:59"


# --- The check: no other way into a zone -----------------------------------------------------------------
SOURCE_DIRS = ("network", "programs", "campus", "events", "config")
CONVERSION = re.compile(r"\.astimezone\(|localtime\([^()]*(\([^()]*\))?[^()]*,")


def test_no_code_converts_a_moment_to_a_named_zone_except_through_in_zone():
    """A datetime converted with astimezone/localtime(value, zone) and shown with a template filter
    is converted back to the visitor's zone; in_zone's values are not. So only in_zone converts."""
    offenders = []
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts or path == ROOT / "network" / "timezones.py":
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if CONVERSION.search(line.split("#")[0]):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_no_template_formats_a_value_converted_elsewhere():
    """Templates show a moment in a zone with `{% moment %}` (network.templatetags.moments) or Django's `timezone` filter, or a
    value from in_zone (a model's *_local / local_* property); never a value they converted."""
    bad = re.compile(r"\|\s*localtime\s*\|\s*(date|time)|(_local|local_\w+)\s*\|\s*(date|time)")
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "templates").rglob("*") if p.is_file()
                 and p.suffix in (".html", ".txt", ".ics") and bad.search(p.read_text())]
    assert offenders == []
    ast.parse((ROOT / "network" / "timezones.py").read_text())


def test_the_moment_tag_names_the_zone_and_gives_the_readers_own_time():
    """`{% moment %}` (every list and page that shows a moment beside the reader's time): the moment in
    its zone, named; for a visitor with no chosen zone a placeholder the browser fills; for a person
    who chose another zone, their time written by the server; for one in the same zone, nothing more."""
    from types import SimpleNamespace

    template = Template("{% load moments %}{% moment when zone %}")
    when = datetime(2026, 12, 13, 23, 59, tzinfo=zoneinfo.ZoneInfo(MEXICO))
    with translation.override("es"):
        anonymous = template.render(Context({"when": when, "zone": MEXICO, "user": SimpleNamespace()}))
        assert '<time datetime="2026-12-14T05:59:00+00:00">13 Dic 2026, 23:59 <span class="call-zone">' \
               "(America/Mexico_City)</span></time>" in anonymous
        assert 'data-local-time="2026-12-14T05:59:00+00:00"' in anonymous and 'data-label="su hora"' in anonymous
        in_bogota = template.render(Context({"when": when, "zone": MEXICO,
                                             "user": SimpleNamespace(time_zone="America/Bogota")}))
        assert "su hora: 14 Dic 2026, 00:59" in in_bogota and "data-local-time" not in in_bogota
        at_home = template.render(Context({"when": when, "zone": MEXICO, "user": SimpleNamespace(time_zone=MEXICO)}))
        assert "local-time" not in at_home and "23:59" in at_home
        assert template.render(Context({"when": None, "zone": MEXICO})) == ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_moment_reads_as_djangos_date_filter_writes_it_in_every_month(language):
    """`{% moment %}` writes its date in Python (it runs for every row of a list): the same text as
    Django's `date` filter with MOMENT_SHOWN, month by month, early hours with their leading zero."""
    from django.utils import dateformat

    from network.templatetags.moments import MOMENT_SHOWN
    from network.templatetags.moments import moment_shown

    with translation.override(language):
        for month in range(1, 13):
            local = in_zone(datetime(2027, month, 3, 12, 7, tzinfo=zoneinfo.ZoneInfo("UTC")), "America/Mexico_City")
            assert moment_shown(local) == dateformat.format(local, MOMENT_SHOWN)
