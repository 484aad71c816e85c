"""The events app's kind of the site search (network.search): published events, not the webinars'
calendar entries; the accent-free search_text is kept on save and filled by migration 0004."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from events.models import Event
from events.selectors import events_search
from tests.events.factories import EventFactory
from tests.programs.factories_knowledge import WebinarFactory

pytestmark = pytest.mark.django_db


def test_an_events_key_holds_its_texts_place_and_city():
    event = EventFactory(
        title="XXVII Congreso", motto="La energía de las ciudades", venue="Ágora", city="Bogotá"
    )
    assert event.search_text == "xxvii congreso la energia de las ciudades agora bogota"


def test_migration_0004_fills_the_keys_of_existing_rows():
    EventFactory(title="Congreso", title_en="Congress", city="Bogotá")
    expected = {e.pk: e.search_text for e in Event.objects.all()}
    Event.objects.update(search_text="")
    importlib.import_module("events.migrations.0004_search_text").fill(apps, None)
    assert {e.pk: e.search_text for e in Event.objects.all()} == expected


def test_the_events_kind_finds_published_events_and_leaves_webinars_to_their_own_kind():
    EventFactory(title="Encuentro del agua")
    EventFactory(title="Agua sin publicar", published=False)
    WebinarFactory(title="Webinar del agua")
    hits, total = events_search("agua", language="es", limit=5)
    assert ([hit.title for hit in hits], total) == (["Encuentro del agua"], 1)


def test_coming_events_come_first(client):
    EventFactory(title="Agua pasada", past=True)
    EventFactory(title="Agua próxima")
    hits, _total = events_search("agua", language="es", limit=5)
    assert [hit.title for hit in hits] == ["Agua próxima", "Agua pasada"]
