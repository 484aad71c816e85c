import pytest
from django.urls import reverse

from network import services
from network.enums import RoleKind
from network.models import Invitation
from network.models import Role
from tests.factories import DuesFactory
from tests.factories import MemberFactory
from tests.factories import UserFactory
from tests.factories import focal_point_of
from tests.factories import technician_of
from tests.portal import portal_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def quito():
    return MemberFactory(name="Quito", slug="quito")


@pytest.fixture
def medellin():
    return MemberFactory(name="Medellín", slug="medellin")


def test_portal_requires_sign_in(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_technician_lands_on_their_city_page(client, quito):
    DuesFactory(member=quito, year=2026, paid=True)
    technician = technician_of(quito)
    focal = focal_point_of(quito)
    client.force_login(technician)
    page = portal_page(client, reverse("portal:home"))
    assert page.status_code == 200
    assert page.shell.context["member"] == quito
    assert [entry.person for entry in page.panel("team")["team"]] == sorted(
        [technician.person, focal.person], key=lambda p: (p.last_name, p.first_name))
    assert page.panel("dues")["dues_lines"][0].standing == "paid"
    assert page.panel("team")["can_manage_team"] is False
    assert "Invite a colleague" not in page.text and "Invitar" not in page.text


def test_staff_who_sign_in_land_on_the_admin(client):
    UserFactory(email="secretaria@red.org", is_staff=True, password="una-clave-larga-2026")
    response = client.post(reverse("account_login"), {"login": "secretaria@red.org",
                                                      "password": "una-clave-larga-2026"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert response.status_code == 200


def test_staff_who_also_work_for_a_city_land_on_its_page(client, quito):
    user = technician_of(quito)
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(reverse("portal:home")).context["member"] == quito


def test_person_of_two_cities_chooses_one(client, quito, medellin):
    user = technician_of(quito)
    Role.objects.create(person=user.person, member=medellin, kind=RoleKind.OFFICIAL)
    client.force_login(user)
    response = client.get(reverse("portal:home"))
    assert [m.name for m in response.context["members"]] == ["Medellín", "Quito"]


def test_user_without_a_city_is_told_how_to_get_one(client):
    client.force_login(UserFactory())
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert response.context["members"] == []


def test_focal_point_sees_the_invitation_form(client, quito):
    client.force_login(focal_point_of(quito))
    team = portal_page(client, reverse("portal:member", kwargs={"slug": "quito"})).panel("team")
    assert team["can_manage_team"] is True
    assert team["invitation_form"] is not None


def test_focal_point_invites_through_the_page(client, quito, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(focal_point_of(quito))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:team_invite", kwargs={"slug": "quito"}),
            {"email": "nuevo@quito.gob.ec", "first_name": "Pablo", "last_name": "Vera", "kind": "technician"},
        )
    assert response.status_code == 302
    assert Invitation.objects.get().email == "nuevo@quito.gob.ec"
    assert mailoutbox[0].to == ["nuevo@quito.gob.ec"]


def test_invalid_invitation_keeps_what_was_typed(client, quito):
    client.force_login(focal_point_of(quito))
    response = client.post(
        reverse("portal:team_invite", kwargs={"slug": "quito"}),
        {"email": "not-an-address", "first_name": "Pablo", "last_name": "Vera", "kind": "official"},
    )
    assert response.status_code == 400
    assert "email" in response.context["panel"]["invitation_form"].errors
    assert 'value="Pablo"' in response.text and 'value="not-an-address"' in response.text
    assert Invitation.objects.count() == 0


def test_technician_cannot_invite_through_the_page(client, quito):
    client.force_login(technician_of(quito))
    response = client.post(reverse("portal:team_invite", kwargs={"slug": "quito"}), {"email": "x@quito.gob.ec",
                                                                                     "kind": "technician"})
    assert response.status_code == 403
    assert Invitation.objects.count() == 0


def test_focal_point_removes_a_colleague_through_the_page(client, quito):
    client.force_login(focal_point_of(quito))
    colleague = technician_of(quito)
    response = client.post(reverse("portal:team_remove", kwargs={"slug": "quito", "person_id": colleague.person.pk}))
    assert response.status_code == 302
    assert not Role.objects.filter(member=quito, person=colleague.person).exists()


def test_the_team_panels_remove_button_posts_to_that_colleagues_address(client, quito):
    """What the focal point clicks: the button beside a colleague's name removes that colleague (its
    own address, in the team's one form with the page's token)."""
    import re

    client.force_login(focal_point_of(quito))
    colleague = technician_of(quito)
    panel = client.get(reverse("portal:panel", kwargs={"slug": "quito", "key": "team"}),
                       HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    name = colleague.person.full_name
    assert re.search(r'<form id="team-remove" method="post" hidden><input type="hidden" name="csrfmiddlewaretoken"', panel)
    actions = re.findall(r'<button type="submit" form="team-remove" formaction="([^"]*)"[^>]*'
                         r'data-confirm="Remove ([^"]*) from the team\?"', panel.replace("\n", " "))
    action = dict((who, url) for url, who in actions)[name]
    assert action == reverse("portal:team_remove", kwargs={"slug": "quito", "person_id": colleague.person.pk})
    assert client.post(action).status_code == 302
    assert not Role.objects.filter(member=quito, person=colleague.person).exists()


def test_removing_the_last_focal_point_shows_an_error(client, quito):
    focal = focal_point_of(quito)
    client.force_login(focal)
    response = client.post(reverse("portal:team_remove", kwargs={"slug": "quito", "person_id": focal.person.pk}),
                           follow=True)
    assert Role.objects.filter(member=quito, person=focal.person).exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


# --- One city's people never reach another city's pages ---------------------------------------------
def test_technician_of_another_city_gets_404_on_its_portal_page(client, quito, medellin):
    client.force_login(technician_of(medellin))
    assert client.get(reverse("portal:member", kwargs={"slug": "quito"})).status_code == 404


@pytest.mark.parametrize("key", ["dues", "upcoming", "team", "cooperation", "campus", "knowledge", "funding",
                                 "events"])
def test_no_panel_of_a_city_page_opens_for_another_city(client, quito, medellin, key):
    client.force_login(technician_of(medellin))
    url = reverse("portal:panel", kwargs={"slug": "quito", "key": key})
    assert client.get(url).status_code == 404
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 404
    assert client.get(reverse("portal:panel", kwargs={"slug": "medellin", "key": key})).status_code == 200


def test_a_person_of_two_cities_acts_in_each_with_the_role_they_hold_there(client, quito, medellin):
    """The city and the reader's roles are read together (one query) and kept for the request: each
    city's page must still know which role the reader holds in that city, not in the other."""
    user = focal_point_of(quito)
    Role.objects.create(person=user.person, member=medellin, kind=RoleKind.TECHNICIAN)
    client.force_login(user)
    for slug in ("quito", "medellin"):
        assert client.get(reverse("portal:member", kwargs={"slug": slug})).status_code == 200
    # Quito's focal point manages its team; Medellín's technician sees the team but may not invite.
    quito_team = client.get(reverse("portal:panel", kwargs={"slug": "quito", "key": "team"}), HTTP_HX_REQUEST="true")
    medellin_team = client.get(reverse("portal:panel", kwargs={"slug": "medellin", "key": "team"}),
                               HTTP_HX_REQUEST="true")
    assert quito_team.context["panel"]["can_manage_team"] is True
    assert medellin_team.context["panel"]["can_manage_team"] is False
    assert client.post(reverse("portal:team_invite", kwargs={"slug": "medellin"}),
                       {"email": "nueva@medellin.example.org", "kind": RoleKind.TECHNICIAN}).status_code == 403
    assert not Invitation.objects.filter(email="nueva@medellin.example.org").exists()


def test_an_unknown_panel_is_404_and_a_visitor_is_sent_to_sign_in(client, quito):
    url = reverse("portal:panel", kwargs={"slug": "quito", "key": "dues"})
    assert client.get(url).status_code == 302
    client.force_login(technician_of(quito))
    assert client.get(reverse("portal:panel", kwargs={"slug": "quito", "key": "nope"})).status_code == 404


def test_the_city_page_names_every_panel_and_each_loads_on_its_own(client, quito):
    """The shell shows at once; each panel loads from its own URL, and without JavaScript is a link."""
    DuesFactory(member=quito, year=2026, paid=True)
    client.force_login(focal_point_of(quito))
    page = portal_page(client, reverse("portal:member", kwargs={"slug": "quito"}))
    # A focal point's endorsements to give come first, then dues and upcoming dates side by side.
    assert list(page.panels)[:3] == ["endorsements", "dues", "upcoming"] and list(page.panels)[-1] == "team"
    assert {"cooperation", "campus", "knowledge", "funding", "events"} <= set(page.panels)
    assert "<html" not in page.panels["dues"].text and "<table" in page.panels["dues"].text
    dues_url = reverse("portal:panel", kwargs={"slug": "quito", "key": "dues"})
    assert f'<a href="{dues_url}">' in page.shell.text  # the link a browser without JavaScript follows
    alone = client.get(dues_url)
    assert "<html" in alone.text and "Quito" in alone.text and "<table" in alone.text


def test_focal_point_of_another_city_cannot_invite_to_it(client, quito, medellin):
    client.force_login(focal_point_of(medellin))
    response = client.post(reverse("portal:team_invite", kwargs={"slug": "quito"}),
                           {"email": "x@quito.gob.ec", "kind": "technician"})
    assert response.status_code == 404
    assert Invitation.objects.count() == 0


def test_focal_point_of_another_city_cannot_remove_its_people(client, quito, medellin):
    victim = technician_of(quito)
    client.force_login(focal_point_of(medellin))
    response = client.post(reverse("portal:team_remove", kwargs={"slug": "quito", "person_id": victim.person.pk}))
    assert response.status_code == 404
    assert Role.objects.filter(member=quito, person=victim.person).exists()


def test_focal_point_cannot_remove_a_person_of_another_city_through_their_own_url(client, quito, medellin):
    victim = technician_of(quito)
    client.force_login(focal_point_of(medellin))
    response = client.post(reverse("portal:team_remove", kwargs={"slug": "medellin", "person_id": victim.person.pk}))
    assert response.status_code == 404
    assert Role.objects.filter(member=quito, person=victim.person).exists()


def test_focal_point_of_another_city_cannot_revoke_its_invitations(client, quito, medellin):
    invitation = services.invitation_create(member=quito, by=focal_point_of(quito), email="n@quito.gob.ec")
    client.force_login(focal_point_of(medellin))
    for slug in ("quito", "medellin"):
        url = reverse("portal:invitation_revoke", kwargs={"slug": slug, "invitation_id": invitation.pk})
        assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.state == "pending"


def test_an_events_clerk_reads_a_city_page_with_only_the_events_part_and_not_its_team(client, quito):
    from network.staff_groups import EVENTS_CLERK
    from network.staff_groups import staff_groups_ensure

    clerk = UserFactory(is_staff=True)
    clerk.groups.add(staff_groups_ensure()[EVENTS_CLERK.name])  # holds network.view_member
    client.force_login(clerk)
    page = client.get(reverse("portal:member", kwargs={"slug": "quito"}))
    assert page.status_code == 200
    shown = {panel.key for panel in [*page.context["top_panels"], *page.context["half_panels"],
                                     *page.context["panels"]]}
    assert shown == {"upcoming", "events", "funding"}  # not the city's dues, team, courses or practices
    assert client.get(reverse("portal:panel", args=["quito", "team"])).status_code == 404
    assert client.get(reverse("portal:panel", args=["quito", "dues"])).status_code == 404


def test_staff_without_a_role_cannot_read_a_city_portal_page(client, quito):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("portal:member", kwargs={"slug": "quito"})).status_code == 404


# --- Accepting an invitation -----------------------------------------------------------------------
def test_invitation_link_for_a_visitor_offers_sign_up(client, quito):
    invitation = services.invitation_create(member=quito, by=focal_point_of(quito), email="n@quito.gob.ec")
    response = client.get(reverse("portal:invitation", kwargs={"token": invitation.token}))
    assert response.status_code == 200
    assert reverse("account_signup") in response.text


def test_signed_in_invitee_accepts_and_lands_in_the_city_portal(client, quito):
    invitation = services.invitation_create(member=quito, by=focal_point_of(quito), email="n@quito.gob.ec")
    client.force_login(UserFactory(email="n@quito.gob.ec"))
    response = client.post(reverse("portal:invitation", kwargs={"token": invitation.token}))
    assert response.status_code == 302
    assert response.url == reverse("portal:member", kwargs={"slug": "quito"})
    assert client.get(response.url).status_code == 200


def test_unknown_invitation_token_is_404(client):
    assert client.get(reverse("portal:invitation", kwargs={"token": "nope"})).status_code == 404


def test_invitee_signing_up_from_the_link_needs_no_second_verification(client, quito, settings):
    invitation = services.invitation_create(member=quito, by=focal_point_of(quito), email="n@quito.gob.ec")
    accept_url = reverse("portal:invitation", kwargs={"token": invitation.token})
    client.get(accept_url)
    response = client.post(
        reverse("account_signup") + f"?next={accept_url}",
        {"email": "n@quito.gob.ec", "password1": "una-clave-larga-2026", "password2": "una-clave-larga-2026"},
    )
    assert response.status_code == 302
    assert response.url == accept_url
    client.post(accept_url)
    assert Role.objects.filter(member=quito, person__email="n@quito.gob.ec").exists()


def test_the_only_focal_point_is_not_offered_a_remove_button(client, quito):
    focal = focal_point_of(quito)
    colleague = technician_of(quito)
    client.force_login(focal)
    page = portal_page(client, reverse("portal:member", kwargs={"slug": "quito"}))
    removable = {entry.person: entry.removable for entry in page.panel("team")["team"]}
    assert removable == {focal.person: False, colleague.person: True}
    remove_focal = reverse("portal:team_remove", kwargs={"slug": "quito", "person_id": focal.person.pk})
    assert remove_focal not in page.text
