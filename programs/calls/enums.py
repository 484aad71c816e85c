"""Kinds and states of calls and applications, and the one table of their allowed moves."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network.workflow import IllegalMove
from network.workflow import Move
from network.workflow import Workflow


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


class IllegalTransition(IllegalMove):
    """An application move the table does not allow (raised by APPLICATION_WORKFLOW)."""


class Actor(models.TextChoices):
    """Who may make a move: the applicant, the city's focal point, the secretariat, or the system."""

    APPLICANT = "applicant", _("Applicant")
    FOCAL_POINT = "focal_point", _("Focal point")
    STAFF = "staff", _("Secretariat")
    SYSTEM = "system", _("System")


# The only moves an application can make: the label the secretariat reads, then the one the applicant
# reads in their timeline. Every state change goes through
# programs.calls.services.transitions.application_transition, which checks this table and logs the
# move (network.workflow: one engine, one audit trail for every workflow of the portal).
_APPLICANT, _FOCAL, _STAFF, _SYSTEM = Actor.APPLICANT, Actor.FOCAL_POINT, Actor.STAFF, Actor.SYSTEM
_WITHDRAWN = _("Withdrawn")  # by the applicant, or by the secretariat (a dropped enrolment): the row says who

APPLICATION_WORKFLOW = Workflow("application", [
    Move(S.DRAFT, S.AWAITING_ENDORSEMENT, {_APPLICANT},
         _("Submitted, waiting for the city's endorsement"), _("Sent to your focal point for endorsement")),
    Move(S.DRAFT, S.SUBMITTED, {_APPLICANT, _FOCAL}, _("Submitted"), _("Submitted")),
    Move(S.AWAITING_ENDORSEMENT, S.SUBMITTED, {_FOCAL},
         _("Endorsed by the focal point"), _("Endorsed by your city and submitted")),
    Move(S.AWAITING_ENDORSEMENT, S.DRAFT, {_FOCAL},
         _("Sent back by the focal point"), _("Sent back by your focal point")),
    Move(S.SUBMITTED, S.UNDER_REVIEW, {_STAFF, _SYSTEM}, _("Review started"), _("Under review")),
    Move(S.SUBMITTED, S.ACCEPTED, {_STAFF}, _("Accepted"), _("Accepted")),
    # The system waitlists when every place is taken (a course edition's seats).
    Move(S.SUBMITTED, S.WAITLISTED, {_STAFF, _SYSTEM}, _("Waitlisted"), _("On the waiting list")),
    Move(S.SUBMITTED, S.REJECTED, {_STAFF}, _("Rejected"), _("Not selected")),
    Move(S.UNDER_REVIEW, S.ACCEPTED, {_STAFF}, _("Accepted"), _("Accepted")),
    Move(S.UNDER_REVIEW, S.WAITLISTED, {_STAFF, _SYSTEM}, _("Waitlisted"), _("On the waiting list")),
    Move(S.UNDER_REVIEW, S.REJECTED, {_STAFF}, _("Rejected"), _("Not selected")),
    Move(S.WAITLISTED, S.ACCEPTED, {_STAFF, _SYSTEM},
         _("Promoted from the waiting list"), _("Accepted from the waiting list")),
    Move(S.WAITLISTED, S.REJECTED, {_STAFF}, _("Rejected"), _("Not selected")),
    Move(S.DRAFT, S.WITHDRAWN, {_APPLICANT, _STAFF}, _WITHDRAWN, _WITHDRAWN),
    Move(S.AWAITING_ENDORSEMENT, S.WITHDRAWN, {_APPLICANT, _STAFF}, _WITHDRAWN, _WITHDRAWN),
    Move(S.SUBMITTED, S.WITHDRAWN, {_APPLICANT, _STAFF}, _WITHDRAWN, _WITHDRAWN),
    Move(S.UNDER_REVIEW, S.WITHDRAWN, {_APPLICANT, _STAFF}, _WITHDRAWN, _WITHDRAWN),
    Move(S.WAITLISTED, S.WITHDRAWN, {_APPLICANT, _STAFF}, _WITHDRAWN, _WITHDRAWN),
    Move(S.ACCEPTED, S.WITHDRAWN, {_APPLICANT, _STAFF}, _WITHDRAWN, _WITHDRAWN),
], error=IllegalTransition)
