"""Knowledge's personal data (network.privacy): webinar registrations, who proposed a practice."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from network.personal_data import AUDIT
from network.personal_data import by_email
from network.personal_data import by_user
from network.privacy import ERASE
from network.privacy import KEEP_LINK
from network.privacy import PSEUDONYMISE
from network.privacy import PersonalData
from network.privacy import declare_personal


def register() -> None:
    from .models import GoodPractice
    from .models import PracticeTransfer
    from .models import WebinarRegistration

    declare_personal(PersonalData(
        model=WebinarRegistration, owner=by_email("email"),
        fields={"name": PSEUDONYMISE, "email": PSEUDONYMISE, "institution": ERASE},
        purpose=_("Webinar registrations: to send the link and the reminder")))
    declare_personal(PersonalData(
        model=GoodPractice, owner=by_user("created_by"), fields={"created_by": KEEP_LINK},
        purpose=_("Who proposed a good practice for a city")))
    declare_personal(PersonalData(
        model=PracticeTransfer, owner=by_user("recorded_by"), fields={"recorded_by": KEEP_LINK}, purpose=AUDIT))
