"""Webinars and good practices (with the cities that adopted them) in the read API."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers

from network.api.framework import PublicReadViewSet
from network.api.serializers import InOwnZoneField
from network.api.serializers import MemberRefSerializer
from network.api.serializers import PageUrlField
from network.api.serializers import ThemeRefSerializer

from . import selectors
from .enums import PUBLIC_WEBINAR_STATES
from .filters import PracticeFilter
from .filters import WebinarFilter
from .models import GoodPractice
from .models import PracticeTransfer
from .models import Webinar


class WebinarSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display")
    starts_at = InOwnZoneField()
    presenting_member = MemberRefSerializer(allow_null=True)
    themes = ThemeRefSerializer(many=True)
    url = PageUrlField()

    class Meta:
        model = Webinar
        fields = ["slug", "title", "summary", "state", "state_label", "starts_at", "duration_minutes", "time_zone",
                  "presenting_member", "speakers", "capacity", "recording_url", "themes", "url", "updated_at"]


@extend_schema_view(list=extend_schema(summary="Webinars", description="Scheduled, held and cancelled webinars, "
                                                                       "newest first; `when` narrows them."),
                    retrieve=extend_schema(summary="One webinar"))
class WebinarViewSet(PublicReadViewSet):
    serializer_class = WebinarSerializer
    filterset_class = WebinarFilter

    def get_queryset(self):
        return (Webinar.objects.filter(state__in=PUBLIC_WEBINAR_STATES)
                .select_related("presenting_member").prefetch_related(selectors.THEMES_BY_NAME)
                .defer("online_url").order_by("-starts_at", "pk"))


class TransferSerializer(serializers.ModelSerializer):
    member = MemberRefSerializer()
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = PracticeTransfer
        fields = ["member", "kind", "kind_label", "year"]


class PracticeSerializer(serializers.ModelSerializer):
    member = MemberRefSerializer()
    themes = ThemeRefSerializer(many=True)
    sdgs = serializers.SerializerMethodField(help_text="Numbers of the UN Sustainable Development Goals.")
    transfers = TransferSerializer(many=True, help_text="Cities that adopted or adapted the practice.")
    url = PageUrlField()

    class Meta:
        model = GoodPractice
        fields = ["slug", "title", "summary", "body", "year", "member", "themes", "sdgs", "transfers",
                  "published_at", "url", "updated_at"]

    def get_sdgs(self, practice: GoodPractice) -> list[int]:
        return [goal.number for goal in practice.sdgs.all()]


@extend_schema_view(list=extend_schema(summary="Good practices", description="The practice bank: published "
                                                                             "practices, newest year first."),
                    retrieve=extend_schema(summary="One good practice"))
class PracticeViewSet(PublicReadViewSet):
    serializer_class = PracticeSerializer
    filterset_class = PracticeFilter

    def get_queryset(self):
        transfers = PracticeTransfer.objects.select_related("member").order_by("year", "pk")
        return selectors.published_practices().prefetch_related(
            "sdgs", Prefetch("transfers", queryset=transfers.defer("notes")))
