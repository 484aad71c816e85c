"""The one cache of public pages: anonymous visitors' GETs of the public pages, kept in the cache
(Redis in production) per language and URL, dropped when the data they show changes.

    @cache_anonymous_page
    def directory(request): ...

    register_public_models(Call, Call.themes.through)   # in the app's AppConfig.ready

- Only for visitors without a session or messages cookie: a signed-in person (or one with a message
  waiting) always gets a freshly rendered page, and such pages are never stored.
- Per language (the LocaleMiddleware's choice), per full path (query string included) and per
  htmx/non-htmx request.
- Any save, delete or many-to-many change of a registered model bumps one version number, which
  is part of every key, so every stored page is dropped at once. Pages also expire after
  PUBLIC_PAGE_CACHE_SECONDS, because some show time ("closes in 3 days", open/closed).
- CSRF tokens are not shared: the stored copy has a placeholder that each response fills with the
  visitor's own token (which also sets their CSRF cookie as usual).
"""

from __future__ import annotations

import hashlib
import re
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers

VERSION_KEY = "public-page:version"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_PLACEHOLDER = b"\x00csrf\x00"
_registered: set = set()


def _timeout() -> int:
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 60)


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return version


def public_pages_changed(**kwargs) -> None:
    """Drop every stored public page (connected to the registered models' signals)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or the cache was emptied): start one that no stored page uses
        cache.set(VERSION_KEY, 2, timeout=None)


def register_public_models(*models) -> None:
    """Models whose rows appear on cached public pages; their changes drop the cache."""
    for model in models:
        if model in _registered:
            continue
        _registered.add(model)
        uid = f"public-page-cache:{model._meta.label}"
        post_save.connect(public_pages_changed, sender=model, dispatch_uid=uid + ":save", weak=False)
        post_delete.connect(public_pages_changed, sender=model, dispatch_uid=uid + ":delete", weak=False)
        if model._meta.auto_created:  # a many-to-many table: its changes come as m2m_changed
            m2m_changed.connect(public_pages_changed, sender=model, dispatch_uid=uid + ":m2m", weak=False)


def _cacheable(request: HttpRequest) -> bool:
    return (
        getattr(settings, "PUBLIC_PAGE_CACHE", True)
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request: HttpRequest, version: int) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    htmx = "hx" if request.headers.get("HX-Request") == "true" else "page"
    return f"public-page:{version}:{request.LANGUAGE_CODE}:{htmx}:{path}"


def cache_anonymous_page(view):
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request, _version())
        stored = cache.get(key)
        if stored is not None:
            content_type, body = stored
            token = get_token(request).encode()
            response = HttpResponse(body.replace(_PLACEHOLDER, token), content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            queued_messages = getattr(getattr(request, "_messages", None), "_queued_messages", None)
            if response.status_code == 200 and not response.streaming and not queued_messages:
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                body = _CSRF_INPUT.sub(rb"\1" + _PLACEHOLDER + rb"\2", response.content)
                cache.set(key, (response["Content-Type"], body), timeout=_timeout())
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapped
