import django_filters
from django.db.models import QuerySet
from django.utils.translation import get_language
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


class _KeptChoices(django_filters.fields.ModelChoiceIterator):
    """A public filter's options (themes, territorial networks, SDGs) as the queryset gives them —
    each one's value and label — kept as plain text per language under the public-data version
    (network.page_cache.public_data: a change to a public record drops them). Drawing a sidebar then
    reads no table; what a visitor picks is still checked against the queryset."""

    def _kept(self) -> list[tuple[str, str]]:
        field = self.field

        def read() -> list[tuple[str, str]]:
            return [(str(field.prepare_value(row)), str(field.label_from_instance(row))) for row in field.queryset]

        return public_data(f"filter-choices:{field.kept_as}:{get_language()}", read)

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from self._kept()

    def __len__(self) -> int:
        return len(self._kept()) + (self.field.empty_label is not None) + (self.field.null_label is not None)


class _KeptModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _KeptChoices

    def __init__(self, *args, kept_as: str, **kwargs):
        self.kept_as = kept_as
        super().__init__(*args, **kwargs)


class KeptModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A public list's filter by a small public table (`kept_as` names its options in the cache).
    The table's model must be registered with network.page_cache.register_public_models."""

    field_class = _KeptModelChoiceField


def theme_filter(*, field_name: str = "themes") -> django_filters.ModelChoiceFilter:
    """The filter by theme every public list offers (directory, calls, practices …), by the theme's slug."""
    return KeptModelChoiceFilter(label=_("Theme"), field_name=field_name, kept_as="themes",
                                 queryset=Theme.objects.order_by("name"), to_field_name="slug",
                                 empty_label=_("All themes"))


def territorial_network_filter(*, field_name: str = "territorial_network") -> django_filters.ModelChoiceFilter:
    """The filter by territorial network of the public lists, by the network's slug."""
    return KeptModelChoiceFilter(label=_("Territorial network"), field_name=field_name, kept_as="territorial-networks",
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
