from django.utils.translation import gettext_lazy as _

from network.errors import PortalError


class EnrolmentClosed(PortalError):
    default_message = _("Enrolment for this edition is not open.")


class AlreadyEnrolled(PortalError):
    default_message = _("You have already applied to this edition.")


class ScholarshipNotAllowed(PortalError):
    default_message = _("Full scholarships are only for people from active members.")


class SeatsFull(PortalError):
    default_message = _("All seats of this edition are taken.")


class ProjectMissing(PortalError):
    default_message = _("This course needs a final project that passed before it can be completed.")


class ApplicationNotSent(PortalError):
    default_message = _("The application to this edition has not been sent yet (it is a draft again, or "
                        "was withdrawn): there is nothing to decide.")
