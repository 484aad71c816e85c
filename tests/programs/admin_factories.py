"""Factories for the secretariat's tests (admin and reviews): each builds exactly what its name says."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

import factory
from django.contrib.auth.models import Permission
from django.utils import timezone

from network.models import User
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.models import Review
from tests.factories import UserFactory

from .factories import ApplicationFactory
from .factories import CallFactory


def minutes_from_now(minutes: float) -> datetime:
    return (timezone.now() + timedelta(minutes=minutes)).replace(second=0, microsecond=0)


class SecretariatCallFactory(CallFactory):
    """An open call (opened 10 days ago, closes in 20), two criteria scored 0 to 5."""

    kind = CallKind.MENTORSHIP
    title = factory.Sequence(lambda n: f"Convocatoria de mentorías {n}")
    slug = factory.Sequence(lambda n: f"mentorias-{n}")
    opens_at = factory.LazyFunction(lambda: minutes_from_now(-10 * 24 * 60))
    closes_at = factory.LazyFunction(lambda: minutes_from_now(20 * 24 * 60))
    time_zone = "America/Bogota"
    review_criteria = ["Relevancia", "Calidad"]
    score_max = 5

    class Params:
        blind = factory.Trait(blind_review=True)


class SecretariatApplicationFactory(ApplicationFactory):
    """A submitted application (row written directly; the decision tests start from here)."""

    call = factory.SubFactory(SecretariatCallFactory)
    reference = factory.Sequence(lambda n: f"MEN-2026-A{n:05d}")
    title = factory.Sequence(lambda n: f"Propuesta {n}")
    state = ApplicationState.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(state=ApplicationState.DRAFT, submitted_at=None)


class ReviewFactory(factory.django.DjangoModelFactory):
    """An assigned review, not yet scored; pass `scores` and `submitted_at` for a done one."""

    class Meta:
        model = Review

    application = factory.SubFactory(SecretariatApplicationFactory)
    reviewer = factory.SubFactory(UserFactory, is_staff=True)
    scores = factory.LazyFunction(dict)


def staff_without_superpowers(*codenames: str, **kwargs) -> User:
    """A staff user (not a superuser) with exactly the given `programs` permissions."""
    user = UserFactory(is_staff=True, **kwargs)
    permissions = Permission.objects.filter(content_type__app_label="programs", codename__in=codenames)
    user.user_permissions.set(permissions)
    return User.objects.get(pk=user.pk)  # fresh: no cached permissions


REVIEWER_PERMISSIONS = ("view_application", "view_review", "change_review", "add_review")
