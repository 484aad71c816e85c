"""Published events in the read API: congresses, network meetings, committees (the calendar's filters)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers

from network.api.framework import PublicReadViewSet
from network.api.serializers import InOwnZoneField
from network.api.serializers import MemberRefSerializer
from network.api.serializers import PageUrlField
from network.api.serializers import TerritorialNetworkRefSerializer
from network.api.serializers import ThemeRefSerializer

from .filters import EventFilter
from .models import Event
from .selectors import public_events


class EventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    starts_at = InOwnZoneField()
    ends_at = InOwnZoneField()
    registration_closes_at = InOwnZoneField(allow_null=True)
    theme = ThemeRefSerializer(allow_null=True)
    host_member = MemberRefSerializer(allow_null=True)
    territorial_network = TerritorialNetworkRefSerializer(allow_null=True)
    url = PageUrlField()

    class Meta:
        model = Event
        fields = ["slug", "title", "kind", "kind_label", "edition", "summary", "description", "motto", "theme",
                  "host_member", "territorial_network", "venue", "city", "starts_at", "ends_at", "time_zone",
                  "registration_open", "registration_closes_at", "url", "updated_at"]


@extend_schema_view(list=extend_schema(summary="Events", description="Published events, soonest first."),
                    retrieve=extend_schema(summary="One event"))
class EventViewSet(PublicReadViewSet):
    serializer_class = EventSerializer
    filterset_class = EventFilter

    def get_queryset(self):
        return public_events().defer("online_url")
