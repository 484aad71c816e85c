"""Reads of the knowledge area, prefetched for the pages that use them: webinars, the good-practice
bank (with its accent-insensitive search), funding opportunities, portal panels and providers."""

from __future__ import annotations

import re
from datetime import datetime

from django.db import connection
from django.db.models import BooleanField
from django.db.models import Count
from django.db.models import Exists
from django.db.models import ExpressionWrapper
from django.db.models import F
from django.db.models import OuterRef
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Subquery
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from network.content_language import each_language
from network.content_language import localized
from network.content_language import shown_language
from network.ics import CalendarEntry
from network.models import Member
from network.models import Theme
from network.models import User
from network.programmes import ProgrammeEntry
from network.programmes import ProgrammeFigure
from network.programmes import ProgrammeSummary
from network.programmes import counted
from network.rules import holds
from network.search import SearchHit
from network.search import first_page
from network.search import text_search
from network.text import search_key
from network.text import word_root
from network.upcoming import UpcomingItem

from .enums import PUBLIC_WEBINAR_STATES
from .enums import PracticeState
from .enums import WebinarState
from .models import FundingOpportunity
from .models import GoodPractice
from .models import PracticeTransfer
from .models import Webinar
from .models import WebinarRegistration

CYCLE_STARTED = 2020  # "since 2020 more than 40 webinars"

THEMES_BY_NAME = Prefetch("themes", queryset=Theme.objects.order_by("name"))  # also the feeds'
_themes = THEMES_BY_NAME


# --- Webinars -------------------------------------------------------------------------------------
def visible_webinars() -> QuerySet[Webinar]:
    """The webinars the public may see (scheduled or held; never a draft or a cancelled one), no extras."""
    return Webinar.objects.filter(state__in=PUBLIC_WEBINAR_STATES)


def public_webinars() -> QuerySet[Webinar]:
    return (
        visible_webinars()
        .select_related("presenting_member")
        .prefetch_related(_themes)
        .annotate(registered=Count("registrations", filter=Q(registrations__cancelled_at__isnull=True)))
    )


def upcoming_webinars(now: datetime | None = None) -> QuerySet[Webinar]:
    now = now or timezone.now()
    return public_webinars().filter(state=WebinarState.SCHEDULED, starts_at__gt=now).order_by("starts_at")


def past_webinars(now: datetime | None = None) -> QuerySet[Webinar]:
    now = now or timezone.now()
    return public_webinars().filter(starts_at__lte=now).order_by("-starts_at")


def held_webinars(now: datetime | None = None) -> QuerySet[Webinar]:
    """Webinars that took place: public (scheduled or held) and already started. The public count and
    the annual report (programs.knowledge.figures) both count these."""
    now = now or timezone.now()
    return visible_webinars().filter(starts_at__lte=now)


def webinars_held_since(year: int = CYCLE_STARTED, now: datetime | None = None) -> int:
    return held_webinars(now).filter(starts_at__year__gte=year).count()


def webinars_programme(*, now: datetime) -> ProgrammeSummary:
    """The home page's webinars section (network.programmes), in one query: the webinars held since
    the cycle started (as the webinar list counts them) and the next one (sorted first)."""
    ahead = ExpressionWrapper(Q(state=WebinarState.SCHEDULED, starts_at__gt=now), output_field=BooleanField())
    first = (
        Webinar.objects.filter(state__in=PUBLIC_WEBINAR_STATES)
        .annotate(held=counted(held_webinars(now).filter(starts_at__year__gte=CYCLE_STARTED)), ahead=ahead)
        .order_by(F("ahead").desc(), "starts_at", "pk")
        .only("title", "slug", "starts_at", "time_zone")
        .first()
    )
    held = first.held if first is not None else 0
    next_webinar = None
    if first is not None and first.ahead:
        next_webinar = UpcomingItem(when=first.starts_at, title=first.title, kind=_("Next webinar"),
                                    url=first.get_absolute_url(), zone=first.time_zone)
    return ProgrammeSummary(
        title=_("Webinars"),
        text=_("The monthly cycle of encounters: cities present their projects and good practices, open to the public."),
        url=reverse("programs:webinar_list"), link_label=_("All webinars"),
        figures=(ProgrammeFigure(held, ngettext("webinar since %(year)s", "webinars since %(year)s", held)
                                 % {"year": CYCLE_STARTED}),),
        next=next_webinar,
    )


def public_webinar_by_slug(slug: str) -> Webinar:
    return public_webinars().get(slug=slug)


def places_left(webinar: Webinar) -> int | None:
    if webinar.capacity is None:
        return None
    registered = getattr(webinar, "registered", None)
    if registered is None:
        registered = webinar.registrations.filter(cancelled_at__isnull=True).count()
    return max(0, webinar.capacity - registered)


def webinar_calendar_for(*, user: User) -> list[CalendarEntry]:
    """The webinars a signed-in person registered for with their login's address (the personal feed)."""
    from .services.webinars import webinar_calendar_entry

    if not getattr(user, "is_authenticated", False):
        return []
    registrations = WebinarRegistration.objects.filter(
        email__iexact=user.email, cancelled_at__isnull=True, webinar__state=WebinarState.SCHEDULED
    ).select_related("webinar")
    return [webinar_calendar_entry(r.webinar, with_link=True) for r in registrations]


# --- Good practices -----------------------------------------------------------------------------------
_TRANSFER_COUNT = Coalesce(Subquery(
    PracticeTransfer.objects.filter(practice=OuterRef("pk")).order_by().values("practice")
    .annotate(n=Count("pk")).values("n")[:1]), 0)


def public_practices() -> QuerySet[GoodPractice]:
    """The practices the public may see (published), no extras: what every public read starts from."""
    return GoodPractice.objects.filter(state=PracticeState.PUBLISHED)


def published_practices() -> QuerySet[GoodPractice]:
    return (
        public_practices()
        .defer("search_text", "search_document", "search_rank_document")  # matched in the database, never shown
        .select_related("member", "member__territorial_network")
        .prefetch_related(_themes)
        # A subquery, not Count over a join: no GROUP BY over every column (and the search's rank).
        .annotate(transfer_count=_TRANSFER_COUNT)
        .order_by("-year", "title")
    )


LATEST_PRACTICES = 3  # on the home page


def practices_programme(*, now: datetime) -> ProgrammeSummary:
    """The home page's good-practice section (network.programmes), in one query: the latest published
    practices with their city, read in the order of their index (practice_latest_published_idx; no
    count of the bank, the largest public table)."""
    latest = list(
        GoodPractice.objects.filter(state=PracticeState.PUBLISHED, published_at__isnull=False)
        .select_related("member").only("title", "slug", "member__name")
        .order_by(F("published_at").desc(), F("pk").desc())[:LATEST_PRACTICES]
    )
    return ProgrammeSummary(
        title=_("Good practices"),
        text=_("Good practices of the network's cities, searchable by theme, SDG, country, territorial network and year."),
        url=reverse("programs:practice_list"), link_label=_("Search the good-practice bank"),
        entries=tuple(ProgrammeEntry(title=p.title, detail=p.member.name, url=p.get_absolute_url()) for p in latest),
        entries_label=_("Latest good practices"),
    )


# What may not go inside a quoted to_tsquery word: a visitor's quotes, operators and backslashes are
# dropped, never read as query syntax.
_TSQUERY_UNSAFE = re.compile(r"[^\w.-]")


def practice_search(queryset: QuerySet[GoodPractice], query: str) -> QuerySet[GoodPractice]:
    """Accent- and case-insensitive search ("movilidád" finds "movilidad", "participacion" finds
    "participación").

    Text and query both go through network.text.search_key (accents and case removed in Python),
    so no database extension is needed. On PostgreSQL the query is matched against the stored
    `search_document` (migration 0007, through a GIN index): as Spanish and Portuguese stems
    ("ciclovías" finds "ciclovia"), or every word's root as the start of a word ("ciclov" finds
    "ciclovías", "participacion" finds "participativo"); matches in the title and theme names rank
    first (`search_rank_document`), then the newest. A query never seen before costs the same. On SQLite the root of every word
    (word_root) must appear in the key.
    """
    key = search_key(query)
    words = [word_root(word) for word in key.split()]
    if not words:
        return queryset
    if connection.vendor != "postgresql":
        every_word = Q()
        for root in words:
            every_word &= Q(search_text__contains=root)
        return queryset.filter(every_word)
    from django.contrib.postgres.search import SearchQuery
    from django.contrib.postgres.search import SearchRank

    search = SearchQuery(key, config="spanish") | SearchQuery(key, config="portuguese")
    prefixes = [f"'{word}':*" for word in (_TSQUERY_UNSAFE.sub("", root) for root in words) if word]
    if prefixes:
        search |= SearchQuery(" & ".join(prefixes), config="simple", search_type="raw")
    return (
        queryset.filter(search_document=search)
        .annotate(rank=SearchRank(F("search_rank_document"), search))
        .order_by("-rank", "-year", "title")
    )


def public_practice_by_slug(slug: str) -> GoodPractice:
    return (
        published_practices()
        .select_related("webinar", "microrred", "mentorship", "mentorship__mentor", "mentorship__mentee")
        .prefetch_related("sdgs", "files",
                          Prefetch("transfers", queryset=PracticeTransfer.objects.select_related("member")
                                   .order_by("year", "member__name")))
        .get(slug=slug)
    )


def related_practices(practice: GoodPractice, *, limit: int = 3) -> list[GoodPractice]:
    """Published practices sharing the most themes with `practice` (then the newest)."""
    theme_ids = [t.pk for t in practice.themes.all()]
    return list(
        GoodPractice.objects.filter(state=PracticeState.PUBLISHED, themes__in=theme_ids)
        .exclude(pk=practice.pk)
        .annotate(shared=Count("themes", filter=Q(themes__in=theme_ids)))
        .select_related("member")
        .order_by("-shared", "-year", "title")[:limit]
    ) if theme_ids else []


def practice_years() -> list[int]:
    return list(
        GoodPractice.objects.filter(state=PracticeState.PUBLISHED).order_by("-year")
        .values_list("year", flat=True).distinct()
    )


# --- The site search (network.search) ---------------------------------------------------------------
def webinars_search(terms: str, *, language: str, limit: int) -> tuple[list[SearchHit], int]:
    """The site search's webinars: the public ones (as the webinar list), the coming ones first, then
    the best match, the latest first; with the presenting city and the time in the webinar's zone.
    One query."""
    now = timezone.now()
    ahead = ExpressionWrapper(Q(starts_at__gt=now), output_field=BooleanField())
    webinars = (
        text_search(visible_webinars(), terms)
        .select_related("presenting_member")
        .only("slug", "title", *each_language("title"), "starts_at", "time_zone", "state", "presenting_member__name")
        .annotate(ahead=ahead)
        .order_by(F("ahead").desc(), "-search_rank", "-starts_at", "pk")
    )
    rows, total = first_page(webinars, limit)
    hits = []
    for webinar in rows:
        status, status_class = "", ""
        if webinar.ahead:
            status, status_class = _("Upcoming"), "call-scheduled"
        elif webinar.state == WebinarState.HELD:
            status, status_class = str(WebinarState.HELD.label), "call-closed"
        hits.append(SearchHit(
            title=webinar.title, url=webinar.get_absolute_url(),
            detail=webinar.presenting_member.name if webinar.presenting_member else "",
            status=status, status_class=status_class,
            when=webinar.starts_at, zone=webinar.time_zone, when_label=_("Starts"),
            lang=shown_language(webinar) or ""))
    return hits, total


def practices_search(terms: str, *, language: str, limit: int) -> tuple[list[SearchHit], int]:
    """The site search's good practices: published ones, matched and ranked as the practice bank's own
    search does (practice_search), with their city, country and year. One query."""
    practices = (
        practice_search(public_practices(), terms)
        .select_related("member")
        .only("slug", "year", "title", *each_language("title"), "member__name", "member__country")
    )
    rows, total = first_page(practices, limit)
    hits = [
        SearchHit(title=practice.title, url=practice.get_absolute_url(),
                  detail=" · ".join((practice.member.name, str(practice.member.country.name), str(practice.year))),
                  lang=shown_language(practice) or "")
        for practice in rows
    ]
    return hits, total


def funding_search(terms: str, *, language: str, limit: int) -> tuple[list[SearchHit], int]:
    """The site search's funding opportunities: the open, published ones the funding page lists, the
    best match first, then the nearest deadline (in the funder's zone). One query."""
    opportunities = (
        text_search(open_funding().prefetch_related(None), terms)
        .only("slug", "title", "funder", "deadline", "time_zone")
        .order_by("-search_rank", "deadline", "title", "pk")
    )
    rows, total = first_page(opportunities, limit)
    hits = [
        SearchHit(title=opportunity.title, url=opportunity.get_absolute_url(), detail=opportunity.funder,
                  when=opportunity.deadline, zone=opportunity.time_zone, when_label=_("Deadline"))
        for opportunity in rows
    ]
    return hits, total


# --- Member portal ------------------------------------------------------------------------------------
def _members_of(user: User) -> QuerySet[Member]:
    return Member.objects.filter(roles__person__user=user)


def portal_practices_of(user: User, member: Member) -> QuerySet[GoodPractice]:
    return (
        GoodPractice.objects.filter(member=member).select_related("member")
        .prefetch_related(_themes)
        .annotate(transfer_count=Count("transfers", distinct=True), file_count=Count("files", distinct=True))
        .order_by("-updated_at")
    )


def portal_practice_for(user: User, pk: int) -> GoodPractice:
    """A practice of one of the user's cities (staff: any); others raise DoesNotExist (a 404)."""
    qs = GoodPractice.objects.select_related("member").prefetch_related(_themes, "sdgs", "files")
    if not holds(user, "programs.change_goodpractice"):
        qs = qs.filter(Exists(_members_of(user).filter(pk=OuterRef("member_id"))))
    return qs.get(pk=pk)


# --- Funding ------------------------------------------------------------------------------------------
def open_funding(now: datetime | None = None) -> QuerySet[FundingOpportunity]:
    now = now or timezone.now()
    return (
        FundingOpportunity.objects.filter(published=True, deadline__gt=now)
        .prefetch_related(_themes, "territorial_networks")
        .order_by("deadline", "title")
    )


def funding_matching(member: Member, now: datetime | None = None) -> QuerySet[FundingOpportunity]:
    """Open opportunities on one of the member's themes, for its territorial network (or for all)."""
    qs = open_funding(now).filter(themes__in=member.themes.all())
    if member.territorial_network_id:
        qs = qs.filter(Q(territorial_networks__isnull=True) | Q(territorial_networks=member.territorial_network_id))
    else:
        qs = qs.filter(territorial_networks__isnull=True)
    return qs.distinct()


def members_matching(opportunity: FundingOpportunity) -> QuerySet[Member]:
    """The members an opportunity is relayed to: sharing a theme, in an eligible territorial network."""
    qs = Member.objects.filter(themes__in=opportunity.themes.all())
    networks = list(opportunity.territorial_networks.values_list("pk", flat=True))
    if networks:
        qs = qs.filter(territorial_network__in=networks)
    return qs.distinct()


def upcoming_knowledge_items(*, request=None, member: Member | None = None, limit: int = 6) -> list[UpcomingItem]:
    """Next webinars and funders' deadlines for the home page and the portal, in one query (registered
    in apps.py). On a city's portal only the funding calls matching its themes are listed."""
    now = timezone.now()
    fields = ("when", "shown_title", "item_kind", "key", "time_zone")
    webinars = (
        # rewrite(False): modeltranslation's values_list reorders columns, which a union cannot take;
        # the title is chosen by localized() instead.
        Webinar.objects.rewrite(False).filter(state=WebinarState.SCHEDULED, starts_at__gt=now)
        .annotate(when=F("starts_at"), shown_title=localized("title"), item_kind=Value("webinar"), key=F("slug"))
        .order_by().values_list(*fields)
    )
    funding = FundingOpportunity.objects.filter(published=True, deadline__gt=now)
    if member is not None:
        funding = funding.filter(themes__in=member.themes.all())
        funding = funding.filter(Q(territorial_networks__isnull=True)
                                 | Q(territorial_networks=member.territorial_network_id))
    funding = (funding.annotate(when=F("deadline"), shown_title=F("title"), item_kind=Value("funding"), key=F("slug"))
               .order_by().values_list(*fields))
    funding_url = reverse("programs:funding_list")
    labels = {"webinar": _("Webinar"), "funding": _("Funding deadline")}
    return [
        UpcomingItem(when=when, title=title, kind=labels[kind],
                     url=reverse("programs:webinar", kwargs={"slug": key}) if kind == "webinar"
                     else f"{funding_url}#{key}", zone=zone)
        for when, title, kind, key, zone in webinars.union(funding).order_by("when")[:limit]
    ]


def funding_support_call():
    """The open call through which a city asks the secretariat for help with a proposal, if any."""
    from programs.calls.enums import CallKind
    from programs.calls.selectors import calls_open

    return calls_open().filter(kind=CallKind.FUNDING_SUPPORT).order_by("closes_at").first()


# --- Portal panels -----------------------------------------------------------------------------------


def knowledge_panel(*, request, member: Member) -> dict | None:
    """The city's practices and webinars on its portal page (three queries), without the long texts
    and search documents the panel never shows."""
    # Only what a line shows (a title in every language, a state, a date, a city's name), and the
    # transfers counted in a subquery rather than grouped by every column of the practice.
    practices = list(
        GoodPractice.objects.filter(member=member).only(*each_language("title"), "state")
        .annotate(transfer_count=_TRANSFER_COUNT).order_by("-updated_at")[:6]
    )
    webinars = list(Webinar.objects.filter(presenting_member=member, state__in=PUBLIC_WEBINAR_STATES)
                    .only(*each_language("title"), "slug", "starts_at").order_by("-starts_at")[:4])
    adopted = list(PracticeTransfer.objects.filter(member=member).select_related("practice", "practice__member")
                   .only("year", "practice__slug", "practice__member__name",
                         *(f"practice__{column}" for column in each_language("title")))
                   .order_by("-year")[:4])
    return {"practices": practices, "webinars": webinars, "adopted": adopted, "now": timezone.now()}


def funding_panel(*, request, member: Member) -> dict | None:
    opportunities = list(funding_matching(member)[:5])
    return {"opportunities": opportunities, "support_call": funding_support_call() if opportunities else None,
            "list_url": reverse("programs:funding_list")}
