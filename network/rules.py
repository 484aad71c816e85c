"""Permission predicates (django-rules), and the network's shared rules about people's roles.
Views name a permission; the logic lives here. Other apps use these rather than their own copy."""

import rules

from .enums import RoleKind


def roles_of(user) -> dict[int, set[str]]:
    """The kinds of role `user` has in each member ({member id: {kind, …}}), read once per user
    object (a request's user): a city page asks for them for each of its panels."""
    # Attributes, not user.__dict__: request.user is a lazy proxy that passes them to the user.
    roles = getattr(user, "_roles_by_member", None)
    if roles is None:
        from .models import Role

        roles = {}
        for member_id, kind in Role.objects.filter(person__user_id=user.pk).values_list("member_id", "kind"):
            roles.setdefault(member_id, set()).add(kind)
        user._roles_by_member = roles
    return roles


def remember_roles(user, roles: dict[int, set[str]]) -> None:
    """Keep `roles` (as `roles_of` returns them) on the user object, read by a query that had them
    anyway (the city page reads a person's roles with their cities)."""
    user._roles_by_member = roles


def roles_changed(user) -> None:
    """Forget what `roles_of` read (after the user's roles changed in the same request)."""
    try:
        del user._roles_by_member
    except AttributeError:
        pass


def is_focal_point(user, member) -> bool:
    """Whether `user` is a focal point (the city's contact with the secretariat) of `member`."""
    if member is None or user is None or not user.is_authenticated:
        return False
    return RoleKind.FOCAL_POINT in roles_of(user).get(member.pk, ())


@rules.predicate
def has_role_in_member(user, member) -> bool:
    if member is None or not user.is_authenticated:
        return False
    return member.pk in roles_of(user)


is_focal_point_of_member = rules.predicate(is_focal_point, name="is_focal_point_of_member")


def holds(user, perm: str) -> bool:
    """Whether `user` holds Django's model permission `perm` ("app.codename"), given to them or to
    one of their staff groups (superusers hold every one). What a staff member may see outside the
    admin follows the same permissions as inside it: being staff alone opens nothing."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.is_staff:
        return False  # staff roles are for staff: a city's people act through their own roles (no query)
    from django.contrib.auth.backends import ModelBackend

    return perm in ModelBackend().get_all_permissions(user)  # cached on the user for the request


def staff_holding(perm: str):
    """A rules predicate: the user holds the model permission `perm` (see `holds`)."""
    return rules.predicate(lambda user: holds(user, perm), name=f"holds:{perm}")


def city_part(name: str, model_perm: str) -> str:
    """Register the permission `name` on a member: a part of the city's portal page that the city's
    people see, and the secretariat's staff whose role holds the admin's `model_perm` for the same
    records (a campus clerk sees the city's enrolments, not its dues). Returns `name`, for a panel."""
    rules.add_perm(name, has_role_in_member | staff_holding(model_perm))
    return name


rules.add_perm("network.view_member_portal", has_role_in_member | staff_holding("network.view_member"))
# A city's team is managed by its focal points, and by the secretariat's staff whose role holds the
# admin's permission for the same act (network.services logs these as staff acting for the city).
may_invite = is_focal_point_of_member | staff_holding("network.add_invitation")
may_revoke = is_focal_point_of_member | staff_holding("network.change_invitation")
may_remove = is_focal_point_of_member | staff_holding("network.delete_role")
rules.add_perm("network.invite_to_team", may_invite)
rules.add_perm("network.revoke_invitation", may_revoke)
rules.add_perm("network.remove_from_team", may_remove)
rules.add_perm("network.manage_team", may_invite | may_revoke | may_remove)
# The city's participation certificate: its focal points, and the coordination (who may change members).
rules.add_perm("network.view_participation", is_focal_point_of_member | staff_holding("network.change_member"))
