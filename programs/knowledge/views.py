"""Pages of the knowledge area: webinars with public registration, the good-practice bank, funding
opportunities, and the city's practices in the portal. Thin: parse, call a service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
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
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST

from network import selectors as network_selectors
from network.errors import PortalError
from network.http import is_htmx
from network.http import missing_is_404
from network.models import Member
from network.page_cache import cache_anonymous_page
from network.paging import page_of
from network.workflow import state_history

from . import selectors as selectors
from .enums import PRACTICE_WORKFLOW
from .enums import PracticeState
from .filters import PracticeFilter
from .forms import PracticeFileForm
from .forms import PracticeForm
from .forms import WebinarRegistrationForm
from .models import GoodPractice
from .models import PracticeFile
from .models import Webinar
from .services import practices as practice_services
from .services import webinars as webinar_services

PAST_WEBINARS_PAGE_SIZE = 12
PRACTICES_PAGE_SIZE = 12



def _language(request: HttpRequest) -> str:
    code = (getattr(request, "LANGUAGE_CODE", None) or translation.get_language() or "es").lower()
    return code if code in {c for c, _n in settings.LANGUAGES} else "es"


# --- Webinars -------------------------------------------------------------------------------------
@require_GET
def webinar_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    past = Paginator(selectors.past_webinars(now), PAST_WEBINARS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "programs/knowledge/webinar_list.html", {
        "upcoming": list(selectors.upcoming_webinars(now)),
        "past": past,
        "held_since": selectors.webinars_held_since(now=now),
        "since_year": selectors.CYCLE_STARTED,
        "now": now,
    })


def _webinar_or_404(slug: str) -> Webinar:
    with missing_is_404():
        return selectors.public_webinar_by_slug(slug)


def _render_webinar(request, webinar: Webinar, form: WebinarRegistrationForm | None = None, status: int = 200):
    now = timezone.now()
    open_ = webinar_services.registration_open(webinar, now)
    left = selectors.places_left(webinar)
    return render(request, "programs/knowledge/webinar_detail.html", {
        "webinar": webinar,
        "registration_open": open_ and left != 0,
        "full": open_ and left == 0,
        "places_left": left,
        "is_past": webinar.is_past(now),
        "form": form or (WebinarRegistrationForm() if open_ and left != 0 else None),
        "practices": list(webinar.good_practices.filter(state=PracticeState.PUBLISHED).select_related("member")),
    }, status=status)


@require_GET
def webinar_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_webinar(request, _webinar_or_404(slug))


@require_http_methods(["GET", "POST"])
def webinar_register(request: HttpRequest, slug: str) -> HttpResponse:
    webinar = _webinar_or_404(slug)
    if request.method == "GET":
        return redirect(webinar.get_absolute_url() + "#register")
    form = WebinarRegistrationForm(request.POST)
    if form.is_valid():
        if form.is_robot():
            return redirect("programs:webinar_registered", slug=webinar.slug)
        data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        try:
            webinar_services.webinar_register(webinar=webinar, language=_language(request), **data)
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            return redirect("programs:webinar_registered", slug=webinar.slug)
    return _render_webinar(request, webinar, form=form, status=400)


@require_GET
def webinar_registered(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "programs/knowledge/webinar_registered.html", {"webinar": _webinar_or_404(slug)})


@require_GET
def webinar_ics(request: HttpRequest, slug: str) -> HttpResponse:
    webinar = _webinar_or_404(slug)
    from network.ics import calendar_bytes

    content = calendar_bytes([webinar_services.webinar_calendar_entry(webinar)], name=webinar.title)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{webinar.slug}.ics"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def webinar_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners open links), POST frees the place."""
    from .models import WebinarRegistration

    registration = WebinarRegistration.objects.select_related("webinar").filter(token=token).first()
    if registration is None:
        raise Http404
    done = False
    if request.method == "POST":
        registration = webinar_services.webinar_unsubscribe(token=token)
        done = True
    return render(request, "programs/knowledge/webinar_unsubscribe.html",
                  {"registration": registration, "webinar": registration.webinar, "done": done})


# --- Good-practice bank ------------------------------------------------------------------------------
@require_GET
@cache_anonymous_page
def practice_list(request: HttpRequest) -> HttpResponse:
    practice_filter = PracticeFilter(request.GET or None, queryset=selectors.published_practices())
    page = page_of(practice_filter.qs, PRACTICES_PAGE_SIZE, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": practice_filter, "page": page, "query": query.urlencode()}
    template = "programs/knowledge/practice_list.html#results" if is_htmx(request) else \
        "programs/knowledge/practice_list.html"
    return render(request, template, context)


@require_GET
@cache_anonymous_page
def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    with missing_is_404():
        practice = selectors.public_practice_by_slug(slug)
    files = list(practice.files.all())
    return render(request, "programs/knowledge/practice_detail.html", {
        "practice": practice,
        "images": [f for f in files if f.kind == "image"],
        "documents": [f for f in files if f.kind == "document"],
        "transfers": list(practice.transfers.all()),
        "related": selectors.related_practices(practice),
    })


# --- Funding ----------------------------------------------------------------------------------------
@require_GET
def funding_list(request: HttpRequest) -> HttpResponse:
    opportunities = list(selectors.open_funding())
    matching_ids: set[int] = set()
    members = list(network_selectors.portal_members_for(request.user)) if request.user.is_authenticated else []
    for member in members:
        matching_ids |= set(selectors.funding_matching(member).values_list("pk", flat=True))
    return render(request, "programs/knowledge/funding_list.html", {
        "opportunities": opportunities,
        "matching_ids": matching_ids,
        "support_call": selectors.funding_support_call(),
    })


# --- Member portal: the city's practices -----------------------------------------------------------
def _portal_member(request: HttpRequest, slug: str) -> Member:
    with missing_is_404():
        return network_selectors.portal_member_for(request.user, slug)


def _portal_practice(request: HttpRequest, pk: int) -> GoodPractice:
    with missing_is_404():
        return selectors.portal_practice_for(request.user, pk)


@login_required
@require_GET
def portal_practices(request: HttpRequest, slug: str) -> HttpResponse:
    member = _portal_member(request, slug)
    if not request.user.has_perm("programs.view_city_practices", member):
        raise PermissionDenied
    return render(request, "programs/knowledge/portal_practices.html", {
        "member": member,
        "practices": list(selectors.portal_practices_of(request.user, member)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def portal_practice_new(request: HttpRequest, slug: str) -> HttpResponse:
    member = _portal_member(request, slug)
    if not request.user.has_perm("programs.add_city_practice", member):
        raise PermissionDenied
    form = PracticeForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            practice = practice_services.practice_create(member=member, by=request.user, **form.cleaned_data)
        except (PortalError, ValidationError) as error:
            form.add_error(None, getattr(error, "message", None) or "; ".join(error.messages))
        else:
            messages.success(request, _("Your draft is saved. Add images or documents, then send it for review."))
            return redirect("programs:portal_practice_edit", pk=practice.pk)
    return render(request, "programs/knowledge/portal_practice_form.html",
                  {"member": member, "form": form, "practice": None}, status=400 if form.errors else 200)


def _initial(practice: GoodPractice) -> dict:
    return {
        "title": practice.title, "summary": practice.summary, "body": practice.body, "year": practice.year,
        "themes": [t.slug for t in practice.themes.all()], "sdgs": [s.pk for s in practice.sdgs.all()],
        "microrred": practice.microrred_id, "webinar": practice.webinar_id, "mentorship": practice.mentorship_id,
    }


def _render_practice_edit(request, practice, form, file_form, status=200):
    return render(request, "programs/knowledge/portal_practice_form.html", {
        "member": practice.member, "practice": practice, "form": form, "file_form": file_form,
        "editable": practice.state == PracticeState.DRAFT,
        "files": list(practice.files.all()),
        "history": [
            {"at": c.at, "label": PRACTICE_WORKFLOW.label(source=c.source, target=c.target), "comment": c.comment}
            for c in state_history(practice)
        ],
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def portal_practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _portal_practice(request, pk)
    form = PracticeForm(request.POST or None, member=practice.member, initial=_initial(practice))
    if request.method == "POST" and form.is_valid():
        try:
            practice_services.practice_update(practice=practice, by=request.user, **form.cleaned_data)
        except (PortalError, ValidationError) as error:
            form.add_error(None, getattr(error, "message", None) or "; ".join(error.messages))
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("programs:portal_practice_edit", pk=practice.pk)
    return _render_practice_edit(request, practice, form, PracticeFileForm(), status=400 if form.errors else 200)


@login_required
@require_POST
def portal_practice_submit(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _portal_practice(request, pk)
    try:
        practice_services.practice_submit(practice=practice, by=request.user)
    except PortalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Sent for review. The secretariat will publish it or write to you."))
    return redirect("programs:portal_practice_edit", pk=practice.pk)


@login_required
@require_POST
def portal_practice_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _portal_practice(request, pk)
    file_form = PracticeFileForm(request.POST, request.FILES)
    if file_form.is_valid():
        try:
            practice_services.practice_file_add(practice=practice, upload=file_form.cleaned_data["file"],
                                                caption=file_form.cleaned_data["caption"], by=request.user)
        except PortalError as error:
            file_form.add_error(None, error.message)
        else:
            messages.success(request, _("The file was added."))
            return redirect("programs:portal_practice_edit", pk=practice.pk)
    form = PracticeForm(member=practice.member, initial=_initial(practice))
    return _render_practice_edit(request, practice, form, file_form, status=400)


@login_required
@require_POST
def portal_practice_file_delete(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    practice = _portal_practice(request, pk)
    file = get_object_or_404(PracticeFile, pk=file_id, practice=practice)
    try:
        practice_services.practice_file_delete(file=file, by=request.user)
    except PortalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The file was removed."))
    return redirect("programs:portal_practice_edit", pk=practice.pk)

