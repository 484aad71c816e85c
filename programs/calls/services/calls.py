"""Changes the secretariat makes to a call's dates; applicants with drafts are told."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.errors import PortalError

from ..enums import ApplicationState
from ..models import Call
from ..models import CallAccessCode
from . import notifications


def _drafts(call: Call):
    return call.applications.filter(state=ApplicationState.DRAFT).select_related("applicant", "person")


@transaction.atomic
def call_close_now(*, call: Call, now: datetime | None = None) -> Call:
    now = now or timezone.now()
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.opens_at >= now:
        raise PortalError(_("A call that has not opened cannot be closed early; unpublish it instead."))
    call.closes_at = now
    call.save(update_fields=["closes_at"])
    notifications.deadline_changed(call=call, drafts=_drafts(call))
    return call


@transaction.atomic
def call_extend(*, call: Call, closes_at: datetime) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.closes_at is not None and closes_at <= call.closes_at:
        raise PortalError(_("The new deadline must be later than the current one."))
    call.closes_at = closes_at
    call.resolved_at = None
    call.save(update_fields=["closes_at", "resolved_at"])
    notifications.deadline_changed(call=call, drafts=_drafts(call))
    return call


def access_codes_send(*, codes, now: datetime | None = None) -> int:
    """E-mail late-submission codes to their applicants; a used or expired code is not sent.
    Returns how many went out (each recorded with when)."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        for access_code in (CallAccessCode.objects.select_for_update(of=("self",)).select_related("call")
                            .filter(pk__in=[c.pk for c in codes], used_at__isnull=True, valid_until__gt=now)):
            notifications.access_code_send(access_code=access_code)
            access_code.sent_at = now
            access_code.save(update_fields=["sent_at"])
            sent += 1
    return sent
