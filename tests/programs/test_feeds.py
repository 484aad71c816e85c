"""Good practices, webinars and funding opportunities as RSS, Atom and JSON Feed, in the reader's
language, linked from their list pages, in a fixed number of queries (network.feeds)."""

import json
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.knowledge.enums import PracticeState
from programs.knowledge.models import FundingOpportunity
from tests.factories import ThemeFactory

from .factories_knowledge import PracticeFactory
from .factories_knowledge import WebinarFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def funding(**values):
    values = {"title": "Horizonte Ciudades", "slug": f"horizonte-{FundingOpportunity.objects.count()}",
              "funder": "Unión Europea", "deadline": timezone.now() + timedelta(days=20),
              "time_zone": "Europe/Brussels", "url": "https://funder.example.org/call", "published": True, **values}
    return FundingOpportunity.objects.create(**values)


def get(client, name, fmt, **params):
    response = client.get(reverse(name, kwargs={"fmt": fmt}), params)
    assert response.status_code == 200, response.content[:300]
    return response


def test_the_practice_feeds_list_the_latest_published_practices_in_three_formats(client):
    theme = ThemeFactory(name="Movilidad urbana sostenible", name_en="Sustainable urban mobility")
    now = timezone.now()
    older = PracticeFactory(title="Ciclovías", published_at=now - timedelta(days=3), themes=[theme])
    newer = PracticeFactory(title="Metrocable", published_at=now - timedelta(days=1))
    PracticeFactory(title="Borrador", state=PracticeState.DRAFT)

    data = json.loads(get(client, "programs:practices_feed", "json").content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["title"] for item in data["items"]] == ["Metrocable", "Ciclovías"]
    assert data["items"][0]["url"].endswith(newer.get_absolute_url())
    assert data["items"][1]["authors"] == [{"name": older.member.name}]

    rss = ET.fromstring(get(client, "programs:practices_feed", "rss").content)
    assert [item.findtext("title") for item in rss.iter("item")] == ["Metrocable", "Ciclovías"]
    atom = get(client, "programs:practices_feed", "atom")
    assert atom["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(atom.content).findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Metrocable", "Ciclovías"]
    assert atom["Access-Control-Allow-Origin"] == "*"


def test_a_feed_follows_the_readers_language_and_its_lang_parameter(client):
    PracticeFactory(title="Huertos urbanos", title_en="Urban gardens", published_at=timezone.now())
    english = json.loads(get(client, "programs:practices_feed", "json", lang="en").content)
    assert english["language"] == "en" and english["items"][0]["title"] == "Urban gardens"
    assert "Good practices" in english["title"]
    response = client.get(reverse("programs:practices_feed", kwargs={"fmt": "json"}),
                          headers={"Accept-Language": "pt-br"})
    portuguese = json.loads(response.content)
    assert portuguese["language"] == "pt-br" and "Boas práticas" in portuguese["title"]
    assert portuguese["items"][0]["title"] == "Huertos urbanos"  # not translated into Portuguese: the original
    assert "Accept-Language" in response["Vary"]


def test_the_webinar_and_funding_feeds_carry_their_dates_in_their_own_zone(client):
    WebinarFactory(title="Vivienda cooperativa", time_zone="America/Montevideo")
    funding(title="Ciudades resilientes")
    webinar = json.loads(get(client, "programs:webinars_feed", "json").content)["items"][0]
    assert webinar["title"] == "Vivienda cooperativa" and webinar["_network"]["time_zone"] == "America/Montevideo"
    assert webinar["_network"]["starts_at"].endswith("-03:00")
    opportunity = json.loads(get(client, "programs:funding_feed", "json").content)["items"][0]
    assert opportunity["title"] == "Ciudades resilientes"
    assert opportunity["_network"]["funder_url"] == "https://funder.example.org/call"
    assert opportunity["_network"]["deadline"].endswith(("+01:00", "+02:00"))


def test_an_unknown_format_is_404_and_a_post_is_refused(client):
    assert client.get("/practices/feed.xml").status_code == 404
    assert client.post(reverse("programs:practices_feed", kwargs={"fmt": "rss"})).status_code == 405


@pytest.mark.parametrize("name, page", [("programs:practices_feed", "programs:practice_list"),
                                        ("programs:webinars_feed", "programs:webinar_list"),
                                        ("programs:funding_feed", "programs:funding_list")])
def test_each_list_page_links_its_feeds(client, name, page):
    html = client.get(reverse(page), headers={"Accept-Language": "en"}).content.decode()
    for fmt, kind in (("rss", "application/rss+xml"), ("atom", "application/atom+xml"),
                      ("json", "application/feed+json")):
        url = reverse(name, kwargs={"fmt": fmt}) + "?lang=en"
        assert f'rel="alternate" type="{kind}"' in html and f'href="{url}"' in html


@pytest.mark.parametrize("size", [2, 20])
def test_the_feeds_take_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    themes = [ThemeFactory(), ThemeFactory()]
    for i in range(size):
        PracticeFactory(published_at=timezone.now() - timedelta(hours=i), themes=themes)
        WebinarFactory(themes=themes) if hasattr(WebinarFactory, "themes") else WebinarFactory()
        funding(title=f"Fondo {i}")
    for name in ("programs:practices_feed", "programs:webinars_feed", "programs:funding_feed"):
        with django_assert_max_num_queries(3):
            get(client, name, "json")


def test_the_call_list_links_its_json_and_calendar_feeds(client):
    html = client.get(reverse("programs:call_list")).content.decode()
    assert f'href="{reverse("programs:calls_json")}"' in html and f'href="{reverse("programs:calls_ics")}"' in html
    assert 'rel="alternate" type="application/json"' in html
