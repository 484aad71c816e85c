"""Permission predicates of the calls engine (django-rules): the rules, here; the admin, pages and
exports only ask them.

Blind review: on a call with `blind_review`, the secretariat's reviewers do not see who applied (the
city, the applicant, the people who moved the application on their behalf). A superuser, who runs
the calls, always does.
"""

from __future__ import annotations

import rules
from django.db.models import BooleanField
from django.db.models import Expression
from django.db.models import F
from django.db.models import Q
from django.db.models import Value

from network.rules import holds
from network.rules import is_focal_point_of_member


def sees_every_identity(user) -> bool:
    """Superusers, and staff whose role holds the permission (the coordination), see who applied
    to every call; reviewers do not."""
    return holds(user, "programs.see_applicant_identity")


def identity_visible(user, call) -> bool:
    """Whether `user` may see who applied to `call` (the city and the applicant)."""
    return call is not None and (not call.blind_review or sees_every_identity(user))


def identity_hidden_expression(user, *, call_path: str = "call__") -> Expression:
    """The same rule as an annotation, for a list of applications (or reviews) of many calls: True on
    the rows whose city and applicant `user` may not see. `call_path` leads from the row to its call."""
    if sees_every_identity(user):
        return Value(False, output_field=BooleanField())
    return F(f"{call_path}blind_review")


def identity_search_q(user, identity: Q, *, call_path: str = "call__") -> Q:
    """Narrow a search by who applied (`identity`) to the calls whose applicants `user` may see: a
    search by city must not reveal who applied to a blind call."""
    if sees_every_identity(user):
        return identity
    return Q(**{f"{call_path}blind_review": False}) & identity


@rules.predicate
def sees_identity_of_application(user, application) -> bool:
    return application is not None and identity_visible(user, application.call)


rules.add_perm("programs.see_applicant_identity", sees_identity_of_application)

# A focal point of the city endorses its applications (the city page's panel of endorsements to give).
rules.add_perm("programs.endorse_for_member", is_focal_point_of_member)
