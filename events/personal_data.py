"""Events' personal data (network.privacy): registrations, calendars, board attendance, surveys."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from network.personal_data import AUDIT
from network.personal_data import NOBODY
from network.personal_data import by_person
from network.personal_data import by_user
from network.privacy import ERASE
from network.privacy import ERASURE_HOOKS
from network.privacy import KEEP_LINK
from network.privacy import PSEUDONYMISE
from network.privacy import PersonalData
from network.privacy import declare_personal


def register() -> None:
    from .models import Agreement
    from .models import AgreementNote
    from .models import CalendarFeed
    from .models import Registration
    from .models import SessionAttendance
    from .models import SurveyInvitation

    declare_personal(PersonalData(
        model=Registration, owner=lambda s: by_person("person")(s) | by_user("registered_by")(s),
        fields={"person": KEEP_LINK, "registered_by": KEEP_LINK, "dietary_needs": ERASE,
                "accessibility_needs": ERASE},
        purpose=_("Event registrations: the place, the nights and the needs the host must know")))
    declare_personal(PersonalData(
        model=CalendarFeed, owner=lambda s: Q(user_id=s.user_id) if s.user_id else NOBODY,
        fields={"user": KEEP_LINK}, purpose=_("Your personal calendar's secret address (deleted on erasure)")))
    declare_personal(PersonalData(
        model=SessionAttendance, owner=by_person("person"), fields={"person": KEEP_LINK, "name": PSEUDONYMISE},
        purpose=_("Who attended a board session (the minutes)")))
    declare_personal(PersonalData(
        model=SurveyInvitation, owner=lambda s: s.email_q("email") | by_user("user")(s) | by_person("person")(s),
        fields={"email": PSEUDONYMISE, "name": ERASE, "user": KEEP_LINK, "person": KEEP_LINK},
        purpose=_("Satisfaction survey links (anonymous answers are never linked to you)")))
    declare_personal(PersonalData(
        model=Agreement, owner=by_person("responsible"), fields={"responsible": KEEP_LINK},
        purpose=_("Who is responsible for carrying out a board agreement")))
    declare_personal(PersonalData(
        model=AgreementNote, owner=by_user("by"), fields={"by": KEEP_LINK}, purpose=AUDIT))
    ERASURE_HOOKS.register("events.calendar-feed", _feed_delete)


def _feed_delete(subject) -> None:
    from .models import CalendarFeed

    if subject.user_id:
        CalendarFeed.objects.filter(user_id=subject.user_id).delete()


def register_retention() -> None:
    from network.retention import RetentionKind
    from network.retention import declare_retention

    declare_retention(RetentionKind(
        key="event-needs", default_days=30, purge=_event_needs_purge,
        label=_("Dietary and accessibility needs given when registering for an event"),
        counted_from=_("after the event ends"), action=_("emptied; the registration stays")))


def _event_needs_purge(cutoff) -> int:
    from .models import Registration

    stale = Registration.objects.filter(event__ends_at__lt=cutoff).exclude(dietary_needs="", accessibility_needs="")
    return stale.update(dietary_needs="", accessibility_needs="")
