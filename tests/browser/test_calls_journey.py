"""A visitor answers an open call; the secretariat decides in bulk and sends from the outbox."""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import expect

from network.models import Person
from network.models import Role
from programs.calls.models import Application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CALL_TITLE = "Ciclo de Encuentros Iberoamericanos"


def verification_code(email: str) -> str:
    message = [m for m in mail.outbox if m.to == [email]][-1]
    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4}|[A-Z0-9]{6,8})\s*$", message.body, re.MULTILINE).group(1)


def test_visitor_applies_and_staff_decide(page, browser, live_server, demo, artifacts, console_errors):
    # A technician already in the registry (Tunja) but without a login.
    person = Person.objects.create(first_name="Laura", last_name="Suárez", email="laura.suarez@tunja.gov.co")
    Role.objects.create(person=person, member_id=Role.objects.filter(member__slug="tunja").first().member_id,
                        kind="technician")
    page.context.add_cookies([{"name": "portal_language", "value": "en", "url": live_server.url}])

    page.goto(live_server.url + "/calls/")
    page.get_by_role("link", name=re.compile(CALL_TITLE)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(CALL_TITLE)
    page.get_by_role("link", name="Apply", exact=True).click()

    # Not signed in: sign up with the registered address, verify it with the code, come back.
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.locator("main").get_by_role("link", name=re.compile("sign up", re.I)).click()
    page.locator("input[name=email]").fill(person.email)
    page.locator("input[name=password1]").fill("clave-Tunja-2026")
    page.locator("input[name=password2]").fill("clave-Tunja-2026")
    page.locator("main form button[type=submit]").first.click()
    page.locator("input[name=code]").fill(verification_code(person.email))
    page.locator("main form button[type=submit]").first.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(CALL_TITLE)
    expect(page.locator("main")).to_contain_text("Tunja")
    page.get_by_role("button", name="Start my application").click()

    page.get_by_label("Title").fill("Presupuesto participativo digital")
    page.get_by_label("Summary").fill("Una plataforma para que los barrios decidan parte del presupuesto.")
    page.get_by_label("The good practice you would present").fill("Diez mil vecinos votaron 40 proyectos en 2025.")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved", timeout=10_000)
    page.get_by_label("Speakers (names and positions)").fill("Laura Suárez, técnica de participación")

    # Leave at once (the tab's last words are sent as it goes), come back: nothing typed is lost.
    page.goto(live_server.url + "/")
    # The beacon is fire-and-forget: wait until the server has stored it, as a person coming back would.
    for _ in range(50):
        if Application.objects.filter(data__speakers="Laura Suárez, técnica de participación").exists():
            break
        time.sleep(0.2)
    page.locator("summary", has_text="My portal").click()  # the menu of the person's own pages
    page.get_by_role("link", name="My applications").click()
    page.get_by_role("link", name="Continue").first.click()
    expect(page.get_by_label("Title")).to_have_value("Presupuesto participativo digital")
    expect(page.get_by_label("Speakers (names and positions)")).to_have_value("Laura Suárez, técnica de participación")
    page.screenshot(path=str(artifacts / "calls-draft.png"), full_page=True)
    page.get_by_role("button", name="Submit application").click()

    expect(page.locator(".receipt")).to_contain_text("Application received")
    reference = Application.objects.get(applicant__email=person.email).reference
    expect(page.locator(".receipt")).to_contain_text(reference)
    page.screenshot(path=str(artifacts / "calls-receipt.png"), full_page=True)

    # The secretariat accepts in bulk; the decision is pending (its e-mail held) until released.
    staff = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    staff.add_cookies([{"name": "portal_language", "value": "en", "url": live_server.url}])
    admin = staff.new_page()
    admin.goto(live_server.url + "/accounts/login/")
    admin.locator("input[name=login]").fill("staff@demo.redportal.org")
    admin.locator("input[name=password]").fill("demo-portal-2026")
    admin.locator("main form button[type=submit]").first.click()
    admin.goto(live_server.url + f"/admin/programs/application/?q={reference}")
    admin.locator("input[name=_selected_action]").first.check()
    admin.locator("select[name=action]").select_option("accept")
    admin.locator("button[name=index]").click()
    expect(admin.locator(".messagelist")).to_contain_text("Pending release")
    admin.screenshot(path=str(artifacts / "calls-admin-decided.png"), full_page=True)
    assert [m for m in mail.outbox if m.to == [person.email] and "Decision" in m.subject] == []
    page.goto(live_server.url + f"/applications/{reference}/")
    expect(page.locator(".badge")).not_to_contain_text("Accepted")  # not published yet

    admin.goto(live_server.url + "/admin/network/outboxmessage/?state__exact=held")
    admin.locator("input[name=_selected_action]").first.check()
    admin.locator("select[name=action]").select_option("send_held")
    admin.locator("button[name=index]").click()
    expect(admin.locator(".messagelist")).to_contain_text("published with")
    assert len([m for m in mail.outbox if m.to == [person.email] and reference in m.body]) >= 1

    page.goto(live_server.url + f"/applications/{reference}/")
    expect(page.locator(".badge")).to_contain_text("Accepted")
    page.screenshot(path=str(artifacts / "calls-decision.png"), full_page=True)
    assert console_errors == []
