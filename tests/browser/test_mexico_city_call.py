"""A call in Mexico City, a server in Madrid, people in São Paulo: every screen says the call's time.

The demo's congress call closes at 23:59 in America/Mexico_City. In es, pt-BR and en, a technician
of Quito (browser in America/Sao_Paulo) sees that time on the application form, the receipt and its
PDF; the reminder e-mail and the held decision e-mail say it on the secretariat's outbox page; board
minutes of a session held in Mexico City at 17:00 say 17:00; and the focal point of Medellín finds the
application waiting for their endorsement at the top of the city page. Each screen is kept as a
screenshot in tests/artifacts/ (PDF pages through pdftoppm) for a person to look at."""

from __future__ import annotations

import re
import shutil
import subprocess
import zoneinfo
from datetime import datetime
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from events.enums import Body
from events.services.governance import board_session_create
from network.models import OutboxMessage
from network.models import User
from programs.calls.models import Application
from programs.calls.models import Call
from programs.calls.services import applications as application_services
from programs.calls.services.decisions import application_decide
from programs.calls.services.reminders import reminders_sweep
from tests.browser.accounts import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEXICO = "America/Mexico_City"
VISITOR_ZONE = "America/Sao_Paulo"
LANGUAGES = ["es", "pt-br", "en"]
# Madrid is 7 hours ahead of Mexico City in winter and São Paulo 3: the wrong instants to look out for.
WRONG = re.compile(r"\b0?6:59\b|\b0?2:59\b")


def _context(browser, base_url: str, language: str, email: str):
    context = browser.new_context(timezone_id=VISITOR_ZONE, locale={"pt-br": "pt-BR", "en": "en-US"}.get(
        language, "es-ES"), viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "portal_language", "value": language, "url": base_url}])
    page = context.new_page()
    sign_in(page, base_url, email)
    return page


def _pdf_text_and_picture(pdf: bytes, png_stem) -> str:
    source = png_stem.with_suffix(".pdf")
    source.write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(source),
                        str(png_stem)], check=True)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(source), "-"], check=True, capture_output=True,
                              text=True).stdout
        return re.sub(r"/\s+", "/", text)  # a zone name broken over two lines of a table cell
    return ""


def _says_the_deadline(text: str, deadline: datetime) -> None:
    assert "23:59" in text or "11:59 p.m." in text, text
    assert str(deadline.day) in text, text
    assert not WRONG.search(text), text


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_mexico_city_call_says_its_own_time_everywhere(browser, live_server, demo, artifacts, language):
    call = Call.objects.get(slug="congreso-xxvii-experiencias")
    assert call.time_zone == MEXICO
    deadline = call.closes_at.astimezone(zoneinfo.ZoneInfo(MEXICO))
    assert (deadline.hour, deadline.minute) == (23, 59)
    technician = User.objects.get(email="tecnico@demo.redportal.org")
    User.objects.filter(pk=technician.pk).update(language=language)
    technician.refresh_from_db()

    # A draft, and the reminder the day before the deadline (as the sweep sends it).
    draft = application_services.application_start(call=call, user=technician)
    application_services.application_save_draft(application=draft, by=technician, answers={
        "title": "Metro cable y barrios de ladera", "summary": "Transporte por cable para los barrios altos.",
        "themes": ["movilidad-urbana-sostenible"], "started_year": 2018,
        "results": "45 000 viajes diarios y 20 minutos menos por trayecto."})
    assert reminders_sweep(now=call.closes_at - timedelta(hours=20)) > 0
    reminder = OutboxMessage.objects.filter(to__icontains=technician.email, topic="reminder").latest("pk")

    technician_page = _context(browser, live_server.url, language, technician.email)
    technician_page.goto(live_server.url + f"/applications/{draft.reference}/edit/")
    deadline_note = technician_page.locator("main")
    expect(deadline_note).to_contain_text(MEXICO)
    _says_the_deadline(deadline_note.inner_text(), deadline)
    technician_page.screenshot(path=str(artifacts / f"mexico-form-{language}.png"), full_page=True)

    submitted = application_services.application_submit(application=draft, by=technician)
    technician_page.goto(live_server.url + f"/applications/{submitted.reference}/?submitted=1")
    receipt = technician_page.locator(".receipt")
    expect(receipt).to_contain_text(submitted.reference)
    expect(receipt).to_contain_text("Andrés Guerrero")
    expect(receipt).to_contain_text("Quito")
    technician_page.screenshot(path=str(artifacts / f"mexico-receipt-{language}.png"), full_page=True)
    pdf = technician_page.request.get(live_server.url + f"/applications/{submitted.reference}/receipt.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    text = _pdf_text_and_picture(pdf.body(), artifacts / f"mexico-receipt-pdf-{language}")
    if text:
        assert "Andrés Guerrero" in text and "Quito" in text and MEXICO in text, text
        assert "Europe/Madrid" not in text, text  # the time of sending is in the call's zone too
        _says_the_deadline(text, deadline)

    # The secretariat decides another application: the decision e-mail waits in the outbox.
    staff = User.objects.get(email="staff@demo.redportal.org")
    zaragoza = Application.objects.get(call=call, member__slug="zaragoza")
    application_decide(application=zaragoza, decision="accepted", by=staff)
    held = OutboxMessage.objects.filter(related_reference=zaragoza.reference, state="held").latest("pk")

    staff_page = _context(browser, live_server.url, language, staff.email)
    for name, message in (("reminder", reminder), ("outbox", held)):
        staff_page.goto(live_server.url + f"/admin/network/outboxmessage/{message.pk}/change/")
        expect(staff_page.locator("iframe")).to_be_visible()
        preview = staff_page.frame_locator("iframe").locator("body")
        expect(preview).to_contain_text(call.title)
        if name == "reminder":
            _says_the_deadline(preview.inner_text(), deadline)
            expect(preview).to_contain_text(MEXICO)
        staff_page.screenshot(path=str(artifacts / f"mexico-{name}-mail-{language}.png"), full_page=True)

    # Board minutes of a session held in Mexico City at 17:00 (01:00 of the next day in Madrid).
    held_at = datetime(2025, 5, 22, 17, 0, tzinfo=zoneinfo.ZoneInfo(MEXICO))
    session = board_session_create(body=Body.BOARD, number=90, held_at=held_at, time_zone=MEXICO,
                                   place="Ciudad de México", agenda=["Informe de la secretaría"])
    pdf = staff_page.request.get(live_server.url + f"/admin/events/boardsession/{session.pk}/minutes.pdf")
    assert pdf.status == 200
    text = _pdf_text_and_picture(pdf.body(), artifacts / f"mexico-minutes-pdf-{language}")
    if text:
        assert MEXICO in text and ("17:00" in text or "5 p.m." in text), text
        assert not re.search(r"\b0?1:00\b|\b23\b", text.split("Informe")[0]), text

    # Medellín's focal point: the application waiting for the endorsement is at the top of the city page.
    focal_page = _context(browser, live_server.url, language, "focal@demo.redportal.org")
    focal_page.goto(live_server.url + "/portal/")
    attention = focal_page.locator(".card-attention").first
    expect(attention).to_contain_text("Corredores verdes de Medellín")
    expect(attention.locator("a[href*='/portal/endorsements/']").first).to_be_visible()
    focal_page.screenshot(path=str(artifacts / f"mexico-focal-point-{language}.png"), full_page=True)
