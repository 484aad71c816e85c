"""A technician enrols with a full scholarship, the secretariat admits, the student confirms the place,
completes the course and downloads the certificate, which the public verification page confirms."""

import re

import pytest
from playwright.sync_api import expect

from campus.models import Certificate
from campus.models import Enrolment
from tests.campus.factories import EditionFactory
from tests.factories import PASSWORD
from tests.factories import MemberFactory
from tests.factories import UserFactory
from tests.factories import technician_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, email):
    page.context.add_cookies([{"name": "portal_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()


def _admin_action(admin, live_server, enrolment, action):
    admin.goto(live_server.url + f"/admin/campus/enrolment/?q={enrolment.user.email}")
    admin.locator("input[name=_selected_action]").first.check()
    admin.locator("select[name=action]").select_option(action)
    admin.locator("button[name=index]").click()
    expect(admin.locator(".messagelist")).to_be_visible()


def test_technician_enrols_with_a_scholarship_and_downloads_the_certificate(
        page, browser, live_server, artifacts, console_errors):
    edition = EditionFactory(course__title="Movilidad Urbana Sostenible", course__slug="movilidad-urbana-sostenible")
    quito = MemberFactory(name="Quito")
    technician = technician_of(quito, email="andres@quito.gob.ec")
    staff_user = UserFactory(staff=True, email="secretaria@example.org")

    _login(page, live_server, technician.email)
    page.goto(live_server.url + "/campus/")
    page.get_by_role("link", name="Movilidad Urbana Sostenible").first.click()
    page.get_by_role("link", name="Enrol", exact=True).click()
    page.get_by_label("Your position").fill("Técnico de movilidad")
    page.get_by_label("Why you want to take this course").fill("Para el plan de movilidad de Quito.")
    page.get_by_label(re.compile("full scholarship")).check()
    page.screenshot(path=str(artifacts / "campus-enrol.png"), full_page=True)
    page.get_by_role("button", name="Send my application").click()
    expect(page.locator(".badge-enrolment-applied")).to_be_visible()
    enrolment = Enrolment.objects.get(user=technician)
    assert enrolment.scholarship == "requested"

    staff = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    admin = staff.new_page()
    _login(admin, live_server, staff_user.email)
    _admin_action(admin, live_server, enrolment, "admit")
    enrolment.refresh_from_db()
    assert (enrolment.state, enrolment.scholarship, enrolment.scholarship_amount) == (
        "admitted", "granted", edition.fee)
    admin.screenshot(path=str(artifacts / "campus-admin-admitted.png"), full_page=True)

    page.reload()
    page.get_by_role("button", name="Confirm my place").click()
    expect(page.locator(".badge-enrolment-enrolled")).to_be_visible()

    _admin_action(admin, live_server, enrolment, "complete")
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.pdf

    page.goto(live_server.url + "/campus/my-courses/")
    page.get_by_role("link", name="Movilidad Urbana Sostenible").click()
    expect(page.locator(".badge-enrolment-completed")).to_be_visible()
    page.screenshot(path=str(artifacts / "campus-completed.png"), full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    page.get_by_role("link", name="Check it").click()
    expect(page.locator(".campus-verify-valid")).to_contain_text(certificate.holder_name)
    page.screenshot(path=str(artifacts / "campus-verified.png"), full_page=True)
    assert console_errors == []
