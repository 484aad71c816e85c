"""Filters of the public calendar: kind, territorial network, theme."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from network.models import TerritorialNetwork, Theme

from .enums import EventKind
from .models import Event


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EventKind.choices, empty_label=_("All kinds"))
    network = django_filters.ModelChoiceFilter(
        label=_("Territorial network"), field_name="territorial_network", to_field_name="slug",
        queryset=TerritorialNetwork.objects.order_by("name"), empty_label=_("All networks"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="theme", to_field_name="slug", queryset=Theme.objects.order_by("name"),
        empty_label=_("All themes"),
    )

    class Meta:
        model = Event
        fields = ["kind", "network", "theme"]
