from datetime import timedelta

import pytest
from django.utils import timezone

from network import services
from network.enums import InvitationState
from network.enums import RoleKind
from network.errors import InvalidInvitation
from network.errors import NotAllowed
from network.errors import PortalError
from network.models import Invitation
from network.models import Person
from network.models import Role
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


def test_focal_point_invites_a_colleague_by_email(city, mailoutbox, django_capture_on_commit_callbacks):
    focal = focal_point_of(city)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(member=city, by=focal, email=" Nueva@Quito.gob.ec ", language="es")
    assert (invitation.email, invitation.state, invitation.kind) == (
        "nueva@quito.gob.ec", InvitationState.PENDING, RoleKind.TECHNICIAN)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["nueva@quito.gob.ec"]
    assert "Quito" in message.subject
    assert f"/portal/invitations/{invitation.token}/" in message.body
    assert message.alternatives[0].mimetype == "text/html"


def test_invitation_mail_is_in_the_inviters_language(city, mailoutbox, django_capture_on_commit_callbacks):
    focal = focal_point_of(city)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(member=city, by=focal, email="a@quito.gob.ec", language="pt-br")
    assert "Convite" in mailoutbox[0].subject


def test_technician_cannot_invite(city):
    technician = technician_of(city)
    with pytest.raises(NotAllowed):
        services.invitation_create(member=city, by=technician, email="x@quito.gob.ec")
    assert Invitation.objects.count() == 0


def test_focal_point_of_another_city_cannot_invite(city):
    other_focal = focal_point_of(MemberFactory())
    with pytest.raises(NotAllowed):
        services.invitation_create(member=city, by=other_focal, email="x@quito.gob.ec")


def test_inviting_someone_already_in_the_team_is_refused(city):
    focal = focal_point_of(city)
    RoleFactory(member=city, person=PersonFactory(email="ya@quito.gob.ec"))
    with pytest.raises(PortalError):
        services.invitation_create(member=city, by=focal, email="YA@quito.gob.ec")


def test_a_new_invitation_replaces_the_pending_one(city):
    focal = focal_point_of(city)
    first = services.invitation_create(member=city, by=focal, email="x@quito.gob.ec")
    second = services.invitation_create(member=city, by=focal, email="x@quito.gob.ec")
    first.refresh_from_db()
    assert (first.state, second.state) == (InvitationState.REVOKED, InvitationState.PENDING)


def test_accepting_creates_the_person_and_the_role(city):
    focal = focal_point_of(city)
    invitation = services.invitation_create(
        member=city, by=focal, email="nueva@quito.gob.ec", first_name="Lucía", last_name="Andrade",
        kind=RoleKind.OFFICIAL,
    )
    newcomer = UserFactory(email="nueva@quito.gob.ec")
    role = services.invitation_accept(token=invitation.token, user=newcomer)
    assert (role.member, role.kind, role.person.user, role.person.full_name) == (
        city, RoleKind.OFFICIAL, newcomer, "Lucía Andrade")
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.ACCEPTED


def test_accepting_links_an_existing_person_record(city):
    focal = focal_point_of(city)
    person = PersonFactory(email="registrada@quito.gob.ec")
    invitation = services.invitation_create(member=city, by=focal, email=person.email)
    user = UserFactory(email=person.email)
    services.invitation_accept(token=invitation.token, user=user)
    person.refresh_from_db()
    assert person.user == user
    assert Person.objects.filter(email__iexact=person.email).count() == 1


def test_accepting_with_another_address_is_refused(city):
    invitation = services.invitation_create(member=city, by=focal_point_of(city), email="nueva@quito.gob.ec")
    with pytest.raises(InvalidInvitation):
        services.invitation_accept(token=invitation.token, user=UserFactory(email="otra@example.org"))
    assert not Role.objects.filter(person__email="otra@example.org").exists()


def test_expired_invitation_cannot_be_accepted(city):
    invitation = services.invitation_create(member=city, by=focal_point_of(city), email="n@quito.gob.ec")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(InvalidInvitation):
        services.invitation_accept(token=invitation.token, user=UserFactory(email="n@quito.gob.ec"))


def test_invitation_can_be_accepted_only_once(city):
    invitation = services.invitation_create(member=city, by=focal_point_of(city), email="n@quito.gob.ec")
    user = UserFactory(email="n@quito.gob.ec")
    services.invitation_accept(token=invitation.token, user=user)
    with pytest.raises(InvalidInvitation):
        services.invitation_accept(token=invitation.token, user=user)


def test_focal_point_removes_a_colleague(city):
    focal = focal_point_of(city)
    colleague = technician_of(city)
    removed = services.team_member_remove(member=city, person=colleague.person, by=focal)
    assert removed == 1
    assert not Role.objects.filter(member=city, person=colleague.person).exists()


def test_removing_a_colleague_keeps_their_roles_in_other_cities(city):
    other = MemberFactory()
    focal = focal_point_of(city)
    colleague = technician_of(city)
    RoleFactory(member=other, person=colleague.person)
    services.team_member_remove(member=city, person=colleague.person, by=focal)
    assert list(Role.objects.filter(person=colleague.person).values_list("member", flat=True)) == [other.pk]


def test_technician_cannot_remove_a_colleague(city):
    technician = technician_of(city)
    colleague = technician_of(city)
    with pytest.raises(NotAllowed):
        services.team_member_remove(member=city, person=colleague.person, by=technician)


def test_the_last_focal_point_cannot_be_removed(city):
    focal = focal_point_of(city)
    with pytest.raises(PortalError):
        services.team_member_remove(member=city, person=focal.person, by=focal)
    assert Role.objects.filter(member=city, kind=RoleKind.FOCAL_POINT).count() == 1


def test_a_focal_point_can_leave_when_another_remains(city):
    focal = focal_point_of(city)
    focal_point_of(city)
    services.team_member_remove(member=city, person=focal.person, by=focal)
    assert not Role.objects.filter(member=city, person=focal.person).exists()


def test_login_is_linked_to_the_person_with_the_same_email():
    person = PersonFactory(email="tecnico@pasto.gov.co")
    user = UserFactory(email="tecnico@pasto.gov.co")
    assert services.person_link_user(user=user) == person
    person.refresh_from_db()
    assert person.user == user
