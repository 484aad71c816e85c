"""The network's own endpoints: members, territorial networks, themes, published reports, figures."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter
from drf_spectacular.utils import extend_schema
from drf_spectacular.utils import extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import viewsets
from rest_framework.response import Response

from network.filters import MemberDirectoryFilter
from network.models import Theme
from network.plan.figures import figures_for_year
from network.plan.selectors import plan_years
from network.plan.selectors import published_reports
from network.selectors import public_members
from network.selectors import territorial_networks_with_counts

from .framework import PublicApiMixin
from .framework import PublicReadViewSet
from .serializers import MemberSerializer
from .serializers import PublishedReportSerializer
from .serializers import TerritorialNetworkSerializer
from .serializers import ThemeSerializer
from .serializers import YearFiguresSerializer
from .serializers import YearSerializer
from .serializers import absolute

FIRST_FIGURES_YEAR = 2000


@extend_schema_view(list=extend_schema(summary="Member cities and entities",
                                       description="Current members, as the directory lists them; former "
                                                   "members with `status=former`."),
                    retrieve=extend_schema(summary="One member"))
class MemberViewSet(PublicReadViewSet):
    serializer_class = MemberSerializer
    filterset_class = MemberDirectoryFilter

    def get_queryset(self):
        return public_members().defer("search_text")


@extend_schema_view(list=extend_schema(summary="Territorial networks"),
                    retrieve=extend_schema(summary="One territorial network"))
class TerritorialNetworkViewSet(PublicReadViewSet):
    serializer_class = TerritorialNetworkSerializer
    pagination_class = None  # a handful

    def get_queryset(self):
        return territorial_networks_with_counts().select_related("coordinating_member")


@extend_schema_view(list=extend_schema(summary="Themes (fields of work)"),
                    retrieve=extend_schema(summary="One theme"))
class ThemeViewSet(PublicReadViewSet):
    serializer_class = ThemeSerializer
    pagination_class = None  # a few dozen

    def get_queryset(self):
        return Theme.objects.prefetch_related("sdgs").order_by("name")


class ReportViewSet(PublicApiMixin, viewsets.ViewSet):
    @extend_schema(summary="Published annual reports", responses=PublishedReportSerializer(many=True),
                   description="Per year, the headline figures as published and a PDF per language.")
    def list(self, request):
        reports = [
            {"year": report.year, "summary_language": report.summary_language, "summary": report.summary,
             "files": [{"language": code, "language_name": str(name),
                        "pdf": absolute(reverse("report_pdf", kwargs={"year": report.year, "language": code}))}
                       for code, name in report.files]}
            for report in published_reports(translation.get_language())
        ]
        return Response(PublishedReportSerializer(reports, many=True).data)


def _figure_years() -> list[int]:
    this_year = timezone.localdate().year
    first = min([*plan_years(), this_year - 9])
    return list(range(this_year, max(first, FIRST_FIGURES_YEAR) - 1, -1))


class FigureViewSet(PublicApiMixin, viewsets.ViewSet):
    lookup_field = "year"
    lookup_value_regex = r"\d{4}"

    @extend_schema(summary="Years with aggregate figures", responses=YearSerializer(many=True))
    def list(self, request):
        return Response(YearSerializer(
            [{"year": year, "url": absolute(reverse("api:figures-detail", kwargs={"year": year}))}
             for year in _figure_years()], many=True).data)

    @extend_schema(summary="Aggregate figures of one year", responses=YearFiguresSerializer,
                   parameters=[OpenApiParameter("year", int, OpenApiParameter.PATH)],
                   description="The network's figures for the year, as the annual report computes them "
                               "live: members, calls, programmes, campus, congress and events. No personal data.")
    def retrieve(self, request, year: str):
        year = int(year)
        if year not in _figure_years():
            raise Http404
        groups = [
            {"key": group.key, "title": str(group.title),
             "figures": [{"key": f.key, "label": str(f.label), "value": f.value, "total": f.total, "unit": f.unit}
                         for f in group.figures],
             "breakdowns": [{"key": b.key, "title": str(b.title),
                             "rows": [{"label": str(label), "value": value} for label, value in b.rows]}
                            for b in group.breakdowns],
             "trends": [{"key": t.key, "title": str(t.title),
                         "points": [{"year": y, "value": value} for y, value in t.points]} for t in group.trends]}
            for group in figures_for_year(year=year)
        ]
        return Response(YearFiguresSerializer({"year": year, "groups": groups}).data)


class SchemaView(PublicApiMixin, SpectacularAPIView):
    """The OpenAPI document, rate-limited like the endpoints and made once per language and process:
    it changes only with the code, and writing it costs ~150 ms."""

    renderer_classes = SpectacularAPIView.renderer_classes
    made: ClassVar[dict[str, dict]] = {}

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language not in self.made:
            self.made[language] = self._get_schema_response(request).data
        return Response(self.made[language])
