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


@pytest.fixture
def real_rate_limits(settings):
    """The portal's own limits (the suite switches them off). The cache outlives test runs (Redis in
    CI): each test uses addresses and accounts of its own (`fresh`)."""
    from config import settings as portal_settings

    settings.ACCOUNT_RATE_LIMITS = portal_settings.ACCOUNT_RATE_LIMITS


def fresh() -> str:
    import uuid

    return uuid.uuid4().hex[:10]


def test_failed_passwords_pause_password_sign_in_for_the_account_but_a_code_by_email_still_signs_its_owner_in(
        client, mailoutbox, real_rate_limits):
    user = UserFactory(email=f"tecnico-{fresh()}@quito.gob.ec")
    for _ in range(5):  # someone else guessing
        client.post(reverse("account_login"), {"login": user.email, "password": "nope"})
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "Ask for a sign-in code by e-mail" in response.text
    assert reverse("account_request_login_code") in response.text  # the way in is on the page
    client.post(reverse("account_request_login_code"), {"email": user.email})
    response = client.post(reverse("account_confirm_login_code"), {"code": code_in(mailoutbox[-1])})
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == user.pk


def test_the_per_address_limit_keys_on_the_address_the_trusted_proxy_saw_not_one_the_client_wrote(
        client, real_rate_limits, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    run = fresh()
    # IPv6 addresses are limited per /64 network: the neighbour is in the next one.
    address = f"fd{run[:2]}:{run[2:6]}:{run[6:10]}::1"
    neighbour = f"fd{run[:2]}:{run[2:6]}:{(int(run[6:10], 16) + 1) % 65536:x}::1"
    for n in range(20):  # twenty failures from one client, each claiming another address in front
        client.post(reverse("account_login"), {"login": f"nadie{n}-{run}@example.org", "password": "x"},
                    HTTP_X_FORWARDED_FOR=f"10.9.8.{n}, {address}")
    user = UserFactory(email=f"ana-{run}@quito.gob.ec")
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD},
                           HTTP_X_FORWARDED_FOR=f"10.9.8.99, {address}")
    assert "_auth_user_id" not in client.session  # the 21st from that address in a minute waits
    other = type(client)()
    response = other.post(reverse("account_login"), {"login": user.email, "password": PASSWORD},
                          HTTP_X_FORWARDED_FOR=neighbour)
    assert response.status_code == 302  # another person, behind the same proxy, is not held up
