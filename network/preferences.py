"""A person's own preferences, kept on their login and person record: the language and time zone
the portal uses with them (pages and e-mails), and the choices the service does not need, each an
explicit opt-in they can withdraw (listed on the city's public page, photographed at events,
funding opportunities by e-mail).

`PreferencesMiddleware` applies them on every request: the language they chose (the header's
selector, or My account → Preferences; a choice on this device's cookie wins) and their time zone
(Django's current time zone: every time shown without a zone of its own reads in theirs).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import Person
from .models import User
from .timezones import is_time_zone
from .timezones import time_zone_choices
from .timezones import zone_or_default

OPT_INS = ("listed_publicly", "photos_allowed", "funding_relays")


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 help_text=_("Of the portal's pages and of the e-mails it sends you."))
    time_zone = forms.ChoiceField(
        label=_("Time zone"), required=False,
        help_text=_("Dates of calls, sessions and events are shown in their own place's time, and in yours beside it."))
    listed_publicly = forms.BooleanField(
        label=_("Show my name and position on my city's page in the public member directory"), required=False)
    photos_allowed = forms.BooleanField(
        label=_("I agree to be photographed at the network's events (for its reports and website)"), required=False)
    funding_relays = forms.BooleanField(
        label=_("Send me the funding opportunities that match my city's themes"), required=False)

    def __init__(self, *args, person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("My browser's language"))] + list(settings.LANGUAGES)
        self.fields["time_zone"].choices = [("", _("My device's time zone"))] + time_zone_choices()
        if person is None:  # a login with no person record (staff): no team, no events, no relays
            for name in OPT_INS:
                del self.fields[name]

    @property
    def opt_in_fields(self):
        return [self[name] for name in OPT_INS if name in self.fields]


def preferences_initial(user: User) -> dict:
    person = getattr(user, "person", None)
    initial = {"language": user.language, "time_zone": user.time_zone}
    if person is not None:
        initial.update({name: getattr(person, name) for name in OPT_INS})
    return initial


@transaction.atomic
def preferences_save(*, user: User, language: str, time_zone: str = "", **opt_ins) -> None:
    """Save the person's language and time zone on their login (and their person record, which the
    e-mails to them read), and their opt-ins."""
    supported = {code for code, _name in settings.LANGUAGES}
    user.language = language if language in supported else ""
    user.time_zone = time_zone if time_zone and is_time_zone(time_zone) else ""
    user.save(update_fields=["language", "time_zone"])
    person = Person.objects.select_for_update().filter(user=user).first()
    if person is not None:
        person.language = user.language or person.language
        for name in OPT_INS:
            if name in opt_ins:
                setattr(person, name, bool(opt_ins[name]))
        person.save()


def language_remember(*, user: User, language: str) -> None:
    """The header's language selector, used while signed in: the choice is theirs from now on."""
    supported = {code for code, _name in settings.LANGUAGES}
    if user.is_authenticated and language in supported and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        Person.objects.filter(user=user).update(language=language)
        user.language = language


class PreferencesMiddleware:
    """After authentication: the signed-in person's language (when this device has no explicit
    choice of its own) and time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        zoned = False
        if user is not None and user.is_authenticated:
            if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = translation.get_language()
            if user.time_zone:
                timezone.activate(zone_or_default(user.time_zone))
                zoned = True
        try:
            return self.get_response(request)
        finally:
            if zoned:
                timezone.deactivate()
