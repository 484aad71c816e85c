from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    """Accounts remember the interface language they were created in (for their e-mails)."""

    def save_user(self, request, user, form, commit=True):
        language = (translation.get_language() or settings.LANGUAGE_CODE).lower()
        if language in {code for code, _name in settings.LANGUAGES}:
            user.language = language
        return super().save_user(request, user, form, commit=commit)
