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


def register_retention() -> None:
    from network.retention import RetentionKind
    from network.retention import declare_retention

    declare_retention(RetentionKind(
        key="webinar-guests", default_days=90, purge=_webinar_guests_purge,
        label=_("Webinar registrations made without an account"), counted_from=_("after the webinar"),
        action=_("name, e-mail address and institution are removed; the webinar's figures keep counting them")))


REMOVED_DOMAIN = "removed.invalid"  # a reserved domain: nothing is ever sent there


def _webinar_guests_purge(cutoff) -> int:
    from django.db.models import CharField
    from django.db.models import Value
    from django.db.models.functions import Cast
    from django.db.models.functions import Concat

    from .models import WebinarRegistration

    stale = (WebinarRegistration.objects.filter(webinar__starts_at__lt=cutoff)
             .exclude(email__endswith="@" + REMOVED_DOMAIN))
    return stale.update(name="—", institution="",
                        email=Concat(Value("registration-"), Cast("pk", CharField()), Value("@" + REMOVED_DOMAIN),
                                     output_field=CharField()))
