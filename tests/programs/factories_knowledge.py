"""Factories of the knowledge area. A webinar is scheduled in a week unless a trait says otherwise;
a practice is published unless a trait says otherwise."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from programs.knowledge.enums import PracticeState
from programs.knowledge.enums import WebinarState
from programs.knowledge.models import FundingOpportunity
from programs.knowledge.models import GoodPractice
from programs.knowledge.models import Webinar
from programs.knowledge.models import WebinarRegistration
from programs.knowledge.services.practices import practice_refresh_search
from tests.factories import MemberFactory


def in_days(days: float):
    return (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)


class WebinarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Webinar
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Encuentro {n}")
    slug = factory.Sequence(lambda n: f"encuentro-{n}")
    summary = "Una ciudad comparte su experiencia."
    starts_at = factory.LazyFunction(lambda: in_days(7))
    presenting_member = factory.SubFactory(MemberFactory)
    speakers = "Ana Pérez, Directora de Movilidad"
    online_url = "https://meet.example.org/encuentro"
    capacity = 100
    state = WebinarState.SCHEDULED

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)

    class Params:
        draft = factory.Trait(state=WebinarState.DRAFT)
        held = factory.Trait(state=WebinarState.HELD, starts_at=factory.LazyFunction(lambda: in_days(-30)),
                             recording_url="https://video.example.org/1", attendance_count=85)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebinarRegistration

    webinar = factory.SubFactory(WebinarFactory)
    name = factory.Sequence(lambda n: f"Persona {n}")
    email = factory.Sequence(lambda n: f"persona{n}@example.org")
    institution = "Universidad"
    country = "AR"


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodPractice
        skip_postgeneration_save = True

    member = factory.SubFactory(MemberFactory)
    title = factory.Sequence(lambda n: f"Práctica {n}")
    slug = factory.Sequence(lambda n: f"practica-{n}")
    summary = "Resumen de la práctica."
    body = ""
    year = 2022
    state = PracticeState.PUBLISHED

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)
        if create:
            practice_refresh_search(obj)

    @factory.post_generation
    def sdgs(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.sdgs.set(extracted)

    class Params:
        draft = factory.Trait(state=PracticeState.DRAFT)
        in_review = factory.Trait(state=PracticeState.IN_REVIEW)


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingOpportunity
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Convocatoria internacional {n}")
    slug = factory.Sequence(lambda n: f"financiacion-{n}")
    funder = "Unión Europea"
    programme = "International Urban Cooperation"
    deadline = factory.LazyFunction(lambda: in_days(30.5))
    url = "https://funder.example.org/call"
    published = True
    reminder_days = 14

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)

    @factory.post_generation
    def territorial_networks(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.territorial_networks.set(extracted)
