"""Factories of the calls engine: a call is open unless a trait says otherwise; dates are relative to now.

Deadlines sit half a day past a whole number of days, so "closes in N days" does not flip while a
test runs (nor when the time is cut to the minute).
"""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

import factory
from django.utils import timezone

from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.enums import Eligibility
from programs.calls.models import Application
from programs.calls.models import Call
from tests.factories import MemberFactory
from tests.factories import UserFactory


def days_from_now(days: float) -> datetime:
    """A whole minute, as deadlines are (iCalendar keeps no fractions of a second)."""
    return (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    kind = CallKind.MICRORRED
    title = factory.Sequence(lambda n: f"Convocatoria {n}")
    slug = factory.Sequence(lambda n: f"convocatoria-{n}")
    summary = factory.LazyAttribute(lambda o: f"Resumen de {o.title}")
    description = ""
    published = True
    time_zone = "Europe/Madrid"
    eligibility = Eligibility.MEMBERS
    opens_at = factory.LazyFunction(lambda: days_from_now(-10))
    closes_at = factory.LazyFunction(lambda: days_from_now(30.5))
    resolved_at = None

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)

    class Params:
        open = factory.Trait()  # the default: opened 10 days ago, closes in 30 days and a half
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: days_from_now(-60)),
            closes_at=factory.LazyFunction(lambda: days_from_now(-5)),
        )
        scheduled = factory.Trait(
            opens_at=factory.LazyFunction(lambda: days_from_now(10)),
            closes_at=factory.LazyFunction(lambda: days_from_now(40.5)),
        )
        unpublished = factory.Trait(published=False)
        resolved = factory.Trait(
            opens_at=factory.LazyFunction(lambda: days_from_now(-60)),
            closes_at=factory.LazyFunction(lambda: days_from_now(-20)),
            resolved_at=factory.LazyFunction(lambda: days_from_now(-5)),
        )
        all_year = factory.Trait(closes_at=None)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    reference = factory.Sequence(lambda n: f"TST-2026-{n:06d}")
    applicant = factory.SubFactory(UserFactory)
    member = factory.SubFactory(MemberFactory)
    title = factory.Sequence(lambda n: f"Solicitud {n}")
    state = ApplicationState.DRAFT

    class Params:
        draft = factory.Trait(state=ApplicationState.DRAFT)
        awaiting_endorsement = factory.Trait(
            state=ApplicationState.AWAITING_ENDORSEMENT, submitted_at=factory.LazyFunction(timezone.now)
        )
        submitted = factory.Trait(
            state=ApplicationState.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )
        under_review = factory.Trait(
            state=ApplicationState.UNDER_REVIEW, submitted_at=factory.LazyFunction(timezone.now)
        )
        accepted = factory.Trait(
            state=ApplicationState.ACCEPTED,
            submitted_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
        )
        waitlisted = factory.Trait(
            state=ApplicationState.WAITLISTED,
            submitted_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
        )
        rejected = factory.Trait(
            state=ApplicationState.REJECTED,
            submitted_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
        )
        withdrawn = factory.Trait(
            state=ApplicationState.WITHDRAWN, submitted_at=factory.LazyFunction(timezone.now)
        )
