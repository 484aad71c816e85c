"""Mentorships: requested through the all-year mentoring call, matched by staff with a mentor city,
then in progress, completed (with a final report from both sides) or cancelled. Every move goes
through MENTORSHIP_WORKFLOW (audit row) and e-mails both cities."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from network.mail import mail_send
from network.mail import recipient_language
from network.models import Member
from network.models import Person
from network.models import Theme
from network.models import User
from network.selectors import focal_points_of
from programs.calls.enums import Actor
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.models import Application

from ..enums import MENTORSHIP_WORKFLOW
from ..enums import MentorshipSide
from ..enums import MentorshipState
from ..models import Mentorship
from ..models import MentorshipSession
from .errors import MentorshipError
from .errors import ReportsMissing

S = MentorshipState


def _new_reference(now: datetime) -> str:
    while True:
        reference = f"MEN-{now:%Y}-{secrets.token_hex(3).upper()}"
        if not Mentorship.objects.filter(reference=reference).exists():
            return reference


@transaction.atomic
def mentorship_request(*, mentee: Member, theme: Theme, objectives: str, application: Application | None = None,
                       now: datetime | None = None, notify: bool = True) -> Mentorship:
    now = now or timezone.now()
    if not objectives.strip():
        raise MentorshipError(_("State the objectives of the mentorship."))
    mentorship = Mentorship.objects.create(
        reference=_new_reference(now), mentee=mentee, theme=theme, objectives=objectives.strip(),
        application=application, created_at=now,
    )
    if notify:
        _notify(mentorship=mentorship, event="requested")
    return mentorship


@transaction.atomic
def mentorship_from_application(*, application: Application, now: datetime | None = None,
                                notify: bool = True) -> Mentorship | None:
    """The mentorship of an accepted mentee request (idempotent: the same one on every call). Offers to
    mentor (role "mentor") make no mentorship; they make the city a suggested mentor."""
    application = Application.objects.select_for_update(of=("self",)).select_related("call", "member").get(pk=application.pk)
    existing = Mentorship.objects.filter(application=application).first()
    if existing is not None:
        return existing
    data = application.data or {}
    if (application.call.kind != CallKind.MENTORSHIP or application.state != ApplicationState.ACCEPTED
            or data.get("role", "mentee") != "mentee" or application.member_id is None):
        return None
    theme = Theme.objects.filter(slug__in=data.get("themes") or []).order_by("name").first()
    theme = theme or application.call.themes.order_by("name").first()
    if theme is None:
        return None
    return mentorship_request(mentee=application.member, theme=theme,
                              objectives=data.get("objectives") or application.title or "-",
                              application=application, now=now, notify=notify)


def mentorships_from_accepted(*, now: datetime | None = None) -> int:
    """Sweep: a mentorship for each accepted mentee request that has none yet. Returns how many were made."""
    pending = Application.objects.filter(
        call__kind=CallKind.MENTORSHIP, state=ApplicationState.ACCEPTED, mentorship__isnull=True,
        data__role="mentee",
    ).order_by("pk")
    made = 0
    for application in pending:
        before = Mentorship.objects.filter(application=application).exists()
        if mentorship_from_application(application=application, now=now) is not None and not before:
            made += 1
    return made


def mentorship_move(*, mentorship: Mentorship, to: str, by: User | None, comment: str = "",
                    mentor: Member | None = None, now: datetime | None = None, notify: bool = True) -> Mentorship:
    """The one way a mentorship changes state (illegal moves raise IllegalMove)."""
    now = now or timezone.now()
    with transaction.atomic():
        mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
        previous_mentor_id = mentorship.mentor_id
        extra: list[str] = []
        if to == S.MATCHED:
            if mentor is None or mentor.pk == mentorship.mentee_id:
                raise MentorshipError(_("Choose a mentor city other than the mentee city."))
            mentorship.mentor, mentorship.matched_at = mentor, now
            extra += ["mentor", "matched_at"]
        elif to == S.REQUESTED and mentorship.state == S.MATCHED:
            mentorship.mentor, mentorship.matched_at = None, None
            extra += ["mentor", "matched_at"]
        elif to == S.IN_PROGRESS:
            mentorship.started_at = now
            extra.append("started_at")
        elif to == S.COMPLETED:
            if mentorship.state == S.IN_PROGRESS and not (mentorship.mentee_report.strip()
                                                          and mentorship.mentor_report.strip()):
                raise ReportsMissing()
            mentorship.ended_at = now
            extra.append("ended_at")
        elif to == S.CANCELLED:
            mentorship.ended_at = now
            extra.append("ended_at")
        MENTORSHIP_WORKFLOW.move(obj=mentorship, to=to, actor=Actor.STAFF, by=by, comment=comment, now=now,
                                 extra_fields=extra)
        if notify:  # off only for demo data
            _notify(mentorship=mentorship, event=str(to), comment=comment, extra_member_id=previous_mentor_id)
    return mentorship


def mentorship_match(*, mentorship: Mentorship, mentor: Member, by: User | None, comment: str = "",
                     now: datetime | None = None) -> Mentorship:
    return mentorship_move(mentorship=mentorship, to=S.MATCHED, mentor=mentor, by=by, comment=comment, now=now)


@transaction.atomic
def mentorship_report_submit(*, mentorship: Mentorship, side: str, text: str, by: User) -> Mentorship:
    """A city sends (or corrects) its final report while the mentorship is in progress."""
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if mentorship.state != S.IN_PROGRESS:
        raise MentorshipError(_("Final reports are sent while the mentorship is in progress."))
    if not text.strip():
        raise MentorshipError(_("Write the report before sending it."))
    field = "mentee_report" if side == MentorshipSide.MENTEE else "mentor_report"
    setattr(mentorship, field, text.strip())
    mentorship.save(update_fields=[field, "updated_at"])
    return mentorship


@transaction.atomic
def mentorship_session_add(*, mentorship: Mentorship, starts_at: datetime, topic: str, notes: str = "") -> MentorshipSession:
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if mentorship.state not in (S.MATCHED, S.IN_PROGRESS, S.COMPLETED):
        raise MentorshipError(_("Sessions are added once a mentor city is matched."))
    return MentorshipSession.objects.create(mentorship=mentorship, starts_at=starts_at, topic=topic, notes=notes)


# --- E-mails ------------------------------------------------------------------------------------
def _contacts(member_ids: list[int]) -> list[Person]:
    return list(focal_points_of(Member.objects.filter(pk__in=member_ids)).exclude(email="").order_by("pk"))


def _notify(*, mentorship: Mentorship, event: str, comment: str = "", extra_member_id: int | None = None) -> None:
    """Tell both cities' focal points (and the author of the request) about the step."""
    member_ids = [mentorship.mentee_id] + [m for m in (mentorship.mentor_id, extra_member_id) if m]
    people = _contacts(sorted(set(member_ids)))
    emails = {p.email.lower(): recipient_language(p) for p in people}
    if mentorship.application_id:
        applicant = mentorship.application.applicant
        emails.setdefault(applicant.email.lower(), recipient_language(applicant))
    url = settings.SITE_URL + reverse("programs:coop_mentorship", kwargs={"pk": mentorship.pk})
    for email, language in sorted(emails.items()):
        mail_send(
            to=email,
            template="programs/mail/cooperation/mentorship_step",
            language=language,
            context={"mentorship": mentorship, "event": event, "comment": comment, "url": url,
                     "state_label": S(mentorship.state).label},
            topic="mentorship",
            reference=mentorship.reference,
        )
