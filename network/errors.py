"""The one domain error type: services raise it, views turn it into a message."""

from django.utils.translation import gettext_lazy as _


class PortalError(Exception):
    """A rule of the portal refused an action; `message` is translated and safe to show."""

    default_message = _("This action is not allowed.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class NotAllowed(PortalError):
    default_message = _("You are not allowed to do this.")


class InvalidInvitation(PortalError):
    default_message = _("This invitation is no longer valid.")

