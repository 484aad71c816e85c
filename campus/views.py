"""Campus pages: the public catalogue, course pages, strategies, capsules and certificate
verification; the student's enrolments; a staff page of scholarship totals. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_POST

from network.errors import PortalError
from network.http import is_htmx
from network.http import missing_is_404
from network.page_cache import cache_anonymous_page
from network.selectors import focal_point_members
from programs.calls.services.eligibility import eligibility_problems
from programs.calls.services.eligibility import members_user_may_apply_for
from programs.calls.services.errors import IncompleteApplication

from . import selectors
from .enums import ENROLMENT
from .enums import SCHOLARSHIP
from .enums import CourseKind
from .enums import EnrolmentState
from .forms import EnrolForm
from .forms import FinalProjectForm
from .forms import StrategyFilterForm
from .forms import VerifyForm
from .models import Capsule
from .models import Edition
from .models import Enrolment
from .services import capsules as capsule_services
from .services import enrolments as services
from .services.certificates import certificate_verify
from .services.certificates import normalize
from .services.projects import project_submit

STRATEGIES_PAGE_SIZE = 30
CATALOGUE_PAGE_SIZE = 24
CATALOGUE_CAPSULES = 8



@require_GET
@cache_anonymous_page
def catalogue(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.catalogue_courses(), CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
    courses = selectors.with_next_editions(list(page.object_list))
    groups = [(kind, label, [c for c in courses if c.kind == kind]) for kind, label in CourseKind.choices
              if kind != CourseKind.CAPSULE]
    capsules_count, capsules = selectors.capsules_preview(CATALOGUE_CAPSULES)
    return render(request, "campus/catalogue.html", {
        "groups": groups, "page": page, "strategies_count": selectors.strategies_count(),
        "capsules": capsules, "capsules_count": capsules_count,
    })


@require_GET
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    with missing_is_404():
        course = selectors.course_detail(slug)
    editions = selectors.course_editions(course)
    today = timezone.localdate()
    upcoming = [e for e in editions if e.ends_on >= today]
    next_edition = upcoming[-1] if upcoming else None
    if next_edition is not None:
        call = next_edition.enrolment_call
        next_edition.enrolment_open = call is not None and call.accepts_submissions_at(timezone.now())
    return render(request, "campus/course_detail.html", {
        "course": course, "next_edition": next_edition,
        "request_call": selectors.adhoc_request_call() if course.kind == CourseKind.ADHOC else None,
        "past_editions": [e for e in editions if e.ends_on < today],
    })


@login_required
def enrol(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    edition = get_object_or_404(Edition.objects.select_related("course", "enrolment_call"),
                                course__slug=slug, number=number, published=True)
    existing = Enrolment.objects.filter(edition=edition, user=request.user).first()
    if existing:
        return redirect("campus:enrolment", pk=existing.pk)
    members = list(members_user_may_apply_for(request.user))
    form = EnrolForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data.get("member") or (members[0] if len(members) == 1 else None)
        try:
            enrolment = services.enrolment_apply(
                edition=edition, user=request.user, member=member, position=form.cleaned_data["position"],
                motivation=form.cleaned_data["motivation"], scholarship=form.cleaned_data["scholarship"])
        except IncompleteApplication as error:
            for field, errors in error.errors.items():
                form.add_error(field if field in form.fields else None, errors)
        except PortalError as error:
            form.add_error("scholarship" if "scholarship" in str(error.message).lower() else None, error.message)
        else:
            messages.success(request, _("Your application has been received. We will write to you when the "
                                        "secretariat decides."))
            return redirect("campus:enrolment", pk=enrolment.pk)
    call = edition.enrolment_call
    problems = []
    if call is not None:
        member = members[0] if len(members) == 1 else None
        problems = eligibility_problems(call=call, member=member, user=request.user)
    return render(request, "campus/enrol.html", {
        "edition": edition, "course": edition.course, "form": form, "call": call, "problems": problems,
        "scholarship_problem": services.scholarship_problem(member=members[0]) if len(members) == 1 else None,
        "open": call is not None and call.accepts_submissions_at(timezone.now()),
    })


@require_GET
def strategies(request: HttpRequest) -> HttpResponse:
    form = StrategyFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {"q": data["q"], "member": data["member"].slug if data["member"] else "",
                   "edition": str(data["edition"].pk) if data["edition"] else "",
                   "theme": data["theme"].slug if data["theme"] else ""}
    qs = selectors.strategies(**filters)
    page = Paginator(qs, STRATEGIES_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "total": selectors.strategies_count(), "query": query.urlencode()}
    if is_htmx(request):
        return render(request, "campus/strategies.html#results", context)
    return render(request, "campus/strategies.html", context)


@require_GET
def capsule_list(request: HttpRequest) -> HttpResponse:
    return render(request, "campus/capsules.html", {"capsules": selectors.capsules(request.user)})


@login_required
@require_POST
def capsule_done(request: HttpRequest, slug: str) -> HttpResponse:
    capsule = get_object_or_404(Capsule, slug=slug, published=True)
    if request.POST.get("undo"):
        capsule_services.capsule_unmark(capsule=capsule, user=request.user)
    else:
        capsule_services.capsule_mark_done(capsule=capsule, user=request.user)
    return redirect("campus:capsules")


@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("campus:verify_code", code=normalize(form.cleaned_data["code"]) or "-")
    return render(request, "campus/verify.html", {"form": form})


@require_GET
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    result = certificate_verify(code)
    return render(request, "campus/verify.html", {"form": VerifyForm(initial={"code": code}), "result": result,
                                                  "code": code},
                  status=200 if result.status == "valid" else 404)


# --- The student's side ------------------------------------------------------------------------
@login_required
def my_courses(request: HttpRequest) -> HttpResponse:
    members = list(focal_point_members(request.user))
    city_enrolments = list(selectors.member_enrolments_many(members)) if members else []
    return render(request, "campus/my_courses.html", {
        "enrolments": list(selectors.enrolments_of(request.user)),
        "focal_members": members, "city_enrolments": city_enrolments,
    })


def _visible(request: HttpRequest, pk: int) -> Enrolment:
    with missing_is_404():
        return selectors.enrolment_visible_to(request.user, pk)


@login_required
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _visible(request, pk)
    is_student = enrolment.user_id == request.user.pk
    project = getattr(enrolment, "project", None)
    project_form = None
    if is_student and enrolment.state == EnrolmentState.ENROLLED and (project is None or project.grade != "pass"):
        initial = ({"title": project.title, "city": project.city, "summary": project.summary} if project else
                   {"city": enrolment.member.name if enrolment.member else ""})
        project_form = FinalProjectForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST" and project_form.is_valid():
            data = project_form.cleaned_data
            try:
                project_submit(enrolment=enrolment, by=request.user, title=data["title"], city=data["city"],
                               summary=data["summary"], document=data["document"], themes=data["themes"])
            except PortalError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Your final project has been handed in."))
                return redirect("campus:enrolment", pk=pk)
    from network.workflow import state_history

    return render(request, "campus/enrolment_detail.html", {
        "enrolment": enrolment, "edition": enrolment.edition, "course": enrolment.edition.course,
        "is_student": is_student, "project": project, "project_form": project_form,
        "certificate": getattr(enrolment, "certificate", None),
        "history": [(change, ENROLMENT.label(source=change.source, target=change.target)
                     or SCHOLARSHIP.label(source=change.source, target=change.target))
                    for change in state_history(enrolment)],
    })


@login_required
@require_POST
def enrolment_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    enrolment = _visible(request, pk)
    if enrolment.user_id != request.user.pk:
        raise Http404
    try:
        if action == "confirm":
            services.enrolment_confirm(enrolment=enrolment, by=request.user)
            messages.success(request, _("Your place is confirmed. Welcome to the course!"))
        elif action == "withdraw":
            services.enrolment_drop(enrolment=enrolment, by=request.user)
            messages.success(request, _("You have withdrawn from this edition."))
        else:
            raise Http404
    except PortalError as error:
        messages.error(request, error.message)
    return redirect("campus:enrolment", pk=pk)


@login_required
def certificate_download(request: HttpRequest, pk: int) -> FileResponse:
    enrolment = _visible(request, pk)
    certificate = getattr(enrolment, "certificate", None)
    if certificate is None or not certificate.pdf:
        raise Http404
    return FileResponse(certificate.pdf.open("rb"), as_attachment=True, content_type="application/pdf",
                        filename=f"certificate-{certificate.code}.pdf")


@login_required
def project_document(request: HttpRequest, pk: int) -> FileResponse:
    enrolment = _visible(request, pk)
    project = getattr(enrolment, "project", None)
    if project is None or not project.document:
        raise Http404
    return FileResponse(project.document.open("rb"), as_attachment=True,
                        filename=project.document.name.rsplit("/", 1)[-1])


# --- Staff -----------------------------------------------------------------------------------------
@staff_member_required
@permission_required("campus.view_enrolment", raise_exception=True)
def staff_scholarships(request: HttpRequest) -> HttpResponse:
    return render(request, "campus/staff_scholarships.html", {
        "editions": selectors.scholarship_totals_by_edition(),
        "members": selectors.scholarship_totals_by_member(),
        "flagged": list(selectors.flagged_enrolments()),
    })
