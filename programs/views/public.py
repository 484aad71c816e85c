"""Public pages of the calls engine: list, call page, JSON and iCalendar feeds."""

from django.http import HttpRequest, HttpResponse


def call_list(request: HttpRequest) -> HttpResponse:  # pragma: no cover - replaced by the public-pages work
    raise NotImplementedError


def call_detail(request: HttpRequest, slug: str) -> HttpResponse:  # pragma: no cover
    raise NotImplementedError


def calls_json(request: HttpRequest) -> HttpResponse:  # pragma: no cover
    raise NotImplementedError


def calls_ics(request: HttpRequest) -> HttpResponse:  # pragma: no cover
    raise NotImplementedError
