"""Public calendar, event pages, feeds, registration in the portal, and survey answers. Thin views."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_POST

from network.errors import PortalError
from network.http import is_htmx
from network.http import missing_is_404
from network.ics import calendar_bytes
from network.mail import recipient_language
from network.models import Member
from network.models import TerritorialNetwork
from network.page_cache import cache_anonymous_page
from network.rules import holds
from network.selectors import portal_members_for
from network.upcoming import calendar_entries_for_user
from network.upcoming import upcoming_calendar_entries

from . import selectors
from .enums import ACTIVE_REGISTRATION_STATES
from .enums import REGISTRATION_WORKFLOW
from .enums import Actor
from .enums import RegistrationState
from .filters import EventFilter
from .forms import CoveredChoice
from .forms import LogisticsForm
from .forms import RegisterForm
from .forms import SurveyForm
from .models import CalendarFeed
from .services import feeds
from .services import registrations as services
from .services.notices import event_entry
from .services.surveys import invitation_for_token
from .services.surveys import survey_submit

FEED_MAX_AGE = 300
EVENTS_PAGE_SIZE = 24



def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


CALENDAR_YEARS = range(1900, 2201)  # months outside have no events, and their neighbours overflow `date`


def _month(value: str | None) -> tuple[int, int] | None:
    """The (year, month) of a `YYYY-MM` value, or None when it is not a month the calendar shows."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if year not in CALENDAR_YEARS:
            return None
        date(year, month, 1)
        return year, month
    except (ValueError, OverflowError):
        return None


# --- Public calendar -------------------------------------------------------------------------
@require_GET
@cache_anonymous_page
def event_list(request: HttpRequest) -> HttpResponse:
    event_filter = EventFilter(request.GET or None, queryset=selectors.public_events())
    view = "month" if request.GET.get("view") == "month" else "list"
    context = {"filter": event_filter, "view": view}
    query = request.GET.copy()
    for key in ("view", "month", "past", "page"):
        query.pop(key, None)
    context["query"] = query.urlencode()
    status = 200
    if view == "month":
        asked = request.GET.get("month")
        shown = _month(asked) if asked else None
        if shown is None:
            today = timezone.localdate()
            shown = (today.year, today.month)
            if asked:
                status = 400  # this month's calendar, with the reason
                messages.error(request, _("“%(month)s” is not a month of the calendar (year-month, e.g. %(example)s).")
                               % {"month": asked[:20], "example": f"{today:%Y-%m}"})
        year, month = shown
        first = date(year, month, 1)
        events = list(event_filter.qs.filter(starts_at__date__lte=date(year + month // 12, month % 12 + 1, 1),
                                             ends_at__date__gte=first))
        context["grid"] = selectors.month_grid(events, year=year, month=month)
    else:
        past = request.GET.get("past") == "1"
        now = timezone.now()
        qs = (event_filter.qs.filter(ends_at__lt=now).order_by("-starts_at", "-pk") if past
              else event_filter.qs.filter(ends_at__gte=now).order_by("starts_at", "title", "pk"))
        page = Paginator(qs, EVENTS_PAGE_SIZE).get_page(request.GET.get("page"))
        context["page"] = page
        context["events"] = list(page.object_list)
        context["past"] = past
        context["page_query"] = f"{context['query']}&past=1".lstrip("&") if past else context["query"]
    template = "events/calendar.html#results" if is_htmx(request) else "events/calendar.html"
    return render(request, template, context, status=status)


@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    with missing_is_404():
        event = selectors.event_by_slug(slug)
    if event.webinar_id:  # a webinar's page is its own
        return redirect(event.get_absolute_url(), permanent=True)
    members = list(portal_members_for(request.user)) if request.user.is_authenticated else []
    places = [selectors.event_registrations_for_member(event=event, member=m) for m in members]
    return render(request, "events/event_detail.html", {
        "event": event, "days": selectors.programme_by_day(event), "places": places,
        "accepts": event.accepts_registrations_at(timezone.now()), "upcoming": event.ends_at >= timezone.now(),
    })


@require_GET
@cache_control(max_age=FEED_MAX_AGE, public=True)
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(selectors.public_events(), slug=slug)
    return _ics(calendar_bytes([event_entry(event)], name=event.title), f"{event.slug}.ics")


@require_GET
@cache_control(max_age=FEED_MAX_AGE, public=True)
def feed_all(request: HttpRequest) -> HttpResponse:
    entries = [event_entry(e) for e in selectors.public_events()]
    return _ics(calendar_bytes(entries, name=f"{settings.SITE_NAME} · " + _("Events")), "events.ics")


@require_GET
@cache_control(max_age=FEED_MAX_AGE, public=True)
def feed_network(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(TerritorialNetwork, slug=slug)
    entries = [event_entry(e) for e in selectors.public_events().filter(territorial_network=network)]
    return _ics(calendar_bytes(entries, name=f"{settings.SITE_NAME} · {network.name}"), f"{network.slug}.ics")


@require_GET
@cache_control(max_age=FEED_MAX_AGE, private=True)
def personal_feed(request: HttpRequest, secret: str) -> HttpResponse:
    feed = CalendarFeed.objects.select_related("user").filter(secret=secret, user__is_active=True).first()
    if feed is None:
        raise Http404
    # A calendar app sends no language: the feed is in its owner's (titles of translated events too).
    with translation.override(recipient_language(feed.user)):
        entries = calendar_entries_for_user(user=feed.user)
        content = calendar_bytes(entries, name=f"{settings.SITE_NAME} · " + _("My calendar"))
    return _ics(content, "my-calendar.ics")


@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        feeds.calendar_feed_reset(user=request.user)
        messages.success(request, _("Your calendar has a new address; the old one no longer works."))
        return redirect("events:my_calendar")
    feed = feeds.calendar_feed_for(user=request.user)
    return render(request, "events/my_calendar.html", {
        "feed_url": settings.SITE_URL + feed.get_absolute_url(),
        "entries": upcoming_calendar_entries(user=request.user, limit=20),
    })


# --- Registration in the portal --------------------------------------------------------------
def _member_for_registration(request: HttpRequest) -> Member:
    """The member registering: one the user works for (the secretariat may pick any member)."""
    slug = request.POST.get("member") or request.GET.get("member")
    if holds(request.user, "events.add_registration") and slug:
        member = Member.objects.select_related("territorial_network").filter(slug=slug).first()
        if member is not None:
            return member
    members = list(portal_members_for(request.user))
    chosen = next((m for m in members if m.slug == slug), None) if slug else (members[0] if members else None)
    if chosen is None:
        raise Http404
    return chosen


@login_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    with missing_is_404():
        event = selectors.event_by_slug(slug)
    member = _member_for_registration(request)
    people = list(selectors.registerable_people(user=request.user, member=member))
    offers_cover = event.covered_places_per_member > 0 and member.is_active_member
    form = RegisterForm(request.POST or None, people=selectors.registerable_people(user=request.user, member=member),
                        offers_cover=offers_cover)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_register(
                event=event, member=member, person=data["person"], by=request.user,
                covered=None if data.get("place", CoveredChoice.NO) == CoveredChoice.AUTO else False,
                arrival_on=data["arrival_on"], departure_on=data["departure_on"],
                dietary_needs=data["dietary_needs"], accessibility_needs=data["accessibility_needs"],
            )
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            if registration.covered:
                messages.success(request, _("%(name)s is registered with a covered place.")
                                 % {"name": registration.person.full_name})
            else:
                messages.success(request, _("%(name)s is registered without a covered place.")
                                 % {"name": registration.person.full_name})
            return redirect(f"{event.get_absolute_url()}#registrations")
    return render(request, "events/register.html", {
        "event": event, "member": member, "form": form, "people": people,
        "members": list(portal_members_for(request.user)),
        "places": selectors.event_registrations_for_member(event=event, member=member),
        "accepts": event.accepts_registrations_at(timezone.now()),
    }, status=400 if form.errors else 200)


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    return render(request, "events/my_registrations.html",
                  {"registrations": list(selectors.registrations_of(request.user)[:200])})


def _registration(request: HttpRequest, pk: int):
    registration = selectors.registrations_of(request.user).filter(pk=pk).first()
    if registration is None:
        raise Http404
    return registration


@login_required
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _registration(request, pk)
    form = LogisticsForm(request.POST or None, instance=registration)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.registration_update_logistics(
                registration=registration, by=request.user, arrival_on=data["arrival_on"],
                departure_on=data["departure_on"], dietary_needs=data["dietary_needs"],
                accessibility_needs=data["accessibility_needs"])
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The registration was updated."))
            return redirect(registration.get_absolute_url())
    can_cancel = any(m.target == RegistrationState.CANCELLED for m in REGISTRATION_WORKFLOW.targets(
        source=registration.state, actor=Actor.PARTICIPANT))
    return render(request, "events/registration_detail.html", {
        "registration": registration, "event": registration.event, "form": form, "can_cancel": can_cancel,
        "editable": registration.state in ACTIVE_REGISTRATION_STATES and registration.state != "attended",
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _registration(request, pk)
    try:
        services.registration_cancel(registration=registration, by=request.user)
    except PortalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The registration was cancelled."))
    return redirect(registration.get_absolute_url())


# --- Surveys ---------------------------------------------------------------------------------
def survey(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_for_token(token)
    if invitation is None:
        raise Http404
    questionnaire = invitation.questionnaire
    questions = list(questionnaire.questions.all())
    form = SurveyForm(request.POST or None, questions=questions)
    done = invitation.answered_at is not None
    closed = not questionnaire.is_open_at(timezone.now())
    if request.method == "POST" and not done and not closed and form.is_valid():
        try:
            survey_submit(token=token, answers=form.answers())
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            return render(request, "events/survey_thanks.html", {"questionnaire": questionnaire})
    return render(request, "events/survey.html", {
        "questionnaire": questionnaire, "form": form, "done": done, "closed": closed,
        "subject": questionnaire.subject,
    }, status=400 if form.errors else 200)
