"""The secretariat's staff roles, as Django groups with the model permissions each role needs. Staff
see and do outside the admin exactly what these permissions allow inside it (network.rules.holds):
being staff alone opens the admin's door and nothing behind it.

- Coordinación de la secretaría: everything of the network, the programmes, the campus and events,
  including the applicants' identity in blind reviews.
- Evaluación (reviewers): the calls and their applications, to read and review; blind calls hide
  who applied.
- Gestión del campus: courses, editions, enrolments, scholarships and certificates; the members'
  list to know who is who.
- Gestión de eventos: events, registrations, surveys, board sessions; the members' list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.contrib.auth.models import Permission
from django.db import transaction


@dataclass(frozen=True)
class StaffGroup:
    name: str
    apps: tuple[str, ...] = ()  # every permission of these apps
    perms: tuple[str, ...] = ()  # and these ("app_label.codename")


COORDINATOR = StaffGroup("Coordinación de la secretaría", apps=("network", "programs", "campus", "events"))
REVIEWER = StaffGroup("Evaluación", perms=(
    "programs.view_call", "programs.view_application", "programs.view_applicationdocument",
    "programs.view_review", "programs.add_review", "programs.change_review"))
CAMPUS_CLERK = StaffGroup("Gestión del campus", apps=("campus",), perms=("network.view_member",))
EVENTS_CLERK = StaffGroup("Gestión de eventos", apps=("events",), perms=("network.view_member",))
STAFF_GROUPS = (COORDINATOR, REVIEWER, CAMPUS_CLERK, EVENTS_CLERK)


def _permissions(group: StaffGroup) -> list[Permission]:
    wanted = Permission.objects.filter(content_type__app_label__in=group.apps)
    chosen = list(wanted)
    for perm in group.perms:
        app_label, codename = perm.split(".", 1)
        chosen += list(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
    return chosen


@transaction.atomic
def staff_groups_ensure() -> dict[str, Group]:
    """Create or bring up to date the staff groups (their permissions are set to exactly the role's)."""
    groups = {}
    for spec in STAFF_GROUPS:
        group, _created = Group.objects.get_or_create(name=spec.name)
        group.permissions.set(_permissions(spec))
        groups[spec.name] = group
    return groups
