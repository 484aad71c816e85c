"""Permission predicates of the events app (django-rules)."""

import rules

from network.rules import holds
from network.rules import is_focal_point_of_member
from network.rules import staff_holding


@rules.predicate
def can_register_for_member(user, member) -> bool:
    """A focal point registers the city's delegates; any team member may register themself."""
    if not user.is_authenticated or member is None:
        return False
    return holds(user, "events.add_registration") or member.roles.filter(person__user=user).exists()


rules.add_perm("events.register_for_member", can_register_for_member)
rules.add_perm("events.register_delegates", is_focal_point_of_member | staff_holding("events.add_registration"))
