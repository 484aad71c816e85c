from django.utils.translation import gettext_lazy as _

from network.errors import PortalError


class RegistrationClosed(PortalError):
    default_message = _("Registration for this event is closed.")


class AlreadyRegistered(PortalError):
    default_message = _("This person is already registered for this event.")


class EventFull(PortalError):
    default_message = _("This event is full.")


class CoveredPlacesTaken(PortalError):
    default_message = _("Your city's covered places are all taken; register this delegate without a covered place.")


class NotCovered(PortalError):
    default_message = _("Only active members have covered places.")


class InvalidDates(PortalError):
    default_message = _("The departure cannot be before the arrival.")


class NotACandidacy(PortalError):
    default_message = _("Only an accepted congress host candidacy can create a congress.")


class SurveyAnswered(PortalError):
    default_message = _("This questionnaire has already been answered with this link. Thank you!")


class SurveyClosed(PortalError):
    default_message = _("This questionnaire is closed.")


class InvalidAnswers(PortalError):
    default_message = _("Some answers are missing or not valid.")
