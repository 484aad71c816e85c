"""A focal point registers two covered delegates and a third uncovered; a participant answers a survey."""

import re

import pytest
from playwright.sync_api import expect

from events.models import Registration
from events.models import SurveyResponse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, email):
    page.context.add_cookies([{"name": "portal_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill("demo-portal-2026")
    page.locator("main form button[type=submit]").first.click()


def test_focal_point_registers_delegates_with_covered_places(page, live_server, demo, artifacts, console_errors):
    sign_in(page, live_server, "focal@demo.redportal.org")
    page.goto(live_server.url + "/events/")
    # The demo's congress is translated: an English reader gets its English title.
    page.get_by_role("link", name=re.compile("XXVII Congress")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("XXVII Congress · Bogotá")
    expect(page.locator("#registrations")).to_contain_text("0 of 2")

    for index in range(3):
        page.locator("aside").get_by_role("link", name="Register").first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Register a delegate")
        page.get_by_label("Delegate").select_option(index=index + 1)
        page.get_by_label("Arrival").fill("2027-06-30")
        page.get_by_label("Departure").fill("2027-07-04")
        if index == 0:
            page.get_by_label("Dietary needs").fill("Vegetariana")
        page.get_by_role("button", name="Register").click()
        expected = "without a covered place" if index == 2 else "with a covered place"
        expect(page.locator(".messages")).to_contain_text(expected)

    expect(page.locator("#registrations")).to_contain_text("2 of 2")
    page.screenshot(path=str(artifacts / "events-registrations.png"), full_page=True)
    registrations = Registration.objects.filter(event__slug="congreso-xxvii-bogota", member__slug="medellin")
    assert sorted(r.covered for r in registrations) == [False, True, True]
    assert registrations.get(dietary_needs="Vegetariana").hotel_nights == 4

    # The portal page shows the city's places; cancelling a covered one frees it.
    page.goto(live_server.url + "/portal/")
    expect(page.locator("#events-panel-title")).to_be_visible()
    covered = registrations.filter(covered_slot__isnull=False).first()
    page.goto(live_server.url + f"/events/registrations/{covered.pk}/")
    page.get_by_role("button", name="Cancel this registration").click()
    expect(page.locator(".messages")).to_contain_text("cancelled")
    page.goto(live_server.url + "/events/congreso-xxvii-bogota/")
    expect(page.locator("#registrations")).to_contain_text("1 of 2")
    assert console_errors == []


def test_participant_answers_the_survey_once(page, live_server, demo, artifacts, console_errors):
    page.context.add_cookies([{"name": "portal_language", "value": "en", "url": live_server.url}])
    before = SurveyResponse.objects.count()
    page.goto(live_server.url + "/surveys/demo-encuesta-congreso-xxvi/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Evaluación del XXVI Congreso")
    page.get_by_role("group", name=re.compile("Valoración general")).get_by_label("4").check()
    page.get_by_role("group", name=re.compile("Utilidad")).get_by_label("5").check()
    page.get_by_label("Sí").check()
    page.get_by_label("Visitas técnicas").check()
    page.get_by_role("textbox").fill("Una experiencia muy enriquecedora.")
    page.screenshot(path=str(artifacts / "events-survey.png"), full_page=True)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    assert SurveyResponse.objects.count() == before + 1

    page.goto(live_server.url + "/surveys/demo-encuesta-congreso-xxvi/")
    expect(page.locator("main")).to_contain_text("already been answered")
    assert console_errors == []
