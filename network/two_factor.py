"""Two-factor authentication for the secretariat's staff, required when `STAFF_REQUIRE_2FA` is on.

A staff member without a TOTP authenticator who asks for an admin page is sent to allauth's
activation page, with `next` back to that page. Only admin paths are gated: the activation and
re-authentication pages, logout, the portal, static files and /health/ stay reachable. The checks
run in order of cost, so anonymous visitors, other paths and non-staff users cost no query.
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

SETUP_REQUIRED_MESSAGE = _(
    "The secretariat requires two-factor authentication for staff. Set up an authenticator app "
    "to continue to the administration."
)


def staff_lacks_totp(user) -> bool:
    """True for an active staff member with no TOTP authenticator (one query)."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and not Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
    )


class StaffTwoFactorMiddleware:
    """Sends staff without TOTP to set it up before they reach the admin (see module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.STAFF_REQUIRE_2FA and self._gated(request.path) and staff_lacks_totp(request.user):
            messages.warning(request, SETUP_REQUIRED_MESSAGE)
            query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('mfa_activate_totp')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _gated(path: str) -> bool:
        """An admin path other than the admin's own login and logout (no query: URL reversing)."""
        return path.startswith(reverse("admin:index")) and path not in (
            reverse("admin:login"),
            reverse("admin:logout"),
        )
