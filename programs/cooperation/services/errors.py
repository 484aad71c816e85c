"""Errors of the cooperation area; each is a PortalError with a translated message."""

from django.utils.translation import gettext_lazy as _

from network.errors import PortalError


class MicrorredSizeError(PortalError):
    default_message = _("A microrred has between 6 and 8 member cities.")


class AlreadyInMicrorred(PortalError):
    default_message = _("This city or application is already part of a microrred.")


class WrongApplications(PortalError):
    default_message = _("Only accepted applications of this microrred call can form a microrred.")


class SessionClosed(PortalError):
    default_message = _("This session has already started or was cancelled; attendance can no longer change.")


class NotParticipating(PortalError):
    default_message = _("Your city does not take part in this microrred.")


class MentorshipError(PortalError):
    default_message = _("This mentorship cannot be changed in this way.")


class ReportsMissing(MentorshipError):
    default_message = _("Both cities must send their final report before the mentorship is completed.")


class NotEligibleForPairing(PortalError):
    default_message = _("Cities in a pairing must have more than 100,000 inhabitants, or represent a group of cities.")


class TooManyVisits(PortalError):
    default_message = _("A pairing has at most 3 technical visits.")


class TravellerCapReached(PortalError):
    default_message = _("At most 5 travellers per visit have their travel funded.")


class PairingError(PortalError):
    default_message = _("This change to the pairing is not allowed.")
