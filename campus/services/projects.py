"""Final projects: the student hands in the urban strategy of their city; staff grade it."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.errors import NotAllowed
from network.errors import PortalError
from network.models import User

from ..enums import EnrolmentState
from ..enums import ProjectGrade
from ..models import Enrolment
from ..models import FinalProject


@transaction.atomic
def project_submit(*, enrolment: Enrolment, by: User, title: str, city: str, summary: str, document=None,
                   themes=(), now: datetime | None = None) -> FinalProject:
    """Hand in (or replace, until it passes) the final project of an enrolled student."""
    enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related("edition", "member").get(pk=enrolment.pk)
    if enrolment.user_id != by.pk:
        raise NotAllowed()
    if enrolment.state != EnrolmentState.ENROLLED:
        raise PortalError(_("Final projects are handed in while you are enrolled in the course."))
    project = FinalProject.objects.filter(enrolment=enrolment).first()
    if project is not None and project.grade == ProjectGrade.PASS:
        raise PortalError(_("Your final project has passed and can no longer be changed."))
    if project is None:
        project = FinalProject(enrolment=enrolment, edition=enrolment.edition)
    project.author_name = enrolment.student_name
    project.member = enrolment.member
    project.title, project.city, project.summary = title, city, summary
    project.grade, project.feedback, project.graded_at, project.graded_by = ProjectGrade.PENDING, "", None, None
    project.submitted_at = now or timezone.now()
    if document is not None:
        if project.document:
            project.document.delete(save=False)
        project.document = document
    project.full_clean(exclude=["document", "enrolment"])
    project.save()
    if themes:
        project.themes.set(themes)
    return project


@transaction.atomic
def project_grade(*, project: FinalProject, grade: str, feedback: str, by: User,
                  now: datetime | None = None) -> FinalProject:
    project = FinalProject.objects.select_for_update().get(pk=project.pk)
    if grade not in (ProjectGrade.PASS, ProjectGrade.FAIL):
        raise PortalError(_("Grade a project as pass or fail."))
    if grade == ProjectGrade.FAIL and not feedback.strip():
        raise PortalError(_("Tell the student why the project did not pass."))
    project.grade, project.feedback = grade, feedback
    project.graded_at, project.graded_by = now or timezone.now(), by
    project.save(update_fields=["grade", "feedback", "graded_at", "graded_by"])
    return project
