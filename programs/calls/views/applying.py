"""Applying to a call: start, fill (with autosave), attach, submit, follow, withdraw. Thin views."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network.errors import PortalError
from network.http import missing_is_404
from network.models import PersonalDataAccess
from network.rules import holds

from .. import selectors
from ..enums import DECIDED_STATES
from ..enums import Actor
from ..enums import ApplicationState
from ..forms import AccessCodeForm
from ..forms import DocumentForm
from ..kinds import spec_for
from ..models import Application
from ..models import Call
from ..pdf import application_pdf as render_application_pdf
from ..services import applications as services
from ..services.eligibility import eligibility_problems
from ..services.eligibility import members_user_may_apply_for
from ..services.errors import IncompleteApplication
from ..services.reviews import staff_reading_record
from ..services.transitions import transition_allowed


def _own_application(request: HttpRequest, reference: str) -> Application:
    with missing_is_404():
        return selectors.application_for_applicant(request.user, reference)


def _visible_application(request: HttpRequest, reference: str) -> Application:
    with missing_is_404():
        return selectors.application_visible_to(request.user, reference)


@login_required
def application_start(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: what the applicant is about to start (and for which city). POST: open or resume the draft."""
    call = get_object_or_404(Call.objects.filter(published=True), slug=slug)
    members = list(members_user_may_apply_for(request.user))
    code_form = AccessCodeForm(request.POST or None)
    if request.method == "POST":
        member = next((m for m in members if str(m.pk) == request.POST.get("member")), None)
        if member is None and len(members) == 1:
            member = members[0]
        try:
            application = services.application_start(
                call=call, user=request.user, member=member, access_code=request.POST.get("code", "")
            )
        except PortalError as error:
            messages.error(request, error.message)
        else:
            return redirect("programs:application_edit", reference=application.reference)
    choices = [(m, eligibility_problems(call=call, member=m, user=request.user)) for m in members]
    no_member_problems = [] if members else eligibility_problems(call=call, member=None, user=request.user)
    return render(
        request,
        "programs/apply_start.html",
        {"call": call, "choices": choices, "no_member_problems": no_member_problems, "code_form": code_form},
    )


def _edit_context(application: Application, form, document_form=None) -> dict:
    return {
        "application": application,
        "call": application.call,
        "form": form,
        "document_form": document_form or DocumentForm(),
        "documents": list(application.documents.all()),
    }


@login_required
def application_edit(request: HttpRequest, reference: str) -> HttpResponse:
    application = _own_application(request, reference)
    if application.state != ApplicationState.DRAFT:
        return redirect("programs:application", reference=reference)
    form_class = spec_for(application.call.kind).form_class
    if request.method == "POST":
        form = form_class(data=request.POST, call=application.call)
        try:
            services.application_save_draft(application=application, by=request.user,
                                            answers=_typed(form, request))
        except PortalError as error:  # submitted meanwhile, from another tab
            messages.error(request, error.message)
            return redirect("programs:application", reference=reference)
        messages.success(request, _("Draft saved."))
        return redirect("programs:application_edit", reference=reference)
    return render(request, "programs/application_edit.html",
                  _edit_context(application, form_class(initial=application.data, call=application.call)))


def _typed(form, request: HttpRequest) -> dict:
    """What the applicant typed, valid or not, as JSON-ready values for the draft."""
    answers = {}
    for name, field in form.fields.items():
        if getattr(field.widget, "allow_multiple_selected", False):
            answers[name] = request.POST.getlist(name)
        elif isinstance(field, forms.BooleanField):
            answers[name] = name in request.POST
        elif name in request.POST:
            answers[name] = request.POST[name][:20000]
    return answers


def _int(value: str | None) -> int:
    """A counter sent by the page: a whole number within the database's integer range, else 0."""
    try:
        number = int(str(value or 0)[:12])
    except ValueError:
        return 0
    return number if 0 <= number < 2**31 else 0


@require_POST
def application_autosave(request: HttpRequest, reference: str) -> HttpResponse:
    """htmx: saves the draft as the applicant types; answers with a short status line."""
    if not request.user.is_authenticated:  # the session expired: say so, the text stays in the page
        return render(request, "programs/application_edit.html#autosave", {"error": _(
            "Your session has expired, so this was not saved. Sign in again in another tab, then keep "
            "typing here: nothing on this page is lost.")}, status=401)
    application = _own_application(request, reference)
    form = spec_for(application.call.kind).form_class(data=request.POST, call=application.call)
    try:
        services.application_save_draft(
            application=application, by=request.user, answers=_typed(form, request),
            page=request.POST.get("_page", ""), revision=_int(request.POST.get("_revision")),
        )
    except PortalError as error:
        return render(request, "programs/application_edit.html#autosave", {"error": error.message}, status=409)
    return render(request, "programs/application_edit.html#autosave", {"saved_at": timezone.now()})


@login_required
@require_POST
def application_submit(request: HttpRequest, reference: str) -> HttpResponse:
    application = _own_application(request, reference)
    form_class = spec_for(application.call.kind).form_class
    try:
        # What was typed is kept and submitted in one transaction, under the application's lock: ten
        # parallel clicks submit once and each lands on the receipt.
        application = services.application_submit(
            application=application, by=request.user, access_code=request.POST.get("code", ""),
            answers=_typed(form_class(data=request.POST, call=application.call), request),
        )
    except IncompleteApplication as error:
        form = form_class(data=request.POST, call=application.call)
        form.is_valid()
        messages.error(request, error.message)
        return render(request, "programs/application_edit.html", _edit_context(application, form), status=400)
    except PortalError as error:
        messages.error(request, error.message)
        return redirect("programs:application_edit", reference=reference)
    return redirect(f"{application.get_absolute_url()}?submitted=1")


@login_required
def application_detail(request: HttpRequest, reference: str) -> HttpResponse:
    application = _visible_application(request, reference)
    is_applicant = application.applicant_id == request.user.pk
    hide_identity = selectors.identity_hidden_for(request.user, application)
    return render(
        request,
        "programs/application_detail.html",
        {
            "application": application,
            "call": application.call,
            "hide_identity": hide_identity,
            "shown_title": selectors.shown_title(application, hide_identity=hide_identity),
            "answers": selectors.application_answers(application, hide_identity=hide_identity),
            "documents": selectors.application_documents(application, hide_identity=hide_identity),
            "reads_as_staff": not is_applicant and holds(request.user, "programs.view_application"),
            "timeline": selectors.application_timeline(
                application, for_staff=holds(request.user, "programs.view_application"), hide_identity=hide_identity),
            "is_applicant": is_applicant,
            "can_withdraw": is_applicant and transition_allowed(
                source=application.state, target=ApplicationState.WITHDRAWN, actor=Actor.APPLICANT),
            "just_submitted": request.GET.get("submitted") == "1" and is_applicant,
        },
    )


@login_required
def application_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    application = _visible_application(request, reference)
    staff_reading_record(user=request.user, application=application, kind=PersonalDataAccess.Kind.APPLICATION_PDF)
    pdf = render_application_pdf(application, language=request.LANGUAGE_CODE,
                                 hide_identity=selectors.identity_hidden_for(request.user, application))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{application.reference}.pdf"'
    return response


@login_required
@require_POST
def application_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    application = _own_application(request, reference)
    seen = request.POST.get("seen_state", "")
    try:
        withdrawn = services.application_withdraw(application=application, by=request.user)
    except PortalError as error:
        messages.error(request, error.message)
    else:
        text = _("Your application %(reference)s was withdrawn.") % {"reference": reference}
        if seen and withdrawn.withdrawn_from != seen and withdrawn.withdrawn_from in DECIDED_STATES:
            # The secretariat's decision was published while the applicant was on the page.
            text += " " + _("It had just been decided (%(decision)s) when your withdrawal arrived.") % {
                "decision": ApplicationState(withdrawn.withdrawn_from).label}
        messages.success(request, text)
    return redirect("programs:application", reference=reference)


@login_required
@require_POST
def document_upload(request: HttpRequest, reference: str) -> HttpResponse:
    application = _own_application(request, reference)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(application=application, by=request.user, upload=form.cleaned_data["file"],
                                  content_type=form.cleaned_data["content_type"])
        except PortalError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": form.cleaned_data["file"].name})
            return redirect("programs:application_edit", reference=reference)
    else:
        for error in form.errors.get("file", []):
            messages.error(request, error)
    form_class = spec_for(application.call.kind).form_class
    return render(request, "programs/application_edit.html",
                  _edit_context(application, form_class(initial=application.data, call=application.call), form),
                  status=400)


@login_required
def document_download(request: HttpRequest, reference: str, document_id: int) -> FileResponse:
    application = _visible_application(request, reference)
    document = get_object_or_404(application.documents, pk=document_id)
    staff_reading_record(user=request.user, application=application,
                         kind=PersonalDataAccess.Kind.APPLICATION_DOCUMENT)
    hide_identity = selectors.identity_hidden_for(request.user, application)
    name = selectors.scrub(document.original_name, selectors.identity_names(application)) if hide_identity \
        else document.original_name
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=name,
                        content_type=document.content_type)


@login_required
@require_POST
def document_delete(request: HttpRequest, reference: str, document_id: int) -> HttpResponse:
    application = _own_application(request, reference)
    document = get_object_or_404(application.documents, pk=document_id)
    try:
        services.document_remove(document=document, by=request.user)
    except PortalError as error:
        messages.error(request, error.message)
    return redirect("programs:application_edit", reference=reference)
