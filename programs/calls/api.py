"""Calls in the read API: every published call, open, upcoming or closed (the list's filters)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers

from network.api.framework import PublicReadViewSet
from network.api.serializers import InOwnZoneField
from network.api.serializers import PageUrlField
from network.api.serializers import ThemeRefSerializer

from . import selectors
from .filters import CallFilter
from .models import Call


class CallSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    eligibility_label = serializers.CharField(source="get_eligibility_display")
    state = serializers.SerializerMethodField(help_text="scheduled, open or closed, now.")
    opens_at = InOwnZoneField()
    closes_at = InOwnZoneField(allow_null=True, help_text="Empty: open all year.")
    themes = ThemeRefSerializer(many=True)
    url = PageUrlField()

    class Meta:
        model = Call
        fields = ["slug", "title", "summary", "description", "kind", "kind_label", "eligibility",
                  "eligibility_label", "state", "opens_at", "closes_at", "time_zone", "places", "themes", "url",
                  "updated_at"]

    def get_state(self, call: Call) -> str:
        return call.state_at(self.context["now"])


@extend_schema_view(
    list=extend_schema(summary="Calls", description="Published calls. Without `status`, the open and upcoming "
                                                    "ones, open ones first; `status=closed` gives past calls."),
    retrieve=extend_schema(summary="One call"))
class CallViewSet(PublicReadViewSet):
    serializer_class = CallSerializer
    filterset_class = CallFilter

    def get_queryset(self):
        return selectors.published_calls().defer("reminder_offsets", "review_criteria")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}
