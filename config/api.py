"""The read API's URLs: /api/v1/… (each app's endpoints), the OpenAPI 3.1 schema at /api/schema/
and its documentation page at /api/docs/ (Swagger UI from drf-spectacular-sidecar, served from our
own static files: no CDN)."""

from django.urls import include
from django.urls import path
from django.urls import re_path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from campus.api import CourseViewSet
from events.api import EventViewSet
from network.api.framework import not_found
from network.api.views import FigureViewSet
from network.api.views import MemberViewSet
from network.api.views import ReportViewSet
from network.api.views import SchemaView
from network.api.views import TerritorialNetworkViewSet
from network.api.views import ThemeViewSet
from programs.calls.api import CallViewSet
from programs.knowledge.api import PracticeViewSet
from programs.knowledge.api import WebinarViewSet

router = SimpleRouter(trailing_slash=True)
router.register("members", MemberViewSet, basename="members")
router.register("territorial-networks", TerritorialNetworkViewSet, basename="territorial-networks")
router.register("themes", ThemeViewSet, basename="themes")
router.register("calls", CallViewSet, basename="calls")
router.register("events", EventViewSet, basename="events")
router.register("webinars", WebinarViewSet, basename="webinars")
router.register("practices", PracticeViewSet, basename="practices")
router.register("courses", CourseViewSet, basename="courses")
router.register("reports", ReportViewSet, basename="reports")
router.register("figures", FigureViewSet, basename="figures")

urlpatterns = [
    path("v1/", include((router.urls, "api"), namespace="api")),
    path("schema/", SchemaView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    re_path(r"^(?P<path>.*)$", not_found),
]
