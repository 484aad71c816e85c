"""A visitor registers for a webinar (no account) and searches the good-practice bank."""

import re

import pytest
from playwright.sync_api import expect

from network.models import OutboxMessage
from programs.knowledge.models import WebinarRegistration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_registers_for_a_webinar(page, live_server, demo, artifacts, console_errors):
    page.context.add_cookies([{"name": "portal_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/webinars/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Webinars")
    page.screenshot(path=str(artifacts / "knowledge-webinars.png"), full_page=True)
    page.get_by_role("link", name="Vivienda cooperativa por ayuda mutua").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vivienda cooperativa por ayuda mutua")

    # A mistake first: the form keeps what was typed and says what is wrong.
    form = page.locator("#register form")
    form.get_by_label("Full name").fill("Lucía Fernández Ruiz")
    form.get_by_label("E-mail address").fill("lucia.fernandez@")
    form.get_by_label("Institution").fill("Intendencia de Canelones")
    form.get_by_label("Country").select_option("UY")
    form.get_by_role("button", name="Register").click()
    expect(page.locator("#register .errorlist")).to_be_visible()
    expect(page.locator("#register").get_by_label("Institution")).to_have_value("Intendencia de Canelones")

    page.locator("#register").get_by_label("E-mail address").fill("lucia.fernandez@canelones.example.org")
    page.locator("#register").get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are registered")
    page.screenshot(path=str(artifacts / "knowledge-registered.png"), full_page=True)

    registration = WebinarRegistration.objects.get(email="lucia.fernandez@canelones.example.org")
    assert registration.country == "UY" and registration.language == "en"
    message = OutboxMessage.objects.get(topic="webinar", to=[registration.email])
    assert message.attachments[0]["mimetype"] == "text/calendar"

    # The unsubscribe link of the e-mail asks first, then frees the place.
    link = re.search(r"https?://\S+/webinars/unsubscribe/\S+/", message.text).group(0)
    page.goto(live_server.url + "/webinars/unsubscribe/" + link.rstrip("/").rsplit("/", 1)[-1] + "/")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("status")).to_contain_text("no longer registered")
    registration.refresh_from_db()
    assert registration.cancelled_at is not None
    # Only the refused first attempt (400, on purpose) may appear.
    assert [e for e in console_errors if "400" not in e] == []


def test_visitor_searches_the_good_practice_bank(page, live_server, demo, artifacts, console_errors):
    page.context.add_cookies([{"name": "portal_language", "value": "es", "url": live_server.url}])
    page.goto(live_server.url + "/practices/")
    results = page.locator("#practice-results")
    expect(results.locator(".practice-card")).to_have_count(12)

    # Typing searches as you go (htmx), with or without accents.
    page.locator("#id_q").fill("movilidád")
    expect(results.get_by_role("link", name="BiciQuito: bicicleta pública en altura")).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=movilid"))
    with_accent = results.locator(".practice-card h3").all_inner_texts()
    # The list is the same with or without the accent, so wait for this search's own answer (typed
    # searches wait 350 ms): otherwise it may land after the filter below and swap the list under the click.
    with page.expect_response(lambda response: "q=movilidad&" in response.url or response.url.endswith("q=movilidad")):
        page.locator("#id_q").fill("movilidad")
    expect(results.get_by_role("link", name="BiciQuito: bicicleta pública en altura")).to_be_visible()
    expect(results.locator(".practice-card h3")).to_have_text(with_accent)

    # A filter narrows it down; the practice page shows who adopted it and related practices.
    with page.expect_response(lambda response: "network=red-andina" in response.url):
        page.locator("select[name=network]").select_option("red-andina")
    expect(page).to_have_url(re.compile(r"network=red-andina"))
    # Every search typed above and this filter have answered: no result list is swapped under the click.
    page.wait_for_load_state("networkidle")
    expect(results.locator(".practice-card h3")).not_to_have_count(len(with_accent))
    page.screenshot(path=str(artifacts / "knowledge-search.png"), full_page=True)
    results.get_by_role("link", name="Metrocable: teleféricos integrados al metro").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Metrocable: teleféricos integrados al metro")
    expect(page.locator(".transfer-list")).to_contain_text("La Paz")
    page.screenshot(path=str(artifacts / "knowledge-practice.png"), full_page=True)
    assert console_errors == []
