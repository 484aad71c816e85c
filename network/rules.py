"""Permission predicates (django-rules). Views name a permission; the logic lives here."""

import rules

from .enums import RoleKind


def _person_id(user):
    if not user.is_authenticated:
        return None
    person = getattr(user, "person", None)
    return person.pk if person else None


@rules.predicate
def has_role_in_member(user, member) -> bool:
    person_id = _person_id(user)
    if person_id is None or member is None:
        return False
    return member.roles.filter(person_id=person_id).exists()


@rules.predicate
def is_focal_point_of_member(user, member) -> bool:
    person_id = _person_id(user)
    if person_id is None or member is None:
        return False
    return member.roles.filter(person_id=person_id, kind=RoleKind.FOCAL_POINT).exists()


is_staff = rules.is_staff

rules.add_perm("network.view_member_portal", has_role_in_member | is_staff)
rules.add_perm("network.manage_team", is_focal_point_of_member)
rules.add_perm("network.view_participation", is_focal_point_of_member)
