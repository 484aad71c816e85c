"""The programs app's kinds of the site search (network.search): calls, funding opportunities,
webinars and good practices; the accent-free search_text of calls, webinars and funding is kept on
save and filled for existing rows by migration 0015."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from programs.calls.models import Call
from programs.calls.selectors import calls_search
from programs.knowledge.models import FundingOpportunity
from programs.knowledge.models import Webinar
from programs.knowledge.selectors import funding_search
from programs.knowledge.selectors import practices_search
from programs.knowledge.selectors import webinars_search
from tests.factories import MemberFactory
from tests.programs.factories import CallFactory
from tests.programs.factories_knowledge import FundingFactory
from tests.programs.factories_knowledge import PracticeFactory
from tests.programs.factories_knowledge import WebinarFactory

pytestmark = pytest.mark.django_db


def test_a_calls_search_text_holds_every_language_without_accents():
    call = CallFactory(
        title="Movilidad en Bogotá",
        title_en="Mobility in Bogotá",
        summary="Ciclovías",
        description="Para ciudades intermedias",
    )
    assert call.search_text == "movilidad en bogota mobility in bogota ciclovias para ciudades intermedias"


def test_a_save_of_a_searched_field_rebuilds_the_key_and_another_save_leaves_it():
    call = CallFactory(title="Agua")
    call.title_en = "Water"
    call.save(update_fields=["title_en"])
    assert "water" in Call.objects.get(pk=call.pk).search_text.split()
    Call.objects.filter(pk=call.pk).update(search_text="kept")
    call.refresh_from_db()
    call.save(update_fields=["resolved_at"])  # no searched field: the key is not rebuilt (nor read)
    assert Call.objects.get(pk=call.pk).search_text == "kept"


def test_a_webinars_key_names_its_presenting_city_and_speakers():
    webinar = WebinarFactory(
        title="Encuentro", presenting_member=MemberFactory(name="Medellín"), speakers="Ana Pérez, Directora"
    )
    assert "medellin" in webinar.search_text.split() and "perez," in webinar.search_text.split()


def test_a_funding_opportunitys_key_names_its_funder():
    assert "euroclima" in FundingFactory(title="Fondo", funder="EUROCLIMA").search_text


def test_migration_0015_fills_the_keys_of_existing_rows():
    CallFactory(title="Agua", title_en="Water")
    WebinarFactory(title="Encuentro", presenting_member=MemberFactory(name="Quito"))
    FundingFactory(title="Fondo", funder="Euroclima")
    expected = {
        model: {o.pk: o.search_text for o in model.objects.all()}
        for model in (Call, Webinar, FundingOpportunity)
    }
    for model in expected:
        model.objects.update(search_text="")
    importlib.import_module("programs.migrations.0015_search_text").fill(apps, None)
    assert {model: {o.pk: o.search_text for o in model.objects.all()} for model in expected} == expected


def test_the_calls_kind_finds_published_calls_only():
    CallFactory(title="Agua publicada")
    CallFactory(title="Agua en borrador", unpublished=True)
    hits, total = calls_search("agua", language="es", limit=5)
    assert ([hit.title for hit in hits], total) == (["Agua publicada"], 1)


def test_the_webinars_kind_finds_public_webinars_only():
    WebinarFactory(title="Agua celebrada", held=True)
    WebinarFactory(title="Agua en borrador", draft=True)
    hits, total = webinars_search("agua", language="es", limit=5)
    assert ([hit.title for hit in hits], total) == (["Agua celebrada"], 1)


def test_the_practices_kind_finds_published_practices_only():
    PracticeFactory(title="Agua publicada")
    PracticeFactory(title="Agua en revisión", in_review=True)
    hits, total = practices_search("agua", language="es", limit=5)
    assert ([hit.title for hit in hits], total) == (["Agua publicada"], 1)


def test_the_funding_kind_finds_the_open_published_opportunities_of_the_funding_page(client):
    FundingFactory(title="Agua abierta")
    FundingFactory(title="Agua sin publicar", published=False)
    hits, total = funding_search("agua", language="es", limit=5)
    assert ([hit.title for hit in hits], total) == (["Agua abierta"], 1)
    assert hits[0].url in client.get("/funding/").content.decode().replace('id="', 'href="/funding/#')
