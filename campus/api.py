"""The campus in the read API: published courses with their published editions."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers

from network.api.framework import PublicReadViewSet
from network.api.serializers import MemberRefSerializer
from network.api.serializers import PageUrlField
from network.api.serializers import ThemeRefSerializer

from .models import Course
from .models import Edition
from .selectors import catalogue_courses


class EditionSerializer(serializers.ModelSerializer):
    seminar_host = MemberRefSerializer(allow_null=True)

    class Meta:
        model = Edition
        fields = ["number", "year", "starts_on", "ends_on", "seats", "fee", "currency", "hours", "seminar_host",
                  "seminar_starts_on", "seminar_ends_on"]


class CourseSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    modality_label = serializers.CharField(source="get_modality_display")
    themes = ThemeRefSerializer(many=True)
    editions = EditionSerializer(many=True, source="public_editions", help_text="Published editions, newest first.")
    url = PageUrlField()

    class Meta:
        model = Course
        fields = ["slug", "title", "summary", "description", "kind", "kind_label", "modality", "modality_label",
                  "duration_weeks", "hours", "languages", "requires_final_project", "themes", "editions", "url"]


@extend_schema_view(list=extend_schema(summary="Courses", description="The campus catalogue, in its order."),
                    retrieve=extend_schema(summary="One course"))
class CourseViewSet(PublicReadViewSet):
    serializer_class = CourseSerializer

    def get_queryset(self):
        editions = Edition.objects.filter(published=True).select_related("seminar_host").order_by("-number")
        return catalogue_courses().defer(None).prefetch_related(
            Prefetch("editions", queryset=editions, to_attr="public_editions"))
