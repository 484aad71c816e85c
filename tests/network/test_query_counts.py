"""A page's query count does not grow with its rows."""

import pytest
from django.urls import reverse

from tests.factories import DuesFactory
from tests.factories import MemberFactory
from tests.factories import TerritorialNetworkFactory
from tests.factories import ThemeFactory
from tests.factories import focal_point_of
from tests.factories import technician_of

pytestmark = pytest.mark.django_db

DIRECTORY_BOUND = 7
PORTAL_SHELL_BOUND = 4  # session (in the database), user, the member with the reader's roles (one query), …: panels load on their own
# network's own panels (the other apps' panels are counted in their own tests)
PANEL_BOUNDS = {"dues": 4, "upcoming": 11, "team": 6}  # the reader's roles come with the member (one query)


def make_members(count: int):
    network = TerritorialNetworkFactory()
    themes = ThemeFactory.create_batch(3)
    return [MemberFactory(territorial_network=network, themes=themes) for _ in range(count)]


@pytest.mark.parametrize("rows", [2, 20])
def test_directory_queries_do_not_grow_with_members(client, django_assert_max_num_queries, rows):
    make_members(rows)
    with django_assert_max_num_queries(DIRECTORY_BOUND):
        response = client.get(reverse("network:directory"))
    assert len(response.context["page"].object_list) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_filtered_directory_queries_do_not_grow_with_members(client, django_assert_max_num_queries, rows):
    make_members(rows)
    with django_assert_max_num_queries(DIRECTORY_BOUND):
        response = client.get(reverse("network:directory"), {"q": "ciudad", "country": "CO"})
    assert len(response.context["page"].object_list) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_home_queries_do_not_grow_with_networks(client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        MemberFactory(territorial_network=TerritorialNetworkFactory())
    # figures, networks, +1 per upcoming provider (calls, webinars and funding, courses, events), +1 per
    # programme section (microrredes, mentoring, webinars, campus, events, practices: test_home_programmes)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("network:home"))
    assert len(response.context["networks"]) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_territorial_network_page_queries_do_not_grow(client, django_assert_max_num_queries, rows):
    members = make_members(rows)
    slug = members[0].territorial_network.slug
    with django_assert_max_num_queries(4):  # +1: the network's meetings (events)
        response = client.get(reverse("network:territorial_network", kwargs={"slug": slug}))
    assert len(response.context["members"]) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_member_page_queries_do_not_grow_with_team(client, django_assert_max_num_queries, rows):
    member = make_members(1)[0]
    for _ in range(rows):
        focal_point_of(member)
    with django_assert_max_num_queries(3):
        client.get(reverse("network:member", kwargs={"slug": member.slug}))


@pytest.mark.parametrize("rows", [2, 20])
def test_portal_page_queries_do_not_grow_with_team(client, django_assert_max_num_queries, rows):
    member = make_members(1)[0]
    DuesFactory(member=member, year=2026, paid=True)
    focal = focal_point_of(member)
    for _ in range(rows):
        technician_of(member)
    client.force_login(focal)
    with django_assert_max_num_queries(PORTAL_SHELL_BOUND):
        shell = client.get(reverse("portal:member", kwargs={"slug": member.slug}))
    assert shell.status_code == 200
    for key, bound in PANEL_BOUNDS.items():
        with django_assert_max_num_queries(bound):
            response = client.get(reverse("portal:panel", kwargs={"slug": member.slug, "key": key}),
                                  HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, key
    team = response.context["panel"]["team"]
    assert len(team) == rows + 1
    # Each person's line as the table shows it (the last response is the team panel's).
    for entry in team:
        assert entry.person.full_name in response.text and entry.person.email in response.text
    assert response.text.count("(you)") == 1 and response.text.count('class="tag">Technician<') == rows
