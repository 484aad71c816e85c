"""The public calendar the benchmark measures: cached for anonymous visitors, dropped when what it shows
changes, never served to (or filled by) signed-in people, and paginated."""

from datetime import timedelta

import pytest
from django.urls import reverse

from bench.registry import EXPECTED_PAGES
from bench.registry import registered_pages
from events.models import Event
from network.page_cache import public_pages_changed
from tests.factories import ThemeFactory
from tests.factories import UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_pages():
    public_pages_changed()  # a new version: no page stored by an earlier test is used


def anonymous(client):
    return type(client)()  # a visitor without cookies


def test_the_calendar_is_the_bench_page_of_its_row():
    page = next(p for p in registered_pages() if p.path == reverse("events:calendar"))
    assert (page.name, page.group) in EXPECTED_PAGES and page.login is None


def test_second_anonymous_visit_is_served_from_the_cache(client, django_assert_num_queries):
    EventFactory(title="Encuentro de la Red Andina")
    assert b"Encuentro de la Red Andina" in client.get(reverse("events:calendar")).content
    with django_assert_num_queries(0):
        response = anonymous(client).get(reverse("events:calendar"))
    assert b"Encuentro de la Red Andina" in response.content and "Cookie" in response["Vary"]


def test_saving_an_event_drops_the_cached_calendar(client):
    event = EventFactory(title="Encuentro de la Red Andina")
    client.get(reverse("events:calendar"))
    event.title = "Encuentro de la Red Andina en Quito"
    event.save()
    assert b"Encuentro de la Red Andina en Quito" in anonymous(client).get(reverse("events:calendar")).content


def test_a_new_event_and_a_renamed_theme_drop_it_too(client):
    theme = ThemeFactory()
    EventFactory(title="Encuentro de la Red Andina", theme=theme)
    client.get(reverse("events:calendar"))
    EventFactory(title="Webinar sobre vivienda")
    assert b"Webinar sobre vivienda" in anonymous(client).get(reverse("events:calendar")).content
    theme.name = "Vivienda digna"
    theme.save()
    assert b"Vivienda digna" in anonymous(client).get(reverse("events:calendar")).content
    Event.objects.get(title="Webinar sobre vivienda").delete()
    assert b"Webinar sobre vivienda" not in anonymous(client).get(reverse("events:calendar")).content


def test_signed_in_visitors_never_get_or_fill_the_cached_calendar(client):
    EventFactory(title="Encuentro de la Red Andina")
    anonymous(client).get(reverse("events:calendar"))  # stored for anonymous visitors
    Event.objects.update(title="Cambiado")  # an update sends no signal: the stored copy stays
    assert b"Encuentro de la Red Andina" in anonymous(client).get(reverse("events:calendar")).content
    client.force_login(UserFactory())
    assert b"Cambiado" in client.get(reverse("events:calendar")).content  # a fresh render, not the stored copy
    Event.objects.update(title="Otra vez")
    assert b"Otra vez" in client.get(reverse("events:calendar")).content  # and theirs was not stored either


def test_upcoming_and_past_lists_are_paginated(client, django_assert_num_queries):
    first = EventFactory()
    for i in range(1, 31):
        starts = first.starts_at + timedelta(days=i)
        EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=2))
    with django_assert_num_queries(4):
        response = client.get(reverse("events:calendar"))
    assert len(response.context["events"]) == 24 and response.context["page"].paginator.count == 31
    second = anonymous(client).get(reverse("events:calendar"), {"page": 2, "kind": "network_meeting"})
    assert len(second.context["events"]) == 7
    assert 'href="?kind=network_meeting&amp;page=1"' in second.content.decode()
    Event.objects.update(starts_at=first.starts_at - timedelta(days=400),
                         ends_at=first.starts_at - timedelta(days=399))
    public_pages_changed()
    past = anonymous(client).get(reverse("events:calendar"), {"past": 1})
    assert past.context["page"].paginator.count == 31 and 'href="?past=1&amp;page=2"' in past.content.decode()
