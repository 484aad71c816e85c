from django.utils.translation import gettext_lazy as _

from network.errors import PortalError

from ..enums import IllegalTransition  # noqa: F401  (raised by the application workflow)


class CallClosed(PortalError):
    default_message = _("This call is closed: the deadline has passed. Your draft is kept.")


class CallNotOpen(PortalError):
    default_message = _("This call is not open for applications.")


class NotEligible(PortalError):
    default_message = _("You cannot apply to this call.")


class CapReached(PortalError):
    default_message = _("The limit of applications for this call has been reached.")


class IncompleteApplication(PortalError):
    default_message = _("Some answers are missing or wrong. Correct them and submit again.")

    def __init__(self, message=None, errors=None):
        super().__init__(message)
        self.errors = errors or {}
