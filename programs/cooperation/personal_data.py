"""Cooperation's personal data (network.privacy): microrredes, attendance answers, visits."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from network.personal_data import by_person
from network.personal_data import by_user
from network.privacy import ERASE
from network.privacy import KEEP_LINK
from network.privacy import PSEUDONYMISE
from network.privacy import PersonalData
from network.privacy import declare_personal


def register() -> None:
    from .models import Microrred
    from .models import SessionAttendance
    from .models import VisitTraveller

    declare_personal(PersonalData(
        model=Microrred, owner=by_person("coordinator"), fields={"coordinator": KEEP_LINK},
        purpose=_("Who coordinates a microrred")))
    declare_personal(PersonalData(
        model=SessionAttendance, owner=by_user("answered_by"), fields={"answered_by": KEEP_LINK},
        purpose=_("Who answered for a city whether it attends a microrred session")))
    declare_personal(PersonalData(
        model=VisitTraveller, owner=by_person("person"),
        fields={"name": PSEUDONYMISE, "position": ERASE, "person": KEEP_LINK},
        purpose=_("Who travelled on a city pairing's visit (funded travel is accounted for)")))
