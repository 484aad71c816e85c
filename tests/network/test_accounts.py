"""Sign-in with e-mail (allauth): no usernames, verification, login by code, reset, admin, TOTP."""

import re

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.factories import MemberFactory
from tests.factories import PersonFactory
from tests.factories import RoleFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def code_in(message) -> str:
    match = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4}|[A-Z0-9]{6,8})\s*$", message.body, re.MULTILINE)
    assert match, message.body
    return match.group(1)


def test_signup_asks_for_email_and_password_only(client):
    response = client.get(reverse("account_signup"))
    form = response.context["form"]
    assert sorted(form.fields) == ["email", "password1", "password2"]


def test_signup_requires_email_verification_before_the_portal(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {"email": "nueva@pasto.gov.co", "password1": "clave-segura-2026", "password2": "clave-segura-2026"},
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert client.get(reverse("portal:home")).status_code == 302  # not signed in yet
    response = client.post(reverse("account_email_verification_sent"), {"code": code_in(mailoutbox[0])})
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200


def test_verified_signup_links_the_registered_person(client, mailoutbox):
    member = MemberFactory(slug="pasto")
    RoleFactory(member=member, person=PersonFactory(email="tecnica@pasto.gov.co"))
    client.post(
        reverse("account_signup"),
        {"email": "tecnica@pasto.gov.co", "password1": "clave-segura-2026", "password2": "clave-segura-2026"},
    )
    client.post(reverse("account_email_verification_sent"), {"code": code_in(mailoutbox[0])})
    response = client.get(reverse("portal:home"))
    assert response.context["member"] == member


def test_login_with_email_and_password_lands_in_the_portal(client):
    UserFactory(email="tecnico@quito.gob.ec")
    response = client.post(reverse("account_login"), {"login": "tecnico@quito.gob.ec", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("portal:home")


def test_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="tecnico@quito.gob.ec")
    response = client.post(reverse("account_login"), {"login": "tecnico@quito.gob.ec", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_login_by_code(client, mailoutbox):
    user = UserFactory(email="tecnico@quito.gob.ec")
    response = client.post(reverse("account_request_login_code"), {"email": "tecnico@quito.gob.ec"})
    assert response.status_code == 302
    response = client.post(reverse("account_confirm_login_code"), {"code": code_in(mailoutbox[0])})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_password_reset_sends_a_link(client, mailoutbox):
    UserFactory(email="tecnico@quito.gob.ec")
    response = client.post(reverse("account_reset_password"), {"email": "tecnico@quito.gob.ec"})
    assert response.status_code == 302
    assert mailoutbox[0].to == ["tecnico@quito.gob.ec"]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_non_staff_user_cannot_open_the_admin(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:index"))
    assert response.status_code in (302, 403)
    assert client.get(reverse("admin:network_member_changelist")).status_code in (302, 403)


def test_staff_can_turn_on_totp_two_factor(client):
    staff = UserFactory(staff=True)
    client.force_login(staff)
    assert client.get(reverse("mfa_activate_totp")).status_code == 302  # asks for the password again
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert response.context["form"].secret
