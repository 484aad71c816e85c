"""The calls engine inside the member portal: my applications and the focal point's endorsements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from network.errors import PortalError

from .. import selectors
from ..forms import ReturnForm
from ..services import applications as services

MY_APPLICATIONS_PAGE_SIZE = 20  # the newest first: what is being written and what was just decided


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.applications_of(request.user), MY_APPLICATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "programs/portal/my_applications.html",
        {
            "applications": page.object_list,
            "page": page,
            "endorsements": selectors.endorsements_listed_for(request.user),
        },
    )


@login_required
def endorsement(request: HttpRequest, reference: str) -> HttpResponse:
    """A focal point reads an application of their city and endorses it or sends it back."""
    application = selectors.endorsements_waiting_for(request.user).filter(reference=reference).first()
    if application is None:
        raise Http404
    form = ReturnForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "endorse":
                services.application_endorse(application=application, by=request.user)
                messages.success(request, _("You endorsed %(reference)s; it is now submitted.")
                                 % {"reference": reference})
                return redirect("programs:my_applications")
            if form.is_valid():
                services.application_return(application=application, by=request.user,
                                            comment=form.cleaned_data["comment"])
                messages.success(request, _("%(reference)s was sent back to its author.") % {"reference": reference})
                return redirect("programs:my_applications")
        except PortalError as error:
            messages.error(request, error.message)
    return render(
        request,
        "programs/portal/endorsement.html",
        {"application": application, "call": application.call, "form": form,
         "answers": selectors.application_answers(application),
         "documents": list(application.documents.all())},
        status=400 if form.errors else 200,
    )

