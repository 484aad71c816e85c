"""Reusable reads of the calls engine, prefetched for the pages that use them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from statistics import mean
from statistics import pstdev

from django.db.models import Case
from django.db.models import Count
from django.db.models import F
from django.db.models import IntegerField
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Value
from django.db.models import When
from django.utils import timezone
from django.utils.translation import gettext as _

from network.content_language import each_language
from network.content_language import shown_language
from network.models import Member
from network.models import Theme
from network.models import User
from network.rules import holds
from network.search import SearchHit
from network.search import first_page
from network.search import text_search
from network.selectors import focal_point_member_ids
from network.upcoming import UpcomingItem

from .enums import APPLICATION_WORKFLOW
from .enums import COUNTING_STATES
from .enums import Actor
from .enums import ApplicationState
from .enums import CallState
from .kinds import spec_for
from .models import Application
from .models import Call
from .models import Review

CLOSING_SOON = timedelta(days=14)


def published_calls() -> QuerySet[Call]:
    return Call.objects.filter(published=True).prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("name"))
    )


def calls_open(now: datetime | None = None) -> QuerySet[Call]:
    now = now or timezone.now()
    return published_calls().filter(resolved_at__isnull=True, opens_at__lte=now).filter(
        Q(closes_at__isnull=True) | Q(closes_at__gt=now)
    )


def calls_upcoming(now: datetime | None = None) -> QuerySet[Call]:
    now = now or timezone.now()
    return published_calls().filter(opens_at__gt=now)


def calls_closed(now: datetime | None = None) -> QuerySet[Call]:
    now = now or timezone.now()
    return published_calls().filter(Q(resolved_at__isnull=False) | Q(closes_at__lte=now))


def calls_closing_soon(now: datetime | None = None) -> QuerySet[Call]:
    now = now or timezone.now()
    # Both ends of the range as plain conditions, so the deadline index reads only this window.
    return calls_open(now).filter(closes_at__gt=now, closes_at__lte=now + CLOSING_SOON)


def upcoming_deadlines(*, request=None, member: Member | None = None, limit: int = 6) -> list[UpcomingItem]:
    """Open calls' deadlines for the home page and the portal (registered in apps.py)."""
    # Only what the list shows: no themes, no long texts (this runs on the home page and every city page).
    # `closes_at > now` said again outside calls_open()'s "no deadline or not passed": the index on
    # (published, closes_at) then starts at now instead of reading every past call's deadline first
    # (3.2 → 0.1 ms on a thousand calls).
    now = timezone.now()
    calls = (calls_open(now).filter(closes_at__gt=now).prefetch_related(None)
             .only("title", "slug", "closes_at", "time_zone").order_by("closes_at")[:limit])
    return [
        UpcomingItem(when=call.closes_at, title=call.title, kind=_("Deadline"), url=call.get_absolute_url(),
                     zone=call.time_zone)
        for call in calls
    ]


def days_left(call: Call, now: datetime | None = None) -> int | None:
    if call.closes_at is None:
        return None
    now = now or timezone.now()
    return max(0, (call.closes_at - now).days)


def calls_search(terms: str, *, language: str, limit: int) -> tuple[list[SearchHit], int]:
    """The site search's calls (network.search): published ones, as the call list and pages show them
    (a draft never), open calls first (the nearest deadline first), then upcoming ones, then closed
    and resolved ones (the latest first), each the best match first. One query."""
    now = timezone.now()
    open_now = Q(resolved_at__isnull=True, opens_at__lte=now) & (Q(closes_at__isnull=True) | Q(closes_at__gt=now))
    upcoming = Q(resolved_at__isnull=True, opens_at__gt=now)
    calls = (
        text_search(published_calls().prefetch_related(None), terms)
        .annotate(listing_group=Case(When(open_now, then=Value(0)), When(upcoming, then=Value(1)), default=Value(2),
                                     output_field=IntegerField()),
                  listing_date=Case(When(open_now, then=F("closes_at")), When(upcoming, then=F("opens_at"))))
        .only("kind", "slug", "title", *each_language("title"), "published", "opens_at", "closes_at", "time_zone",
              "resolved_at")
        .order_by("listing_group", "-search_rank", F("listing_date").asc(nulls_last=True), "-opens_at", "pk")
    )
    rows, total = first_page(calls, limit)
    hits = []
    for call in rows:
        state = call.state_at(now)
        when, when_label = call.closes_at, _("Deadline")
        if state == CallState.SCHEDULED:
            when, when_label = call.opens_at, _("Opens")
        hits.append(SearchHit(
            title=call.title, url=call.get_absolute_url(), detail=str(call.get_kind_display()),
            status=str(CallState(state).label), status_class=f"call-{state}",
            when=when, zone=call.time_zone if when else "", when_label=when_label if when else _("Open all year"),
            lang=shown_language(call) or ""))
    return hits, total


# --- Applications ------------------------------------------------------------------------------
def applications_of(user: User) -> QuerySet[Application]:
    """"My applications": what the user wrote, newest first, with what a line of the list shows
    (not the answers, nor the call's texts in every language)."""
    return (
        Application.objects.filter(applicant=user)
        .select_related("call", "member")
        .only("reference", "title", "state", "updated_at", "call__closes_at", "call__time_zone", "member__name",
              *(f"call__{name}" for name in each_language("title")))
        .order_by("-updated_at")
    )


def member_applications(member: Member) -> QuerySet[Application]:
    return (
        Application.objects.filter(member=member)
        .exclude(state=ApplicationState.DRAFT)
        .select_related("call", "applicant")
        .order_by("-submitted_at")
    )


def endorsements_waiting_for(user: User) -> QuerySet[Application]:
    """Applications of the cities where the user is a focal point, waiting for their endorsement."""
    # A subquery of the user's cities rather than joins + DISTINCT over every column: planning that
    # query took longer than running it (12 ms against 0.5 ms on the bench data set).
    return (
        Application.objects.filter(state=ApplicationState.AWAITING_ENDORSEMENT,
                                   member__in=focal_point_member_ids(user))
        .select_related("call", "member", "applicant")
        .order_by("submitted_at")
    )


def endorsements_listed_for(user: User) -> QuerySet[Application]:
    """The lines of "Waiting for your endorsement" on My applications: what each shows (reference,
    titles, city, author), not every column of the application, its call, city and author."""
    return endorsements_waiting_for(user).only(
        "reference", "title", *(f"call__{name}" for name in each_language("title")), "member__name",
        "applicant__name", "applicant__email")


ENDORSEMENTS_SHOWN = 10


def portal_endorsements_panel(*, request, member) -> dict | None:
    """The focal point's panel at the top of their city's page: the applications waiting for their
    endorsement, oldest first, each with its link (None when none waits: the panel leaves the page).
    Two queries at most, whatever the number waiting."""
    waiting = (
        Application.objects.filter(state=ApplicationState.AWAITING_ENDORSEMENT, member=member)
        .select_related("call", "applicant")
        .only("reference", "title", "submitted_at", *(f"call__{f}" for f in each_language("title")),
              "call__closes_at", "call__time_zone",
              "applicant__name", "applicant__email")
        .order_by("submitted_at", "pk")
    )
    shown = list(waiting[:ENDORSEMENTS_SHOWN + 1])
    if not shown:
        return None
    count = len(shown) if len(shown) <= ENDORSEMENTS_SHOWN else waiting.count()
    return {"applications": shown[:ENDORSEMENTS_SHOWN], "count": count, "more": count - ENDORSEMENTS_SHOWN}


def application_for_applicant(user: User, reference: str) -> Application:
    """An applicant's own application, or DoesNotExist (a 404) for anybody else's."""
    return Application.objects.select_related("call", "member", "person").get(reference=reference, applicant=user)


def application_visible_to(user: User, reference: str) -> Application:
    """The applicant, a focal point of the application's city, or staff; others get DoesNotExist."""
    qs = Application.objects.select_related("call", "member", "applicant", "person")
    if not holds(user, "programs.view_application"):
        qs = qs.filter(Q(applicant=user) | Q(member__in=focal_point_member_ids(user)))
    return qs.get(reference=reference)


@dataclass(frozen=True)
class Answer:
    label: str
    value: str


HIDDEN_NAME = "[—]"


def identity_hidden_for(user, application: Application) -> bool:
    """Blind review: whether `user` reads `application` without knowing who sent it (a reviewer of a
    blind call); the applicant and their city's focal points always know."""
    from network.rules import is_focal_point

    from .rules import identity_visible

    if application.applicant_id == getattr(user, "pk", None) or is_focal_point(user, application.member):
        return False
    return not identity_visible(user, application.call)


def identity_names(application: Application) -> list[str]:
    """What would tell a blind reviewer who applied: the applicant's and their person's names and
    address, and the city's name (longest first, so a full name goes before its parts)."""
    names = {application.applicant.name, application.applicant.email}
    if application.person_id:
        names |= {application.person.full_name, application.person.first_name, application.person.last_name}
    if application.member_id:
        names.add(application.member.name)
    return sorted((n for n in names if n and len(n) >= 3), key=len, reverse=True)


def scrub(text: str, names: list[str]) -> str:
    import re

    for name in names:
        text = re.sub(re.escape(name), HIDDEN_NAME, text, flags=re.IGNORECASE)
    return text


def shown_title(application: Application, *, hide_identity: bool = False) -> str:
    return scrub(application.title, identity_names(application)) if hide_identity else application.title


def application_documents(application: Application, *, hide_identity: bool = False) -> list:
    """The application's documents, each with `shown_name`: the name it was uploaded with, or, in
    blind review, that name with the applicant's and the city's names taken out (the file itself is
    as uploaded; the pages say so)."""
    names = identity_names(application) if hide_identity else []
    documents = list(application.documents.all())
    for document in documents:
        document.shown_name = scrub(document.original_name, names) if names else document.original_name
    return documents


def application_answers(application: Application, *, hide_identity: bool = False) -> list[Answer]:
    """The answers with their questions' labels, in the form's order, for pages and PDFs. With
    `hide_identity` (blind review), the applicant's and the city's names are taken out of them."""
    names = identity_names(application) if hide_identity else []
    form = spec_for(application.call.kind).form_class(call=application.call)
    answers: list[Answer] = []
    for name, field in form.fields.items():
        value = application.data.get(name)
        if value in (None, "", []):
            continue
        if isinstance(value, bool):
            value = _("Yes") if value else _("No")
        elif isinstance(value, list):
            labels = dict(Theme.objects.filter(slug__in=value).values_list("slug", "name"))
            value = ", ".join(labels.get(v, v) for v in value)
        elif hasattr(field, "choices") and field.choices:
            value = dict(field.choices).get(value, value)
        answers.append(Answer(label=str(field.label), value=scrub(str(value), names) if names else str(value)))
    return answers


def application_timeline(application: Application, *, for_staff: bool, hide_identity: bool = False) -> list[dict]:
    """The application's moves, oldest first: what the applicant reads, or what staff read with who
    made each move and as whom (the applicant, the focal point, the secretariat, the system)."""
    actors = dict(Actor.choices)
    rows = []
    for change in application.state_changes.select_related("by"):
        move = APPLICATION_WORKFLOW.get(source=change.source, target=change.target)
        label = (move.label if for_staff else move.public_label) if move else ApplicationState(change.target).label
        shown_by = for_staff and not (hide_identity and change.actor in (Actor.APPLICANT, Actor.FOCAL_POINT))
        rows.append({"at": change.at, "label": label, "by": change.by if shown_by else None,
                     "actor": actors.get(change.actor, change.actor) if for_staff else None,
                     "comment": change.comment})
    return rows


def counting_applications(call: Call) -> QuerySet[Application]:
    return call.applications.filter(state__in=COUNTING_STATES)


@dataclass(frozen=True)
class ScoreSummary:
    count: int
    average: float | None
    spread: float | None


def review_summary(reviews: list[Review]) -> ScoreSummary:
    totals = [r.total for r in reviews if r.submitted_at and r.total is not None]
    if not totals:
        return ScoreSummary(count=0, average=None, spread=None)
    return ScoreSummary(count=len(totals), average=round(mean(totals), 2), spread=round(pstdev(totals), 2))


def applications_table(user, applications: list[Application]) -> tuple[list[str], list[list]]:
    """The secretariat's export of applications (one row each, with the reviews' scores), as `user`
    may read it: in blind review the city and the applicant are "[—]" and their names are taken out
    of the title. `applications` come with their call, member, applicant, person and reviews."""
    from network.timezones import in_zone

    from .rules import identity_visible

    header = [_("Reference"), _("Call"), _("Title"), _("Member"), _("Applicant"), _("State"),
              _("Submitted (call's time zone)"), _("Time zone"), _("Reviews done"), _("Average"), _("Spread")]
    rows = []
    for application in applications:
        call = application.call
        hidden = not identity_visible(user, call)
        summary = review_summary(list(application.reviews.all()))
        submitted = in_zone(application.submitted_at, call.tz) if application.submitted_at else None
        rows.append([
            application.reference, call.title, shown_title(application, hide_identity=hidden),
            HIDDEN_NAME if hidden else (application.member.name if application.member_id else ""),
            HIDDEN_NAME if hidden else application.applicant.email,
            application.get_state_display(),
            submitted.replace(tzinfo=None) if submitted else None, call.time_zone,
            summary.count, summary.average, summary.spread,
        ])
    return header, rows


def staff_applications(call: Call | None = None) -> QuerySet[Application]:
    qs = Application.objects.select_related("call", "member", "applicant").annotate(
        review_count=Count("reviews", distinct=True)
    )
    return qs.filter(call=call) if call else qs


# --- Public pages of calls ------------------------------------------------------------------------
def published_call_by_slug(slug: str) -> Call:
    """A published call for its public page; DoesNotExist (a 404) for drafts and unknown slugs."""
    return published_calls().get(slug=slug)


def calls_with_coming_deadlines(now: datetime | None = None) -> QuerySet[Call]:
    """Open and upcoming calls that have a deadline still ahead, soonest first (the iCalendar feed)."""
    now = now or timezone.now()
    return Call.objects.filter(published=True, resolved_at__isnull=True, closes_at__gt=now).order_by(
        "closes_at", "pk"
    )


def call_applications_of(user: User, call: Call) -> QuerySet[Application]:
    """The user's own applications to one call (drafts included), newest first."""
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(call=call, applicant=user).order_by("-created_at")
