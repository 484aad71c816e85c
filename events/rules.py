"""Permission predicates of the events app (django-rules)."""

import rules

from network.enums import RoleKind


@rules.predicate
def can_register_for_member(user, member) -> bool:
    """A focal point registers the city's delegates; any team member may register themself."""
    if not user.is_authenticated or member is None:
        return False
    return user.is_staff or member.roles.filter(person__user=user).exists()


@rules.predicate
def is_focal_point(user, member) -> bool:
    return user.is_authenticated and member.roles.filter(person__user=user, kind=RoleKind.FOCAL_POINT).exists()


rules.add_perm("events.register_for_member", can_register_for_member)
rules.add_perm("events.register_delegates", is_focal_point | rules.is_staff)
