"""The campus's personal data (network.privacy): enrolments, final projects, certificates."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from network.personal_data import NOBODY
from network.personal_data import by_user
from network.privacy import ERASE
from network.privacy import KEEP_LINK
from network.privacy import PSEUDONYMISE
from network.privacy import PersonalData
from network.privacy import declare_personal


def _own_enrolment(prefix: str = ""):
    def owner(subject):
        query = Q(**{f"{prefix}person_id__in": subject.person_ids})
        return query | Q(**{f"{prefix}user_id": subject.user_id}) if subject.user_id else query
    return owner


def register() -> None:
    from .models import CapsuleCompletion
    from .models import Certificate
    from .models import Enrolment
    from .models import FinalProject

    declare_personal(PersonalData(
        model=Enrolment, owner=_own_enrolment(),
        fields={"user": KEEP_LINK, "person": KEEP_LINK, "scholarship_reason": ERASE},
        purpose=_("Enrolments in the campus's courses, and the scholarships given")))
    declare_personal(PersonalData(
        model=FinalProject, owner=lambda s: _own_enrolment("enrolment__")(s) | by_user("graded_by")(s),
        fields={"author_name": PSEUDONYMISE, "document": ERASE, "graded_by": KEEP_LINK},
        purpose=_("Final projects (the city's strategy stays in the library, without its author)")))
    declare_personal(PersonalData(
        model=Certificate, owner=_own_enrolment("enrolment__"),
        fields={"holder_name": ERASE, "pdf": ERASE},
        purpose=_("Certificates: they keep verifying, as issued to a former participant")))
    declare_personal(PersonalData(
        model=CapsuleCompletion, owner=lambda s: Q(user_id=s.user_id) if s.user_id else NOBODY,
        fields={"user": KEEP_LINK}, purpose=_("The capsules you marked as done")))
