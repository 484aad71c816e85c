"""City pairings: two cities, a theme, 18 months, a joint roadmap with milestones, 2–3 technical
visits, and at most 5 funded travellers per visit (under a row lock)."""

from __future__ import annotations

import secrets
from datetime import date
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.models import Member
from network.models import Person
from network.models import Theme
from network.models import User
from programs.calls.enums import Actor
from programs.calls.models import Application

from ..enums import PAIRING_MAX_FUNDED_TRAVELLERS
from ..enums import PAIRING_MAX_VISITS
from ..enums import PAIRING_MIN_POPULATION
from ..enums import PAIRING_WORKFLOW
from ..models import CityPairing
from ..models import PairingMilestone
from ..models import PairingVisit
from ..models import VisitTraveller
from .errors import NotEligibleForPairing
from .errors import PairingError
from .errors import TooManyVisits
from .errors import TravellerCapReached


def pairing_eligible(*, city: Member, group: str = "") -> bool:
    """Over 100,000 inhabitants, or the representative of a group of cities (listed)."""
    return bool(group.strip()) or (city.population or 0) > PAIRING_MIN_POPULATION


def _check_eligible(city: Member, group: str) -> None:
    if not pairing_eligible(city=city, group=group):
        raise NotEligibleForPairing(
            _("%(city)s has %(population)s inhabitants: a pairing needs more than 100,000, or a group of cities "
              "represented by one.") % {"city": city.name, "population": city.population or "?"})


@transaction.atomic
def pairing_create(*, title: str, city_a: Member, city_b: Member, theme: Theme, starts_on: date,
                   city_a_group: str = "", city_b_group: str = "", duration_months: int = 18,
                   roadmap: str = "", application: Application | None = None,
                   now: datetime | None = None) -> CityPairing:
    now = now or timezone.now()
    if city_a.pk == city_b.pk:
        raise PairingError(_("A pairing joins two different cities."))
    _check_eligible(city_a, city_a_group)
    _check_eligible(city_b, city_b_group)
    while True:
        reference = f"HER-{starts_on:%Y}-{secrets.token_hex(2).upper()}"
        if not CityPairing.objects.filter(reference=reference).exists():
            break
    pairing = CityPairing(reference=reference, title=title, city_a=city_a, city_b=city_b, theme=theme,
                          starts_on=starts_on, city_a_group=city_a_group, city_b_group=city_b_group,
                          duration_months=duration_months, roadmap=roadmap, application=application, created_at=now)
    pairing.full_clean()
    pairing.save()
    return pairing


def pairing_move(*, pairing: CityPairing, to: str, by: User | None, comment: str = "",
                 now: datetime | None = None) -> CityPairing:
    with transaction.atomic():
        pairing = CityPairing.objects.select_for_update().get(pk=pairing.pk)
        PAIRING_WORKFLOW.move(obj=pairing, to=to, actor=Actor.STAFF, by=by, comment=comment, now=now)
    return pairing


@transaction.atomic
def milestone_add(*, pairing: CityPairing, title: str, due_on: date, progress: int = 0) -> PairingMilestone:
    milestone = PairingMilestone(pairing=pairing, title=title, due_on=due_on, progress=progress)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_progress(*, milestone: PairingMilestone, progress: int, notes: str | None = None) -> PairingMilestone:
    if not 0 <= progress <= 100:
        raise PairingError(_("Progress is a percentage between 0 and 100."))
    milestone = PairingMilestone.objects.select_for_update().get(pk=milestone.pk)
    milestone.progress = progress
    fields = ["progress"]
    if notes is not None:
        milestone.notes = notes
        fields.append("notes")
    milestone.save(update_fields=fields)
    return milestone


def _check_visit(*, pairing: CityPairing, host: Member, starts_on: date, ends_on: date) -> None:
    if host.pk not in (pairing.city_a_id, pairing.city_b_id):
        raise PairingError(_("A visit is hosted by one of the two cities of the pairing."))
    if ends_on < starts_on:
        raise PairingError(_("A visit ends on or after the day it starts."))


@transaction.atomic
def visit_add(*, pairing: CityPairing, host: Member, place: str, starts_on: date, ends_on: date,
              programme: str = "") -> PairingVisit:
    """Add the next technical visit (at most 3), hosted by one of the two cities."""
    pairing = CityPairing.objects.select_for_update().get(pk=pairing.pk)
    count = pairing.visits.count()
    if count >= PAIRING_MAX_VISITS:
        raise TooManyVisits()
    _check_visit(pairing=pairing, host=host, starts_on=starts_on, ends_on=ends_on)
    return PairingVisit.objects.create(pairing=pairing, number=count + 1, host=host, place=place,
                                       starts_on=starts_on, ends_on=ends_on, programme=programme)


def _locked_visit(visit_id: int) -> PairingVisit:
    """The visit, locked: every change to its delegation takes this lock, so the cap holds under concurrency."""
    return PairingVisit.objects.select_for_update(of=("self",)).select_related("pairing").get(pk=visit_id)


@transaction.atomic
def visit_update(*, visit: PairingVisit, host: Member, place: str, starts_on: date, ends_on: date,
                 programme: str = "") -> PairingVisit:
    """Change a visit's host, place, dates or programme (its pairing and number stay)."""
    visit = _locked_visit(visit.pk)
    _check_visit(pairing=visit.pairing, host=host, starts_on=starts_on, ends_on=ends_on)
    visit.host, visit.place, visit.starts_on, visit.ends_on, visit.programme = (
        host, place, starts_on, ends_on, programme)
    visit.save(update_fields=["host", "place", "starts_on", "ends_on", "programme"])
    return visit


def _check_traveller(*, visit: PairingVisit, member: Member, funded: bool, other_than: int | None = None) -> None:
    if member.pk not in (visit.pairing.city_a_id, visit.pairing.city_b_id):
        raise PairingError(_("Travellers belong to one of the two cities of the pairing."))
    if not funded:
        return
    others = visit.travellers.filter(funded=True)
    if other_than is not None:
        others = others.exclude(pk=other_than)
    if others.count() >= PAIRING_MAX_FUNDED_TRAVELLERS:
        raise TravellerCapReached()


@transaction.atomic
def traveller_add(*, visit: PairingVisit, name: str, member: Member, position: str = "",
                  person: Person | None = None, funded: bool = True) -> VisitTraveller:
    """Add a traveller to a visit's delegation; at most 5 have their travel funded. The visit row is
    locked, so concurrent additions cannot pass the cap."""
    visit = _locked_visit(visit.pk)
    _check_traveller(visit=visit, member=member, funded=funded)
    return VisitTraveller.objects.create(visit=visit, name=name, member=member, position=position, person=person,
                                         funded=funded)


@transaction.atomic
def traveller_update(*, traveller: VisitTraveller, name: str, member: Member, position: str = "",
                     person: Person | None = None, funded: bool = True) -> VisitTraveller:
    """Change a traveller of a delegation, under the same rules and lock as adding one."""
    visit = _locked_visit(traveller.visit_id)
    traveller = VisitTraveller.objects.get(pk=traveller.pk, visit=visit)
    _check_traveller(visit=visit, member=member, funded=funded, other_than=traveller.pk)
    traveller.name, traveller.member, traveller.position, traveller.person, traveller.funded = (
        name, member, position, person, funded)
    traveller.save(update_fields=["name", "member", "position", "person", "funded"])
    return traveller


@transaction.atomic
def traveller_remove(*, traveller: VisitTraveller) -> None:
    """Take a traveller off a delegation (a funded place becomes free)."""
    visit = _locked_visit(traveller.visit_id)
    VisitTraveller.objects.filter(pk=traveller.pk, visit=visit).delete()
