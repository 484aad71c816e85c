"""The network's personal data (network.privacy): logins, people, invitations, the outbox, the
audit rows of who did what."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .privacy import ERASE
from .privacy import ERASURE_HOOKS
from .privacy import KEEP_LINK
from .privacy import PSEUDONYMISE
from .privacy import PersonalData
from .privacy import Subject
from .privacy import declare_personal
from .privacy import keep
from .retention import RetentionKind
from .retention import declare_retention

NOBODY = Q(pk__in=[])


def by_user(name: str):
    return lambda s: Q(**{f"{name}_id": s.user_id}) if s.user_id else NOBODY


def by_person(name: str):
    return lambda s: Q(**{f"{name}_id__in": s.person_ids})


def by_email(name: str):
    return lambda s: s.email_q(name)


AUDIT = _("The record of who did what for the secretariat (kept; it points to the pseudonymised login)")


def register() -> None:
    from django.contrib.admin.models import LogEntry

    from .models import DataExport
    from .models import ErasureRequest
    from .models import Invitation
    from .models import OutboxMessage
    from .models import PartnerKey
    from .models import Person
    from .models import PersonalDataAccess
    from .models import Role
    from .models import StateChange
    from .models import User
    from .plan.models import Activity
    from .plan.models import ReportRun

    declare_personal(PersonalData(
        model=User, owner=lambda s: Q(pk=s.user_id) if s.user_id else NOBODY,
        fields={"email": PSEUDONYMISE, "name": ERASE, "last_login": ERASE,
                "language": keep(_("The language the portal uses with the login"))},
        purpose=_("Your login: to sign in and to write to you")))
    declare_personal(PersonalData(
        model=Person, owner=lambda s: Q(pk__in=s.person_ids),
        fields={"first_name": PSEUDONYMISE, "last_name": ERASE, "email": PSEUDONYMISE, "position": ERASE,
                "user": KEEP_LINK, "language": keep(_("The language the portal uses with the person"))},
        purpose=_("Who works with the network for a city: the team, the focal points")))
    declare_personal(PersonalData(
        model=DataExport, owner=by_user("user"), fields={"user": KEEP_LINK, "file": ERASE}, export=False,
        purpose=_("Your downloads of your data (kept a few days)")))
    declare_personal(PersonalData(
        model=ErasureRequest, owner=lambda s: by_user("user")(s) | by_user("decided_by")(s),
        fields={"user": KEEP_LINK, "decided_by": KEEP_LINK, "reason": ERASE},
        purpose=_("Requests to be erased, kept as proof that they were answered")))
    declare_personal(PersonalData(
        model=Role, owner=by_person("person"), fields={"person": KEEP_LINK},
        purpose=_("Your roles in a city's team (technician, focal point …)")))
    declare_personal(PersonalData(
        model=Activity, owner=by_person("responsible"), fields={"responsible": KEEP_LINK},
        purpose=_("Who is responsible for an activity of the action plan")))
    declare_personal(PersonalData(
        model=Invitation, owner=lambda s: s.email_q("email") | by_user("invited_by")(s),
        fields={"email": PSEUDONYMISE, "first_name": ERASE, "last_name": ERASE, "invited_by": KEEP_LINK},
        purpose=_("Invitations to join a city's team")))
    declare_personal(PersonalData(
        model=OutboxMessage, owner=lambda s: _outbox_q(s),
        fields={"to": ERASE, "subject": ERASE, "text": ERASE, "html": ERASE},
        purpose=_("The e-mails the portal sent you, kept as proof of what was sent")))
    declare_personal(PersonalData(
        model=StateChange, owner=by_user("by"), fields={"by": KEEP_LINK, "comment": keep(AUDIT)},
        purpose=AUDIT))
    declare_personal(PersonalData(
        model=ReportRun, owner=by_user("requested_by"), fields={"requested_by": KEEP_LINK}, purpose=AUDIT,
        export=True))
    declare_personal(PersonalData(
        model=LogEntry, owner=by_user("user"), fields={"user": KEEP_LINK, "change_message": keep(AUDIT)},
        purpose=AUDIT))
    declare_personal(PersonalData(
        model=PersonalDataAccess, owner=lambda s: by_user("subject")(s) | by_user("by")(s),
        fields={"by": KEEP_LINK, "subject": KEEP_LINK},
        purpose=_("Which member of staff read your data download, or your application without reviewing it")))
    declare_personal(PersonalData(
        model=PartnerKey, owner=lambda s: s.email_q("contact_email") | by_user("created_by")(s),
        fields={"contact_email": PSEUDONYMISE, "created_by": KEEP_LINK,
                "name": keep(_("The partner organisation's name, not a person's"))},
        purpose=_("Read keys of the API issued to partner systems: their contact, and who issued them")))
    register_retention()


def register_retention() -> None:
    """How long the network's own records are kept (network.retention)."""
    declare_retention(RetentionKind(
        key="outbox-bodies", default_days=365, purge=_outbox_bodies_purge,
        label=_("The text of the e-mails the portal sent"), counted_from=_("after they were sent"),
        action=_("emptied; who it went to, its subject and when stay as proof that it was sent")))
    declare_retention(RetentionKind(
        key="login-records", default_days=30, purge=_sessions_purge,
        label=_("Sign-in sessions (which login, on which device)"), counted_from=_("after they end"),
        action=_("deleted")))
    declare_retention(RetentionKind(
        key="data-exports", default_days=7, purge=_data_exports_purge,
        label=_("Your downloads of your data"), counted_from=_("after they were prepared"), action=_("deleted")))
    declare_retention(RetentionKind(
        key="access-log", default_days=730, purge=_access_log_purge,
        label=_("The record of staff reading a person's data"), counted_from=_("after the reading"),
        action=_("deleted")))


def _outbox_bodies_purge(cutoff) -> int:
    from .enums import OutboxState
    from .models import OutboxMessage

    done = (OutboxState.SENT, OutboxState.FAILED, OutboxState.DISCARDED, OutboxState.VOIDED)
    stale = OutboxMessage.objects.filter(state__in=done, created_at__lt=cutoff).exclude(text="", html="", attachments=[])
    return stale.update(text="", html="", attachments=[])


def _sessions_purge(cutoff) -> int:
    from django.contrib.sessions.models import Session

    return Session.objects.filter(expire_date__lt=cutoff).delete()[0]


def _data_exports_purge(cutoff) -> int:
    from .models import DataExport
    from .retention import delete_files_on_commit

    stale = list(DataExport.objects.filter(requested_at__lt=cutoff))
    delete_files_on_commit([export.file for export in stale])
    DataExport.objects.filter(pk__in=[export.pk for export in stale]).delete()
    return len(stale)


def _access_log_purge(cutoff) -> int:
    from .models import PersonalDataAccess

    return PersonalDataAccess.objects.filter(at__lt=cutoff).delete()[0]


def _outbox_q(subject: Subject) -> Q:
    query = NOBODY
    for email in subject.emails:
        query |= Q(to__icontains=f'"{email}"')
    return query


def register_hooks() -> None:
    ERASURE_HOOKS.register("network.login", _login_close)
    ERASURE_HOOKS.register("network.admin-log", _admin_log_scrub)


def _admin_log_scrub(subject: Subject) -> None:
    """The admin's log keeps what was done, and says it of the pseudonym: the person's addresses and
    names are replaced in its descriptions and messages."""
    import re

    from django.contrib.admin.models import LogEntry

    from .privacy import pseudonym

    names = sorted(subject.emails | subject.names, key=len, reverse=True)
    if not names:
        return
    query = NOBODY
    for name in names:
        query |= Q(change_message__icontains=name) | Q(object_repr__icontains=name)
    replacement = pseudonym(subject)
    for entry in LogEntry.objects.filter(query):
        for attribute in ("change_message", "object_repr"):
            text = getattr(entry, attribute)
            for name in names:
                text = re.sub(re.escape(name), replacement, text, flags=re.IGNORECASE)
            setattr(entry, attribute, text)
        entry.save(update_fields=["change_message", "object_repr"])


def _login_close(subject: Subject) -> None:
    """The login can no longer sign in: inactive, no password, no addresses, no second factor, no
    open session; its change history goes."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.sessions.models import Session

    from .models import User

    if not subject.user_id:
        return
    user = User.objects.get(pk=subject.user_id)
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.save(update_fields=["password", "is_active", "is_staff", "is_superuser"])
    user.groups.clear()
    user.user_permissions.clear()
    EmailAddress.objects.filter(user_id=user.pk).delete()
    Authenticator.objects.filter(user_id=user.pk).delete()
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
