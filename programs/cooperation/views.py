"""Pages of the cooperation area: the public microrredes index and pages, and the member portal's
microrredes, mentorships and pairings. Thin: parse, read through selectors, call services."""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_POST

from network.errors import PortalError
from network.http import is_htmx
from network.http import missing_is_404

from . import selectors as selectors
from .enums import MENTORSHIP_WORKFLOW
from .enums import AttendanceAnswer
from .enums import MentorshipState
from .forms import AttendanceForm
from .forms import MicrorredIndexFilter
from .forms import ReportForm
from .services import mentorships as mentorship_services
from .services.microrredes import attendance_answer
from .services.microrredes import session_ics as session_ics_bytes


# --- Public --------------------------------------------------------------------------------------
@require_GET
def microrred_index(request: HttpRequest) -> HttpResponse:
    form = MicrorredIndexFilter(request.GET or None, editions=selectors.microrred_editions(),
                                themes=selectors.microrred_themes())
    edition = theme = None
    if form.is_valid():
        edition, theme = form.cleaned_data["edition"], form.cleaned_data["theme"] or None
    microrredes = list(selectors.public_microrredes(edition=edition, theme=theme))
    today = timezone.localdate()
    for microrred in microrredes:
        microrred.current_phase = microrred.phase_on(today)
    context = {"form": form, "microrredes": microrredes, "figures": selectors.microrred_figures(),
               "filtered": bool(edition or theme)}
    template = "programs/cooperation/microrred_index.html"
    return render(request, f"{template}#results" if is_htmx(request) else template, context)


@require_GET
def microrred_public(request: HttpRequest, slug: str) -> HttpResponse:
    with missing_is_404():
        microrred = selectors.public_microrred(slug)
    return render(request, "programs/cooperation/microrred_public.html",
                  {"microrred": microrred, "participations": list(microrred.participations.all()),
                   "sessions": list(microrred.sessions.all())})


# --- Member portal -------------------------------------------------------------------------------
@login_required
def cooperation_home(request: HttpRequest) -> HttpResponse:
    member_ids = selectors.member_ids_of(request.user)
    overview = selectors.cooperation_overview(member_ids=member_ids)
    return render(request, "programs/cooperation/portal_home.html",
                  {"overview": overview})


@login_required
def microrred_portal(request: HttpRequest, pk: int) -> HttpResponse:
    with missing_is_404():
        page = selectors.portal_microrred(request.user, pk)
    return render(request, "programs/cooperation/microrred_portal.html",
                  {"page": page, "microrred": page.microrred, "attendance_form": AttendanceForm()})


@login_required
@require_POST
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    with missing_is_404():
        session = selectors.portal_session(request.user, pk)
    back = HttpResponseRedirect(f"{_portal_url(session.microrred_id)}#session-{session.pk}")
    member = selectors.attending_member_for(request.user, session)
    form = AttendanceForm(request.POST)
    if member is None:
        messages.error(request, _("Only the cities of this microrred answer for their attendance."))
        return back
    if not form.is_valid():
        messages.error(request, _("Choose whether your city will attend."))
        return back
    try:
        attendance_answer(session=session, member=member, answer=form.cleaned_data["answer"], by=request.user)
    except PortalError as error:
        messages.error(request, error.message)
        return back
    if form.cleaned_data["answer"] == AttendanceAnswer.CONFIRMED:
        messages.success(request, _("%(city)s will attend session %(number)s.")
                         % {"city": member.name, "number": session.number})
    else:
        messages.success(request, _("%(city)s will not attend session %(number)s.")
                         % {"city": member.name, "number": session.number})
    return back


def _portal_url(microrred_id: int) -> str:
    from django.urls import reverse

    return reverse("programs:coop_microrred", kwargs={"pk": microrred_id})


@login_required
@require_GET
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    with missing_is_404():
        session = selectors.portal_session(request.user, pk)
    response = HttpResponse(session_ics_bytes(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.number}.ics"'
    return response


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    with missing_is_404():
        document = selectors.portal_document(request.user, pk)
    if not document.file:
        return redirect(document.url)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=os.path.basename(document.file.name))


@login_required
def mentorship_portal(request: HttpRequest, pk: int) -> HttpResponse:
    with missing_is_404():
        mentorship = selectors.portal_mentorship(request.user, pk)
    side = selectors.mentorship_side_of(request.user, mentorship)
    can_report = side is not None and mentorship.state == MentorshipState.IN_PROGRESS
    form = ReportForm(request.POST or None, initial={"report": mentorship.report_of(side) if side else ""})
    if request.method == "POST":
        if not can_report:
            messages.error(request, _("Final reports are sent while the mentorship is in progress."))
            return redirect("programs:coop_mentorship", pk=pk)
        if form.is_valid():
            try:
                mentorship_services.mentorship_report_submit(mentorship=mentorship, side=side,
                                                             text=form.cleaned_data["report"], by=request.user)
            except PortalError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your city's final report was saved."))
                return redirect("programs:coop_mentorship", pk=pk)
    from network.workflow import state_history

    history = [(change, MENTORSHIP_WORKFLOW.label(source=change.source, target=change.target))
               for change in state_history(mentorship)]
    return render(request, "programs/cooperation/mentorship_portal.html",
                  {"mentorship": mentorship, "side": side, "form": form, "can_report": can_report,
                   "history": history, "sessions": list(mentorship.sessions.all())},
                  status=400 if form.errors else 200)


@login_required
@require_GET
def pairing_portal(request: HttpRequest, pk: int) -> HttpResponse:
    with missing_is_404():
        pairing = selectors.portal_pairing(request.user, pk)
    return render(request, "programs/cooperation/pairing_portal.html",
                  {"pairing": pairing, "milestones": list(pairing.milestones.all()),
                   "visits": list(pairing.visits.all())})
