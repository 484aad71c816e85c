"""About the network, contact and the accessibility statement: linked from every page's footer,
written by staff in three languages, with the portal's own text until they do."""

import pytest
from django.urls import reverse

from network.models import PrivacyNotice
from network.models import SitePage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["site_about", "site_contact", "site_accessibility"]


def read(client, url, language="en"):
    response = client.get(url, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.content.decode()


def test_the_footer_links_the_networks_own_pages(client):
    home = read(client, reverse("network:home"))
    for name in PAGES:
        assert f'href="{reverse(name)}"' in home


@pytest.mark.parametrize("name, text", [
    ("site_about", "learn from each other through strategic urban planning"),
    ("site_contact", "your city's focal point can also help"),
    ("site_accessibility", "WCAG) 2.1 at level AA"),
])
def test_before_staff_write_a_page_it_shows_the_portals_own_text(client, name, text):
    assert text in read(client, reverse(name))


def test_a_page_staff_wrote_shows_in_the_readers_language_or_its_original_with_a_note(client):
    SitePage.objects.create(kind="about", title="Sobre la red", body="Somos 35 ciudades.\n\nDesde 1991.",
                            title_en="About us", body_en="We are 35 cities.\n\nSince 1991.")
    english = read(client, reverse("site_about"), "en")
    assert "<h1>About us</h1>" in english and "<p>Since 1991.</p>" in english and "content-note" not in english
    portuguese = read(client, reverse("site_about"), "pt-br")
    assert 'lang="es">Sobre la red</h1>' in portuguese and "Ainda não traduzido" in portuguese


def test_the_contact_page_gives_the_privacy_notices_address(client):
    PrivacyNotice.objects.create(controller="Secretaría de la red", contact_email="secretaria@red.example.org")
    assert 'href="mailto:secretaria@red.example.org"' in read(client, reverse("site_contact"))


def test_staff_write_the_pages_in_three_languages_in_the_admin(client):
    client.force_login(UserFactory(staff=True, is_superuser=True))
    response = client.post(reverse("admin:network_sitepage_add"), {
        "kind": "accessibility", "title_es": "Accesibilidad", "body_es": "Cumplimos WCAG 2.1 AA.",
        "title_pt_br": "Acessibilidade", "body_pt_br": "Cumprimos a WCAG 2.1 AA.", "title_en": "", "body_en": "",
        "_save": "Save"})
    assert response.status_code == 302
    assert "Cumprimos a WCAG 2.1 AA." in read(client, reverse("site_accessibility"), "pt-br")
    assert SitePage.objects.filter(kind="accessibility").count() == 1
