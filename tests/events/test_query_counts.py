"""Calendar and staff lists run a fixed number of queries whatever their size (2 and 20 rows)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from events.models import Registration
from events.services import registrations as services
from tests.factories import MemberFactory
from tests.factories import TerritorialNetworkFactory
from tests.factories import ThemeFactory
from tests.factories import UserFactory
from tests.factories import focal_point_of
from tests.factories import technician_of

from .factories import EventFactory
from .factories import ProgrammeSessionFactory

SIZES = [2, 20]


def events(n):
    network, theme = TerritorialNetworkFactory(), ThemeFactory()
    host = MemberFactory()
    first = EventFactory(congress=True, host_member=host, theme=theme)
    for i in range(n - 1):
        EventFactory(territorial_network=network, theme=theme, host_member=host,
                     starts_at=first.starts_at + timedelta(hours=i + 1),
                     ends_at=first.starts_at + timedelta(hours=i + 2))
    return first


def registrations(congress, n):
    member = MemberFactory()
    focal = focal_point_of(member)
    for _ in range(n):
        services.registration_register(event=congress, member=member, person=technician_of(member).person, by=focal,
                                       covered=False)
    return member, focal


@pytest.mark.parametrize("n", SIZES)
def test_calendar_list(client, django_assert_max_num_queries, n, db):
    events(n)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("events:calendar"))
    assert len(response.context["events"]) == n


@pytest.mark.parametrize("n", SIZES)
def test_calendar_month(client, django_assert_max_num_queries, n, db):
    events(n)
    with django_assert_max_num_queries(6):
        client.get(reverse("events:calendar"), {"view": "month", "month": "2030-07"})


@pytest.mark.parametrize("n", SIZES)
def test_public_feed(client, django_assert_max_num_queries, n, db):
    events(n)
    with django_assert_max_num_queries(3):
        client.get(reverse("events:feed"))


@pytest.mark.parametrize("n", SIZES)
def test_event_page_with_programme_and_registrations(client, django_assert_max_num_queries, n, db):
    congress = events(1)
    for i in range(n):
        ProgrammeSessionFactory(event=congress, starts_at=congress.starts_at + timedelta(hours=i))
    member, focal = registrations(congress, n)
    client.force_login(focal)
    with django_assert_max_num_queries(12):
        client.get(congress.get_absolute_url())


@pytest.mark.parametrize("n", SIZES)
def test_my_registrations(client, django_assert_max_num_queries, n, db):
    congress = events(1)
    _member, focal = registrations(congress, n)
    client.force_login(focal)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("events:my_registrations"))
    assert len(response.context["registrations"]) == n


@pytest.mark.parametrize("n", SIZES)
def test_portal_panel(client, django_assert_max_num_queries, n, db):
    congress = events(1)
    member, focal = registrations(congress, n)
    client.force_login(focal)
    url = reverse("portal:panel", args=[member.slug, "events"])
    with django_assert_max_num_queries(5):  # sign-in (2), the member with the reader's roles, the panel's own (2)
        response = client.get(url, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and response.context["panel"]["rows"]
    assert congress.title in response.text and "Register a delegate" in response.text
    registration = congress.registrations.select_related("person").first()
    assert registration.person.full_name in response.text
    from events.selectors import portal_congress_panel

    with django_assert_max_num_queries(2):
        panel = portal_congress_panel(request=None, member=member)
    assert len(panel["rows"][0]["registrations"]) == n


@pytest.mark.parametrize("page", ["registrations", "check_in", "changelist"])
@pytest.mark.parametrize("n", SIZES)
def test_staff_lists(client, django_assert_max_num_queries, n, page, db):
    congress = events(1)
    for _ in range(n // 2):
        registrations(congress, 2)
    client.force_login(UserFactory(staff=True))
    url = {"registrations": reverse("admin:events_event_registrations", args=[congress.pk]),
           "check_in": reverse("admin:events_event_check_in", args=[congress.pk]),
           "changelist": reverse("admin:events_registration_changelist")}[page]
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    assert Registration.objects.count() == n
