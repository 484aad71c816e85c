"""A visitor explores the network and a technician signs in to their city's portal."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_finds_a_member_and_the_technician_reaches_the_portal(
    page, live_server, demo, artifacts, console_errors
):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("navigation", name=re.compile("principal", re.I)).get_by_role("link", name="Miembros").click()
    expect(page).to_have_url(re.compile(r"/members/$"))

    page.get_by_label("Red territorial", exact=True).select_option("red-andina")
    expect(page).to_have_url(re.compile(r"network=red-andina"))
    expect(page.locator(".member-card").first).to_be_visible()
    quito = page.locator(".member-card").filter(has_text="Quito")
    expect(quito).to_have_count(1)
    expect(page.locator(".member-card").filter(has_text="Zaragoza")).to_have_count(0)

    page.get_by_label("Buscar", exact=True).fill("medellin")
    expect(page.locator(".member-card")).to_have_count(1)
    expect(page.locator(".member-card")).to_contain_text("Medellín")
    page.get_by_label("Buscar", exact=True).fill("")
    expect(page.locator(".member-card").filter(has_text="Quito")).to_have_count(1)

    quito.get_by_role("link", name="Quito").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quito")
    page.screenshot(path=str(artifacts / "journey-member.png"), full_page=True)

    page.get_by_role("link", name="Iniciar sesión").first.click()
    page.get_by_label(re.compile("Correo electrónico", re.I)).fill("tecnico@demo.redportal.org")
    page.get_by_label(re.compile("Contraseña", re.I)).fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("Iniciar sesión", re.I)).click()

    page.goto(live_server.url + "/portal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quito")
    expect(page.get_by_role("heading", name="Cuotas")).to_be_visible()
    expect(page.get_by_role("heading", name="Equipo")).to_be_visible()
    expect(page.get_by_role("heading", name="Invitar a un colega")).to_have_count(0)
    page.screenshot(path=str(artifacts / "journey-portal.png"), full_page=True)
    assert console_errors == []
