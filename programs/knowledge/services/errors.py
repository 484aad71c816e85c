from django.utils.translation import gettext_lazy as _

from network.errors import PortalError


class RegistrationClosed(PortalError):
    default_message = _("Registration for this webinar is closed.")


class WebinarFull(PortalError):
    default_message = _("This webinar is full: every place has been taken.")


class AlreadyRegistered(PortalError):
    default_message = _("This e-mail address is already registered for this webinar.")


class NotAWebinarProposal(PortalError):
    default_message = _("Only accepted applications to a webinar call become webinar drafts.")


class PracticeLocked(PortalError):
    default_message = _("This practice is being reviewed or is published; only drafts can be edited.")


class SelfTransfer(PortalError):
    default_message = _("A city cannot adopt its own practice.")


class TransferExists(PortalError):
    default_message = _("This city's adoption of the practice is already recorded.")


class TooManyFiles(PortalError):
    default_message = _("This practice already has the largest number of files allowed.")
