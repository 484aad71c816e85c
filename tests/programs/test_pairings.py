"""City pairings: eligibility by population, at most 3 visits, at most 5 funded travellers per
visit (also under concurrency), roadmap progress, and the portal page."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from network.errors import PortalError
from network.workflow import IllegalMove
from programs.cooperation.models import VisitTraveller
from programs.cooperation.services.errors import (
    NotEligibleForPairing,
    PairingError,
    TooManyVisits,
    TravellerCapReached,
)
from programs.cooperation.services.pairings import (
    milestone_add,
    milestone_progress,
    pairing_create,
    pairing_move,
    traveller_add,
    visit_add,
)
from tests.factories import MemberFactory, UserFactory, technician_of

from .factories_cooperation import make_pairing, theme

pytestmark = pytest.mark.django_db


def visit_of(pairing, number=1):
    return visit_add(pairing=pairing, host=pairing.city_a, place="Zaragoza", starts_on=date(2030, 5, 10 + number),
                     ends_on=date(2030, 5, 12 + number))


def test_a_city_of_100000_or_fewer_is_not_eligible_unless_it_represents_a_group():
    small = MemberFactory(population=100_000)
    big = MemberFactory(population=2_000_000)
    with pytest.raises(NotEligibleForPairing):
        pairing_create(title="x", city_a=small, city_b=big, theme=theme(), starts_on=date(2030, 1, 1))
    pairing = pairing_create(title="x", city_a=small, city_b=big, theme=theme(), starts_on=date(2030, 1, 1),
                             city_a_group="Granollers, Mataró, Sabadell")
    assert pairing.duration_months == 18 and pairing.ends_on == date(2031, 6, 30)


def test_a_pairing_joins_two_different_cities():
    city = MemberFactory(population=500_000)
    with pytest.raises(PairingError):
        pairing_create(title="x", city_a=city, city_b=city, theme=theme(), starts_on=date(2030, 1, 1))


def test_at_most_three_visits_numbered_in_order_hosted_by_one_of_the_two_cities():
    pairing = make_pairing()
    assert [visit_of(pairing, n).number for n in (1, 2, 3)] == [1, 2, 3]
    with pytest.raises(TooManyVisits):
        visit_of(pairing, 4)
    other = make_pairing()
    with pytest.raises(PairingError):
        visit_add(pairing=other, host=MemberFactory(), place="x", starts_on=date(2030, 1, 1), ends_on=date(2030, 1, 2))


def test_at_most_five_funded_travellers_per_visit_and_more_unfunded():
    pairing = make_pairing()
    visit = visit_of(pairing)
    for n in range(5):
        traveller_add(visit=visit, name=f"Persona {n}", member=pairing.city_b)
    with pytest.raises(TravellerCapReached):
        traveller_add(visit=visit, name="Sexta", member=pairing.city_b)
    traveller_add(visit=visit, name="Sexta (sin financiación)", member=pairing.city_b, funded=False)
    assert visit.travellers.filter(funded=True).count() == 5 and visit.travellers.count() == 6
    with pytest.raises(PairingError):
        traveller_add(visit=visit, name="Ajena", member=MemberFactory(), funded=False)


def test_milestone_progress_is_a_percentage():
    milestone = milestone_add(pairing=make_pairing(), title="Diagnóstico conjunto", due_on=date(2030, 4, 1))
    assert milestone_progress(milestone=milestone, progress=70).progress == 70
    with pytest.raises(PairingError):
        milestone_progress(milestone=milestone, progress=120)


def test_pairing_moves_follow_the_workflow():
    pairing = make_pairing()
    with pytest.raises(IllegalMove):
        pairing_move(pairing=pairing, to="completed", by=None)
    assert pairing_move(pairing=pairing, to="active", by=None).state == "active"
    assert pairing_move(pairing=pairing, to="completed", by=None).state == "completed"


def test_the_portal_page_shows_roadmap_visits_and_delegation(client):
    pairing = make_pairing()
    milestone_add(pairing=pairing, title="Diagnóstico conjunto", due_on=date(2030, 4, 1), progress=30)
    traveller_add(visit=visit_of(pairing), name="Lucía Gómez", member=pairing.city_b, position="Movilidad")
    client.force_login(technician_of(pairing.city_b))
    page = client.get(reverse("programs:coop_pairing", args=[pairing.pk])).content.decode()
    assert "Diagnóstico conjunto" in page and "Lucía Gómez" in page and 'value="30"' in page


def test_another_citys_user_gets_404_on_the_pairing(client):
    pairing = make_pairing()
    client.force_login(technician_of(MemberFactory()))
    assert client.get(reverse("programs:coop_pairing", args=[pairing.pk])).status_code == 404


def test_staff_add_a_pairing_and_a_visit_in_the_admin(client):
    client.force_login(UserFactory(staff=True))
    city_a, city_b = MemberFactory(population=90_000), MemberFactory(population=900_000)
    data = {"title": "Hermanamiento", "city_a": city_a.pk, "city_b": city_b.pk, "theme": theme().pk,
            "starts_on": "2030-01-01", "duration_months": 18, "roadmap": "",
            "milestones-TOTAL_FORMS": 0, "milestones-INITIAL_FORMS": 0,
            "visits-TOTAL_FORMS": 0, "visits-INITIAL_FORMS": 0}
    url = reverse("admin:programs_citypairing_add")
    assert client.post(url, data).status_code == 200  # city_a too small and no group
    data["city_a_group"] = "Tres municipios del área"
    assert client.post(url, data).status_code == 302
    pairing = city_a.pairings_as_first.get()
    assert pairing.reference.startswith("HER-2030-")
    visit_data = {"pairing": pairing.pk, "host": city_b.pk, "place": "Sede", "starts_on": "2030-05-01",
                  "ends_on": "2030-05-03", "programme": "",
                  "travellers-TOTAL_FORMS": 6, "travellers-INITIAL_FORMS": 0}
    for n in range(6):
        visit_data.update({f"travellers-{n}-name": f"P{n}", f"travellers-{n}-member": city_a.pk,
                           f"travellers-{n}-funded": "on"})
    assert client.post(reverse("admin:programs_pairingvisit_add"), visit_data).status_code == 200
    visit_data["travellers-5-funded"] = ""
    assert client.post(reverse("admin:programs_pairingvisit_add"), visit_data).status_code == 302
    assert VisitTraveller.objects.filter(funded=True).count() == 5


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
def test_ten_funded_travellers_added_at_once_stop_at_five():
    pairing = make_pairing()
    visit = visit_of(pairing)
    barrier = threading.Barrier(10)
    outcomes, lock = [], threading.Lock()

    def add(n):
        barrier.wait()
        try:
            traveller_add(visit=visit, name=f"Persona {n}", member=pairing.city_a)
            result = "added"
        except PortalError as error:
            result = type(error).__name__
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["TravellerCapReached"] * 5 + ["added"] * 5
    assert VisitTraveller.objects.filter(visit=visit, funded=True).count() == 5
