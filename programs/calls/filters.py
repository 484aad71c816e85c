"""Filters of the public list of calls: by status (from the dates), kind, theme and who may apply."""

from __future__ import annotations

from datetime import datetime

import django_filters
from django.db.models import Case
from django.db.models import F
from django.db.models import IntegerField
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Value
from django.db.models import When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network.filters import PublicFilterSet
from network.filters import theme_filter

from .enums import CallKind
from .enums import Eligibility
from .models import Call
from .selectors import CLOSING_SOON


class CallStatus:
    """The values of the `status` filter; no value means "open and upcoming", open ones first."""

    OPEN = "open"
    CLOSING_SOON = "closing_soon"
    UPCOMING = "upcoming"
    CLOSED = "closed"

    choices = [
        (OPEN, pgettext_lazy("calls filter", "Open")),
        (CLOSING_SOON, pgettext_lazy("calls filter", "Closing soon")),
        (UPCOMING, pgettext_lazy("calls filter", "Upcoming")),
        (CLOSED, pgettext_lazy("calls filter", "Closed")),
    ]


def _open(now: datetime) -> Q:
    return Q(resolved_at__isnull=True, opens_at__lte=now) & (Q(closes_at__isnull=True) | Q(closes_at__gt=now))


def _upcoming(now: datetime) -> Q:
    return Q(resolved_at__isnull=True, opens_at__gt=now)


def calls_by_status(queryset: QuerySet[Call], status: str, now: datetime) -> QuerySet[Call]:
    """Narrow and order published calls for one status; "" is the default view (open, then upcoming)."""
    if status == CallStatus.OPEN:
        return queryset.filter(_open(now)).order_by(F("closes_at").asc(nulls_last=True), "title")
    if status == CallStatus.CLOSING_SOON:
        return queryset.filter(_open(now), closes_at__lte=now + CLOSING_SOON).order_by("closes_at", "title")
    if status == CallStatus.UPCOMING:
        return queryset.filter(_upcoming(now)).order_by("opens_at", "title")
    if status == CallStatus.CLOSED:
        return queryset.filter(Q(resolved_at__isnull=False) | Q(closes_at__lte=now)).order_by(
            Coalesce("closes_at", "resolved_at").desc(), "title"
        )
    # Open calls first (soonest deadline first, open-all-year last), then upcoming ones by opening date.
    return (
        queryset.filter(_open(now) | _upcoming(now))
        .annotate(
            listing_group=Case(
                When(opens_at__lte=now, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            listing_date=Case(When(opens_at__lte=now, then=F("closes_at")), default=F("opens_at")),
        )
        .order_by("listing_group", F("listing_date").asc(nulls_last=True), "title")
    )


class CallFilter(PublicFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=CallStatus.choices,
        empty_label=_("Open and upcoming"),
        method="filter_status",
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CallKind.choices, empty_label=_("All kinds"))
    theme = theme_filter()
    eligibility = django_filters.ChoiceFilter(
        label=_("Who may apply"), choices=Eligibility.choices, empty_label=_("Any")
    )

    class Meta:
        model = Call
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, now: datetime | None = None, **kwargs):
        self.now = now or timezone.now()
        super().__init__(data, queryset, **kwargs)

    @property
    def chosen_status(self) -> str:
        """The status shown: a valid choice from the query string, or "" for the default view."""
        if not self.is_bound:
            return ""
        self.form.is_valid()  # cleans every field; an invalid one is left out of cleaned_data
        return self.form.cleaned_data.get("status") or ""

    @property
    def qs(self) -> QuerySet[Call]:
        if not hasattr(self, "_qs"):
            # The status always applies, also without a query string: the default view hides closed calls.
            self._qs = calls_by_status(super().qs, self.chosen_status, self.now)
        return self._qs

    def filter_status(self, queryset: QuerySet[Call], name: str, value: str) -> QuerySet[Call]:
        return queryset  # applied in `qs`, with its ordering, also when no status is chosen
