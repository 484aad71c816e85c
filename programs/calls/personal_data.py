"""The calls engine's personal data (network.privacy): applications, their documents, reviews,
access codes and reminders."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from network.personal_data import AUDIT
from network.personal_data import by_email
from network.personal_data import by_person
from network.personal_data import by_user
from network.privacy import KEEP_LINK
from network.privacy import PSEUDONYMISE
from network.privacy import PersonalData
from network.privacy import declare_personal
from network.privacy import keep

CITY_RECORD = _("Made on behalf of the city: the record of the network's programmes (the person's own "
                "details are in their pseudonymised person record)")


def register() -> None:
    from .models import Application
    from .models import ApplicationDocument
    from .models import CallAccessCode
    from .models import ReminderSent
    from .models import Review

    applicant = by_user("applicant")
    declare_personal(PersonalData(
        model=Application,
        owner=lambda s: applicant(s) | by_person("person")(s) | by_user("endorsed_by")(s)
        | by_user("pending_decided_by")(s),
        fields={"applicant": KEEP_LINK, "person": KEEP_LINK, "endorsed_by": KEEP_LINK,
                "pending_decided_by": KEEP_LINK, "data": keep(CITY_RECORD), "title": keep(CITY_RECORD),
                "return_comment": keep(CITY_RECORD)},
        purpose=_("Applications to the network's calls, made for a city")))
    declare_personal(PersonalData(
        model=ApplicationDocument, owner=by_user("application__applicant"),
        fields={"file": keep(CITY_RECORD), "original_name": keep(CITY_RECORD)},
        purpose=_("The documents of those applications")))
    declare_personal(PersonalData(
        model=CallAccessCode, owner=by_email("email"), fields={"email": PSEUDONYMISE},
        purpose=_("Late-submission codes the secretariat sent")))
    declare_personal(PersonalData(
        model=ReminderSent, owner=by_email("recipient"), fields={"recipient": PSEUDONYMISE},
        purpose=_("Proof that a deadline reminder was sent (so it is never sent twice)")))
    declare_personal(PersonalData(
        model=Review, owner=by_user("reviewer"), fields={"reviewer": KEEP_LINK, "comment": keep(AUDIT)},
        purpose=_("Reviews written by the secretariat's reviewers")))
