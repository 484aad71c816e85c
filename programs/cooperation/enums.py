"""States, kinds and workflow tables of the cooperation area: microrredes, mentorships, pairings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network.workflow import Move
from network.workflow import Workflow
from programs.calls.enums import Actor

# Size of a microrred and limits of a pairing (the rules, in one place).
MICRORRED_MIN_MEMBERS = 6
MICRORRED_MAX_MEMBERS = 8
PAIRING_MAX_VISITS = 3
PAIRING_MAX_FUNDED_TRAVELLERS = 5
PAIRING_MIN_POPULATION = 100_000  # "over 100,000 inhabitants, or a group of cities"
# Session reminders go out this long before a session starts.
SESSION_REMINDER_LEAD_HOURS = 48
# Figures "since 2020" on the public index.
FIGURES_SINCE_YEAR = 2020


class MicrorredPhase(models.TextChoices):
    """Follows from the dates; not stored."""

    UPCOMING = "upcoming", pgettext_lazy("microrred phase", "Starting soon")
    RUNNING = "running", pgettext_lazy("microrred phase", "In progress")
    FINISHED = "finished", pgettext_lazy("microrred phase", "Finished")


class AttendanceAnswer(models.TextChoices):
    """A city's answer before a session."""

    PENDING = "pending", pgettext_lazy("attendance", "No answer yet")
    CONFIRMED = "confirmed", pgettext_lazy("attendance", "Will attend")
    DECLINED = "declined", pgettext_lazy("attendance", "Cannot attend")


class MentorshipState(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("mentorship state", "Requested")
    MATCHED = "matched", pgettext_lazy("mentorship state", "Matched")
    IN_PROGRESS = "in_progress", pgettext_lazy("mentorship state", "In progress")
    COMPLETED = "completed", pgettext_lazy("mentorship state", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("mentorship state", "Cancelled")


class MentorshipSide(models.TextChoices):
    MENTEE = "mentee", _("Mentee city")
    MENTOR = "mentor", _("Mentor city")


M = MentorshipState

# The only moves a mentorship can make; programs.cooperation.services.mentorships.mentorship_move
# checks this table (through network.workflow), writes the audit row and sends the e-mails.
MENTORSHIP_WORKFLOW = Workflow("mentorship", [
    Move(M.REQUESTED, M.MATCHED, {Actor.STAFF}, _("Matched with a mentor city")),
    Move(M.MATCHED, M.REQUESTED, {Actor.STAFF}, _("Mentor city released; looking for another")),
    Move(M.MATCHED, M.IN_PROGRESS, {Actor.STAFF}, _("Mentorship started")),
    Move(M.IN_PROGRESS, M.COMPLETED, {Actor.STAFF}, _("Mentorship completed")),
    Move(M.REQUESTED, M.CANCELLED, {Actor.STAFF}, _("Cancelled")),
    Move(M.MATCHED, M.CANCELLED, {Actor.STAFF}, _("Cancelled")),
    Move(M.IN_PROGRESS, M.CANCELLED, {Actor.STAFF}, _("Cancelled")),
])

MENTORSHIP_OPEN_STATES = (M.REQUESTED, M.MATCHED, M.IN_PROGRESS)


class PairingState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("pairing state", "Planned")
    ACTIVE = "active", pgettext_lazy("pairing state", "In progress")
    COMPLETED = "completed", pgettext_lazy("pairing state", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("pairing state", "Cancelled")


P = PairingState

PAIRING_WORKFLOW = Workflow("pairing", [
    Move(P.PLANNED, P.ACTIVE, {Actor.STAFF}, _("Cooperation started")),
    Move(P.ACTIVE, P.COMPLETED, {Actor.STAFF}, _("Cooperation completed")),
    Move(P.PLANNED, P.CANCELLED, {Actor.STAFF}, _("Cancelled")),
    Move(P.ACTIVE, P.CANCELLED, {Actor.STAFF}, _("Cancelled")),
])

# The time zone of a member's city, from its country (the network spans Europe and the Americas).
# Countries with several zones take the zone of their capital; staff may correct it per microrred.
COUNTRY_TIME_ZONES: dict[str, str] = {
    "AR": "America/Argentina/Buenos_Aires", "BO": "America/La_Paz", "BR": "America/Sao_Paulo",
    "CL": "America/Santiago", "CO": "America/Bogota", "CR": "America/Costa_Rica", "CU": "America/Havana",
    "DO": "America/Santo_Domingo", "EC": "America/Guayaquil", "ES": "Europe/Madrid", "FR": "Europe/Paris",
    "GT": "America/Guatemala", "HN": "America/Tegucigalpa", "IT": "Europe/Rome", "MX": "America/Mexico_City",
    "NI": "America/Managua", "PA": "America/Panama", "PE": "America/Lima", "PR": "America/Puerto_Rico",
    "PT": "Europe/Lisbon", "PY": "America/Asuncion", "SV": "America/El_Salvador", "US": "America/New_York",
    "UY": "America/Montevideo", "VE": "America/Caracas", "AD": "Europe/Andorra", "BE": "Europe/Brussels",
    "DE": "Europe/Berlin", "NL": "Europe/Amsterdam", "GB": "Europe/London", "CA": "America/Toronto",
}
DEFAULT_TIME_ZONE = "Europe/Madrid"

# EU member states (for the "one EU city, one elsewhere" hint of pairings).
EU_COUNTRIES = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
    "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
})


def time_zone_for_country(country_code: str) -> str:
    return COUNTRY_TIME_ZONES.get(str(country_code or "").upper(), DEFAULT_TIME_ZONE)
