"""Kinds and states of the campus, and the workflow tables of enrolments and ad-hoc training."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network.workflow import Move
from network.workflow import Workflow


class CourseKind(models.TextChoices):
    SPECIALIZATION = "specialization", _("Annual specialization")
    ONLINE_COURSE = "online_course", _("Online specialization course")
    ADHOC = "adhoc", _("Ad-hoc training")
    CAPSULE = "capsule", _("Self-paced capsule")


class Modality(models.TextChoices):
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Online with an in-person seminar")
    IN_PERSON = "in_person", _("In person")
    SELF_PACED = "self_paced", _("Self-paced")


class EnrolmentState(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("enrolment state", "Applied")
    WAITLISTED = "waitlisted", pgettext_lazy("enrolment state", "Waitlisted")
    ADMITTED = "admitted", pgettext_lazy("enrolment state", "Admitted")
    ENROLLED = "enrolled", pgettext_lazy("enrolment state", "Enrolled")
    COMPLETED = "completed", pgettext_lazy("enrolment state", "Completed")
    DROPPED = "dropped", pgettext_lazy("enrolment state", "Dropped")
    REJECTED = "rejected", pgettext_lazy("enrolment state", "Not admitted")


class ScholarshipState(models.TextChoices):
    NONE = "none", pgettext_lazy("scholarship", "Not requested")
    REQUESTED = "requested", pgettext_lazy("scholarship", "Requested")
    GRANTED = "granted", pgettext_lazy("scholarship", "Granted")
    FLAGGED = "flagged", pgettext_lazy("scholarship", "To decide: the member is not active")
    REFUSED = "refused", pgettext_lazy("scholarship", "Refused")


class ProjectGrade(models.TextChoices):
    PENDING = "pending", pgettext_lazy("grade", "Pending")
    PASS = "pass", pgettext_lazy("grade", "Pass")
    FAIL = "fail", pgettext_lazy("grade", "Fail")


class CapsuleFormat(models.TextChoices):
    VIDEO = "video", _("Video")
    DOCUMENT = "document", _("Document")


class AdhocState(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("ad-hoc training", "Requested")
    DESIGNING = "designing", pgettext_lazy("ad-hoc training", "Being designed")
    AGREED = "agreed", pgettext_lazy("ad-hoc training", "Agreed")
    DELIVERED = "delivered", pgettext_lazy("ad-hoc training", "Delivered")
    DECLINED = "declined", pgettext_lazy("ad-hoc training", "Declined")


class Actor(models.TextChoices):
    STUDENT = "student", _("Student")
    STAFF = "staff", _("Secretariat")
    SYSTEM = "system", _("System")


E = EnrolmentState
STUDENT, STAFF, SYSTEM = Actor.STUDENT, Actor.STAFF, Actor.SYSTEM

# Enrolments that hold a seat of the edition.
SEAT_STATES = (E.ADMITTED, E.ENROLLED, E.COMPLETED)
# Enrolments still in play (one per person and edition).
LIVE_STATES = (E.APPLIED, E.WAITLISTED, E.ADMITTED, E.ENROLLED, E.COMPLETED)

# The only moves an enrolment can make; campus.services.enrolments makes them through ENROLMENT.move.
ENROLMENT = Workflow("enrolment", [
    Move(E.APPLIED, E.ADMITTED, {STAFF}, _("Admitted")),
    Move(E.APPLIED, E.WAITLISTED, {STAFF, SYSTEM}, _("On the waiting list: all seats are taken")),
    Move(E.APPLIED, E.REJECTED, {STAFF}, _("Not admitted")),
    Move(E.APPLIED, E.DROPPED, {STUDENT}, _("Withdrawn by the student")),
    Move(E.WAITLISTED, E.ADMITTED, {STAFF, SYSTEM}, _("Admitted from the waiting list")),
    Move(E.WAITLISTED, E.REJECTED, {STAFF}, _("Not admitted")),
    Move(E.WAITLISTED, E.DROPPED, {STUDENT}, _("Withdrawn by the student")),
    Move(E.ADMITTED, E.ENROLLED, {STUDENT, STAFF}, _("Place confirmed: enrolled")),
    Move(E.ADMITTED, E.DROPPED, {STUDENT, STAFF}, _("Dropped before the start")),
    Move(E.ENROLLED, E.COMPLETED, {STAFF}, _("Completed the course")),
    Move(E.ENROLLED, E.DROPPED, {STUDENT, STAFF}, _("Dropped the course")),
])

A = AdhocState
ADHOC = Workflow("adhoc_training", [
    Move(A.REQUESTED, A.DESIGNING, {STAFF}, _("Designing the training")),
    Move(A.REQUESTED, A.DECLINED, {STAFF}, _("Declined")),
    Move(A.DESIGNING, A.AGREED, {STAFF}, _("Programme and terms agreed")),
    Move(A.DESIGNING, A.DECLINED, {STAFF}, _("Declined")),
    Move(A.AGREED, A.DELIVERED, {STAFF}, _("Training delivered")),
    Move(A.AGREED, A.DECLINED, {STAFF}, _("Cancelled")),
])


def roman(number: int) -> str:
    """XIX for 19: editions are numbered in Roman numerals."""
    values = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
              (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, letters in values:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


Sch = ScholarshipState
# The scholarship of an enrolment (its own field, same audit table).
SCHOLARSHIP = Workflow("scholarship", [
    Move(Sch.REQUESTED, Sch.GRANTED, {SYSTEM, STAFF}, _("Scholarship granted")),
    Move(Sch.REQUESTED, Sch.FLAGGED, {SYSTEM}, _("Flagged: the member is not active on admission")),
    Move(Sch.REQUESTED, Sch.REFUSED, {STAFF}, _("Scholarship refused")),
    Move(Sch.FLAGGED, Sch.GRANTED, {STAFF}, _("Scholarship granted by the secretariat")),
    Move(Sch.FLAGGED, Sch.REFUSED, {STAFF}, _("Scholarship refused by the secretariat")),
], field="scholarship")
