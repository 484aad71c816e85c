"""The campus's kinds of the site search (network.search): the catalogue's courses and the published
capsules; the accent-free search_text is kept on save and filled by migration 0004."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from campus.enums import CourseKind
from campus.models import Capsule
from campus.models import Course
from campus.selectors import capsules_search
from campus.selectors import courses_search
from tests.campus.factories import CapsuleFactory
from tests.campus.factories import CourseFactory
from tests.campus.factories import EditionFactory
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def test_a_capsules_key_holds_its_theme_in_every_language():
    capsule = CapsuleFactory(
        title="Qué es una estrategia",
        theme=ThemeFactory(name="Movilidad", name_pt="Mobilidade", name_en="Mobility"),
    )
    assert capsule.search_text == "que es una estrategia movilidad mobilidade mobility"


def test_migration_0004_fills_the_keys_of_existing_rows():
    CourseFactory(title="Planificación", title_en="Planning")
    CapsuleFactory(title="Cápsula", theme=ThemeFactory(name="Agua", name_en="Water"))
    expected = {model: {o.pk: o.search_text for o in model.objects.all()} for model in (Course, Capsule)}
    for model in expected:
        model.objects.update(search_text="")
    importlib.import_module("campus.migrations.0004_search_text").fill(apps, None)
    assert {model: {o.pk: o.search_text for o in model.objects.all()} for model in expected} == expected


def test_the_courses_kind_finds_the_catalogues_courses_with_their_next_edition():
    course = CourseFactory(title="Agua y territorio")
    EditionFactory(course=course, past=True)
    upcoming = EditionFactory(course=course)
    CourseFactory(title="Agua sin publicar", published=False)
    CourseFactory(title="Agua cápsula", kind=CourseKind.CAPSULE)  # not in the catalogue
    hits, total = courses_search("agua", language="es", limit=5)
    assert ([hit.title for hit in hits], total) == (["Agua y territorio"], 1)
    assert hits[0].when == upcoming.starts_on


def test_the_capsules_kind_finds_published_capsules_only():
    CapsuleFactory(title="Agua en diez minutos")
    CapsuleFactory(title="Agua sin publicar", published=False)
    hits, total = capsules_search("agua", language="es", limit=5)
    assert ([hit.title for hit in hits], total) == (["Agua en diez minutos"], 1)
