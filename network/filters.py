import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .enums import MemberStatus
from .models import Member, TerritorialNetwork, Theme
from .selectors import PUBLIC_MEMBER_STATUSES, member_search


def _countries_in_use():
    codes = set(Member.objects.filter(status__in=PUBLIC_MEMBER_STATUSES).order_by().values_list("country", flat=True)
                .distinct())
    return [(code, name) for code, name in countries if code in codes]


class MemberDirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    country = django_filters.ChoiceFilter(label=_("Country"), choices=_countries_in_use, empty_label=_("All countries"))
    network = django_filters.ModelChoiceFilter(
        label=_("Territorial network"),
        field_name="territorial_network",
        queryset=TerritorialNetwork.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All networks"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(s.value, s.label) for s in MemberStatus if s in PUBLIC_MEMBER_STATUSES],
        empty_label=_("Current members"),
        method="filter_status",
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All themes"),
    )

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
