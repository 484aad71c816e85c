"""Permission predicates (django-rules). Views name a permission; the logic lives here."""

import rules

from network.enums import RoleKind


@rules.predicate
def is_student(user, enrolment) -> bool:
    return enrolment is not None and user.is_authenticated and enrolment.user_id == user.pk


@rules.predicate
def is_focal_point_of_student(user, enrolment) -> bool:
    if enrolment is None or not user.is_authenticated or enrolment.member_id is None:
        return False
    return enrolment.member.roles.filter(person__user=user, kind=RoleKind.FOCAL_POINT).exists()


rules.add_perm("campus.view_enrolment", is_student | is_focal_point_of_student | rules.is_staff)
rules.add_perm("campus.download_certificate", is_student | is_focal_point_of_student | rules.is_staff)
rules.add_perm("campus.act_as_student", is_student)
