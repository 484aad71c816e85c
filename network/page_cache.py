"""The one page cache: anonymous visitors' GETs of the public pages, kept in the cache (Redis in
production) per language and URL, and dropped when the data they show changes.

    @cache_anonymous_page
    def directory(request): ...

    register_public_models(Call, Call.themes.through)   # in the app's AppConfig.ready
    public_pages_changed()                              # in a service that writes in bulk

- Only for visitors without a session or messages cookie: a signed-in person (or one with a message
  waiting) always gets a freshly made page, and such pages are never stored. Signed-in pages are
  never cached (a page made for one person is made afresh every time).
- Per language (the LocaleMiddleware's choice), per full path (query string included) and per
  htmx/non-htmx request.
- One version number is part of every key; bumping it drops every stored page at once. Saves,
  deletes and many-to-many changes of the registered models bump it through their signals, and a
  service that changes public data in bulk (`QuerySet.update`, `bulk_create`), which sends no
  signal, calls `public_pages_changed()` itself. Pages also expire after PUBLIC_PAGE_CACHE_SECONDS,
  because some show time ("closes in 3 days", open/closed).
- It fails open: when the cache cannot be reached, the page is made afresh (and the error logged),
  never a 500.
- CSRF tokens are not shared: the stored copy has a placeholder that each response fills with the
  visitor's own token (which also sets their CSRF cookie as usual).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed
from django.db.models.signals import post_delete
from django.db.models.signals import post_save
from django.http import HttpRequest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers

from .registry import Registry

logger = logging.getLogger(__name__)
T = TypeVar("T")

VERSION_KEY = "public-page:version"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_PLACEHOLDER = b"\x00csrf\x00"
PUBLIC_MODELS: Registry[type] = Registry("model shown on cached public pages")


def _cache():
    """The public pages' own cache alias: when Redis is down it misses, never keeps a per-process copy."""
    return caches["pages"]


def _timeout() -> int:
    return settings.PUBLIC_PAGE_CACHE_SECONDS


def _version() -> int:
    version = _cache().get(VERSION_KEY)
    if version is None:
        _cache().add(VERSION_KEY, 1, timeout=None)
        version = _cache().get(VERSION_KEY) or 1
    return version


def _bump() -> None:
    try:
        _cache().incr(VERSION_KEY)
    except ValueError:  # no version yet (or the cache was emptied): start one that no stored page uses
        try:
            _cache().set(VERSION_KEY, 2, timeout=None)
        except Exception:  # noqa: BLE001 - see below
            logger.warning("Public page cache unreachable: could not drop the stored pages", exc_info=True)
    except Exception:  # noqa: BLE001 - a cache that cannot be reached has no stale page to serve either
        logger.warning("Public page cache unreachable: could not drop the stored pages", exc_info=True)


def public_pages_changed(**kwargs) -> None:
    """Drop every stored public page: now, and again when the current transaction commits (a page
    made meanwhile from the data as it was before the commit is not kept past it).

    Connected to the registered models' signals; services that write public data in bulk call it."""
    _bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump)


def register_public_models(*models) -> None:
    """Models whose rows appear on cached public pages; their saves and deletes drop the cache."""
    for model in models:
        PUBLIC_MODELS.register(model._meta.label, model)
        uid = f"public-page-cache:{model._meta.label}"
        post_save.connect(public_pages_changed, sender=model, dispatch_uid=uid + ":save", weak=False)
        post_delete.connect(public_pages_changed, sender=model, dispatch_uid=uid + ":delete", weak=False)
        if model._meta.auto_created:  # a many-to-many table: its changes come as m2m_changed
            m2m_changed.connect(public_pages_changed, sender=model, dispatch_uid=uid + ":m2m", weak=False)


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request: HttpRequest, version: int) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    htmx = "hx" if request.headers.get("HX-Request") == "true" else "page"
    return f"public-page:{version}:{request.LANGUAGE_CODE}:{htmx}:{path}"


def _stored(request: HttpRequest) -> tuple[str | None, tuple | None]:
    """(the key for this page, its stored copy or None); (None, None) when the cache is unreachable."""
    try:
        key = _key(request, _version())
        return key, _cache().get(key)
    except Exception:  # noqa: BLE001 - fail open: make the page afresh
        logger.warning("Public page cache unreachable: making %s afresh", request.path, exc_info=True)
        return None, None


def public_data(name: str, compute: Callable[[], T], *, timeout: int = 3600) -> T:
    """Data many public pages derive from a whole table (the countries and years a filter offers):
    computed once and kept under the public-page version, so any change to a public model drops it
    along with the stored pages. Kept whatever PUBLIC_PAGE_CACHE says (it is shared by every
    visitor and holds nobody's own data); keep only plain values (codes, numbers), and translate at
    render time. Fails open: without a cache, it is computed every time."""
    try:
        key = f"public-data:{_version()}:{name}"
        value = _cache().get(key)
    except Exception:  # noqa: BLE001 - fail open
        logger.warning("Cache unreachable: computing %s afresh", name, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            _cache().set(key, value, timeout=timeout)
        except Exception:  # noqa: BLE001 - computed; not keeping it is harmless
            logger.warning("Cache unreachable: could not keep %s", name, exc_info=True)
    return value


def _store(key: str, response: HttpResponse) -> None:
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    body = _CSRF_INPUT.sub(rb"\1" + _PLACEHOLDER + rb"\2", response.content)
    try:
        _cache().set(key, (response["Content-Type"], body), timeout=_timeout())
    except Exception:  # noqa: BLE001 - the page was made; not keeping it is harmless
        logger.warning("Public page cache unreachable: could not keep a copy of a page", exc_info=True)


def cache_anonymous_page(view):
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key, stored = _stored(request)
        if stored is not None:
            content_type, body = stored
            token = get_token(request).encode()
            response = HttpResponse(body.replace(_PLACEHOLDER, token), content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            queued_messages = getattr(getattr(request, "_messages", None), "_queued_messages", None)
            if key and response.status_code == 200 and not response.streaming and not queued_messages:
                _store(key, response)
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapped
