"""The secretariat's admin: export/import, history, filters, and query counts of the change lists."""

import pytest
import tablib
from django.urls import reverse

from network.models import Member
from network.models import Person
from network.resources import MemberResource
from network.resources import PersonResource
from tests.factories import DuesFactory
from tests.factories import MemberFactory
from tests.factories import PersonFactory
from tests.factories import TerritorialNetworkFactory
from tests.factories import ThemeFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(staff=True))
    return client


def test_member_export_has_natural_keys(settings):
    network = TerritorialNetworkFactory(slug="red-andina")
    MemberFactory(name="Pasto", slug="pasto", country="CO", territorial_network=network,
                  themes=[ThemeFactory(slug="economia-local")])
    dataset = MemberResource().export()
    row = dict(zip(dataset.headers, dataset[0]))
    assert (row["slug"], row["name"], row["country"], row["territorial_network"], row["themes"]) == (
        "pasto", "Pasto", "CO", "red-andina", "economia-local")


def test_member_import_updates_by_slug_without_duplicating():
    network = TerritorialNetworkFactory(slug="red-andina")
    MemberFactory(name="Pasto", slug="pasto", population=390_000, territorial_network=network)
    dataset = MemberResource().export()
    dataset.dict = [{**row, "population": 400_000} for row in dataset.dict]
    result = MemberResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert list(Member.objects.values_list("slug", "population")) == [("pasto", 400_000)]


def test_member_import_with_a_bad_row_writes_nothing():
    network = TerritorialNetworkFactory(slug="red-andina")
    dataset = tablib.Dataset(headers=["slug", "name", "kind", "country", "territorial_network", "population",
                                      "status", "joined_on", "website", "latitude", "longitude", "themes"])
    dataset.append(["tunja", "Tunja", "city", "CO", network.slug, "180000", "active", "", "", "", "", ""])
    dataset.append(["riobamba", "Riobamba", "city", "EC", network.slug, "-5", "active", "", "", "", "", ""])
    result = MemberResource().import_data(dataset, dry_run=False)
    assert result.has_validation_errors() or result.has_errors()
    assert Member.objects.count() == 0


def test_person_import_matches_on_email():
    PersonFactory(email="ana@quito.gob.ec", first_name="Ana", position="Técnica")
    dataset = tablib.Dataset(headers=["email", "first_name", "last_name", "position", "language"])
    dataset.append(["ana@quito.gob.ec", "Ana", "Vela", "Directora", "es"])
    dataset.append(["luis@quito.gob.ec", "Luis", "Mora", "Técnico", "es"])
    PersonResource().import_data(dataset, dry_run=False)
    assert sorted(Person.objects.values_list("email", "position")) == [
        ("ana@quito.gob.ec", "Directora"), ("luis@quito.gob.ec", "Técnico")]


def test_admin_export_and_import_pages_open(staff_client):
    assert staff_client.get(reverse("admin:network_member_export")).status_code == 200
    assert staff_client.get(reverse("admin:network_member_import")).status_code == 200
    assert staff_client.get(reverse("admin:network_person_export")).status_code == 200


def test_admin_change_is_kept_in_the_history(staff_client):
    member = MemberFactory(name="Tunja", slug="tunja", population=180_000)
    member.population = 185_000
    member.save()
    response = staff_client.get(reverse("admin:network_member_history", args=[member.pk]))
    assert response.status_code == 200
    assert [h.population for h in member.history.all()] == [185_000, 180_000]


def test_overdue_dues_filter(staff_client):
    owing, clear = MemberFactory(name="Debe"), MemberFactory(name="Al día")
    DuesFactory(member=owing, year=2020)
    DuesFactory(member=clear, year=2020, paid=True)
    response = staff_client.get(reverse("admin:network_member_changelist"), {"dues": "overdue"})
    assert [m.name for m in response.context["cl"].result_list] == ["Debe"]


@pytest.mark.parametrize("rows", [2, 20])
def test_member_changelist_queries_do_not_grow(staff_client, django_assert_max_num_queries, rows):
    network = TerritorialNetworkFactory()
    MemberFactory.create_batch(rows, territorial_network=network)
    with django_assert_max_num_queries(8):
        response = staff_client.get(reverse("admin:network_member_changelist"))
    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_person_changelist_queries_do_not_grow(staff_client, django_assert_max_num_queries, rows):
    PersonFactory.create_batch(rows)
    with django_assert_max_num_queries(6):
        response = staff_client.get(reverse("admin:network_person_changelist"))
    assert response.context["cl"].result_count == rows
