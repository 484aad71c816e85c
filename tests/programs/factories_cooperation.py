"""Builders of the cooperation area: they go through the services, as staff would."""

from __future__ import annotations

from datetime import date
from datetime import time

from network.models import Member
from network.models import Theme
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.models import Application
from programs.cooperation.models import CityPairing
from programs.cooperation.models import Mentorship
from programs.cooperation.models import Microrred
from programs.cooperation.services.mentorships import mentorship_request
from programs.cooperation.services.microrredes import microrred_create
from programs.cooperation.services.pairings import pairing_create
from tests.factories import MemberFactory
from tests.factories import PersonFactory
from tests.factories import RoleFactory
from tests.factories import ThemeFactory

from .factories import ApplicationFactory
from .factories import CallFactory


def cities(count: int, **kwargs) -> list[Member]:
    return [MemberFactory(**kwargs) for _ in range(count)]


def theme(slug: str = "movilidad-sostenible") -> Theme:
    return ThemeFactory(slug=slug, name=slug.replace("-", " ").capitalize())


def make_microrred(*, members: list[Member] | None = None, size: int = 6, starts_on: date = date(2030, 3, 15),
                   with_technicians: bool = True, title: str | None = None, year: int | None = None,
                   edition: int = 5, the_theme: Theme | None = None, session_time: time = time(17, 0),
                   time_zone: str = "Europe/Madrid") -> Microrred:
    members = members if members is not None else cities(size)
    technicians = {}
    if with_technicians:
        for member in members:
            person = PersonFactory()
            RoleFactory(person=person, member=member)
            technicians[member.pk] = [person]
    return microrred_create(
        theme=the_theme or theme(), members=members, title=title or f"Microrred {members[0].name}",
        edition=edition, year=year or starts_on.year, starts_on=starts_on, technicians=technicians,
        session_time=session_time, time_zone=time_zone, online_link="https://meet.example.org/microrred",
    )


def accepted_microrred_applications(count: int, *, call=None, themes=("movilidad-sostenible",)) -> list[Application]:
    call = call or CallFactory(kind=CallKind.MICRORRED, closed=True)
    return [ApplicationFactory(call=call, accepted=True, data={"themes": list(themes), "title": "Microrred"})
            for _ in range(count)]


def make_mentorship(*, mentee: Member | None = None, the_theme: Theme | None = None) -> Mentorship:
    return mentorship_request(mentee=mentee or MemberFactory(), theme=the_theme or theme(),
                              objectives="Diseñar una red de ciclovías.")


def mentorship_application(*, member: Member | None = None, role: str = "mentee",
                           state: str = ApplicationState.ACCEPTED, themes=("movilidad-sostenible",)) -> Application:
    theme(themes[0])
    call = CallFactory(kind=CallKind.MENTORSHIP, all_year=True)
    return ApplicationFactory(call=call, member=member or MemberFactory(), state=state,
                              data={"role": role, "themes": list(themes), "objectives": "Aprender de otra ciudad.",
                                    "title": "Mentoría"})


def make_pairing(*, city_a: Member | None = None, city_b: Member | None = None) -> CityPairing:
    return pairing_create(
        title="Zaragoza – Medellín: movilidad", city_a=city_a or MemberFactory(country="ES", population=680_000),
        city_b=city_b or MemberFactory(country="CO", population=2_600_000), theme=theme(),
        starts_on=date(2030, 1, 1),
    )
