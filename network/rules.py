"""Permission predicates (django-rules), and the network's shared rules about people's roles.
Views name a permission; the logic lives here. Other apps use these rather than their own copy."""

import rules

from .enums import RoleKind


def is_focal_point(user, member) -> bool:
    """Whether `user` is a focal point (the city's contact with the secretariat) of `member`."""
    if member is None or user is None or not user.is_authenticated:
        return False
    from .models import Role

    return Role.objects.filter(member_id=member.pk, person__user_id=user.pk, kind=RoleKind.FOCAL_POINT).exists()


@rules.predicate
def has_role_in_member(user, member) -> bool:
    if member is None or not user.is_authenticated:
        return False
    return member.roles.filter(person__user_id=user.pk).exists()


is_focal_point_of_member = rules.predicate(is_focal_point, name="is_focal_point_of_member")
is_staff = rules.is_staff

rules.add_perm("network.view_member_portal", has_role_in_member | is_staff)
rules.add_perm("network.manage_team", is_focal_point_of_member)
rules.add_perm("network.view_participation", is_focal_point_of_member)
