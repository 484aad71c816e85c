"""axe-core (WCAG 2.1 A and AA rules) over the main pages of each role: a visitor, a technician, a
focal point and the secretariat. axe-core is vendored in tests/vendor/ (MPL-2.0, from the npm
registry); it runs in the page, no network needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.accounts import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8") if AXE.exists() else ""
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PAGES = {
    "visitor": ["/", "/members/", "/members/medellin/", "/calls/", "/calls/congreso-xxvii-experiencias/",
                "/events/", "/events/?view=month", "/campus/", "/practices/", "/webinars/", "/microrredes/",
                "/funding/", "/accounts/login/", "/search/", "/search/?q=movilidad", "/search/?q=xyzzy"],
    "tecnico@demo.redportal.org": ["/portal/", "/portal/quito/", "/portal/applications/", "/events/registrations/"],
    "focal@demo.redportal.org": ["/portal/medellin/", "/portal/applications/"],
    "staff@demo.redportal.org": ["/admin/", "/admin/programs/application/", "/admin/network/outboxmessage/"],
}


def violations(page) -> list[str]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)  # evaluated by the browser's devtools protocol: the page's CSP does not apply
    found = page.evaluate("""async (rules) => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: rules}});
        return result.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.length} × ` +
            v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
    }""", RULES)
    return found


@pytest.mark.parametrize("role", list(PAGES))
def test_the_main_pages_of_each_role_have_no_accessibility_violations(page, live_server, demo, role):
    if role != "visitor":
        sign_in(page, live_server.url, role)
    report = {}
    for path in PAGES[role]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        found = violations(page)  # as it first shows (the city page's panels still loading)
        page.wait_for_load_state("networkidle")
        found += [v for v in violations(page) if v not in found]  # and once everything has loaded
        if found:
            report[path] = found
    assert report == {}, "\n".join(f"{path}: {v}" for path, found in report.items() for v in found)
