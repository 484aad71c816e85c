"""STAFF_REQUIRE_2FA: staff without TOTP are sent to set it up before they reach the admin."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from network.two_factor import SETUP_REQUIRED_MESSAGE
from network.two_factor import StaffTwoFactorMiddleware
from tests.factories import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.STAFF_REQUIRE_2FA = True


def activation_url(next_url: str) -> str:
    return f"{reverse('mfa_activate_totp')}?{urlencode({'next': next_url})}"


@pytest.mark.usefixtures("required")
@pytest.mark.parametrize(
    "staff_kind", [{"staff": True}, {"is_staff": True}], ids=["superuser", "plain staff"]
)
def test_staff_without_totp_are_sent_to_set_it_up(client, staff_kind):
    client.force_login(UserFactory(**staff_kind))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url == activation_url(reverse("admin:index"))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [str(SETUP_REQUIRED_MESSAGE)]


@pytest.mark.usefixtures("required")
def test_the_redirect_keeps_the_admin_page_asked_for(client):
    client.force_login(UserFactory(staff=True))
    changelist = reverse("admin:network_member_changelist") + "?q=quito"
    response = client.get(changelist)
    assert response.status_code == 302
    assert response.url == activation_url(changelist)


@pytest.mark.usefixtures("required")
def test_the_activation_page_stays_reachable(client):
    client.force_login(UserFactory(staff=True))
    url = activation_url(reverse("admin:index"))
    assert client.get(url).status_code == 302  # allauth asks for the password again first
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["form"].secret


@pytest.mark.usefixtures("required")
def test_pages_outside_the_admin_stay_reachable(client):
    client.force_login(UserFactory(staff=True))
    assert client.get(reverse("health")).status_code == 200
    assert client.get(reverse("account_logout")).status_code == 200
    assert client.post(reverse("admin:logout")).status_code == 200  # the admin's own logout too
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("required")
def test_staff_with_totp_open_the_admin(client):
    staff = UserFactory(staff=True)
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:network_member_changelist")).status_code == 200


@pytest.mark.usefixtures("required")
def test_non_staff_users_are_unaffected(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:index"))
    # The admin's own answer for a signed-in non-staff user (allauth refuses it), not the setup page.
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert not response.url.startswith(reverse("mfa_activate_totp"))


def test_with_the_setting_off_staff_reach_the_admin_without_totp(client, settings):
    settings.STAFF_REQUIRE_2FA = False
    client.force_login(UserFactory(staff=True))
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:network_member_changelist")).status_code == 200


@pytest.mark.usefixtures("required")
def test_the_middleware_costs_no_query_outside_the_admin_or_for_non_staff(django_assert_num_queries):
    middleware = StaffTwoFactorMiddleware(lambda request: HttpResponse("ok"))
    staff, member = UserFactory(staff=True), UserFactory()
    cases = [
        (AnonymousUser(), reverse("admin:index")),
        (AnonymousUser(), reverse("health")),
        (member, reverse("admin:index")),
        (staff, reverse("health")),
        (staff, reverse("mfa_activate_totp")),
    ]
    for user, path in cases:
        request = RequestFactory().get(path)
        request.user = user
        with django_assert_num_queries(0):
            assert middleware(request).status_code == 200
