"""The map of the network (network/maps.py): drawn on the server from the vendored outlines, each city
a link coloured by its territorial network, with a text alternative; no query of its own on the
pages that show it."""

import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network import maps
from network.demo import MEMBERS
from network.demo import TERRITORIAL_NETWORKS
from tests.factories import MemberFactory
from tests.factories import TerritorialNetworkFactory

SVG = "{http://www.w3.org/2000/svg}"
# (longitude, latitude)
BOGOTA = (-74.072092, 4.710989)
MADRID = (-3.703790, 40.416775)
LISBOA = (-9.139337, 38.722252)
SAO_PAULO = (-46.633308, -23.550520)
BUENOS_AIRES = (-58.381559, -34.603684)


def map_svg(response) -> ET.Element:
    found = re.search(r'<svg[^>]*class="map-svg".*?</svg>', response.text, re.DOTALL)
    assert found, "no map on the page"
    return ET.fromstring(found.group(0))


def city_links(svg: ET.Element) -> dict[str, str]:
    """{title: colour class} of every city link on the map."""
    return {a.find(f"{SVG}title").text: a.get("class") for a in svg.iter(f"{SVG}a")}


def hrefs(svg: ET.Element) -> list[str]:
    return [a.get("href") for a in svg.iter(f"{SVG}a")]


def located(**kwargs):
    lon, lat = kwargs.pop("at", BOGOTA)
    return MemberFactory(longitude=Decimal(f"{lon:.6f}"), latitude=Decimal(f"{lat:.6f}"), **kwargs)


@pytest.fixture(autouse=True)
def _in_english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def andina(db):
    return TerritorialNetworkFactory(name="Red Andina", slug="red-andina", countries=["CO", "EC"])


@pytest.fixture
def iberica(db):
    return TerritorialNetworkFactory(name="Red Ibérica", slug="red-iberica", countries=["ES", "PT"])


# --- Projection and frames (no database) -------------------------------------------------------------
def test_projection_puts_cities_where_they_are_relative_to_each_other():
    frame = maps.fit_frame([BOGOTA, MADRID, LISBOA, SAO_PAULO, BUENOS_AIRES])
    project = maps.projection(frame, maps.MAP_WIDTH)
    bogota, madrid, lisboa = project(*BOGOTA), project(*MADRID), project(*LISBOA)
    sao_paulo, buenos_aires = project(*SAO_PAULO), project(*BUENOS_AIRES)
    assert madrid[0] > bogota[0] and madrid[1] < bogota[1]  # Madrid is north-east of Bogotá
    assert lisboa[0] < madrid[0]  # Lisbon west of Madrid
    assert buenos_aires[1] > sao_paulo[1] and buenos_aires[0] < sao_paulo[0]  # south-west of São Paulo
    for x, y in (bogota, madrid, lisboa, sao_paulo, buenos_aires):
        assert 0 < x < project.width and 0 < y < project.height


def test_the_frame_fits_the_points_with_a_margin_on_whole_degrees():
    frame = maps.fit_frame([BOGOTA, MADRID])
    assert frame.west < BOGOTA[0] < MADRID[0] < frame.east
    assert frame.south < BOGOTA[1] < MADRID[1] < frame.north
    assert frame.south % 5 == 0 and frame.north % 5 == 0
    assert maps.fit_frame([]) == maps.WORLD
    assert maps.fit_frame([(-170.0, 10.0), (170.0, 10.0)]).east == 180  # never past the antimeridian


def test_a_single_city_gets_a_frame_around_it():
    frame = maps.fit_frame([BOGOTA])
    project = maps.projection(frame, maps.MAP_WIDTH)
    x, y = project(*BOGOTA)
    assert frame.east - frame.west >= 14
    assert abs(x - project.width / 2) < project.width / 8 and abs(y - project.height / 2) < project.height / 4


def test_the_land_of_a_frame_is_made_once_and_only_the_countries_in_it():
    frame = maps.Frame(-10.0, 35.0, 5.0, 45.0)  # Iberia
    maps._land.cache_clear()
    first = maps.land_layer(frame, 600, {"ES"})
    second = maps.land_layer(frame, 600, {"PT"})
    assert maps._land.cache_info().misses == 1 and maps._land.cache_info().hits == 1
    codes = {code for code, _ in maps._land(frame, 600)}
    assert {"ES", "PT", "FR", "MA", "AD"} <= codes
    assert not codes & {"BR", "AR", "CO", "US", "RU", "AU", "CN"}
    assert first.count('class="map-hl"') == 1 and first != second


def test_the_vendored_outlines_cover_every_country_of_the_demo_data():
    outlines = maps.outlines()
    demo_countries = {m.country for m in MEMBERS} | {c for n in TERRITORIAL_NETWORKS for c in n["countries"]}
    assert {code for code in demo_countries if not outlines.get(code)} == set()
    for code in demo_countries:
        assert maps.core_bbox(code) is not None


def test_the_vendored_outlines_are_small_and_say_where_they_come_from():
    data = json.loads(maps.DATA.read_text())
    assert maps.DATA.stat().st_size < 300_000
    assert "Natural Earth" in data["source"] and "world-atlas" in data["source"]
    assert (maps.DATA.parent / "README.md").exists()
    spain = maps.core_bbox("ES")  # mainland Spain: not stretched to the Canary Islands
    assert -10 < spain.west < -9 and 3 < spain.east < 4.5 and 35.5 < spain.south < 36.5


def test_a_city_name_is_escaped_in_the_map():
    city = maps.MapCity(
        name='<b>"Ciudad"</b>', url="/members/x/", country="CO", latitude=4.7, longitude=-74.0
    )
    result = maps.network_map([city])
    assert "<b>" not in result.svg
    assert "&lt;b&gt;&quot;Ciudad&quot;&lt;/b&gt;" in result.svg
    ET.fromstring(str(result.svg))  # well-formed


# --- Pages ------------------------------------------------------------------------------------------
def test_home_draws_one_link_per_current_member_with_a_location(client, andina, iberica):
    bogota = located(name="Bogotá", territorial_network=andina)
    quito = located(name="Quito", country="EC", territorial_network=andina, at=(-78.4678, -0.1807))
    madrid = located(name="Madrid", country="ES", territorial_network=iberica, at=MADRID)
    located(name="Prospecta", territorial_network=andina, prospect=True)
    located(name="Antigua", territorial_network=andina, former=True)
    unlocated = MemberFactory(name="Sin Lugar", territorial_network=andina)
    response = client.get(reverse("network:home"))
    svg = map_svg(response)
    assert sorted(hrefs(svg)) == sorted(m.get_absolute_url() for m in (bogota, quito, madrid))
    assert svg.get("role") == "group"
    assert f'id="{svg.get("aria-labelledby")}"' in response.text
    assert response.context["figures"].members == 4  # the map's query gives the figures
    assert response.context["figures"].countries == 3
    assert "1 more has no location recorded" in response.text  # and listed in the directory, linked
    assert unlocated.get_absolute_url() in client.get(reverse("network:directory")).text


def test_colours_follow_the_territorial_networks_the_same_on_every_page(client, andina, iberica):
    located(name="Bogotá", territorial_network=andina)
    located(name="Quito", country="EC", territorial_network=andina, at=(-78.4678, -0.1807))
    located(name="Madrid", country="ES", territorial_network=iberica, at=MADRID)
    located(name="Lisboa", country="PT", territorial_network=iberica, at=LISBOA)
    located(name="Libre", territorial_network=None, at=(-75.5, 6.2))
    colours = city_links(map_svg(client.get(reverse("network:home"))))
    assert colours == {
        "Bogotá, Colombia · Red Andina": "map-n0",
        "Quito, Ecuador · Red Andina": "map-n0",
        "Madrid, Spain · Red Ibérica": "map-n1",
        "Lisboa, Portugal · Red Ibérica": "map-n1",
        "Libre, Colombia": "map-none",
    }
    assert city_links(map_svg(client.get(reverse("network:directory")))) == colours
    page = client.get(reverse("network:territorial_network", kwargs={"slug": "red-iberica"}))
    assert set(city_links(map_svg(page)).values()) == {"map-n1"}
    legend = re.search(
        r'<ul class="map-legend".*?</ul>', client.get(reverse("network:home")).text, re.DOTALL
    ).group(0)
    assert re.findall(r"map-key (map-\w+)", legend) == ["map-n0", "map-n1", "map-none"]


def test_the_text_alternative_is_the_pages_own_list_with_members_without_coordinates_too(client, andina):
    """The map's caption and skip link lead to the list of the same members on the page (the home page's,
    to the directory): members without coordinates are there, counted in the caption."""
    located(name="Bogotá", territorial_network=andina)
    MemberFactory(name="Tunja", territorial_network=andina)  # no coordinates
    MemberFactory(name="Suelta", territorial_network=None)
    response = client.get(reverse("network:directory"))
    assert len(hrefs(map_svg(response))) == 1
    assert "2 more have no location recorded" in response.text
    assert '<a class="skip-link map-skip" href="#directory-list">' in response.text
    assert '<a href="#directory-list">The 3 members as a list</a>' in response.text
    grid = re.search(r'<div class="grid grid-3" id="directory-list">.*', response.text, re.DOTALL).group(0)
    assert all(name in grid for name in ("Bogotá", "Tunja", "Suelta"))
    home = client.get(reverse("network:home")).text
    assert f'<a href="{reverse("network:directory")}">The ' in home and 'href="#network-cards"' in home


def test_the_directory_map_shows_every_member_found_not_only_the_page(client, andina):
    members = [
        located(name=f"Ciudad {n:02d}", territorial_network=andina, at=(-74 + n / 10, 4.6)) for n in range(30)
    ]
    response = client.get(reverse("network:directory"), {"page": 2})
    assert len(response.context["page"].object_list) == 6
    assert response.context["page"].paginator.count == 30
    assert len(hrefs(map_svg(response))) == 30
    tunja = located(name="Tunja", territorial_network=andina, at=(-73.36, 5.54))
    filtered = client.get(reverse("network:directory"), {"q": "tunja"})
    assert hrefs(map_svg(filtered)) == [tunja.get_absolute_url()]
    assert members[7].get_absolute_url() not in filtered.text


def test_a_territorial_network_draws_only_its_own_members(client, andina, iberica):
    bogota = located(name="Bogotá", territorial_network=andina)
    located(name="Madrid", country="ES", territorial_network=iberica, at=MADRID)
    located(name="Cali", territorial_network=iberica, at=(-76.53, 3.45))  # in Colombia, but Ibérica's
    located(name="Pasada", territorial_network=andina, former=True)
    response = client.get(reverse("network:territorial_network", kwargs={"slug": "red-andina"}))
    svg = map_svg(response)
    assert hrefs(svg) == [bogota.get_absolute_url()]
    assert svg.find(f"{SVG}g[@class='map-land']").findall(f"{SVG}path[@class='map-hl']")  # CO and EC shaded


def test_a_territorial_network_without_located_members_still_shows_its_countries(client, andina):
    MemberFactory(name="Tunja", territorial_network=andina)
    response = client.get(reverse("network:territorial_network", kwargs={"slug": "red-andina"}))
    assert hrefs(map_svg(response)) == []
    assert "1 more has no location recorded" in response.text
    assert "Tunja" in re.search(r'id="network-members">.*', response.text, re.DOTALL).group(0)


def test_the_member_page_shows_a_small_map_and_no_raw_coordinates(client, andina):
    member = located(name="Bogotá", territorial_network=andina)
    response = client.get(reverse("network:member", kwargs={"slug": member.slug}))
    svg = map_svg(response)
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "locator-map-caption"
    assert 'id="locator-map-caption"' in response.text
    assert "Where Bogotá is, in Colombia" in response.text
    assert svg.find(f".//{SVG}circle[@class='map-n0']") is not None
    assert hrefs(svg) == []  # an image: the page is the city's own
    assert "4.71" not in response.text and "-74.07" not in response.text
    assert "Coordinates" not in response.text


def test_the_member_page_without_coordinates_has_no_map(client, andina):
    member = MemberFactory(name="Tunja", territorial_network=andina)
    response = client.get(reverse("network:member", kwargs={"slug": member.slug}))
    assert response.status_code == 200
    assert 'class="map-svg"' not in response.text


def test_the_map_is_made_afresh_for_a_signed_in_visitor(client, andina, staff):
    located(name="Bogotá", territorial_network=andina)
    client.force_login(staff)
    assert len(hrefs(map_svg(client.get(reverse("network:home"))))) == 1


# --- Queries: none of its own on the home page, the same count at two sizes -------------------------
def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_members(rows: int, networks) -> None:
    for n in range(rows):
        located(territorial_network=networks[n % len(networks)], at=(-80 + n, -30 + 2 * n))
    MemberFactory(territorial_network=networks[0])  # and one without coordinates


# home: figures (from the map's rows), networks, 4 upcoming providers, 6 programme sections (as before the
# map); directory: 2 filter choices, themes, the page and its themes (its map and count are the home
# page's, kept); network page: network, members, themes, meetings; member page: member, themes, team.
BOUNDS = {"home": 12, "directory": 5, "territorial network": 4, "member": 3}


@pytest.mark.django_db
def test_map_pages_make_the_same_queries_at_two_sizes(client):
    networks = [TerritorialNetworkFactory(countries=["CO"]), TerritorialNetworkFactory(countries=["BR"])]
    counts = {}
    for rows in (2, 20):
        add_members(rows - len(counts) * 2, networks)  # 2, then 20 in all (plus those without coordinates)
        member = networks[0].members.exclude(latitude=None).first()
        urls = {
            "home": reverse("network:home"),
            "directory": reverse("network:directory"),
            "territorial network": reverse("network:territorial_network", kwargs={"slug": networks[0].slug}),
            "member": member.get_absolute_url(),
        }
        counts[rows] = {name: queries(client, url) for name, url in urls.items()}
        assert len(hrefs(map_svg(client.get(urls["home"])))) == rows
    assert counts[2] == counts[20] == BOUNDS


def test_the_home_map_is_drawn_once_and_again_after_a_member_changes(client, andina, settings,
                                                                     django_assert_num_queries):
    """The drawn map is the same for every visitor: kept until a member (or another public record)
    changes, then drawn again with the change (the page itself made afresh each time)."""
    settings.PUBLIC_PAGE_CACHE = False
    bogota = located(name="Bogotá", territorial_network=andina)
    first = client.get(reverse("network:home"))
    assert hrefs(map_svg(first)) == [bogota.get_absolute_url()]
    with django_assert_num_queries(11):  # the page's own twelve but the map's
        client.get(reverse("network:home"))
    quito = located(name="Quito", country="EC", territorial_network=andina, at=(-78.4678, -0.1807))
    again = client.get(reverse("network:home"))
    assert sorted(hrefs(map_svg(again))) == sorted([bogota.get_absolute_url(), quito.get_absolute_url()])
    assert again.context["figures"].members == 2 and again.context["figures"].countries == 2


def test_the_directory_shows_todays_map_until_a_search_and_counts_from_it(client, andina, settings):
    """Before any search the directory's map is today's members, kept like the home page's (and
    drawn again after a change); a search draws the members it finds."""
    settings.PUBLIC_PAGE_CACHE = False
    bogota = located(name="Bogotá", territorial_network=andina)
    client.get(reverse("network:home"))  # draws and keeps today's map
    quito = located(name="Quito", country="EC", territorial_network=andina, at=(-78.4678, -0.1807))
    page = client.get(reverse("network:directory"))
    assert sorted(hrefs(map_svg(page))) == sorted([bogota.get_absolute_url(), quito.get_absolute_url()])
    assert page.context["page"].paginator.count == 2
    found = client.get(reverse("network:directory"), {"q": "quito"})
    assert hrefs(map_svg(found)) == [quito.get_absolute_url()]
    assert found.context["page"].paginator.count == 1
    assert [m.name for m in found.context["page"]] == ["Quito"]
