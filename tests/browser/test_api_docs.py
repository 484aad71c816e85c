"""The read API's documentation page in a real browser: Swagger UI loads from our own static files
under the CSP (no console error, nothing from elsewhere), and a developer tries an endpoint from it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.programs.factories import CallFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_developer_reads_the_docs_and_tries_the_calls_endpoint(page, live_server, console_errors, artifacts):
    CallFactory(title="Huertos urbanos", slug="huertos")
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/api/docs/")
    operation = page.locator("#operations-calls-calls_list")
    expect(operation).to_be_visible()
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    expect(operation.locator(".live-responses-table")).to_contain_text("Huertos urbanos")
    page.screenshot(path=str(artifacts / "api-docs.png"), full_page=False)
    assert console_errors == [] and outside == []
