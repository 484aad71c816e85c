"""The knowledge area's feeds (network.feeds): the latest good practices, the webinars, and the open
funding opportunities, as RSS, Atom and JSON Feed, in the reader's language. Each is one query plus
one for the themes, whatever the number of items."""

from __future__ import annotations

from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from network.feeds import FEED_SIZE
from network.feeds import Feed
from network.feeds import FeedItem
from network.feeds import absolute
from network.feeds import feed_view
from network.timezones import in_zone

from . import selectors
from .enums import PracticeState
from .models import GoodPractice


def _feed_url(name: str):
    return lambda fmt: absolute(reverse(name, kwargs={"fmt": fmt}))


def practices_feed() -> Feed:
    practices = (
        GoodPractice.objects.filter(state=PracticeState.PUBLISHED, published_at__isnull=False)
        .defer("search_text", "search_document", "search_rank_document")
        .select_related("member").prefetch_related(selectors.THEMES_BY_NAME)
        .order_by(F("published_at").desc(), F("pk").desc())[:FEED_SIZE]
    )
    host = settings.SITE_URL.split("//")[-1]
    return Feed(
        title=_("%(site)s · Good practices") % {"site": settings.SITE_NAME},
        description=_("The latest good practices published by the network's cities."),
        home_url=absolute(reverse("programs:practice_list")),
        feed_url=_feed_url("programs:practices_feed"),
        items=[FeedItem(
            id=f"practice-{p.pk}@{host}", title=p.title, url=absolute(p.get_absolute_url()), summary=p.summary,
            published=p.published_at, updated=p.updated_at, author=p.member.name,
            tags=tuple(theme.name for theme in p.themes.all()),
            extra={"city": p.member.name, "year": p.year},
        ) for p in practices],
    )


def webinars_feed() -> Feed:
    now = timezone.now()
    webinars = selectors.public_webinars().order_by("-starts_at")[:FEED_SIZE]
    host = settings.SITE_URL.split("//")[-1]
    items = []
    for w in webinars:
        local = in_zone(w.starts_at, w.tz)
        when = f"{date_format(local, 'DATETIME_FORMAT')} ({w.time_zone})"
        status = _("Upcoming") if w.starts_at > now else _("Held")
        items.append(FeedItem(
            id=f"webinar-{w.pk}@{host}", title=w.title, url=absolute(w.get_absolute_url()),
            summary=f"{when} · {status}. {w.summary}".strip(), published=w.created_at, updated=w.updated_at,
            author=w.presenting_member.name if w.presenting_member_id else "",
            tags=tuple(theme.name for theme in w.themes.all()),
            extra={"starts_at": local.isoformat(), "time_zone": w.time_zone, "duration_minutes": w.duration_minutes},
        ))
    return Feed(
        title=_("%(site)s · Webinars") % {"site": settings.SITE_NAME},
        description=_("The network's webinars: the next ones, open to the public, and those already held."),
        home_url=absolute(reverse("programs:webinar_list")),
        feed_url=_feed_url("programs:webinars_feed"),
        items=items,
    )


def funding_feed() -> Feed:
    host = settings.SITE_URL.split("//")[-1]
    items = []
    for o in selectors.open_funding()[:FEED_SIZE]:
        deadline = in_zone(o.deadline, o.time_zone)
        summary = _("%(funder)s. Deadline: %(deadline)s (%(zone)s).") % {
            "funder": " · ".join(part for part in (o.funder, o.programme) if part),
            "deadline": date_format(deadline, "DATETIME_FORMAT"), "zone": o.time_zone}
        items.append(FeedItem(
            id=f"funding-{o.pk}@{host}", title=o.title, url=absolute(o.get_absolute_url()),
            summary=f"{summary} {o.summary}".strip(), published=o.created_at, updated=o.updated_at,
            author=o.funder, tags=tuple(theme.name for theme in o.themes.all()),
            extra={"deadline": deadline.isoformat(), "time_zone": o.time_zone, "funder": o.funder,
                   "funder_url": o.url},
        ))
    return Feed(
        title=_("%(site)s · Funding opportunities") % {"site": settings.SITE_NAME},
        description=_("Open calls of funders relayed by the network's secretariat, soonest deadline first."),
        home_url=absolute(reverse("programs:funding_list")),
        feed_url=_feed_url("programs:funding_feed"),
        items=items,
    )


practices = feed_view(practices_feed)
webinars = feed_view(webinars_feed)
funding = feed_view(funding_feed)
