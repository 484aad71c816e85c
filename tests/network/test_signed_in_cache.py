"""The cache of signed-in pages: a person's own copy of their city page, their applications and the
admin change lists, served only while nothing it shows has changed, never to anyone else, never with
a message waiting, and with the person's own CSRF token."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client, override_settings
from django.urls import reverse

from network import table_clock
from network.enums import RoleKind
from network.models import Member, Person, Role
from tests.factories import MemberFactory, UserFactory, focal_point_of, technician_of

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _fresh_clocks():
    table_clock.changed_everything()  # no copy stored by an earlier test is current


@pytest.fixture
def quito():
    return MemberFactory(name="Quito", slug="quito")


@pytest.fixture
def medellin():
    return MemberFactory(name="Medellín", slug="medellin")


def _signed_in(user, language="es"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@override_settings(SIGNED_IN_PAGE_CACHE=True)  # (query-count tests otherwise measure pages made afresh)
def test_the_second_visit_is_served_from_the_persons_copy(quito, django_assert_max_num_queries):
    technician = technician_of(quito)
    client = _signed_in(technician)
    first = client.get("/portal/")
    assert first.status_code == 200 and "Quito" in first.text
    with django_assert_max_num_queries(2):  # session and user; the page's own ~20 queries are not run
        second = client.get("/portal/")
    assert second.status_code == 200
    assert second.context is None  # nothing was rendered …
    assert TOKEN.sub("", second.text) == TOKEN.sub("", first.text)  # … and it is the same page
    assert "Cookie" in second["Vary"]


def test_a_change_shows_on_the_next_visit(quito):
    technician = technician_of(quito)
    colleague = technician_of(quito)
    client = _signed_in(technician)
    assert colleague.person.last_name in client.get("/portal/").text
    Person.objects.filter(pk=colleague.person.pk).update(last_name="Zambrano-Nuevo")  # a bulk update: no signal
    assert "Zambrano-Nuevo" in client.get("/portal/").text
    Role.objects.filter(person=colleague.person).delete()
    assert "Zambrano-Nuevo" not in client.get("/portal/").text


def test_people_never_get_each_others_copy(quito, medellin):
    from_quito, from_medellin = technician_of(quito), technician_of(medellin)
    quito_page = _signed_in(from_quito).get("/portal/")  # stored for Quito's technician
    medellin_page = _signed_in(from_medellin).get("/portal/")  # same URL, another person
    assert "Medellín" in medellin_page.text and "Quito" not in medellin_page.text
    assert "Quito" in quito_page.text
    # … and a copy does not outlive the access it was made with
    client = _signed_in(from_quito)
    client.get("/portal/quito/")
    Role.objects.filter(person=from_quito.person).delete()
    assert client.get("/portal/quito/").status_code == 404


def test_each_language_has_its_own_copy(quito):
    technician = technician_of(quito)
    assert 'lang="es"' in _signed_in(technician, "es").get("/portal/").text
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(technician)
    english.cookies["portal_language"] = "en"
    assert 'lang="en"' in english.get("/portal/").text


def test_a_waiting_message_is_shown_and_never_stored(quito):
    focal = focal_point_of(quito)
    colleague = technician_of(quito)
    client = _signed_in(focal)
    client.get("/portal/quito/")  # a copy without the message
    response = client.post(reverse("portal:team_remove", kwargs={"slug": "quito", "person_id": colleague.person.pk}),
                           follow=True)
    (message,) = [str(m) for m in response.context["messages"]]
    assert message in response.text  # shown once, on a freshly made page …
    after = client.get("/portal/quito/")
    assert message not in after.text  # … and not stored with it
    assert colleague.person.last_name not in after.text


def test_the_copy_carries_the_persons_own_csrf_token(quito):
    focal = focal_point_of(quito)
    client = Client(HTTP_ACCEPT_LANGUAGE="es", enforce_csrf_checks=True)
    client.force_login(focal)
    client.get("/portal/quito/")
    cached = client.get("/portal/quito/")
    assert b"\x00csrf\x00" not in cached.content
    token = TOKEN.search(cached.text)[1]
    response = client.post(reverse("portal:team_invite", kwargs={"slug": "quito"}),
                           {"csrfmiddlewaretoken": token, "email": "nueva@quito.gob.ec", "first_name": "Ana",
                            "last_name": "Vera", "kind": "technician"})
    assert response.status_code == 302  # accepted: the token is valid for this person's session


def test_my_applications_are_kept_per_person_and_show_a_new_application(quito, medellin):
    from programs.models import Application
    from tests.programs.factories import ApplicationFactory

    technician, other = technician_of(quito), technician_of(medellin)
    ApplicationFactory(applicant=technician, member=quito, title="Huertos de Quito")
    ApplicationFactory(applicant=other, member=medellin, title="Parques de Medellín")
    mine, theirs = _signed_in(technician), _signed_in(other)
    assert "Huertos de Quito" in mine.get("/portal/applications/").text
    page = theirs.get("/portal/applications/").text  # same URL, another person's copy
    assert "Parques de Medellín" in page and "Huertos de Quito" not in page
    assert "Huertos de Quito" in mine.get("/portal/applications/").text  # kept copy, still theirs
    Application.objects.filter(applicant=technician).update(title="Huertos urbanos de Quito")
    assert "Huertos urbanos de Quito" in mine.get("/portal/applications/").text


def test_admin_change_list_is_fresh_after_a_change_and_kept_per_staff_member(quito):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client = _signed_in(admin_user)
    assert "Quito" in client.get("/admin/network/member/").text
    Member.objects.filter(pk=quito.pk).update(name="Quito Metropolitano")
    assert "Quito Metropolitano" in client.get("/admin/network/member/").text
    # A staff member without the right to see members is refused, whatever another one has cached.
    clerk = UserFactory(is_staff=True)
    assert _signed_in(clerk).get("/admin/network/member/").status_code == 403
    clerk.user_permissions.add(Permission.objects.get(codename="view_member"))
    assert "Quito Metropolitano" in _signed_in(clerk).get("/admin/network/member/").text
    clerk.user_permissions.clear()
    assert _signed_in(clerk).get("/admin/network/member/").status_code == 403


@override_settings(SIGNED_IN_PAGE_CACHE=False)
def test_the_cache_can_be_switched_off(quito):
    client = _signed_in(technician_of(quito))
    client.get("/portal/")
    response = client.get("/portal/")
    assert response.context["member"] == quito  # rendered again


def test_roles_granted_later_show_up(quito, medellin):
    technician = technician_of(quito)
    client = _signed_in(technician)
    assert client.get("/portal/").context["member"] == quito
    Role.objects.create(person=technician.person, member=medellin, kind=RoleKind.OFFICIAL)
    assert [m.name for m in client.get("/portal/").context["members"]] == ["Medellín", "Quito"]
