"""Webinars are events: each webinar is in the public calendar and its feeds, from one source."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from icalendar import Calendar

from events.enums import EventKind
from events.models import Event
from network.upcoming import upcoming_items
from programs.knowledge.enums import WebinarState
from tests.factories import ThemeFactory
from tests.factories import UserFactory
from tests.programs.factories_knowledge import WebinarFactory

pytestmark = pytest.mark.django_db


def calendar_titles(client, **params) -> str:
    return client.get(reverse("events:calendar"), params).content.decode()


def test_a_scheduled_webinar_is_in_the_calendar_its_feed_and_the_webinar_list(client):
    theme = ThemeFactory()
    webinar = WebinarFactory(title="Huertos urbanos en Rosario", themes=[theme], time_zone="America/Mexico_City")
    event = Event.objects.get(webinar=webinar)
    assert (event.kind, event.starts_at, event.ends_at - event.starts_at, event.theme, event.time_zone) == (
        EventKind.WEBINAR, webinar.starts_at, timedelta(minutes=webinar.duration_minutes), theme,
        "America/Mexico_City")
    assert event.online_url == ""  # the link goes to registered people only
    page = calendar_titles(client)
    assert "Huertos urbanos en Rosario" in page
    # The calendar links to the webinar's own page, where people register.
    assert reverse("programs:webinar", kwargs={"slug": webinar.slug}) in page
    feed = Calendar.from_ical(client.get(reverse("events:feed")).content)
    assert "Huertos urbanos en Rosario" in [str(c["SUMMARY"]) for c in feed.walk("VEVENT")]
    assert "Huertos urbanos en Rosario" in client.get(reverse("programs:webinar_list")).content.decode()
    # The event page of a webinar is the webinar's page.
    response = client.get(reverse("events:event", kwargs={"slug": event.slug}))
    assert (response.status_code, response["Location"]) == (301, webinar.get_absolute_url())


def test_changing_or_cancelling_the_webinar_moves_its_calendar_entry(client):
    webinar = WebinarFactory(title="Movilidad activa")
    webinar.starts_at += timedelta(days=2)
    webinar.title = "Movilidad activa y segura"
    webinar.save()
    event = Event.objects.get(webinar=webinar)
    assert (event.title, event.starts_at) == ("Movilidad activa y segura", webinar.starts_at)
    webinar.state = WebinarState.CANCELLED
    webinar.save()
    assert "Movilidad activa" not in calendar_titles(client)
    assert not Event.objects.filter(published=True, webinar=webinar).exists()


def test_a_draft_webinar_is_not_in_the_calendar(client):
    WebinarFactory(title="Borrador de encuentro", draft=True)
    assert "Borrador de encuentro" not in calendar_titles(client)


def test_every_webinar_event_of_the_calendar_is_on_the_webinar_list(client):
    for n in range(3):
        WebinarFactory(title=f"Encuentro público {n}")
    listed = client.get(reverse("programs:webinar_list")).content.decode()
    shown = Event.objects.filter(kind=EventKind.WEBINAR, published=True)
    assert shown.count() == 3
    assert all(event.title in listed for event in shown)
    assert not Event.objects.filter(kind=EventKind.WEBINAR, webinar__isnull=True).exists()


def test_the_home_page_lists_a_webinar_once(client):
    WebinarFactory(title="Vivienda asequible")
    request = RequestFactory().get("/")
    request.user = UserFactory()
    titles = [item.title for item in upcoming_items(request=request, limit=20)]
    assert titles.count("Vivienda asequible") == 1


def test_staff_cannot_make_a_webinar_by_hand_in_the_calendar_nor_edit_a_webinars_entry(client):
    client.force_login(UserFactory(staff=True))
    add = client.get(reverse("admin:events_event_add")).content.decode()
    assert 'value="webinar"' not in add
    event = Event.objects.get(webinar=WebinarFactory())
    page = client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # read-only
