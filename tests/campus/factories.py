"""Campus factories: an edition with an open enrolment call unless a trait says otherwise."""

from __future__ import annotations

from datetime import date
from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from campus.enums import CourseKind
from campus.models import Capsule
from campus.models import Course
from campus.models import Edition
from campus.models import FinalProject
from campus.services import enrolments as services
from programs.calls.enums import CallKind
from programs.calls.enums import Eligibility
from tests.factories import ThemeFactory
from tests.programs.factories import CallFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    kind = CourseKind.ONLINE_COURSE
    title = factory.Sequence(lambda n: f"Curso {n}")
    slug = factory.Sequence(lambda n: f"curso-{n}")
    summary = "Un curso en línea de seis semanas."
    duration_weeks = 6
    hours = 60


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    course = factory.SubFactory(CourseFactory)
    number = factory.Sequence(lambda n: n + 1)
    year = 2026
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=40))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))
    seats = 3
    fee = Decimal("1200.00")
    enrolment_call = factory.SubFactory(CallFactory, kind=CallKind.COURSE_ENROLMENT, eligibility=Eligibility.ANYONE)

    class Params:
        past = factory.Trait(
            starts_on=date(2020, 3, 1), ends_on=date(2020, 6, 30), year=2020, enrolment_call=None,
        )


class CapsuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capsule

    title = factory.Sequence(lambda n: f"Cápsula {n}")
    slug = factory.Sequence(lambda n: f"capsula-{n}")
    url = "https://example.org/video"
    duration_minutes = 20
    theme = factory.SubFactory(ThemeFactory)


class StrategyFactory(factory.django.DjangoModelFactory):
    """A historical final project that passed (no enrolment)."""

    class Meta:
        model = FinalProject

    edition = factory.SubFactory(EditionFactory, past=True)
    author_name = "Ana Pérez"
    title = factory.Sequence(lambda n: f"Estrategia {n}")
    city = "Rosario"
    summary = "Plan estratégico de la ciudad."
    grade = "pass"


def apply(edition, user, *, scholarship=False, member=None):
    return services.enrolment_apply(edition=edition, user=user, position="Técnica", motivation="Aprender.",
                                    scholarship=scholarship, member=member)
