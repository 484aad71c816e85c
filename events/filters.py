"""Filters of the public calendar: kind, territorial network, theme."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from network.filters import PublicFilterSet
from network.filters import territorial_network_filter
from network.filters import theme_filter

from .enums import EventKind
from .models import Event


class EventFilter(PublicFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EventKind.choices, empty_label=_("All kinds"))
    network = territorial_network_filter()
    theme = theme_filter(field_name="theme")

    class Meta:
        model = Event
        fields = ["kind", "network", "theme"]
