"""No page scrolls sideways, from a 320 px phone to a 1920 px screen, in es, pt-BR and en; at 1280 and
1920 px the site header keeps to one row (brand, menu, language and the sign-in button side by side).
One browser context per language and one page: each page is opened once and looked at in every
width. Screenshots of the header at 1280 px and of the month calendar at 390 px go to tests/artifacts/."""

from __future__ import annotations

import pytest

from tests.browser.accounts import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["es", "pt-br", "en"]
WIDTHS = [320, 390, 768, 1280, 1920]
WIDE = (1280, 1920)  # the header keeps to one row from here

PUBLIC_PAGES = {
    "home": "/",
    "directory": "/members/",
    "calls": "/calls/",
    "call": "/calls/congreso-xxvii-experiencias/",
    "calendar (month)": "/events/?view=month",
    "calendar (list)": "/events/?view=list",
    "campus": "/campus/",
    "search": "/search/?q=movilidad",
}

# Everything the header shows, as {name: [top, bottom]}; the nav's own items one by one.
HEADER_BOXES = """() => {
    const header = document.querySelector('header.site-header');
    if (!header) return null;
    const box = (el) => { const r = el.getBoundingClientRect(); return [r.top, r.bottom]; };
    const boxes = {};
    const brand = header.querySelector('.brand');
    const nav = header.querySelector('nav');
    const select = header.querySelector('#language-select');
    const account = header.querySelector('.header-tools > a.button, .header-tools .inline-form .button');
    if (brand) boxes['brand'] = box(brand);
    if (nav) boxes['nav'] = box(nav);
    if (select) boxes['language select'] = box(select);
    if (account) boxes['sign-in/out button'] = box(account);
    header.querySelectorAll('nav > ul > li').forEach((li, i) => {
        boxes[`menu item ${i + 1} (${li.textContent.trim().split(/\\s+/)[0]})`] = box(li); });
    return boxes;
}"""

LANGUAGE_SELECT_CLIPPED = """() => {
    const select = document.querySelector('#language-select');
    if (!select) return null;
    // A copy free to take the width its longest option needs (the own name of each language, whole).
    const copy = select.cloneNode(true);
    copy.removeAttribute('id');
    copy.style.cssText = 'max-width: none; width: auto; min-width: 0; position: absolute; visibility: hidden;';
    select.parentNode.appendChild(copy);
    const needed = copy.getBoundingClientRect().width;
    copy.remove();
    const given = select.getBoundingClientRect().width;
    return given + 0.5 < needed ? `needs ${Math.ceil(needed)}px, has ${Math.floor(given)}px` : null;
}"""


# The first elements past the window's right edge that are not inside a box of their own that scrolls.
WHAT_STICKS_OUT = """(w) => {
    const scrollsAlone = (el) => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
            if (getComputedStyle(a).overflowX !== 'visible') return true;
        return false;
    };
    return [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > w + 0.5 && !scrollsAlone(el))
        .slice(0, 3)
        .map(el => el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className.trim()
            ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' → ' + Math.round(el.getBoundingClientRect().right) + 'px');
}"""


def look(page, name: str, language: str, problems: list[str], *, header: bool = True) -> None:
    """Page `name` already open: try every width and note what does not fit."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll_width > inner_width:
            widest = page.evaluate(WHAT_STICKS_OUT, inner_width)
            problems.append(f"{name} [{language}, {width}px]: scrolls sideways, {scroll_width}px > {inner_width}px "
                            f"({'; '.join(widest)})")
        if not header:
            continue
        clipped = page.evaluate(LANGUAGE_SELECT_CLIPPED)
        if clipped:
            problems.append(f"{name} [{language}, {width}px]: language select cut short: {clipped}")
        if width in WIDE:
            boxes = page.evaluate(HEADER_BOXES)
            assert boxes and "nav" in boxes and "language select" in boxes, f"{name}: no site header"
            nav_top, nav_bottom = boxes["nav"]
            # One row: everything in the header shares the nav's band, and the nav is no taller than one item.
            off_row = [what for what, (top, bottom) in boxes.items() if bottom <= nav_top or top >= nav_bottom]
            items = [box for what, box in boxes.items() if what.startswith("menu item")]
            if items and nav_bottom - nav_top > max(b - t for t, b in items) + 2:
                off_row.append("the menu itself (wraps)")
            if off_row:
                problems.append(f"{name} [{language}, {width}px]: header on more than one row "
                                f"(nav top {nav_top:.0f}px, language select top {boxes['language select'][0]:.0f}px; "
                                f"not on the nav's row: {', '.join(off_row)})")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_scrolls_sideways_and_the_header_keeps_to_one_row(browser, live_server, demo, artifacts, language):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "portal_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    problems: list[str] = []

    for name, path in PUBLIC_PAGES.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        look(page, name, language, problems)
        if name == "home":
            page.set_viewport_size({"width": 1280, "height": 900})
            page.locator("header.site-header").screenshot(path=str(artifacts / f"header-1280-signed-out-{language}.png"))
        if name == "calendar (month)":
            page.set_viewport_size({"width": 390, "height": 844})
            page.screenshot(path=str(artifacts / f"calendar-month-390-{language}.png"), full_page=True)

    sign_in(page, live_server.url, "tecnico@demo.redportal.org")
    response = page.goto(live_server.url + "/portal/")
    assert response.status == 200
    page.wait_for_load_state("networkidle")  # the city page's panels
    look(page, "technician's portal", language, problems)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("header.site-header").screenshot(path=str(artifacts / f"header-1280-technician-{language}.png"))

    context.clear_cookies()
    context.add_cookies([{"name": "portal_language", "value": language, "url": live_server.url}])
    sign_in(page, live_server.url, "staff@demo.redportal.org")
    response = page.goto(live_server.url + "/calls/")
    assert response.status == 200
    look(page, "calls (staff)", language, problems)  # the widest menu: My portal ▾ and Administration
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("header.site-header").screenshot(path=str(artifacts / f"header-1280-staff-{language}.png"))
    response = page.goto(live_server.url + "/admin/")
    assert response.status == 200
    look(page, "admin", language, problems, header=False)  # Django's admin has its own header

    context.close()
    assert problems == [], "\n".join(problems)
