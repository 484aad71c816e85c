"""Every write of the network app: dues standing, people, teams and invitations."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError
from django.db import transaction
from django.db.models import Exists
from django.db.models import F
from django.db.models import OuterRef
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _

from .enums import MEMBER_STATUS_WORKFLOW
from .enums import InvitationState
from .enums import MemberStatus
from .enums import OutboxState
from .enums import RoleKind
from .enums import StatusActor
from .errors import InvalidInvitation
from .errors import NotAllowed
from .errors import PortalError
from .mail import mail_send
from .mail import outbox_dispatch
from .models import Dues
from .models import Invitation
from .models import Member
from .models import OutboxMessage
from .models import Person
from .models import Role
from .models import SustainableDevelopmentGoal
from .models import User
from .page_cache import public_pages_changed


# --- Outbox --------------------------------------------------------------------------------
class DeliveryFailed(Exception):
    """Sending failed for a reason that may pass (the task retries)."""


# A worker's claim on a message it is sending; a claim that outlives it means the worker died.
OUTBOX_LEASE = timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
# A queued message still queued after this long lost its task (broker down, worker killed).
OUTBOX_QUEUED_GRACE = timedelta(seconds=settings.OUTBOX_QUEUED_GRACE_SECONDS)
OUTBOX_MAX_ATTEMPTS = 9


def outbox_retry_delay(attempts: int) -> timedelta:
    """When a failed message is tried again: 30 s, 1 min, 2 min … up to an hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def outbox_message_id(message: OutboxMessage) -> str:
    """A Message-ID that is the same at every attempt, so a receiving server can drop a repeat."""
    domain = (settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0]) or "portal.local"
    return f"<outbox.{message.pk}.{int(message.created_at.timestamp())}@{domain}>"


def outbox_deliver(*, message_id: int, now: datetime | None = None) -> str:
    """Send a queued (or failed, or abandoned) outbox message, at most once per attempt.

    The message is first claimed in a transaction of its own, committed before anything is sent: a
    second worker given the same message finds it claimed and leaves it. It is marked sent right
    after the SMTP server accepts it. A worker killed between the two leaves a claim that expires
    (OUTBOX_LEASE); `outbox_catch_up` then sends it again, with the same Message-ID.
    """
    import base64
    from smtplib import SMTPException

    from django.core.mail import EmailMultiAlternatives

    now = now or timezone.now()
    claimable = Q(state__in=(OutboxState.QUEUED, OutboxState.FAILED)) | Q(state=OutboxState.SENDING,
                                                                           lease_until__lt=now)
    with transaction.atomic():
        claimed = OutboxMessage.objects.filter(claimable, pk=message_id).update(
            state=OutboxState.SENDING, lease_until=now + OUTBOX_LEASE, attempts=F("attempts") + 1)
    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None:
        return "missing"
    if not claimed:
        return message.state
    email = EmailMultiAlternatives(subject=message.subject, body=message.text, to=message.to,
                                   headers={"Message-ID": outbox_message_id(message)})
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for item in message.attachments:
        email.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])
    try:
        email.send()
    except (SMTPException, OSError) as exc:
        OutboxMessage.objects.filter(pk=message.pk, state=OutboxState.SENDING).update(
            state=OutboxState.FAILED, last_error=f"{exc.__class__.__name__}: {exc}"[:300],
            lease_until=timezone.now() + outbox_retry_delay(message.attempts))
        raise DeliveryFailed(str(exc)) from exc
    OutboxMessage.objects.filter(pk=message.pk, state=OutboxState.SENDING).update(
        state=OutboxState.SENT, sent_at=timezone.now(), lease_until=None, last_error="")
    return OutboxState.SENT


def outbox_due(*, now: datetime) -> list[int]:
    """Messages whose delivery is overdue, whatever the broker did: queued for over a minute, claimed
    by a worker whose claim expired, or failed with their next attempt due."""
    due = (Q(state=OutboxState.QUEUED, created_at__lte=now - OUTBOX_QUEUED_GRACE)
           | Q(state=OutboxState.SENDING, lease_until__lt=now)
           | Q(state=OutboxState.FAILED, lease_until__lte=now, attempts__lt=OUTBOX_MAX_ATTEMPTS))
    return list(OutboxMessage.objects.filter(due).order_by("created_at", "pk").values_list("pk", flat=True)[:2000])


def outbox_catch_up(*, now: datetime | None = None) -> int:
    """The periodic job: deliver every overdue message in this process. Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for message_id in outbox_due(now=now):
        try:
            sent += outbox_deliver(message_id=message_id, now=now) == OutboxState.SENT
        except DeliveryFailed:
            continue  # recorded on the row, with its next attempt
    return sent


@transaction.atomic
def outbox_release(*, messages, by=None) -> int:
    """The secretariat sends held messages (after reading and perhaps editing them). A message whose
    topic has a release of its own (a decision e-mail publishes its decision) goes through it; the
    others are queued. Returns how many were queued."""
    from .mail import held_release_for

    held = list(OutboxMessage.objects.filter(pk__in=[m.pk for m in messages], state=OutboxState.HELD)
                .only("pk", "topic", "related_reference"))
    queued = 0
    plain = []
    by_topic: dict[str, list[OutboxMessage]] = {}
    for message in held:
        if held_release_for(message.topic):
            by_topic.setdefault(message.topic, []).append(message)
        else:
            plain.append(message.pk)
    for topic, topic_messages in by_topic.items():
        # Each release locks what it publishes before the messages, in the order deciding does.
        queued += held_release_for(topic)(messages=topic_messages, by=by)
    with transaction.atomic():
        ids = list(OutboxMessage.objects.select_for_update().filter(pk__in=plain, state=OutboxState.HELD)
                   .values_list("pk", flat=True))
        OutboxMessage.objects.filter(pk__in=ids).update(state=OutboxState.QUEUED)
        outbox_dispatch(message_ids=ids)
    return queued + len(ids)


@transaction.atomic
def outbox_discard(*, messages) -> int:
    return OutboxMessage.objects.filter(pk__in=[m.pk for m in messages], state=OutboxState.HELD).update(
        state=OutboxState.DISCARDED
    )


# --- Reference data ------------------------------------------------------------------------
def sdgs_ensure() -> None:
    """The 17 SDG rows exist (created by a migration; recreated after a database flush)."""
    SustainableDevelopmentGoal.objects.bulk_create(
        [SustainableDevelopmentGoal(number=n) for n in range(1, 18)], ignore_conflicts=True
    )
    public_pages_changed()


# --- Dues --------------------------------------------------------------------------------
def dues_grace_date(year: int) -> date:
    """The day after which unpaid dues of `year` are overdue (setting DUES_GRACE_DATE, "MM-DD")."""
    month, day = (int(part) for part in settings.DUES_GRACE_DATE.split("-"))
    return date(year, month, day)


def overdue_dues_q(*, today: date) -> Q:
    """Dues rows that are unpaid and past their grace date on `today`."""
    grace_this_year = dues_grace_date(today.year)
    earlier_years = Q(year__lt=today.year)
    this_year = Q(year=today.year) if today > grace_this_year else Q(pk__in=[])
    return Q(paid_on__isnull=True) & (earlier_years | this_year)


@dataclass
class DuesRefreshResult:
    marked_in_arrears: list[int] = field(default_factory=list)
    restored: list[int] = field(default_factory=list)


# --- Membership status --------------------------------------------------------------------
@transaction.atomic
def member_status_set(
    *, member: Member, status: str, by: User | None = None, actor: str = StatusActor.STAFF, comment: str = "",
    now: datetime | None = None,
) -> Member:
    """Change who gets the benefits of membership, through the table of allowed moves
    (MEMBER_STATUS_WORKFLOW), logged with who, as whom and why. Setting the status a member already
    has changes nothing. Raises IllegalMove for a move the table does not allow."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status == status:
        return member
    MEMBER_STATUS_WORKFLOW.move(obj=member, to=status, actor=actor, by=by, comment=comment, now=now)
    return member


@transaction.atomic
def dues_standing_refresh(*, today: date | None = None) -> DuesRefreshResult:
    """Active members with overdue dues become "in arrears"; members in arrears who paid become active.

    Idempotent: a second run on the same data changes nothing. Suspended, former and prospect
    members are left alone (their status is the secretariat's decision).
    """
    today = today or timezone.localdate()
    owes = Exists(Dues.objects.filter(overdue_dues_q(today=today), member=OuterRef("pk")))
    result = DuesRefreshResult()
    to_arrears = Member.objects.select_for_update().filter(owes, status=MemberStatus.ACTIVE)
    for member in to_arrears:
        member_status_set(member=member, status=MemberStatus.IN_ARREARS, actor=StatusActor.SYSTEM,
                          comment=_("Dues overdue"))
        result.marked_in_arrears.append(member.pk)
    to_active = Member.objects.select_for_update().filter(~owes, status=MemberStatus.IN_ARREARS)
    for member in to_active:
        member_status_set(member=member, status=MemberStatus.ACTIVE, actor=StatusActor.SYSTEM,
                          comment=_("Dues paid"))
        result.restored.append(member.pk)
    return result


@transaction.atomic
def dues_mark_paid(*, dues: Dues, paid_on: date | None = None) -> Dues:
    """Record a payment; a member in arrears with nothing else overdue becomes active at once."""
    dues = Dues.objects.select_for_update().get(pk=dues.pk)
    dues.paid_on = paid_on or timezone.localdate()
    dues.save(update_fields=["paid_on"])
    dues_standing_refresh()
    return dues


# --- People and logins -------------------------------------------------------------------
def person_link_user(*, user: User) -> Person | None:
    """Link a login to the person with the same (verified) e-mail, if that person has no login yet."""
    existing = Person.objects.filter(user=user).first()
    if existing:
        return existing
    person = Person.objects.filter(email__iexact=user.email, user__isnull=True).first()
    if person:
        person.user = user
        person.save(update_fields=["user"])
    return person


# --- Team and invitations ----------------------------------------------------------------
def _team_actor(*, user: User, member: Member, perm: str) -> bool:
    """Check that `user` may do `perm` ("network.invite_to_team" …) on the team of `member`; return
    whether they act as the secretariat's staff (not as one of the city's focal points)."""
    from .rules import is_focal_point

    if is_focal_point(user, member):
        return False
    if not user.has_perm(perm, member):
        raise NotAllowed(_("Only a focal point of %(member)s can manage its team.") % {"member": member})
    return True


def _team_log(*, by: User, member: Member, as_staff: bool, message: Callable[[], str]) -> None:
    """Every change to a city's team made through the services (the portal's team panel, the admin's
    invitations) is logged in the admin's log of the city: who, and as whom (a focal point, or the
    secretariat's staff acting for the city), beside the admin's own changes."""
    from django.contrib.admin.models import CHANGE
    from django.contrib.admin.models import LogEntry

    with translation.override(settings.LANGUAGE_CODE):  # the log reads in one language, the site's
        as_whom = _("As the secretariat's staff, for the city") if as_staff else _("As a focal point of the city")
        LogEntry.objects.log_actions(
            user_id=by.pk, queryset=[member], action_flag=CHANGE, single_object=True,
            change_message=_("%(as_whom)s: %(what)s") % {"as_whom": as_whom, "what": str(message())})


def team_focal_points_check(*, member: Member, removed: set[int] = frozenset(), demoted: set[int] = frozenset(),
                            added: int = 0) -> None:
    """The rule of every team change, in the portal and in the admin: a city that has a focal point
    keeps at least one. `removed` and `demoted` are role ids that stop being (or being a focal point);
    `added`, how many focal points the same change adds. Raises PortalError naming who cannot go."""
    focal_points = list(Role.objects.filter(member=member, kind=RoleKind.FOCAL_POINT).select_related("person"))
    if not focal_points or added:
        return
    leaving = [role for role in focal_points if role.pk in removed or role.pk in demoted]
    if leaving and len(leaving) == len(focal_points):
        raise PortalError(_("%(person)s is the only focal point of %(member)s and cannot be removed.")
                          % {"person": leaving[0].person, "member": member})


@transaction.atomic
def invitation_create(
    *,
    member: Member,
    by: User,
    email: str,
    kind: str = RoleKind.TECHNICIAN,
    first_name: str = "",
    last_name: str = "",
    language: str = "es",
) -> Invitation:
    """A focal point (or the secretariat's staff, for the city) invites a colleague by e-mail; the
    colleague joins the team on accepting."""
    as_staff = _team_actor(user=by, member=member, perm="network.invite_to_team")
    email = email.strip().lower()
    if Role.objects.filter(member=member, person__email__iexact=email).exists():
        raise PortalError(_("%(email)s is already in the team of %(member)s.") % {"email": email, "member": member})
    now = timezone.now()
    # A new invitation to the same address replaces an older pending one.
    Invitation.objects.filter(member=member, email__iexact=email, state=InvitationState.PENDING).update(
        state=InvitationState.REVOKED
    )
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                member=member,
                email=email,
                kind=kind,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                token=secrets.token_urlsafe(32),
                invited_by=by,
                by_secretariat=as_staff,
                created_at=now,
                expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
            )
    except IntegrityError as exc:  # a concurrent request invited the same address
        raise PortalError(_("An invitation to %(email)s is already pending.") % {"email": email}) from exc
    mail_send(
        to=email,
        template="network/mail/invitation",
        topic="invitation",
        context={
            "invitation": invitation,
            "member": member,
            "inviter": by,
            "by_secretariat": as_staff,
            "accept_url": settings.SITE_URL + reverse("portal:invitation", kwargs={"token": invitation.token}),
        },
        language=language,
    )
    _team_log(by=by, member=member, as_staff=as_staff, message=lambda: _("invited %(email)s as %(role)s")
              % {"email": email, "role": RoleKind(kind).label})
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    as_staff = _team_actor(user=by, member=invitation.member, perm="network.revoke_invitation")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != InvitationState.PENDING:
        raise InvalidInvitation()
    invitation.state = InvitationState.REVOKED
    invitation.save(update_fields=["state"])
    _team_log(by=by, member=invitation.member, as_staff=as_staff,
              message=lambda: _("withdrew the invitation to %(email)s") % {"email": invitation.email})
    return invitation


def _supported_language(code: str | None) -> str:
    supported = {language for language, _name in settings.LANGUAGES}
    return (code or "").lower() if (code or "").lower() in supported else settings.LANGUAGE_CODE


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Role:
    """The invited colleague, signed in with the invited address, joins the team."""
    invitation = Invitation.objects.select_for_update().filter(token=token).select_related("member").first()
    if invitation is None or not invitation.is_usable():
        raise InvalidInvitation()
    if invitation.email.lower() != user.email.lower():
        raise InvalidInvitation(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    person = Person.objects.select_for_update().filter(user=user).first()
    if person is None:
        person = Person.objects.select_for_update().filter(email__iexact=user.email).first()
    if person is None:
        person = Person.objects.create(
            first_name=invitation.first_name or user.email.split("@")[0],
            last_name=invitation.last_name,
            email=user.email,
            # their choice, or the language they accepted the invitation in
            language=user.language or _supported_language(translation.get_language()),
            user=user,
        )
    elif person.user_id is None:
        person.user = user
        person.save(update_fields=["user"])
    elif person.user_id != user.pk:
        raise InvalidInvitation()
    role, _created = Role.objects.get_or_create(person=person, member=invitation.member, kind=invitation.kind)
    from .rules import roles_changed

    roles_changed(user)  # the page that follows shows the new team at once
    invitation.state = InvitationState.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["state", "accepted_at"])
    return role


def team_member_removable(*, person_id: int, focal_point_ids: set[int]) -> bool:
    """Anyone may leave a team except its only focal point."""
    return focal_point_ids != {person_id}


@transaction.atomic
def team_member_remove(*, member: Member, person: Person, by: User) -> int:
    """Remove a colleague from the city's team (all their roles in it). Returns roles removed.

    The last focal point cannot be removed: the city would be left with nobody to act for it.
    """
    as_staff = _team_actor(user=by, member=member, perm="network.remove_from_team")
    # Lock the member's roles so two focal points removing each other cannot both succeed.
    roles = list(Role.objects.select_for_update().filter(member=member).order_by("pk"))
    theirs = [r for r in roles if r.person_id == person.pk]
    if not theirs:
        raise PortalError(_("%(person)s is not in the team of %(member)s.") % {"person": person, "member": member})
    team_focal_points_check(member=member, removed={r.pk for r in theirs})
    with translation.override(settings.LANGUAGE_CODE):  # the role's history reads in the site's language
        reason = (_("Removed in the portal by the secretariat's staff") if as_staff
                  else _("Removed in the portal by a focal point"))
    for role in theirs:
        role._change_reason = reason  # the role's history says who removed it, and as whom
        role.delete()
    _team_log(by=by, member=member, as_staff=as_staff,
              message=lambda: _("removed %(person)s from the team") % {"person": person})
    return len(theirs)
