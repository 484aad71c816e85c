"""Seminar host: member cities apply through a call of kind seminar_host; the accepted candidacy
sets the edition's seminar (host city and dates)."""

from __future__ import annotations

from datetime import date
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from network.errors import PortalError
from network.models import User
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.models import Application
from programs.calls.services.decisions import application_decide

from ..models import Edition


def seminar_host_accept(*, edition: Edition, application: Application, by: User,
                        now: datetime | None = None) -> Edition:
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        application = Application.objects.select_related("call", "member").get(pk=application.pk)
        if application.call.kind != CallKind.SEMINAR_HOST or application.call_id != edition.host_call_id:
            raise PortalError(_("This candidacy does not answer the seminar host call of this edition."))
        if application.member is None:
            raise PortalError(_("A candidacy must come from a member city."))
        if application.state != ApplicationState.ACCEPTED:
            application_decide(application=application, decision=ApplicationState.ACCEPTED, by=by, now=now,
                               release=True)
        edition.seminar_host = application.member
        for field in ("seminar_starts_on", "seminar_ends_on"):
            value = application.data.get(field)
            if value:
                setattr(edition, field, date.fromisoformat(value))
        edition.save(update_fields=["seminar_host", "seminar_starts_on", "seminar_ends_on"])
        return edition
