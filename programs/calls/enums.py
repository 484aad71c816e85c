"""Kinds and states of calls and applications, and the one table of allowed transitions."""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CallKind(models.TextChoices):
    MICRORRED = "microrred", _("Microrred")
    MENTORSHIP = "mentorship", _("Mentorship")
    WEBINAR_PROPOSAL = "webinar_proposal", _("Webinar proposal")
    ADHOC_TRAINING = "adhoc_training", _("Ad-hoc training")
    COURSE_ENROLMENT = "course_enrolment", _("Course enrolment")
    SCHOLARSHIP = "scholarship", _("Scholarship")
    CONGRESS_HOST = "congress_host", _("Congress host candidacy")
    CONGRESS_EXPERIENCE = "congress_experience", _("Congress experience")
    PRIZE = "prize", _("Prize")
    PAIRING = "pairing", _("City pairing")
    FUNDING_SUPPORT = "funding_support", _("Support for a funding proposal")
    SEMINAR_HOST = "seminar_host", _("Seminar host candidacy")


class Eligibility(models.TextChoices):
    ANYONE = "anyone", _("Anyone")
    MEMBERS = "members", _("Member cities and entities")
    ACTIVE_MEMBERS = "active_members", _("Active members only")


class CallState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("call state", "Draft")
    SCHEDULED = "scheduled", pgettext_lazy("call state", "Scheduled")
    OPEN = "open", pgettext_lazy("call state", "Open")
    CLOSED = "closed", pgettext_lazy("call state", "Closed")
    RESOLVED = "resolved", pgettext_lazy("call state", "Resolved")


class ApplicationState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("application state", "Draft")
    AWAITING_ENDORSEMENT = "awaiting_endorsement", pgettext_lazy("application state", "Awaiting endorsement")
    SUBMITTED = "submitted", pgettext_lazy("application state", "Submitted")
    UNDER_REVIEW = "under_review", pgettext_lazy("application state", "Under review")
    ACCEPTED = "accepted", pgettext_lazy("application state", "Accepted")
    WAITLISTED = "waitlisted", pgettext_lazy("application state", "Waitlisted")
    REJECTED = "rejected", pgettext_lazy("application state", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("application state", "Withdrawn")


S = ApplicationState

# Applications that count against caps and places: everything sent and not withdrawn/rejected.
COUNTING_STATES = (S.AWAITING_ENDORSEMENT, S.SUBMITTED, S.UNDER_REVIEW, S.ACCEPTED, S.WAITLISTED)
DECIDED_STATES = (S.ACCEPTED, S.WAITLISTED, S.REJECTED)
FINAL_STATES = (S.REJECTED, S.WITHDRAWN)


class Actor(models.TextChoices):
    """Who may make a move: the applicant, the city's focal point, the secretariat, or the system."""

    APPLICANT = "applicant", _("Applicant")
    FOCAL_POINT = "focal_point", _("Focal point")
    STAFF = "staff", _("Secretariat")
    SYSTEM = "system", _("System")


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    actors: frozenset[str]
    public_label: Promise  # what the applicant reads in their timeline
    staff_label: Promise  # what the secretariat reads


def _t(source, target, actors, public_label, staff_label) -> Transition:
    return Transition(source, target, frozenset(actors), public_label, staff_label)


# The only moves an application can make. Every state change goes through
# programs.calls.services.transitions.application_transition, which checks this table and logs the move.
ALLOWED_TRANSITIONS: tuple[Transition, ...] = (
    _t(S.DRAFT, S.AWAITING_ENDORSEMENT, {Actor.APPLICANT},
       _("Sent to your focal point for endorsement"), _("Submitted, waiting for the city's endorsement")),
    _t(S.DRAFT, S.SUBMITTED, {Actor.APPLICANT, Actor.FOCAL_POINT},
       _("Submitted"), _("Submitted")),
    _t(S.AWAITING_ENDORSEMENT, S.SUBMITTED, {Actor.FOCAL_POINT},
       _("Endorsed by your city and submitted"), _("Endorsed by the focal point")),
    _t(S.AWAITING_ENDORSEMENT, S.DRAFT, {Actor.FOCAL_POINT},
       _("Sent back by your focal point"), _("Sent back by the focal point")),
    _t(S.SUBMITTED, S.UNDER_REVIEW, {Actor.STAFF, Actor.SYSTEM},
       _("Under review"), _("Review started")),
    _t(S.SUBMITTED, S.ACCEPTED, {Actor.STAFF}, _("Accepted"), _("Accepted")),
    _t(S.SUBMITTED, S.WAITLISTED, {Actor.STAFF}, _("On the waiting list"), _("Waitlisted")),
    _t(S.SUBMITTED, S.REJECTED, {Actor.STAFF}, _("Not selected"), _("Rejected")),
    _t(S.UNDER_REVIEW, S.ACCEPTED, {Actor.STAFF}, _("Accepted"), _("Accepted")),
    _t(S.UNDER_REVIEW, S.WAITLISTED, {Actor.STAFF}, _("On the waiting list"), _("Waitlisted")),
    _t(S.UNDER_REVIEW, S.REJECTED, {Actor.STAFF}, _("Not selected"), _("Rejected")),
    _t(S.WAITLISTED, S.ACCEPTED, {Actor.STAFF, Actor.SYSTEM},
       _("Accepted from the waiting list"), _("Promoted from the waiting list")),
    _t(S.WAITLISTED, S.REJECTED, {Actor.STAFF}, _("Not selected"), _("Rejected")),
    _t(S.DRAFT, S.WITHDRAWN, {Actor.APPLICANT}, _("Withdrawn"), _("Withdrawn by the applicant")),
    _t(S.AWAITING_ENDORSEMENT, S.WITHDRAWN, {Actor.APPLICANT}, _("Withdrawn"), _("Withdrawn by the applicant")),
    _t(S.SUBMITTED, S.WITHDRAWN, {Actor.APPLICANT}, _("Withdrawn"), _("Withdrawn by the applicant")),
    _t(S.UNDER_REVIEW, S.WITHDRAWN, {Actor.APPLICANT}, _("Withdrawn"), _("Withdrawn by the applicant")),
    _t(S.WAITLISTED, S.WITHDRAWN, {Actor.APPLICANT}, _("Withdrawn"), _("Withdrawn by the applicant")),
    _t(S.ACCEPTED, S.WITHDRAWN, {Actor.APPLICANT}, _("Withdrawn"), _("Withdrawn by the applicant")),
)

TRANSITIONS_BY_PAIR: dict[tuple[str, str], Transition] = {(t.source, t.target): t for t in ALLOWED_TRANSITIONS}
