"""Kinds and states of events, registrations, surveys and board sessions, and their workflows."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network.workflow import Move
from network.workflow import Workflow


class EventKind(models.TextChoices):
    CONGRESS = "congress", _("Congress")
    NETWORK_MEETING = "network_meeting", _("Territorial-network meeting")
    WEBINAR = "webinar", _("Webinar")
    EXECUTIVE_COMMITTEE = "executive_committee", _("Executive committee")
    GENERAL_ASSEMBLY = "general_assembly", _("General assembly")
    OTHER = "other", pgettext_lazy("event kind", "Other")


# Kinds whose registration happens in the portal.
REGISTRATION_KINDS = (EventKind.CONGRESS, EventKind.NETWORK_MEETING, EventKind.WEBINAR, EventKind.OTHER)


class RegistrationState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("registration state", "Pending")
    CONFIRMED = "confirmed", pgettext_lazy("registration state", "Confirmed")
    ATTENDED = "attended", pgettext_lazy("registration state", "Attended")
    CANCELLED = "cancelled", pgettext_lazy("registration state", "Cancelled")


# Registrations that hold a seat (and, when covered, one of the member's covered places).
ACTIVE_REGISTRATION_STATES = (RegistrationState.PENDING, RegistrationState.CONFIRMED, RegistrationState.ATTENDED)


class Actor(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    FOCAL_POINT = "focal_point", _("Focal point")
    STAFF = "staff", _("Secretariat")
    SYSTEM = "system", _("System")


R = RegistrationState
A = Actor

# The only moves a registration can make (network.workflow writes the audit row).
REGISTRATION_WORKFLOW = Workflow("event-registration", [
    Move(R.PENDING, R.CONFIRMED, {A.STAFF, A.SYSTEM}, _("Registration confirmed")),
    Move(R.PENDING, R.CANCELLED, {A.PARTICIPANT, A.FOCAL_POINT, A.STAFF}, _("Registration cancelled")),
    Move(R.CONFIRMED, R.ATTENDED, {A.STAFF}, _("Checked in")),
    Move(R.CONFIRMED, R.CANCELLED, {A.PARTICIPANT, A.FOCAL_POINT, A.STAFF}, _("Registration cancelled")),
    Move(R.ATTENDED, R.CONFIRMED, {A.STAFF}, _("Check-in undone")),
])


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Rating scale")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")


class Body(models.TextChoices):
    """The governing bodies whose sessions are minuted."""

    BOARD = "board", _("Board")
    EXECUTIVE_COMMITTEE = "executive_committee", _("Executive committee")
    GENERAL_ASSEMBLY = "general_assembly", _("General assembly")


# Prefix of agreement codes (JD-XI-1 is the first agreement of the board's 11th session).
BODY_CODE = {Body.BOARD: "JD", Body.EXECUTIVE_COMMITTEE: "CE", Body.GENERAL_ASSEMBLY: "AG"}


class SessionKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary")
    EXTRAORDINARY = "extraordinary", _("Extraordinary")


class AgreementStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("agreement status", "Pending")
    IN_PROGRESS = "in_progress", pgettext_lazy("agreement status", "In progress")
    DONE = "done", pgettext_lazy("agreement status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("agreement status", "Cancelled")


OPEN_AGREEMENT_STATUSES = (AgreementStatus.PENDING, AgreementStatus.IN_PROGRESS)

G = AgreementStatus
AGREEMENT_WORKFLOW = Workflow("agreement", [
    Move(G.PENDING, G.IN_PROGRESS, {A.STAFF}, _("Work started")),
    Move(G.PENDING, G.DONE, {A.STAFF}, _("Fulfilled")),
    Move(G.IN_PROGRESS, G.DONE, {A.STAFF}, _("Fulfilled")),
    Move(G.PENDING, G.CANCELLED, {A.STAFF}, _("Cancelled")),
    Move(G.IN_PROGRESS, G.CANCELLED, {A.STAFF}, _("Cancelled")),
    Move(G.DONE, G.IN_PROGRESS, {A.STAFF}, _("Reopened")),
], field="status")


def roman(number: int) -> str:
    """12 → XII (editions of congresses, numbers of sessions)."""
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
              (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for value, letters in values:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)
