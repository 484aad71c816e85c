import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .enums import MemberStatus
from .models import Member
from .models import TerritorialNetwork
from .models import Theme
from .page_cache import public_data
from .selectors import PUBLIC_MEMBER_STATUSES
from .selectors import member_search
from .widgets import fast_widgets


def _country_codes_in_use() -> set[str]:
    return set(Member.objects.filter(status__in=PUBLIC_MEMBER_STATUSES).order_by().values_list("country", flat=True)
               .distinct())


def _countries_in_use():
    codes = public_data("member-countries", _country_codes_in_use)
    return [(code, name) for code, name in countries if code in codes]


class PublicFilterSet(django_filters.FilterSet):
    """The FilterSet of every public list: its selects are drawn by network.widgets.FastSelect (the
    same markup, without a template include per option)."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            self._form = fast_widgets(super().form)
        return self._form


def theme_filter(*, field_name: str = "themes") -> django_filters.ModelChoiceFilter:
    """The filter by theme every public list offers (directory, calls, practices …), by the theme's slug."""
    return django_filters.ModelChoiceFilter(label=_("Theme"), field_name=field_name,
                                            queryset=Theme.objects.order_by("name"), to_field_name="slug",
                                            empty_label=_("All themes"))


def territorial_network_filter(*, field_name: str = "territorial_network") -> django_filters.ModelChoiceFilter:
    """The filter by territorial network of the public lists, by the network's slug."""
    return django_filters.ModelChoiceFilter(label=_("Territorial network"), field_name=field_name,
                                            queryset=TerritorialNetwork.objects.order_by("name"),
                                            to_field_name="slug", empty_label=_("All networks"))


class MemberDirectoryFilter(PublicFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    country = django_filters.ChoiceFilter(label=_("Country"), choices=_countries_in_use, empty_label=_("All countries"))
    network = territorial_network_filter()
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(s.value, s.label) for s in MemberStatus if s in PUBLIC_MEMBER_STATUSES],
        empty_label=_("Current members"),
        method="filter_status",
    )
    theme = theme_filter()

    class Meta:
        model = Member
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet[Member], name: str, value: str) -> QuerySet[Member]:
        return member_search(queryset, value)

    def filter_status(self, queryset: QuerySet[Member], name: str, value: str) -> QuerySet[Member]:
        return queryset.filter(status=value)

    def __init__(self, data=None, queryset=None, **kwargs):
        # Former members are listed only when asked for; everything else is today's network.
        if queryset is not None and (data or {}).get("status") != MemberStatus.FORMER:
            queryset = queryset.exclude(status=MemberStatus.FORMER)
        super().__init__(data, queryset, **kwargs)
