"""Every main page in every language, in a real browser: no errors, no CSP violations, a screenshot."""

import pytest
from playwright.sync_api import expect

from tests.browser.accounts import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = {
    "home": "/",
    "directory": "/members/?network=red-andina",
    "member": "/members/medellin/",
    "network": "/networks/red-iberica/",
    "login": "/accounts/login/",
    "calls": "/calls/",
    "call": "/calls/congreso-xxvii-experiencias/",
}
LANGUAGES = ["es", "pt-br", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_in_each_language(page, live_server, demo, artifacts, console_errors, language):
    page.context.add_cookies([{"name": "portal_language", "value": language, "url": live_server.url}])
    for name, path in PUBLIC_PAGES.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", language)
        page.screenshot(path=str(artifacts / f"{name}-{language}.png"), full_page=True)

    sign_in(page, live_server.url, "focal@demo.redportal.org")
    response = page.goto(live_server.url + "/portal/")
    assert response.status == 200
    expect(page.locator("h1")).to_have_text("Medellín")
    page.screenshot(path=str(artifacts / f"portal-{language}.png"), full_page=True)
    response = page.goto(live_server.url + "/portal/applications/")
    assert response.status == 200
    expect(page.locator("table").first).to_contain_text("Corredores verdes de Medellín")  # waiting for endorsement
    page.screenshot(path=str(artifacts / f"my-applications-{language}.png"), full_page=True)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "portal_language", "value": language, "url": live_server.url}])

    sign_in(page, live_server.url, "staff@demo.redportal.org")
    for name, path in {"admin": "/admin/", "admin-members": "/admin/network/member/",
                       "admin-member": "/admin/network/member/?q=quito", "admin-calls": "/admin/programs/call/",
                       "admin-applications": "/admin/programs/application/"}.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.screenshot(path=str(artifacts / f"{name}-{language}.png"), full_page=True)
    assert console_errors == []


def test_phone_layout(page, live_server, demo, artifacts, console_errors):
    page.set_viewport_size({"width": 390, "height": 844})
    for name, path in {"home": "/", "directory": "/members/"}.items():
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways ({width}px)"
        page.screenshot(path=str(artifacts / f"phone-{name}.png"), full_page=True)
    assert console_errors == []
