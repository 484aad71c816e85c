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
from programs.cooperation.models import PairingVisit
from programs.cooperation.models import VisitTraveller
from programs.cooperation.services.errors import NotEligibleForPairing
from programs.cooperation.services.errors import PairingError
from programs.cooperation.services.errors import TooManyVisits
from programs.cooperation.services.errors import TravellerCapReached
from programs.cooperation.services.pairings import milestone_add
from programs.cooperation.services.pairings import milestone_progress
from programs.cooperation.services.pairings import pairing_create
from programs.cooperation.services.pairings import pairing_move
from programs.cooperation.services.pairings import traveller_add
from programs.cooperation.services.pairings import traveller_remove
from programs.cooperation.services.pairings import traveller_update
from programs.cooperation.services.pairings import visit_add
from tests.factories import MemberFactory
from tests.factories import UserFactory
from tests.factories import technician_of

from .factories_cooperation import make_pairing
from .factories_cooperation import theme

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


def test_a_funded_traveller_edited_keeps_its_place_and_a_sixth_cannot_become_funded():
    pairing = make_pairing()
    visit = visit_of(pairing)
    funded = [traveller_add(visit=visit, name=f"Persona {n}", member=pairing.city_b) for n in range(5)]
    unfunded = traveller_add(visit=visit, name="Sexta", member=pairing.city_b, funded=False)
    edited = traveller_update(traveller=funded[0], name="Persona 0", member=pairing.city_a, position="Alcaldía")
    assert (edited.member_id, edited.position, edited.funded) == (pairing.city_a.pk, "Alcaldía", True)
    with pytest.raises(TravellerCapReached):
        traveller_update(traveller=unfunded, name="Sexta", member=pairing.city_b, funded=True)
    traveller_remove(traveller=funded[1])
    traveller_update(traveller=unfunded, name="Sexta", member=pairing.city_b, funded=True)
    assert visit.travellers.filter(funded=True).count() == 5 and visit.travellers.count() == 5


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


# --- The visit admin: every visit and traveller through the services ------------------------------
THIRD_CITY = "Travellers belong to one of the two cities of the pairing."
CAP = "At most 5 travellers per visit have their travel funded."


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(staff=True, is_superuser=True))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def traveller_rows(rows, *, first: int = 0) -> dict:
    """Inline rows of the delegation: (name, member, funded) for new rows, plus "id" for existing ones."""
    data = {}
    for index, row in enumerate(rows, start=first):
        data.update({f"travellers-{index}-name": row["name"], f"travellers-{index}-member": row["member"].pk,
                     f"travellers-{index}-position": "", f"travellers-{index}-person": ""})
        if row.get("funded", True):
            data[f"travellers-{index}-funded"] = "on"
        if "id" in row:
            data.update({f"travellers-{index}-id": row["id"], f"travellers-{index}-visit": row["visit"]})
    return data


def visit_change_form(visit, *, new=(), **changes) -> dict:
    """The change form of a visit as the admin shows it (every traveller as stored), with `new` rows."""
    existing = [{"id": t.pk, "visit": visit.pk, "name": t.name, "member": t.member, "funded": t.funded}
                for t in visit.travellers.order_by("-funded", "name")]
    data = {"host": visit.host_id, "place": visit.place, "starts_on": visit.starts_on.isoformat(),
            "ends_on": visit.ends_on.isoformat(), "programme": visit.programme,
            "travellers-TOTAL_FORMS": len(existing) + len(new), "travellers-INITIAL_FORMS": len(existing),
            **traveller_rows(existing), **traveller_rows(new, first=len(existing)), **changes}
    return data


def row_errors(response) -> list[list[str]]:
    formset = response.context["inline_admin_formsets"][0].formset
    return [list(form.non_field_errors()) for form in formset.forms]


def test_visit_admin_refuses_a_funded_traveller_from_a_third_city_keeping_what_was_typed(staff_client):
    pairing = make_pairing()
    third_city = MemberFactory(name="Valparaíso")
    data = {"pairing": pairing.pk, "host": pairing.city_a.pk, "place": "Sede", "starts_on": "2030-05-01",
            "ends_on": "2030-05-03", "programme": "", "travellers-TOTAL_FORMS": 2, "travellers-INITIAL_FORMS": 0,
            **traveller_rows([{"name": "Lucía Gómez", "member": pairing.city_b},
                              {"name": "Ana Ajena", "member": third_city}])}
    response = staff_client.post(reverse("admin:programs_pairingvisit_add"), data)
    assert response.status_code == 200
    assert row_errors(response) == [[], [THIRD_CITY]]
    assert 'name="travellers-1-name" value="Ana Ajena"' in response.text
    assert 'name="travellers-0-name" value="Lucía Gómez"' in response.text
    assert (PairingVisit.objects.count(), VisitTraveller.objects.count()) == (0, 0)


def test_visit_admin_refuses_a_sixth_funded_traveller_and_keeps_the_visit_as_it_was(staff_client):
    pairing = make_pairing()
    visit = visit_of(pairing)
    for n in range(5):
        traveller_add(visit=visit, name=f"Persona {n}", member=pairing.city_b)
    data = visit_change_form(visit, new=[{"name": "Sexta Persona", "member": pairing.city_a}], place="Medellín")
    response = staff_client.post(reverse("admin:programs_pairingvisit_change", args=[visit.pk]), data)
    assert response.status_code == 200
    assert row_errors(response) == [[], [], [], [], [], [CAP]]
    assert 'name="travellers-5-name" value="Sexta Persona"' in response.text
    assert 'name="place" value="Medellín"' in response.text
    visit.refresh_from_db()
    assert visit.place == "Zaragoza"
    assert sorted(visit.travellers.values_list("name", flat=True)) == [f"Persona {n}" for n in range(5)]


def test_visit_admin_frees_a_funded_place_and_gives_it_to_a_new_traveller_in_one_save(staff_client):
    pairing = make_pairing()
    visit = visit_of(pairing)
    for n in range(5):
        traveller_add(visit=visit, name=f"Persona {n}", member=pairing.city_b)
    data = visit_change_form(visit, new=[{"name": "Sexta Persona", "member": pairing.city_a}])
    data.pop("travellers-0-funded")  # "Persona 0" travels at her city's expense
    response = staff_client.post(reverse("admin:programs_pairingvisit_change", args=[visit.pk]), data)
    assert response.status_code == 302
    assert sorted(visit.travellers.values_list("name", "member_id", "funded")) == [
        ("Persona 0", pairing.city_b.pk, False), *[(f"Persona {n}", pairing.city_b.pk, True) for n in range(1, 5)],
        ("Sexta Persona", pairing.city_a.pk, True)]


def test_visit_admin_refuses_moving_a_traveller_to_a_third_city(staff_client):
    pairing = make_pairing()
    visit = visit_of(pairing)
    traveller_add(visit=visit, name="Lucía Gómez", member=pairing.city_b)
    data = visit_change_form(visit, **{"travellers-0-member": MemberFactory().pk})
    response = staff_client.post(reverse("admin:programs_pairingvisit_change", args=[visit.pk]), data)
    assert response.status_code == 200
    assert row_errors(response) == [[THIRD_CITY]]
    assert list(visit.travellers.values_list("member_id", flat=True)) == [pairing.city_b.pk]


def test_visit_admin_removes_a_traveller(staff_client):
    pairing = make_pairing()
    visit = visit_of(pairing)
    traveller_add(visit=visit, name="Lucía Gómez", member=pairing.city_b)
    traveller_add(visit=visit, name="Pedro Ruiz", member=pairing.city_a)
    data = visit_change_form(visit, **{"travellers-0-DELETE": "on"})
    response = staff_client.post(reverse("admin:programs_pairingvisit_change", args=[visit.pk]), data)
    assert response.status_code == 302
    assert list(visit.travellers.values_list("name", flat=True)) == ["Pedro Ruiz"]


def test_visit_admin_refuses_a_host_from_a_third_city_on_the_main_form(staff_client):
    pairing = make_pairing()
    visit = visit_of(pairing)
    data = visit_change_form(visit, host=MemberFactory().pk, place="Otra sede")
    response = staff_client.post(reverse("admin:programs_pairingvisit_change", args=[visit.pk]), data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.non_field_errors()) == [
        "A visit is hosted by one of the two cities of the pairing."]
    assert 'name="place" value="Otra sede"' in response.text
    visit.refresh_from_db()
    assert (visit.host_id, visit.place) == (pairing.city_a.pk, "Zaragoza")
