"""Permission predicates (django-rules). Views name a permission; the logic lives here."""

import rules

from network.rules import is_focal_point
from network.rules import staff_holding


@rules.predicate
def is_student(user, enrolment) -> bool:
    return enrolment is not None and user.is_authenticated and enrolment.user_id == user.pk


@rules.predicate
def is_focal_point_of_student(user, enrolment) -> bool:
    return enrolment is not None and is_focal_point(user, enrolment.member)


# Staff: those whose role holds the model permission, as in the admin (being staff alone opens nothing).
rules.add_perm("campus.view_enrolment",
               is_student | is_focal_point_of_student | staff_holding("campus.view_enrolment"))
rules.add_perm("campus.download_certificate",
               is_student | is_focal_point_of_student | staff_holding("campus.view_enrolment"))
rules.add_perm("campus.act_as_student", is_student)
