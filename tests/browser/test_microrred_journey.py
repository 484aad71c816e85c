"""A technician finds their microrred from the city portal, reads the next session in their own time
zone, and confirms their city's attendance."""

import re

import pytest
from playwright.sync_api import expect

from programs.cooperation.models import SessionAttendance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_technician_sees_their_microrred_and_confirms_attendance(page, live_server, demo, artifacts,
                                                                 console_errors):
    page.context.add_cookies([{"name": "portal_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=login]").fill("tecnico@demo.redportal.org")
    page.locator("input[name=password]").fill("demo-portal-2026")
    page.locator("main form button[type=submit]").first.click()

    # The city portal shows the cooperation panel, next sessions first.
    page.goto(live_server.url + "/portal/quito/")
    panel = page.locator(".coop-panel")
    expect(panel.get_by_role("heading", name="Next microrred sessions")).to_be_visible()
    expect(panel).to_contain_text("America/Guayaquil")
    panel.screenshot(path=str(artifacts / "cooperation-panel-en.png"))
    panel.get_by_role("link", name=re.compile(r"Microrred de Acción Climática")).first.click()

    # The microrred page: next session, sessions in Quito's time zone, the other cities and their technicians.
    expect(page.get_by_role("heading", level=1)).to_have_text("Microrred de Acción Climática")
    expect(page.locator(".coop-next")).to_contain_text("America/Guayaquil")
    expect(page.get_by_role("heading", name="Cities and their technicians")).to_be_visible()
    expect(page.locator(".coop-mine")).to_contain_text("Andrés Guerrero Paredes")
    expect(page.locator(".member-card")).to_have_count(7)

    row = page.locator("tr", has=page.get_by_role("button", name=re.compile("Confirm attendance"))).first
    session_id = int(row.get_attribute("id").removeprefix("session-"))
    row.get_by_role("button", name=re.compile("Confirm attendance")).click()
    expect(page.locator(".messages")).to_contain_text("Quito will attend session")
    expect(page.locator(f"#session-{session_id}")).to_contain_text("Will attend")
    assert SessionAttendance.objects.get(session_id=session_id, member__slug="quito").answer == "confirmed"

    # The session's calendar file is there for the technician.
    with page.expect_download() as download:
        page.locator(f"#session-{session_id}").get_by_role("link", name=".ics").click()
    assert download.value.suggested_filename.endswith(".ics")

    page.screenshot(path=str(artifacts / "microrred-journey.png"), full_page=True)
    assert console_errors == []
