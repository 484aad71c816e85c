"""My account → My data: a person downloads everything the portal holds about them, and asks to be
erased; and the public privacy page. The rules are in network.privacy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import privacy
from .http import is_htmx
from .models import DataExport
from .models import ErasureRequest
from .retention import retention_days
from .retention import retention_summary


@never_cache
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    exports = list(DataExport.objects.filter(user=request.user).order_by("-requested_at")[:5])
    return render(request, "network/privacy/my_data.html", {
        "exports": exports,
        "building": any(e.state in (DataExport.State.QUEUED, DataExport.State.RUNNING) for e in exports),
        "erasure": ErasureRequest.objects.filter(user=request.user).order_by("-requested_at").first(),
        "export_days": retention_days("data-exports"),
    })


@never_cache
@login_required
def my_data_exports(request: HttpRequest) -> HttpResponse:
    """The list of downloads alone: the page polls it (htmx) while one is being prepared."""
    exports = list(DataExport.objects.filter(user=request.user).order_by("-requested_at")[:5])
    building = any(e.state in (DataExport.State.QUEUED, DataExport.State.RUNNING) for e in exports)
    template = "network/privacy/_exports.html" if is_htmx(request) else "network/privacy/my_data.html"
    return render(request, template, {"exports": exports, "building": building})


@login_required
@require_POST
def my_data_export(request: HttpRequest) -> HttpResponse:
    privacy.data_export_request(user=request.user)
    messages.success(request, _("Your download is being prepared. It appears below when it is ready."))
    return redirect("my_data")


@never_cache
@login_required
def my_data_download(request: HttpRequest, pk: int) -> FileResponse:
    export = get_object_or_404(DataExport, pk=pk, user=request.user, state=DataExport.State.DONE)
    if not export.file:
        raise Http404  # the file was deleted (downloads are kept a few days only)
    return FileResponse(export.file.open("rb"), as_attachment=True, content_type="application/zip",
                        filename=export.file.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def my_data_erase(request: HttpRequest) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you want your data erased."))
        return redirect("my_data")
    privacy.erasure_request(user=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, _("Your request was sent to the secretariat, which confirms it within 30 days. "
                                "Until then you can still sign in and download your data."))
    return redirect("my_data")


def privacy_page(request: HttpRequest) -> HttpResponse:
    from .models import PrivacyNotice

    return render(request, "network/privacy/privacy.html", {
        "notice": PrivacyNotice.current(), "declarations": privacy.declarations_summary(),
        "retention": retention_summary(),
    })


@login_required
def my_preferences(request: HttpRequest) -> HttpResponse:
    """My account → Preferences: language, time zone, and the opt-ins (each withdrawn here too)."""
    from django.conf import settings

    from .preferences import PreferencesForm
    from .preferences import preferences_initial
    from .preferences import preferences_save

    person = getattr(request.user, "person", None)
    form = PreferencesForm(request.POST or None, person=person, initial=preferences_initial(request.user))
    if request.method == "POST" and form.is_valid():
        preferences_save(user=request.user, **form.cleaned_data)
        language = request.user.language or translation.get_language_from_request(request)
        translation.activate(language)
        messages.success(request, _("Your preferences were saved."))
        response = redirect("my_preferences")
        if request.user.language:  # this device follows the choice at once (else it keeps its own)
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                                samesite="Lax")
        return response
    return render(request, "network/privacy/preferences.html", {"form": form})


def set_language(request: HttpRequest) -> HttpResponse:
    """The header's language selector (Django's own view), remembered on the signed-in person."""
    from django.views.i18n import set_language as django_set_language

    from .preferences import language_remember

    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        language_remember(user=request.user, language=request.POST.get("language", ""))
    return response
