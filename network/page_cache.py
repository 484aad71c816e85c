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

And the one cache of signed-in pages (`cache_signed_in_page`): a person's own copy of a page they
read often (their city's portal, their applications, the admin change lists), per person, language,
time zone and URL. It is served only while no database table the page was made from has changed
since (`network.table_clock`, which sees every write, bulk updates included), and for at most
SIGNED_IN_PAGE_CACHE_SECONDS, because pages show time. Nothing is stored or served when a message
is waiting, for a request that is not a plain GET, or when making the page wrote to the database.
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
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from . import table_clock

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


# --- Signed-in pages -----------------------------------------------------------------------------
def _signed_in_timeout() -> int:
    return getattr(settings, "SIGNED_IN_PAGE_CACHE_SECONDS", 60)


def _signed_in_cacheable(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return (
        getattr(settings, "SIGNED_IN_PAGE_CACHE", True)
        and request.method == "GET"
        and user is not None
        and user.is_authenticated
        and "messages" not in request.COOKIES
        and "_messages" not in request.session
        and table_clock.available()
        # The benchmark also measures what a page costs when it has to be made (bench setting only).
        and not (settings.BENCH and request.headers.get("X-Bench-Uncached"))
    )


def _signed_in_key(request: HttpRequest) -> str:
    htmx = "|".join(request.headers.get(h, "") for h in ("HX-Request", "HX-Target", "HX-Trigger", "HX-Boosted"))
    varying = f"{request.get_full_path()}|{htmx}|{timezone.get_current_timezone_name()}"
    digest = hashlib.sha256(varying.encode()).hexdigest()[:32]
    return f"signed-in-page:{request.user.pk}:{request.LANGUAGE_CODE}:{digest}"


def cache_signed_in_page(view):
    """Serve a signed-in person their own copy of this GET page while nothing it shows has changed.
    Put it inside the view's access checks (login_required, the admin's own): the copy is per person,
    and the access rules' tables are among those it depends on."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _signed_in_cacheable(request):
            return view(request, *args, **kwargs)
        key = _signed_in_key(request)
        stored = cache.get(key)
        if stored is not None and table_clock.unchanged_since(stored["stamp"], stored["tables"]):
            response = HttpResponse(stored["body"].replace(_PLACEHOLDER, get_token(request).encode()))
            for header, value in stored["headers"].items():
                response[header] = value
            patch_vary_headers(response, ("Cookie",))
            return response
        stamp = table_clock.now()
        with table_clock.reading() as reads:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        queued_messages = getattr(getattr(request, "_messages", None), "_queued_messages", None)
        if response.status_code == 200 and not response.streaming and not reads.wrote and not queued_messages:
            # The person's own row (name, language, staff rights) was read before the view ran.
            tables = reads.tables | {request.user._meta.db_table}
            table_clock.adopt(tables, stamp)
            headers = {h: response[h] for h in ("Content-Type", "Content-Language") if h in response}
            body = _CSRF_INPUT.sub(rb"\1" + _PLACEHOLDER + rb"\2", response.content)
            cache.set(key, {"stamp": stamp, "tables": sorted(tables), "headers": headers, "body": body},
                      timeout=_signed_in_timeout())
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapped
