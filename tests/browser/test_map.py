"""The network map with the keyboard, in a real Chromium: Tab reaches the skip link, then the cities,
each a link named by its <title>; Enter opens the city's page; the skip link jumps to the page's list of the same members.
Screenshots of the map focused (1280 px) and on a phone (390 px) go to tests/artifacts/."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
    const el = document.activeElement;
    return {
        tag: el.tagName.toLowerCase(),
        inMap: !!el.closest('svg.map-svg'),
        skip: el.classList.contains('map-skip'),
        title: el.querySelector('title') ? el.querySelector('title').textContent : el.textContent.trim(),
        href: el.getAttribute('href'),
        radius: el.querySelector('circle') ? getComputedStyle(el.querySelector('circle')).r : null,
    };
}"""


def tab_to(page, wanted, limit: int = 120) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if wanted(focused):
            return focused
    raise AssertionError("Tab never reached it")


def test_tab_reaches_a_city_on_the_map_and_enter_opens_its_page(page, live_server, demo, artifacts):
    page.set_extra_http_headers({"Accept-Language": "en"})
    page.goto(live_server.url + "/networks/red-andina/")
    skip = tab_to(page, lambda f: f["skip"])
    assert page.locator("a.map-skip").is_visible()  # shown when focused
    city = tab_to(page, lambda f: f["inMap"], limit=1)  # the next stop is the first city
    assert city["tag"] == "a"
    assert city["title"].endswith(", Colombia · Red Andina") or city["title"].endswith(" · Red Andina")
    assert city["radius"] == "12px"  # the focused dot grows (the rest are 7)
    links = page.locator("svg.map-svg a")
    assert links.count() == 9
    assert page.get_by_role("link", name="Bogotá, Colombia · Red Andina").count() == 1  # named by its <title>
    page.locator("figure.network-map").screenshot(path=str(artifacts / "map-focused-1280.png"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + city["href"]
    assert page.locator("figure.locator-map svg").is_visible()

    page.go_back()
    tab_to(page, lambda f: f["skip"])
    page.keyboard.press("Enter")
    after = tab_to(page, lambda f: True, limit=1)
    # Past the cities, in the list of the same members on the page: its first card.
    assert not after["inMap"] and after["href"].startswith("/members/")
    assert skip["title"]


def test_the_home_map_fits_a_phone(page, live_server, demo, artifacts):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    svg = page.locator("svg.map-svg")
    box = svg.bounding_box()
    assert box["width"] <= 390 - 2 * 16 + 1  # the container's width, padding aside
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    radius = svg.locator("circle").first.evaluate("c => c.getBoundingClientRect().width")
    assert radius >= 8  # a dot a finger can find: at least 8 px across on a phone
    page.locator("figure.network-map").screenshot(path=str(artifacts / "map-home-390.png"))
