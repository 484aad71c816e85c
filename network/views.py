"""Public pages, the member portal and the health check. Thin: parse, call, render."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_POST

from . import maps
from . import selectors
from . import services
from .enums import SitePageKind
from .errors import PortalError
from .filters import MemberDirectoryFilter
from .forms import InvitationForm
from .http import is_htmx
from .http import missing_is_404
from .models import Invitation
from .models import Member
from .models import Person
from .page_cache import cache_anonymous_page
from .portal_panels import PANELS
from .portal_panels import ordered_panels
from .portal_panels import team_panel
from .programmes import programme_summaries
from .search import MAX_WORDS
from .search import search_site
from .upcoming import upcoming_items

DIRECTORY_PAGE_SIZE = 24



# --- Public ---------------------------------------------------------------------------------
@cache_anonymous_page
def home(request: HttpRequest) -> HttpResponse:
    networks = list(selectors.territorial_networks_with_counts())
    members_map, figures = selectors.home_map(territorial_networks=len(networks))  # the map's rows give the figures
    return render(
        request,
        "network/home.html",
        {
            "figures": figures,
            "networks": networks,
            "map": members_map,
            "upcoming": upcoming_items(request=request, limit=6),
            "programmes": programme_summaries(),
        },
    )


@cache_anonymous_page
def directory(request: HttpRequest) -> HttpResponse:
    member_filter = MemberDirectoryFilter(request.GET or None, queryset=selectors.public_members())
    query = request.GET.copy()
    query.pop("page", None)
    paginator = Paginator(member_filter.qs, DIRECTORY_PAGE_SIZE)
    if any(query.values()):  # a search or a filter: the map of every member found, drawn for it
        cities = selectors.map_cities(member_filter.qs)
        paginator.count = len(cities)  # the map's query has counted them: no COUNT query
        members_map = maps.network_map(cities)
    else:  # today's members: the map the home page shows, kept for every visitor
        kept = selectors.current_members_map()
        paginator.count, members_map = kept.members, kept.map
    page = paginator.get_page(request.GET.get("page"))
    context = {"filter": member_filter, "page": page, "query": query.urlencode(), "map": members_map}
    template = "network/directory.html#results" if is_htmx(request) else "network/directory.html"
    return render(request, template, context)


@cache_anonymous_page
def member_detail(request: HttpRequest, slug: str) -> HttpResponse:
    with missing_is_404():
        member = selectors.public_member_by_slug(slug)
    return render(
        request,
        "network/member_detail.html",
        {"member": member, "team": selectors.member_public_team(member),
         "locator": maps.locator_map(selectors.map_city(member, network_position=member.map_position))},
    )


@cache_anonymous_page
def territorial_network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    with missing_is_404():
        network = selectors.territorial_network_by_slug(slug)
    members = list(selectors.public_members().filter(territorial_network=network).exclude(status="former"))
    cities = [selectors.map_city(member, network_position=network.map_position) for member in members]
    return render(request, "network/territorial_network.html", {
        "network": network, "members": members,
        "map": maps.territorial_network_map(cities, countries=[country.code for country in network.countries]),
    })


@require_GET
def site_search(request: HttpRequest) -> HttpResponse:
    """The whole public site searched at once (network.search), from the box in every page's header.
    Never cached: every query would be a page of its own in the cache."""
    result = search_site(request.GET.get("q", ""), language=request.LANGUAGE_CODE)
    return render(request, "network/search.html", {"site_search": result, "max_words": MAX_WORDS})


# --- Member portal ----------------------------------------------------------------------------
def _portal_member(request: HttpRequest, slug: str) -> Member:
    with missing_is_404():
        return selectors.portal_member_for(request.user, slug)


@login_required
def portal_home(request: HttpRequest) -> HttpResponse:
    """Where everyone lands after signing in: their city's page, the choice of their cities, or, for
    staff of the secretariat who work for no city, the admin (never "your account is not linked")."""
    members = list(selectors.portal_members_for(request.user))
    if len(members) == 1:
        return _render_portal_member(request, members[0])
    if not members and request.user.is_staff:
        return redirect("admin:index")
    return render(request, "network/portal/home.html", {"members": members})


@login_required
def portal_member(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_portal_member(request, _portal_member(request, slug))


def _render_portal_member(request: HttpRequest, member: Member) -> HttpResponse:
    """The city's page: a light shell naming its panels, each loaded on its own (portal_panel)."""
    can_see_participation = request.user.has_perm("network.view_participation", member)
    this_year = timezone.localdate().year
    panels = [panel for panel in ordered_panels() if panel.shown_to(request.user, member)]
    return render(request, "network/portal/member.html", {
        "member": member,
        "top_panels": [p for p in panels if p.top],
        "half_panels": [p for p in panels if p.half and not p.top],
        "panels": [p for p in panels if not p.half and not p.top],
        "participation_years": [this_year - 1, this_year] if can_see_participation else [],
    })


@login_required
@require_GET
def portal_panel(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """One panel of the city page: the fragment htmx puts in the page, or (without JavaScript, or
    opened on its own) a page of its own."""
    member = _portal_member(request, slug)
    panel = PANELS.get(key)
    if panel is None or not panel.shown_to(request.user, member):
        raise Http404
    return _render_panel(request, member, panel, panel.context(request=request, member=member))


def _render_panel(request: HttpRequest, member: Member, panel, context: dict | None, *, status: int = 200):
    if is_htmx(request):
        if context is None:  # nothing to show: the panel leaves the page
            return HttpResponse("", status=status)
        return render(request, panel.template, {"panel": context, "member": member}, status=status)
    return render(request, "network/portal/panel.html",
                  {"member": member, "portal_panel": panel, "panel": context}, status=status)


@login_required
@require_GET
def participation_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The focal point's one-page PDF of their city's participation in `year`."""
    from .pdf import render_pdf
    from .plan.selectors import member_context

    member = _portal_member(request, slug)
    if not request.user.has_perm("network.view_participation", member):
        raise PermissionDenied
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise Http404
    pdf = render_pdf(template="network/plan/pdf/participation.html",
                     context=member_context(year=year, member=member), language=request.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="participation-{member.slug}-{year}.pdf"'
    return response


@login_required
@require_POST
def team_invite(request: HttpRequest, slug: str) -> HttpResponse:
    member = _portal_member(request, slug)
    if not request.user.has_perm("network.invite_to_team", member):
        raise PermissionDenied
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                member=member, by=request.user, language=request.LANGUAGE_CODE, **form.cleaned_data
            )
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("portal:member", slug=member.slug)
    # What was typed stays, with the errors: the team panel on its own page.
    return _render_panel(request, member, PANELS.get("team"), team_panel(request=request, member=member, form=form),
                         status=400)


@login_required
@require_POST
def team_remove(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    member = _portal_member(request, slug)
    if not request.user.has_perm("network.remove_from_team", member):
        raise PermissionDenied
    person = get_object_or_404(Person, pk=person_id, roles__member=member)
    try:
        services.team_member_remove(member=member, person=person, by=request.user)
    except PortalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(person)s was removed from the team.") % {"person": person})
    return redirect("portal:member", slug=member.slug)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    member = _portal_member(request, slug)
    if not request.user.has_perm("network.revoke_invitation", member):
        raise PermissionDenied
    invitation = get_object_or_404(Invitation, pk=invitation_id, member=member)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except PortalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email})
    return redirect("portal:member", slug=member.slug)


@never_cache
def invitation_detail(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.select_related("member", "invited_by").filter(token=token).first()
    if invitation is None or not invitation.is_usable():
        return render(request, "network/portal/invitation_invalid.html", status=404)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.invitation_accept(token=token, user=request.user)
        except PortalError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Welcome to the team of %(member)s.") % {"member": invitation.member})
            return redirect("portal:member", slug=invitation.member.slug)
    if not request.user.is_authenticated:
        # The link arrived at this address, so signing up with it needs no second verification.
        get_adapter(request).stash_verified_email(request, invitation.email)
    next_url = reverse("portal:invitation", kwargs={"token": token})
    return render(request, "network/portal/invitation.html", {"invitation": invitation, "next_url": next_url})


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages (the admin's) that do not name an icon."""
    from django.templatetags.static import static

    return redirect(static("img/favicon.svg"), permanent=True)


# --- Operations ---------------------------------------------------------------------------------
@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Database and broker state for load balancers and monitoring; 503 when the database is down."""
    from .health import broker_state
    from .health import database_state

    database = database_state(connection)
    broker = broker_state()
    healthy = database["ok"]
    return JsonResponse(
        {"status": "ok" if healthy and broker["ok"] else ("degraded" if healthy else "down"),
         "database": database, "broker": broker},
        status=200 if healthy else 503,
    )


@require_GET
@never_cache
def status(request: HttpRequest) -> HttpResponse:
    """The service's state for people (the footer's "Service status"); /health/ is the same for machines."""
    from .health import broker_state
    from .health import database_state
    from .health import outbox_state

    database = database_state(connection)
    broker = broker_state()
    outbox = outbox_state() if database["ok"] else None
    stuck = bool(outbox and outbox["oldest"] and timezone.now() - outbox["oldest"] > timedelta(minutes=30))
    overall = "down" if not database["ok"] else ("degraded" if not broker["ok"] or stuck else "ok")
    return render(request, "network/status.html", {
        "overall": overall, "database": database, "broker": broker, "outbox": outbox, "stuck": stuck,
        "checked_at": timezone.now(),
    }, status=503 if overall == "down" else 200)


def admin_door(login_view):
    """The admin's sign-in page for a signed-in person who is not staff: their portal, with a message
    saying why (allauth answers them with a bare 403 and a traceback in the log)."""
    from functools import wraps

    @wraps(login_view)
    def door(request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_staff:
            messages.info(request, _("The administration is for the secretariat's staff. Here is your portal."))
            return redirect("portal:home")
        return login_view(request, *args, **kwargs)

    return door


@require_GET
def site_page(request: HttpRequest, kind: str) -> HttpResponse:
    """About the network, contact and the accessibility statement (footer links)."""
    page, contact = selectors.site_page(kind)
    return render(request, "network/site_page.html", {
        "page": page, "kind": kind, "kind_label": SitePageKind(kind).label, "contact_email": contact,
        "default_template": f"network/site_page_default_{kind}.html",
    })


@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    """The annual reports staff published: per year, its headline figures and a PDF per language."""
    from .plan.selectors import published_reports

    return render(request, "network/reports.html", {"reports": published_reports(translation.get_language())})


@require_GET
def report_pdf(request: HttpRequest, year: int, language: str) -> HttpResponse:
    from .plan.selectors import published_report_file

    run = published_report_file(year, language)
    return FileResponse(run.file.open("rb"), content_type="application/pdf",
                        filename=f"{slugify(settings.SITE_NAME)}-{year}-{language}.pdf")
