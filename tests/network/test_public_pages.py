import pytest
from django.urls import reverse

from network.enums import MemberStatus
from tests.factories import MemberFactory
from tests.factories import RoleFactory
from tests.factories import TerritorialNetworkFactory
from tests.factories import ThemeFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def names_in(response) -> list[str]:
    return [m.name for m in response.context["page"].object_list]


@pytest.fixture
def andina():
    return TerritorialNetworkFactory(name="Red Andina", slug="red-andina", countries=["CO", "EC"])


@pytest.fixture
def iberica():
    return TerritorialNetworkFactory(name="Red Ibérica", slug="red-iberica", countries=["ES"])


def test_home_shows_territorial_networks_with_member_counts(client, andina, iberica):
    MemberFactory.create_batch(2, territorial_network=andina)
    MemberFactory(territorial_network=andina, prospect=True)
    response = client.get(reverse("network:home"))
    assert response.status_code == 200
    counts = {n.name: n.member_count for n in response.context["networks"]}
    assert counts == {"Red Andina": 2, "Red Ibérica": 0}
    assert response.context["figures"].members == 2
    assert "Red Andina" in response.text


def test_directory_search_ignores_accents_and_case(client, andina):
    MemberFactory(name="Bogotá", country="CO", territorial_network=andina)
    MemberFactory(name="Medellín", country="CO", territorial_network=andina)
    assert names_in(client.get(reverse("network:directory"), {"q": "bogota"})) == ["Bogotá"]
    assert names_in(client.get(reverse("network:directory"), {"q": "MEDELLIN"})) == ["Medellín"]
    assert names_in(client.get(reverse("network:directory"), {"q": "Bogotá"})) == ["Bogotá"]


def test_directory_search_finds_members_by_country_name_in_any_language(client, andina):
    MemberFactory(name="São Paulo", country="BR", territorial_network=andina)
    MemberFactory(name="Quito", country="EC", territorial_network=andina)
    assert names_in(client.get(reverse("network:directory"), {"q": "brasil"})) == ["São Paulo"]
    assert names_in(client.get(reverse("network:directory"), {"q": "brazil"})) == ["São Paulo"]


def test_directory_filters_by_country_network_status_and_theme(client, andina, iberica):
    mobility = ThemeFactory(name="Movilidad sostenible", slug="movilidad")
    MemberFactory(name="Quito", country="EC", territorial_network=andina, themes=[mobility])
    MemberFactory(name="Pasto", country="CO", territorial_network=andina, in_arrears=True)
    MemberFactory(name="Zaragoza", country="ES", territorial_network=iberica, themes=[mobility])
    url = reverse("network:directory")
    assert names_in(client.get(url, {"country": "EC"})) == ["Quito"]
    assert names_in(client.get(url, {"network": "red-andina"})) == ["Pasto", "Quito"]
    assert names_in(client.get(url, {"status": MemberStatus.IN_ARREARS})) == ["Pasto"]
    assert names_in(client.get(url, {"theme": "movilidad"})) == ["Quito", "Zaragoza"]
    assert names_in(client.get(url, {"theme": "movilidad", "network": "red-iberica"})) == ["Zaragoza"]


def test_directory_hides_prospects_and_shows_former_members_only_when_asked(client, andina):
    MemberFactory(name="Activa", territorial_network=andina)
    MemberFactory(name="Candidata", territorial_network=andina, prospect=True)
    MemberFactory(name="Antigua", territorial_network=andina, former=True)
    url = reverse("network:directory")
    assert names_in(client.get(url)) == ["Activa"]
    assert names_in(client.get(url, {"status": MemberStatus.FORMER})) == ["Antigua"]
    assert names_in(client.get(url, {"status": MemberStatus.PROSPECT})) == ["Activa"]  # not a public choice


def test_directory_paginates(client, andina):
    MemberFactory.create_batch(30, territorial_network=andina)
    first = client.get(reverse("network:directory"))
    second = client.get(reverse("network:directory"), {"page": 2})
    assert (len(names_in(first)), len(names_in(second))) == (24, 6)
    assert 'rel="next"' in first.text


def test_directory_htmx_request_returns_only_the_results(client, andina):
    MemberFactory(name="Quito", territorial_network=andina)
    response = client.get(reverse("network:directory"), {"q": "quito"}, headers={"HX-Request": "true"})
    assert "Quito" in response.text
    assert "<html" not in response.text
    assert "<form" not in response.text


def test_member_page_shows_facts_and_public_contacts_without_emails(client, andina):
    member = MemberFactory(name="Rosario", slug="rosario", country="AR", population=1_300_000,
                           territorial_network=andina)
    RoleFactory(member=member, kind="focal_point", person__first_name="Inés", person__last_name="Pérez",
                person__email="ines@rosario.gob.ar", person__listed_publicly=True)
    response = client.get(reverse("network:member", kwargs={"slug": "rosario"}))
    assert response.status_code == 200
    assert "Rosario" in response.text and "Argentina" in response.text
    assert "Inés Pérez" in response.text
    assert "ines@rosario.gob.ar" not in response.text


def test_member_page_lists_only_the_mayor_and_those_who_agreed_to_be_listed(client):
    member = MemberFactory(slug="rosario")
    RoleFactory(member=member, kind="mayor", person__first_name="Pablo", person__last_name="Javkin")
    RoleFactory(member=member, kind="focal_point", person__first_name="Inés", person__last_name="Pérez")
    listed = RoleFactory(member=member, kind="official", person__first_name="Rosa", person__last_name="Sosa",
                         person__listed_publicly=True)
    page = client.get(reverse("network:member", kwargs={"slug": "rosario"})).text
    assert "Pablo Javkin" in page and "Rosa Sosa" in page
    assert "Inés Pérez" not in page  # she never agreed

    listed.person.user = UserFactory()
    listed.person.save()
    client.force_login(listed.person.user)
    client.post(reverse("my_preferences"), {"language": "", "time_zone": ""})  # she takes it back
    assert "Rosa Sosa" not in client.get(reverse("network:member", kwargs={"slug": "rosario"})).text


def test_prospect_member_page_is_not_public(client):
    MemberFactory(slug="candidata", prospect=True)
    assert client.get(reverse("network:member", kwargs={"slug": "candidata"})).status_code == 404


def test_unknown_member_page_is_404(client):
    assert client.get(reverse("network:member", kwargs={"slug": "nowhere"})).status_code == 404


def test_territorial_network_page_lists_its_current_members(client, andina, iberica):
    MemberFactory(name="Quito", territorial_network=andina)
    MemberFactory(name="Antigua", territorial_network=andina, former=True)
    MemberFactory(name="Zaragoza", territorial_network=iberica)
    response = client.get(reverse("network:territorial_network", kwargs={"slug": "red-andina"}))
    assert [m.name for m in response.context["members"]] == ["Quito"]
