"""The search box in the header: a visitor types a city without its accent and reaches its page; on a
phone the box has a row of its own; a signed-in person at 1280 px opens it from the magnifier."""

import pytest
from playwright.sync_api import expect

from tests.browser.accounts import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_searches_from_the_header_and_reaches_a_result(
    page, live_server, demo, artifacts, console_errors
):
    page.context.add_cookies([{"name": "portal_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/calls/")
    header_box = page.locator("header").get_by_role("searchbox", name="Search the portal")
    header_box.fill("medellin")
    header_box.press("Enter")
    expect(page).to_have_url(live_server.url + "/search/?q=medellin")
    expect(page.get_by_role("status").first).to_contain_text("for “medellin”")
    expect(header_box).to_have_value("medellin")
    members = page.locator("#results-members")
    expect(members.get_by_role("heading", level=2)).to_contain_text("Members")
    page.screenshot(path=str(artifacts / "site-search-1280-en.png"), full_page=True)
    members.get_by_role("link", name="Medellín").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Medellín")

    # On a phone the header's box has a row of its own, and nothing scrolls sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    header_box = page.locator("header").get_by_role("searchbox", name="Search the portal")
    expect(header_box).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    header_box.fill("movilidad")
    header_box.press("Enter")
    expect(page.locator("#results-practices")).to_be_visible()
    page.screenshot(path=str(artifacts / "site-search-390-en.png"), full_page=True)
    assert console_errors == []


def test_a_signed_in_person_opens_the_search_from_the_magnifier(
    page, live_server, demo, artifacts, console_errors
):
    sign_in(page, live_server.url, "staff@demo.redportal.org")
    page.context.add_cookies([{"name": "portal_language", "value": "es", "url": live_server.url}])
    page.goto(live_server.url + "/calls/")
    header = page.locator("header")
    box = header.locator("#site-search-q")
    expect(box).to_be_hidden()  # the widest menu leaves no room for the box at 1280 px
    header.locator(".site-search-toggle").click()
    expect(box).to_be_visible()
    expect(box).to_be_focused()
    page.screenshot(path=str(artifacts / "site-search-popover-1280-es.png"))
    box.fill("congreso")
    box.press("Enter")
    expect(page).to_have_url(live_server.url + "/search/?q=congreso")
    expect(page.locator("#results-events")).to_be_visible()
    assert console_errors == []
