"""Ad-hoc training: requests arrive as applications to the all-year call of kind adhoc_training;
a sweep opens a follow-up record for each, which staff move to a delivered course."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError
from django.db import transaction

from network.models import User
from programs.calls.enums import COUNTING_STATES
from programs.calls.enums import CallKind
from programs.calls.models import Application

from ..enums import ADHOC
from ..enums import Actor
from ..enums import AdhocState
from ..models import AdhocTraining
from ..models import Course


def adhoc_intake(*, application: Application) -> AdhocTraining:
    existing = AdhocTraining.objects.filter(application=application).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return AdhocTraining.objects.create(
                application=application,
                institution=str(application.data.get("institution") or (application.member or "")).strip()[:200]
                or application.applicant.email,
            )
    except IntegrityError:
        return AdhocTraining.objects.get(application=application)


def adhoc_intake_sweep(*, now: datetime | None = None) -> int:
    """Idempotent: every submitted ad-hoc request without a follow-up record gets one."""
    waiting = Application.objects.filter(
        call__kind=CallKind.ADHOC_TRAINING, state__in=COUNTING_STATES, adhoc_training__isnull=True
    ).select_related("member", "applicant")
    count = 0
    for application in waiting:
        adhoc_intake(application=application)
        count += 1
    return count


@transaction.atomic
def adhoc_move(*, training: AdhocTraining, to: str, by: User, comment: str = "",
               course: Course | None = None) -> AdhocTraining:
    training = AdhocTraining.objects.select_for_update().get(pk=training.pk)
    fields = []
    if course is not None:
        training.course = course
        fields.append("course")
    ADHOC.move(obj=training, to=to, actor=Actor.STAFF, by=by, comment=comment, extra_fields=fields)
    return training


__all__ = ["AdhocState", "adhoc_intake", "adhoc_intake_sweep", "adhoc_move"]
