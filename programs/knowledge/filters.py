import django_filters
from django.db.models import Exists
from django.db.models import OuterRef
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from network.filters import KeptModelChoiceFilter
from network.filters import PublicFilterSet
from network.filters import territorial_network_filter
from network.filters import theme_filter
from network.models import Member
from network.models import SustainableDevelopmentGoal
from network.page_cache import public_data

from .enums import PracticeState
from .models import GoodPractice
from .models import Webinar
from .selectors import practice_search
from .selectors import practice_years


def _country_codes_with_practices() -> set[str]:
    # From the members (a few thousand rows, each checked through the member/state index), not from
    # every published practice.
    published = GoodPractice.objects.filter(member=OuterRef("pk"), state=PracticeState.PUBLISHED)
    return set(Member.objects.filter(Exists(published)).order_by().values_list("country", flat=True).distinct())


def _countries_with_practices():
    codes = public_data("practice-countries", _country_codes_with_practices)
    return [(code, name) for code, name in countries if code in codes]


def _years():
    return [(year, year) for year in public_data("practice-years", practice_years)]


class PracticeFilter(PublicFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    theme = theme_filter()
    sdg = KeptModelChoiceFilter(
        label=_("SDG"), field_name="sdgs", queryset=SustainableDevelopmentGoal.objects.order_by("number"), kept_as="sdgs",
        empty_label=_("All SDGs"),
    )
    country = django_filters.ChoiceFilter(label=_("Country"), field_name="member__country",
                                          choices=_countries_with_practices, empty_label=_("All countries"))
    network = territorial_network_filter(field_name="member__territorial_network")
    year = django_filters.ChoiceFilter(label=_("Year"), choices=_years, empty_label=_("All years"))

    class Meta:
        model = GoodPractice
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet[GoodPractice], name: str, value: str) -> QuerySet[GoodPractice]:
        return practice_search(queryset, value)


class WebinarFilter(PublicFilterSet):
    """The read API's webinars: coming or held, by theme (the webinar page lists both)."""

    when = django_filters.ChoiceFilter(label=_("When"), method="filter_when", empty_label=_("Any time"),
                                       choices=[("upcoming", _("Upcoming")), ("past", _("Past"))])
    theme = theme_filter()

    class Meta:
        model = Webinar
        fields: list[str] = []

    def filter_when(self, queryset: QuerySet[Webinar], name: str, value: str) -> QuerySet[Webinar]:
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(starts_at__gt=now).order_by("starts_at")
        return queryset.filter(starts_at__lte=now).order_by("-starts_at")
