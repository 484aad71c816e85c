from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PortalSite:
    """What allauth's e-mails call `current_site`: the portal's name, not the request's host."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    """Accounts remember the interface language they were created in (for their e-mails)."""

    # Failed passwords for one account pause password sign-in for it for a few minutes; they must
    # not lock its owner out: a code sent to the account's e-mail still signs them in.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed attempts to sign in to this account with a password. Ask for a sign-in code "
            "by e-mail below, or try your password again in a few minutes."),
    }

    def save_user(self, request, user, form, commit=True):
        language = (translation.get_language() or settings.LANGUAGE_CODE).lower()
        if language in {code for code, _name in settings.LANGUAGES}:
            user.language = language
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        site = PortalSite(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)
        super().send_mail(template_prefix, email, {"current_site": site, **context})
