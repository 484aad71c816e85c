"""Fixtures of the calls engine tests: a call maker and cities with their people."""

from datetime import timedelta

import pytest
from django.utils import timezone

from programs.calls.enums import CallKind
from programs.calls.enums import Eligibility
from programs.calls.models import Call
from tests.factories import ThemeFactory

VALID_ANSWERS = {
    CallKind.CONGRESS_EXPERIENCE: {
        "title": "Supermanzanas de barrio", "summary": "Calles pacificadas para el encuentro vecinal.",
        "themes": [], "started_year": 2019, "results": "Menos tráfico y más vida en la calle.",
    },
    CallKind.MENTORSHIP: {
        "title": "Movilidad activa", "summary": "Queremos aprender de otra ciudad.", "role": "mentee",
        "themes": [], "objectives": "Diseñar una red de ciclovías.",
    },
}


@pytest.fixture
def make_call(db):
    counter = {"n": 0}

    def make(**overrides) -> Call:
        counter["n"] += 1
        now = timezone.now()
        values = {
            "kind": CallKind.CONGRESS_EXPERIENCE,
            "title": f"Convocatoria {counter['n']}",
            "slug": f"convocatoria-{counter['n']}",
            "published": True,
            "opens_at": now - timedelta(days=10),
            "closes_at": now + timedelta(days=20),
            "time_zone": "Europe/Madrid",
            "eligibility": Eligibility.MEMBERS,
        }
        values.update(overrides)
        themes = values.pop("themes", None)
        if themes is None:
            themes = [ThemeFactory(name="Movilidad sostenible", slug="movilidad-sostenible")]
        call = Call.objects.create(**values)
        if themes:
            call.themes.set(themes)
        return call

    return make


def answers_for(call: Call, **overrides) -> dict:
    theme_slugs = list(call.themes.values_list("slug", flat=True))
    answers = dict(VALID_ANSWERS.get(call.kind, {"title": "Propuesta", "summary": "Resumen."}))
    if "themes" in answers:
        answers["themes"] = theme_slugs[:1]
    answers.update(overrides)
    return answers
