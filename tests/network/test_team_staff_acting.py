"""Staff acting on a city's team: through the portal they need the admin's permission for the same
act (a superuser holds them all), every change is logged with who and as whom, the invitation says
it comes from the secretariat, and the admin keeps the portal's rule that a city keeps a focal point."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from network.enums import InvitationState
from network.enums import RoleKind
from network.models import Invitation
from network.models import Member
from network.models import Role
from network.staff_groups import CAMPUS_CLERK
from network.staff_groups import COORDINATOR
from network.staff_groups import staff_groups_ensure
from tests.factories import MemberFactory
from tests.factories import PersonFactory
from tests.factories import RoleFactory
from tests.factories import UserFactory
from tests.factories import focal_point_of
from tests.factories import technician_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return MemberFactory(name="Quito", slug="quito")


def staff(group=None, **kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    if group:
        user.groups.add(staff_groups_ensure()[group.name])
    return user


def team_log(member) -> list[str]:
    """The city's admin log: written in the site's language (Spanish), whatever each actor reads."""
    return list(LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Member),
                                        object_id=str(member.pk)).order_by("pk").values_list("change_message", flat=True))


def invite(client, member, email="nueva@quito.gob.ec"):
    return client.post(reverse("portal:team_invite", args=[member.slug]),
                       {"email": email, "kind": RoleKind.TECHNICIAN}, HTTP_ACCEPT_LANGUAGE="en")


def test_a_superuser_inviting_through_the_portal_is_logged_and_announced_as_the_secretariat(
        client, city, mailoutbox, django_capture_on_commit_callbacks):
    focal_point_of(city)
    superuser = UserFactory(staff=True, name="Laura Lead")
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        assert invite(client, city).status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.by_secretariat and invitation.invited_by == superuser
    assert team_log(city) == ["Como personal de la secretaría, en nombre de la ciudad: invitó a nueva@quito.gob.ec como Técnico/a"]
    assert "secretar" in mailoutbox[0].body.lower()
    team = client.get(reverse("portal:panel", args=[city.slug, "team"]), HTTP_ACCEPT_LANGUAGE="en")
    assert "sent by the secretariat" in team.content.decode()


def test_a_focal_point_inviting_is_logged_as_the_focal_point(client, city, mailoutbox,
                                                             django_capture_on_commit_callbacks):
    focal = focal_point_of(city)
    client.force_login(focal)
    with django_capture_on_commit_callbacks(execute=True):
        assert invite(client, city).status_code == 302
    assert not Invitation.objects.get().by_secretariat
    assert team_log(city) == ["Como punto focal de la ciudad: invitó a nueva@quito.gob.ec como Técnico/a"]
    assert "secretariat" not in mailoutbox[0].body.lower()


def test_staff_manage_a_team_in_the_portal_only_with_the_admins_permissions(client, city):
    focal_point_of(city)
    colleague = technician_of(city)
    colleague_person = colleague.person
    pending = Invitation.objects.create(member=city, email="p@quito.gob.ec", token="t" * 40,
                                        expires_at="2099-01-01T00:00Z")
    urls = [
        ("invite", reverse("portal:team_invite", args=[city.slug]), {"email": "x@quito.gob.ec", "kind": "technician"}),
        ("withdraw", reverse("portal:invitation_revoke", args=[city.slug, pending.pk]), {}),
        ("remove", reverse("portal:team_remove", args=[city.slug, colleague_person.pk]), {}),
    ]
    client.force_login(staff(CAMPUS_CLERK))  # sees the city page, may not touch its team
    assert [client.post(url, data).status_code for _name, url, data in urls] == [403, 403, 403]
    assert Role.objects.filter(person=colleague_person).exists() and Invitation.objects.count() == 1

    client.force_login(staff(COORDINATOR))  # the admin's permissions on roles and invitations
    assert [client.post(url, data).status_code for _name, url, data in urls] == [302, 302, 302]
    assert not Role.objects.filter(person=colleague_person).exists()
    pending.refresh_from_db()
    assert pending.state == InvitationState.REVOKED
    log = team_log(city)
    assert len(log) == 3 and all(line.startswith("Como personal de la secretaría, en nombre de la ciudad:") for line in log)
    removal = Role.history.filter(person_id=colleague_person.pk, history_type="-").get()
    assert removal.history_change_reason == "Retirado en el portal por el personal de la secretaría"


def test_not_even_a_superuser_removes_the_only_focal_point_in_the_portal(client, city):
    focal = focal_point_of(city)
    client.force_login(UserFactory(staff=True))
    client.post(reverse("portal:team_remove", args=[city.slug, focal.person.pk]))
    assert Role.objects.filter(member=city, kind=RoleKind.FOCAL_POINT).count() == 1


# --- The admin keeps the same rule ----------------------------------------------------------------
@pytest.fixture
def admin_client_(client):
    client.force_login(UserFactory(staff=True))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_admin_cannot_delete_the_only_focal_point_of_a_city(admin_client_, city):
    focal = focal_point_of(city)
    role = Role.objects.get(person=focal.person)
    refused = admin_client_.post(reverse("admin:network_role_delete", args=[role.pk]), {"post": "yes"}, follow=True)
    assert "is the only focal point of Quito and cannot be removed" in refused.content.decode()
    assert Role.objects.filter(pk=role.pk).exists()
    technician = Role.objects.get(person=technician_of(city).person)
    response = admin_client_.post(reverse("admin:network_role_changelist"), {
        "action": "delete_selected", "_selected_action": [role.pk, technician.pk], "post": "yes"}, follow=True)
    assert Role.objects.filter(pk=role.pk).exists() and not Role.objects.filter(pk=technician.pk).exists()
    assert "is the only focal point of Quito and cannot be removed" in response.content.decode()


def test_the_admin_cannot_turn_the_only_focal_point_into_a_technician(admin_client_, city):
    role = Role.objects.get(person=focal_point_of(city).person)
    response = admin_client_.post(reverse("admin:network_role_change", args=[role.pk]), {
        "person": role.person_id, "member": city.pk, "kind": RoleKind.TECHNICIAN, "since": "2026-01-01"})
    assert response.status_code == 200
    assert "is the only focal point of Quito and cannot be removed" in response.content.decode()
    role.refresh_from_db()
    assert role.kind == RoleKind.FOCAL_POINT


def inline_data(member, roles, **overrides):
    data = {"roles-TOTAL_FORMS": str(len(roles)), "roles-INITIAL_FORMS": str(len(roles)),
            "roles-MIN_NUM_FORMS": "0", "roles-MAX_NUM_FORMS": "1000"}
    for index, role in enumerate(roles):
        data |= {f"roles-{index}-id": role.pk, f"roles-{index}-member": member.pk,
                 f"roles-{index}-person": role.person_id, f"roles-{index}-kind": role.kind,
                 f"roles-{index}-since": "2026-01-01"}
    return data | overrides


def test_a_persons_page_cannot_delete_the_only_focal_point_role_but_can_move_it(admin_client_, city):
    person = PersonFactory(first_name="Ana", last_name="Pérez", email="ana@quito.gob.ec")
    role = RoleFactory(person=person, member=city, kind=RoleKind.FOCAL_POINT)
    url = reverse("admin:network_person_change", args=[person.pk])
    page = admin_client_.get(url)
    form = page.context["adminform"].form
    base = {name: form.initial.get(name) or "" for name in form.fields}
    base = {key: value for key, value in base.items() if value is not None}
    data = base | inline_data(city, [role], **{"roles-0-DELETE": "on"})
    response = admin_client_.post(url, data)
    assert response.status_code == 200 and Role.objects.filter(pk=role.pk).exists()
    assert "is the only focal point of Quito and cannot be removed" in response.content.decode()

    other = RoleFactory(person=PersonFactory(), member=city, kind=RoleKind.FOCAL_POINT)
    response = admin_client_.post(url, data)
    assert response.status_code == 302 and not Role.objects.filter(pk=role.pk).exists()
    assert Role.objects.filter(pk=other.pk).exists()


def test_invitations_are_not_made_in_the_admin_but_can_be_withdrawn_there(admin_client_, city):
    focal = focal_point_of(city)
    from network import services

    invitation = services.invitation_create(member=city, by=focal, email="n@quito.gob.ec")
    assert admin_client_.get(reverse("admin:network_invitation_add")).status_code == 403
    admin_client_.post(reverse("admin:network_invitation_changelist"), {
        "action": "withdraw", "_selected_action": [invitation.pk]})
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.REVOKED
    assert team_log(city)[-1] == "Como personal de la secretaría, en nombre de la ciudad: retiró la invitación a n@quito.gob.ec"
