"""The privacy page and My account → My data, in es, pt-BR and en, in a real browser: a technician
of the demo prepares her download (the page follows its progress until the ZIP is there) and reads
what erasure does. Screenshots go to tests/artifacts/ for a person to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.accounts import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXTS = {
    "es": ("Cómo usa el portal los datos personales", "Mis datos", "Descargar (ZIP)", "Preferencias"),
    "pt-br": ("Como o portal usa os dados pessoais", "Meus dados", "Baixar (ZIP)", "Preferências"),
    "en": ("How the portal uses personal data", "My data", "Download (ZIP)", "Preferences"),
}


@pytest.mark.parametrize("language", list(TEXTS))
def test_privacy_page_and_my_data_read_finished(browser, live_server, demo, artifacts, language):
    title, my_data, download, preferences = TEXTS[language]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "portal_language", "value": language, "url": live_server.url}])
    page = context.new_page()

    page.goto(live_server.url + "/")
    page.locator("footer a[href='/privacy/']").click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("main table tbody tr").first).to_be_visible()
    page.screenshot(path=str(artifacts / f"privacy-{language}.png"), full_page=True)

    sign_in(page, live_server.url, "tecnico@demo.redportal.org")
    page.goto(live_server.url + "/accounts/my-data/")
    expect(page.locator("h1")).to_have_text(my_data)
    page.locator("form[action$='/my-data/export/'] button").click()
    expect(page.get_by_role("link", name=download)).to_be_visible(timeout=20_000)  # prepared, polled
    page.screenshot(path=str(artifacts / f"my-data-{language}.png"), full_page=True)
    with page.expect_download() as got:
        page.get_by_role("link", name=download).click()
    assert got.value.suggested_filename.endswith(".zip")

    page.get_by_role("link", name=preferences).first.click()
    expect(page.locator("h1")).to_have_text(preferences)
    page.locator("#id_time_zone").select_option("America/Mexico_City")
    page.locator("#id_funding_relays").check()
    page.locator("form[action$='/preferences/'] button[type=submit]").click()
    expect(page.locator("#id_time_zone")).to_have_value("America/Mexico_City")
    expect(page.locator("#id_funding_relays")).to_be_checked()
    page.screenshot(path=str(artifacts / f"preferences-{language}.png"), full_page=True)
    context.close()
