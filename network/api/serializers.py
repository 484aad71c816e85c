"""How the network's own records read in the API, and the pieces every app's serializers share."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from network.models import Member
from network.models import TerritorialNetwork
from network.models import Theme
from network.timezones import in_zone


def absolute(path: str) -> str:
    return settings.SITE_URL + path


class PageUrlField(serializers.URLField):
    """The object's public page, as an absolute URL."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "The public page of this record.")
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return absolute(value.get_absolute_url())


class ThemeRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField(source="label", help_text="In the language asked for.")


class ThemeSerializer(ThemeRefSerializer):
    description = serializers.CharField()
    sdgs = serializers.SerializerMethodField(help_text="Numbers of the UN Sustainable Development Goals.")

    def get_sdgs(self, theme: Theme) -> list[int]:
        return [goal.number for goal in theme.sdgs.all()]


class MemberRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    country = serializers.CharField(source="country.code", help_text="ISO 3166-1 alpha-2.")


class TerritorialNetworkRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class MemberSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    country = serializers.CharField(source="country.code", help_text="ISO 3166-1 alpha-2.")
    country_name = serializers.CharField(source="country.name")
    status_label = serializers.CharField(source="get_status_display")
    territorial_network = TerritorialNetworkRefSerializer(allow_null=True)
    themes = ThemeRefSerializer(many=True)
    url = PageUrlField()

    class Meta:
        model = Member
        fields = ["slug", "name", "kind", "kind_label", "country", "country_name", "territorial_network",
                  "status", "status_label", "population", "joined_on", "website", "description", "latitude",
                  "longitude", "themes", "url", "updated_at"]


class TerritorialNetworkSerializer(serializers.ModelSerializer):
    countries = serializers.SerializerMethodField(help_text="ISO 3166-1 alpha-2 codes.")
    coordinating_member = MemberRefSerializer(allow_null=True)
    member_count = serializers.IntegerField(help_text="Current members (active and in arrears).")
    url = PageUrlField()

    class Meta:
        model = TerritorialNetwork
        fields = ["slug", "name", "description", "countries", "coordinating_member", "member_count", "url"]

    def get_countries(self, network: TerritorialNetwork) -> list[str]:
        return [country.code for country in network.countries]


class ReportFileSerializer(serializers.Serializer):
    language = serializers.CharField()
    language_name = serializers.CharField()
    pdf = serializers.URLField()


class ReportFigureSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.CharField()


class PublishedReportSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    summary_language = serializers.CharField(help_text="The language of the summary: the one asked for when "
                                                       "the report was published in it, else the network's.")
    summary = serializers.ListField(child=serializers.DictField(), help_text="Headline figures as published.")
    files = ReportFileSerializer(many=True)


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(help_text="In the year asked for.")
    total = serializers.FloatField(allow_null=True, help_text="Since the first year the data knows, where "
                                                              "that makes sense.")
    unit = serializers.CharField()


class RowSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.FloatField()


class BreakdownSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    rows = RowSerializer(many=True)


class PointSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = serializers.FloatField()


class TrendSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    points = PointSerializer(many=True)


class FigureGroupSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    figures = FigureSerializer(many=True)
    breakdowns = BreakdownSerializer(many=True)
    trends = TrendSerializer(many=True)


class YearFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    groups = FigureGroupSerializer(many=True)


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    url = serializers.URLField()


class InOwnZoneField(serializers.DateTimeField):
    """A moment given in the record's own time zone (its `time_zone` field), ISO 8601 with the offset:
    a deadline in Mexico City reads 23:59-06:00, as on its page, whatever the server's zone."""

    def get_attribute(self, instance):
        return super().get_attribute(instance), getattr(instance, "time_zone", "")

    def to_representation(self, value):
        moment, zone = value
        return in_zone(moment, zone).isoformat() if moment else None
