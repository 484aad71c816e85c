"""Public pages of the calls engine: list, call page, JSON and iCalendar feeds. Thin: parse, read, render."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from network.http import is_htmx
from network.http import missing_is_404
from network.ics import CalendarEntry
from network.ics import calendar_bytes
from network.page_cache import cache_anonymous_page
from network.timezones import in_zone

from .. import selectors
from ..enums import ApplicationState
from ..enums import CallState
from ..filters import CallFilter
from ..filters import CallStatus
from ..models import Call
from ..services.eligibility import eligibility_explained

CALLS_PAGE_SIZE = 20
FEED_MAX_AGE = 300  # seconds other sites and browsers may keep the feeds



def _with_deadline_facts(calls: Iterable[Call], now: datetime) -> list[Call]:
    """Adds what the cards show about the deadline, computed once with the same `now`."""
    calls = list(calls)
    for call in calls:
        call.current_state = call.state_at(now)
        call.days_left = selectors.days_left(call, now)
        call.closing_soon = (
            call.current_state == CallState.OPEN
            and call.closes_at is not None
            and call.closes_at - now <= selectors.CLOSING_SOON
        )
    return calls


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


@require_GET
@cache_anonymous_page
def call_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    call_filter = CallFilter(request.GET or None, queryset=selectors.published_calls(), now=now)
    page = Paginator(call_filter.qs, CALLS_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _with_deadline_facts(page.object_list, now)
    query = request.GET.copy()
    query.pop("page", None)
    status = call_filter.chosen_status
    context = {
        "filter": call_filter,
        "page": page,
        "query": query.urlencode(),
        "status": status,
        "status_label": dict(CallStatus.choices).get(status, ""),
        "grouped": status == "",
    }
    template = "programs/call_list.html#results" if is_htmx(request) else "programs/call_list.html"
    return render(request, template, context)


@require_GET
@cache_anonymous_page
def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    with missing_is_404():
        call = selectors.published_call_by_slug(slug)
    now = timezone.now()
    _with_deadline_facts([call], now)
    applications = list(selectors.call_applications_of(request.user, call))
    draft = next((a for a in applications if a.state == ApplicationState.DRAFT), None)
    return render(
        request,
        "programs/call_detail.html",
        {
            "call": call,
            "eligibility": eligibility_explained(call),
            "draft": draft,
            "applications": [a for a in applications if a is not draft],
            "in_calendar_feed": call.closes_at is not None
            and call.current_state in (CallState.OPEN, CallState.SCHEDULED),
        },
    )


def _iso(value: datetime | None, call: Call) -> str | None:
    return in_zone(value, call.tz).isoformat() if value else None


@require_GET
@cache_control(public=True, max_age=FEED_MAX_AGE)
def calls_json(request: HttpRequest) -> JsonResponse:
    """Open calls for other web sites (CORS open to all); labels in the request's language."""
    now = timezone.now()
    calls = selectors.calls_open(now).order_by(F("closes_at").asc(nulls_last=True), "title")
    payload = {
        "calls": [
            {
                "title": call.title,
                "kind": call.kind,
                "kind_label": str(call.get_kind_display()),
                "url": _absolute(call.get_absolute_url()),
                "summary": call.summary,
                "opens_at": _iso(call.opens_at, call),
                "closes_at": _iso(call.closes_at, call),
                "time_zone": call.time_zone,
                "eligibility": call.eligibility,
                "eligibility_label": str(call.get_eligibility_display()),
                "themes": [theme.slug for theme in call.themes.all()],
            }
            for call in calls
        ],
        "generated_at": now.isoformat(),
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
@cache_control(public=True, max_age=FEED_MAX_AGE)
def calls_ics(request: HttpRequest) -> HttpResponse:
    """The deadlines of open and upcoming calls; `?call=<slug>` narrows it to one call."""
    calls = selectors.calls_with_coming_deadlines()
    if request.GET.get("call"):
        calls = calls.filter(slug=request.GET["call"])
    host = settings.SITE_URL.split("//")[-1]
    entries = []
    for call in calls:
        deadline = in_zone(call.closes_at, call.tz)
        entries.append(
            CalendarEntry(
                # The same uid as the .ics attached to reminders, so calendars merge the two.
                uid=f"call-{call.pk}-deadline@{host}",
                title=_("Deadline: %(title)s") % {"title": call.title},
                starts_at=deadline - timedelta(hours=1),
                ends_at=deadline,
                url=_absolute(call.get_absolute_url()),
                description=call.summary,
                alarm_before=timedelta(days=1),
            )
        )
    content = calendar_bytes(entries, name=_("Call deadlines · %(site)s") % {"site": settings.SITE_NAME})
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="deadlines.ics"'
    return response
