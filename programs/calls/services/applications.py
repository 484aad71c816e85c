"""An applicant's side: start, save, attach, submit, withdraw; the focal point's endorsement."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from network.documents import display_name
from network.errors import NotAllowed
from network.errors import PortalError
from network.models import Member
from network.models import User
from network.rules import is_focal_point

from ..enums import COUNTING_STATES
from ..enums import Actor
from ..enums import ApplicationState
from ..enums import CallState
from ..kinds import spec_for
from ..models import Application
from ..models import ApplicationDocument
from ..models import Call
from ..models import CallAccessCode
from . import notifications
from .eligibility import eligibility_check
from .eligibility import members_user_may_apply_for
from .errors import CallClosed
from .errors import CallNotOpen
from .errors import CapReached
from .errors import IllegalTransition
from .errors import IncompleteApplication
from .transitions import application_transition
from .transitions import transition_allowed

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_reference(call: Call) -> str:
    """A fresh reference for an application to `call`: kind, year and six unambiguous characters."""
    prefix = call.kind.replace("_", "")[:3].upper()
    suffix = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"{prefix}-{timezone.now():%Y}-{suffix}"


def valid_access_code(*, call: Call, user: User, code: str, now: datetime) -> CallAccessCode | None:
    """A late-submission code the secretariat gave this person for this call, still valid."""
    if not code:
        return None
    return (
        CallAccessCode.objects.filter(call=call, code=code.strip(), email__iexact=user.email, valid_until__gt=now)
        .filter(Q(used_at__isnull=True))
        .first()
    )


def application_start(
    *, call: Call, user: User, member: Member | None = None, now: datetime | None = None, access_code: str = ""
) -> Application:
    """Open (or resume) the user's draft for a call. A double click gives the same draft."""
    now = now or timezone.now()
    state = call.state_at(now)
    if state != CallState.OPEN and not (state == CallState.CLOSED and valid_access_code(
            call=call, user=user, code=access_code, now=now)):
        raise CallClosed() if state in (CallState.CLOSED, CallState.RESOLVED) else CallNotOpen()
    existing = Application.objects.filter(call=call, applicant=user, state=ApplicationState.DRAFT).first()
    if existing:
        return existing
    if member is None:
        candidates = list(members_user_may_apply_for(user)[:2])
        member = candidates[0] if len(candidates) == 1 else None
    # Where the form lets a group of cities apply, the population rule waits for the answers (on submit).
    deferred = {"group_of_cities": True} if "group_of_cities" in spec_for(call.kind).form_class.base_fields else None
    eligibility_check(call=call, member=member, user=user, answers=deferred)
    person = getattr(user, "person", None)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Application.objects.create(
                    call=call, applicant=user, person=person, member=member, reference=new_reference(call)
                )
        except IntegrityError:
            existing = Application.objects.filter(call=call, applicant=user, state=ApplicationState.DRAFT).first()
            if existing:  # a concurrent click created it
                return existing
    raise PortalError(_("The application could not be created. Please try again."))


def _require_applicant(application: Application, user: User) -> None:
    if application.applicant_id != user.pk:
        raise NotAllowed()


@transaction.atomic
def application_save_draft(
    *, application: Application, by: User, answers: dict, page: str = "", revision: int = 0,
) -> Application:
    """Keep whatever was typed, valid or not: drafts are saved server-side at every step.

    ``page`` and ``revision`` say which open page sent the answers and how many edits they hold:
    saves from one page can arrive out of order (an autosave still on its way when the tab's last
    words are sent), and an older one must not overwrite a newer one.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_applicant(application, by)
    if application.state != ApplicationState.DRAFT:
        raise PortalError(_("This application has been submitted and can no longer be changed."))
    page = _clean_typed(page)[:32]
    revision = revision if 0 <= revision < 2**31 else 0  # the column's range
    if page and page == application.draft_page and revision <= application.draft_revision:
        return application  # a newer save from the same page is already kept
    _merge_answers(application, answers)
    application.draft_page, application.draft_revision = page, max(revision, 0)
    application.save(update_fields=["data", "title", "draft_page", "draft_revision", "updated_at"])
    return application


def _clean_typed(value):
    """What a draft keeps of a typed value: text without NUL characters (which no database text or
    JSON column stores, and which no form accepts), lists of such text, numbers and booleans."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list | tuple):
        return [_clean_typed(item) for item in value][:200]
    if isinstance(value, bool | int | float) or value is None:
        return value
    return str(value).replace("\x00", "")


def _merge_answers(application: Application, answers: dict) -> None:
    """Keep the typed answers the call's form knows (the caller holds the row lock and saves)."""
    known = set(spec_for(application.call.kind).form_class.base_fields)
    application.data = {**application.data, **{k: _clean_typed(v) for k, v in answers.items() if k in known}}
    application.title = str(application.data.get("title", ""))[:250]


@transaction.atomic
def document_add(*, application: Application, by: User, upload, content_type: str) -> ApplicationDocument:
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_applicant(application, by)
    if application.state != ApplicationState.DRAFT:
        raise PortalError(_("Documents can only be added to a draft."))
    if application.documents.count() >= settings.UPLOAD_MAX_FILES:
        raise PortalError(_("An application can have at most %(count)s documents.")
                          % {"count": settings.UPLOAD_MAX_FILES})
    return ApplicationDocument.objects.create(
        application=application, file=upload, original_name=display_name(upload.name), content_type=content_type,
        size=upload.size,
    )


@transaction.atomic
def document_remove(*, document: ApplicationDocument, by: User) -> None:
    application = Application.objects.select_for_update().get(pk=document.application_id)
    _require_applicant(application, by)
    if application.state != ApplicationState.DRAFT:
        raise PortalError(_("Documents can only be removed from a draft."))
    document.file.delete(save=False)
    document.delete()


def _check_caps(*, application: Application, call: Call) -> None:
    others = Application.objects.filter(call=call, state__in=COUNTING_STATES).exclude(pk=application.pk)
    if call.max_per_member and application.member_id:
        if others.filter(member_id=application.member_id).count() >= call.max_per_member:
            raise CapReached(
                ngettext_lazy("%(member)s has already sent %(count)s application to this call, the most it allows.", "%(member)s has already sent %(count)s applications to this call, the most it allows.", "count")
                % {"member": application.member.name, "count": call.max_per_member}
            )
    if call.max_per_person:
        if others.filter(applicant_id=application.applicant_id).count() >= call.max_per_person:
            raise CapReached(
                ngettext_lazy("You have already sent %(count)s application to this call, the most it allows.", "You have already sent %(count)s applications to this call, the most it allows.", "count")
                % {"count": call.max_per_person}
            )


def application_submit(
    *, application: Application, by: User, now: datetime | None = None, access_code: str = "",
    answers: dict | None = None,
) -> Application:
    """Submit a draft once, with the last `answers` typed on the form (kept in the draft in the same
    transaction, even when the submission is refused). Refused after the deadline (to the second),
    when not eligible or over a cap.

    Caps hold under concurrent requests: the call's row is locked, so submissions to one call are
    counted one at a time. Submitting twice (a double click, or ten tabs at once) returns the same
    application: the second finds it submitted under the lock.
    """
    now = now or timezone.now()
    refused: PortalError | None = None
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=application.call_id)
        application = Application.objects.select_for_update(of=("self",)).select_related("member").get(pk=application.pk)
        _require_applicant(application, by)
        if application.state != ApplicationState.DRAFT:
            if application.state in COUNTING_STATES:
                return application  # already submitted: the second click changes nothing
            raise IllegalTransition()
        if answers is not None:
            _merge_answers(application, answers)
            application.save(update_fields=["data", "title", "updated_at"])
        try:
            with transaction.atomic():  # a refusal undoes the submission, not the answers kept above
                _submit_locked(call=call, application=application, by=by, now=now, access_code=access_code)
        except PortalError as error:
            refused = error
    if refused is not None:
        raise refused
    return application


def _submit_locked(*, call: Call, application: Application, by: User, now: datetime, access_code: str) -> None:
    code = None
    if not call.accepts_submissions_at(now):
        code = valid_access_code(call=call, user=by, code=access_code, now=now)
        if code is None or call.state_at(now) != CallState.CLOSED:
            raise CallClosed() if call.state_at(now) in (CallState.CLOSED, CallState.RESOLVED) else CallNotOpen()
    form = spec_for(call.kind).form_class(data=application.data, call=call)
    if not form.is_valid():
        raise IncompleteApplication(errors=form.errors)
    eligibility_check(call=call, member=application.member, user=by, answers=application.data)
    _check_caps(application=application, call=call)
    needs_endorsement = call.requires_endorsement and not is_focal_point(by, application.member)
    target = ApplicationState.AWAITING_ENDORSEMENT if needs_endorsement else ApplicationState.SUBMITTED
    application.data = form.answers()
    application.title = str(application.data.get("title", ""))[:250]
    application.save(update_fields=["data", "title"])
    if code is not None:
        code.used_at = now
        code.save(update_fields=["used_at"])
        application.access_code = code
        application.save(update_fields=["access_code"])
    application_transition(application=application, to=target, actor=Actor.APPLICANT, by=by, now=now)
    notifications.application_submitted(application=application)


def application_file(
    *, call: Call, user: User, answers: dict, member: Member | None = None, now: datetime | None = None,
) -> Application:
    """Start, fill and submit an application in one step, for a room or app that collects the answers
    on a page of its own (a course enrolment). Everything the engine's own pages go through holds:
    the call's dates, eligibility, the caps, the focal point's endorsement, the receipt. The caller
    may wrap it in its own transaction to create what goes with the application."""
    with transaction.atomic():
        application = application_start(call=call, user=user, member=member, now=now)
        application = application_save_draft(application=application, by=user, answers=answers)
        return application_submit(application=application, by=user, now=now)


@transaction.atomic
def application_withdraw(*, application: Application, by: User, now: datetime | None = None) -> Application:
    """The applicant withdraws. A decision pending release is dropped and its held e-mail voided; a
    place it took (published or pending) goes to the first on the waiting list. When a released
    decision got there first and cannot be withdrawn from, the error names it. The returned
    application's `withdrawn_from` is the state it left (the applicant is told when it was a
    decision they had not seen yet)."""
    from .decisions import decided_as
    from .decisions import waitlist_promote

    # The call first, then the application: the order every decision locks them in.
    Call.objects.select_for_update().filter(pk=application.call_id).first()
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    _require_applicant(application, by)
    if application.state == ApplicationState.WITHDRAWN:
        raise IllegalTransition(_("This application was already withdrawn."))
    if not transition_allowed(source=application.state, target=ApplicationState.WITHDRAWN, actor=Actor.APPLICANT):
        raise IllegalTransition(
            _("This application can no longer be withdrawn: the secretariat's decision came first (%(decision)s).")
            % {"decision": application.get_state_display()})
    took_a_place = Application.objects.filter(decided_as(ApplicationState.ACCEPTED), pk=application.pk).exists()
    previous = application.state
    application_transition(application=application, to=ApplicationState.WITHDRAWN, actor=Actor.APPLICANT, by=by,
                           now=now)
    application.withdrawn_from = previous
    if took_a_place:
        waitlist_promote(call=application.call, now=now)
    return application


@transaction.atomic
def application_endorse(*, application: Application, by: User, now: datetime | None = None) -> Application:
    """A focal point of the application's city endorses it: it counts as submitted from now on."""
    application = Application.objects.select_for_update(of=("self",)).select_related("member").get(pk=application.pk)
    if not is_focal_point(by, application.member):
        raise NotAllowed(_("Only a focal point of the city can endorse its applications."))
    application_transition(application=application, to=ApplicationState.SUBMITTED, actor=Actor.FOCAL_POINT, by=by,
                           now=now)
    application.endorsed_by = by
    application.endorsed_at = now or timezone.now()
    application.save(update_fields=["endorsed_by", "endorsed_at"])
    notifications.application_endorsed(application=application)
    return application


@transaction.atomic
def application_return(*, application: Application, by: User, comment: str) -> Application:
    """A focal point sends the application back to its author with a comment; it is a draft again."""
    application = Application.objects.select_for_update(of=("self",)).select_related("member").get(pk=application.pk)
    if not is_focal_point(by, application.member):
        raise NotAllowed(_("Only a focal point of the city can send its applications back."))
    if Application.objects.filter(
        call=application.call, applicant=application.applicant, state=ApplicationState.DRAFT
    ).exists():
        raise PortalError(_("The applicant already has a draft for this call; ask them to finish that one first."))
    application_transition(application=application, to=ApplicationState.DRAFT, actor=Actor.FOCAL_POINT, by=by,
                           comment=comment)
    application.return_comment = comment
    application.save(update_fields=["return_comment"])
    notifications.application_returned(application=application)
    return application
