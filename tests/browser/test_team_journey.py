"""A focal point removes a colleague from the city page's team panel in a real browser: the browser
asks first, naming the colleague; saying no keeps them, saying yes removes exactly them."""

import pytest
from playwright.sync_api import expect

from network.demo import FOCAL_EMAIL
from network.models import Member
from network.models import Role
from tests.browser.accounts import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_focal_point_is_asked_before_removing_a_colleague(page, live_server, demo, artifacts, console_errors):
    city = Member.objects.get(roles__person__user__email=FOCAL_EMAIL, roles__kind="focal_point")
    colleague = (Role.objects.filter(member=city).exclude(person__user__email=FOCAL_EMAIL)
                 .exclude(kind="focal_point").select_related("person").first().person)
    page.context.add_cookies([{"name": "portal_language", "value": "en", "url": live_server.url}])
    sign_in(page, live_server.url, FOCAL_EMAIL)
    page.goto(f"{live_server.url}/portal/{city.slug}/")
    remove = page.locator("#team").get_by_role("button", name=f"Remove {colleague.full_name}")
    expect(remove).to_be_visible()
    page.locator("#team").screenshot(path=str(artifacts / "team-panel-en.png"))

    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    remove.click()
    expect(remove).to_be_visible()
    assert questions == [f"Remove {colleague.full_name} from the team?"]
    assert Role.objects.filter(member=city, person=colleague).exists()

    page.once("dialog", lambda dialog: dialog.accept())
    remove.click()
    expect(page.locator(".messages")).to_contain_text(colleague.full_name)
    expect(page.locator("#team")).not_to_contain_text(colleague.full_name)
    assert not Role.objects.filter(member=city, person=colleague).exists()
    assert Role.objects.filter(member=city, person__user__email=FOCAL_EMAIL).exists()
    assert console_errors == []
