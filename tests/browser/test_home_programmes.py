"""The home page's programme sections with the demo data, in es, pt-BR and en, in a real browser: every
section with its figures, the next dates and the latest good practices, no browser error, and a
screenshot in tests/artifacts/ for a person to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLES = {
    "es": "Microrredes",
    "pt-br": "Microrredes",
    "en": "What the network does",
}


@pytest.mark.parametrize("language", ["es", "pt-br", "en"])
def test_home_programmes_read_finished(page, live_server, demo, artifacts, console_errors, language):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.add_cookies([{"name": "portal_language", "value": language, "url": live_server.url}])

    response = page.goto(live_server.url + "/")

    assert response.status == 200
    section = page.locator("section[aria-labelledby='programmes-title']")
    cards = section.locator("article.card")
    expect(cards).to_have_count(6)
    expect(section).to_contain_text(TITLES[language])
    expect(section.locator(".figure-inline").first).to_be_visible()
    expect(section.locator("dl.call-meta")).to_have_count(4)  # next session, webinar, edition, event
    expect(section.locator("#programme-practices-entries + ul li")).to_have_count(3)
    page.screenshot(path=str(artifacts / f"home-programmes-{language}.png"), full_page=True)
    section.screenshot(path=str(artifacts / f"home-programmes-section-{language}.png"))
    assert console_errors == []
