"""One way to publish a list as a feed other systems read: RSS 2.0, Atom 1.0 and JSON Feed 1.1, from
the same items, in the reader's language (`?lang=es|pt-br|en`, else the request's).

An app builds a `Feed` (title, its page, items) in a selector and answers with `feed_response`; the
list page links its feeds with `includes/feed_links.html`."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime

from django.conf import settings
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.utils import feedgenerator
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.cache import patch_vary_headers

FORMATS = ("rss", "atom", "json")
FEED_MAX_AGE = 300  # seconds other sites and readers may keep a feed
FEED_SIZE = 50

CONTENT_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}


@dataclass(frozen=True)
class FeedItem:
    id: str
    title: str
    url: str  # absolute
    summary: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    author: str = ""
    tags: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)  # JSON Feed's `_network` extension (dates, zone …)


@dataclass(frozen=True)
class Feed:
    title: str
    description: str
    home_url: str  # absolute: the list page
    feed_url: Callable[[str], str]  # absolute, per format
    items: list[FeedItem]


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _language(request: HttpRequest) -> str:
    requested = (request.GET.get("lang") or "").lower()
    supported = {code for code, _name in settings.LANGUAGES}
    return requested if requested in supported else (translation.get_language() or settings.LANGUAGE_CODE)


def feed_view(build: Callable[[], Feed]) -> Callable:
    """A view answering `<list>/feed.<rss|atom|json>` with the feed `build()` makes, in the reader's
    language; any other format is 404."""

    def view(request: HttpRequest, fmt: str) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
        if fmt not in FORMATS:
            raise Http404
        language = _language(request)
        with translation.override(language):
            feed = build()
            body = render(feed, fmt, language)
        response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
        response["Access-Control-Allow-Origin"] = "*"
        response["Content-Language"] = language
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    view.__name__ = getattr(build, "__name__", "feed")
    return view


def render(feed: Feed, fmt: str, language: str) -> str:
    if fmt == "json":
        return _json_feed(feed, language)
    generator_class = feedgenerator.Atom1Feed if fmt == "atom" else feedgenerator.Rss201rev2Feed
    generator = generator_class(title=feed.title, link=feed.home_url, description=feed.description,
                                language=language, feed_url=feed.feed_url(fmt), feed_guid=feed.feed_url(fmt))
    for item in feed.items:
        generator.add_item(title=item.title, link=item.url, description=item.summary, unique_id=item.id,
                           unique_id_is_permalink=False, pubdate=item.published, updateddate=item.updated,
                           author_name=item.author or None, categories=list(item.tags))
    return generator.writeString("utf-8")


def _json_feed(feed: Feed, language: str) -> str:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""

    def item_json(item: FeedItem) -> dict:
        data = {"id": item.id, "url": item.url, "title": item.title, "content_text": item.summary or item.title}
        if item.summary:
            data["summary"] = item.summary
        if item.published:
            data["date_published"] = item.published.isoformat()
        if item.updated:
            data["date_modified"] = item.updated.isoformat()
        if item.author:
            data["authors"] = [{"name": item.author}]
        if item.tags:
            data["tags"] = list(item.tags)
        if item.extra:
            data["_network"] = item.extra
        return data

    payload = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "description": feed.description,
        "home_page_url": feed.home_url,
        "feed_url": feed.feed_url("json"),
        "language": language,
        "items": [item_json(item) for item in feed.items],
    }
    return json.dumps(payload, ensure_ascii=False)
