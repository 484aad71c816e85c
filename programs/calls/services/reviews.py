"""Reviews: the secretariat assigns staff reviewers, who score each criterion of the call."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.errors import NotAllowed
from network.errors import PortalError
from network.models import User
from network.rules import holds

from ..enums import ApplicationState
from ..models import Application
from ..models import Call
from ..models import Review
from . import decisions
from . import notifications

# An application can get new reviewers while it waits for a decision.
ASSIGNABLE_STATES = (ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW)
# A review can be written until the applicant withdraws (decided ones may still be re-scored).
SCORABLE_STATES = (
    ApplicationState.SUBMITTED,
    ApplicationState.UNDER_REVIEW,
    ApplicationState.ACCEPTED,
    ApplicationState.WAITLISTED,
    ApplicationState.REJECTED,
)


@transaction.atomic
def review_assign(*, application: Application, reviewer: User, by: User) -> Review:
    """Give `application` to `reviewer` (staff). Assigning twice returns the same review.

    A submitted application moves to "under review" with its first reviewer.
    """
    if not holds(by, "programs.change_application"):
        raise NotAllowed(_("Only the secretariat can assign reviewers."))
    if not reviewer.is_staff or not holds(reviewer, "programs.add_review"):
        raise NotAllowed(_("Only members of the secretariat can review applications."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    existing = Review.objects.filter(application=application, reviewer=reviewer).first()
    if existing is not None:
        return existing
    if application.state not in ASSIGNABLE_STATES:
        raise PortalError(
            _("Reviewers can only be assigned to submitted applications; %(reference)s is %(state)s.")
            % {"reference": application.reference, "state": application.get_state_display().lower()}
        )
    review = Review.objects.create(application=application, reviewer=reviewer)
    decisions.review_start(application=application, by=by)
    notifications.review_assigned(review=review)
    return review


def review_scores_check(*, call: Call, scores: dict) -> dict[str, int]:
    """The scores for every criterion of `call`, in the call's order, or PortalError naming the criterion.

    Forms call this to show the same message the service gives.
    """
    criteria = [str(c) for c in (call.review_criteria or [])]
    unknown = [name for name in scores if name not in criteria]
    if unknown:
        raise PortalError(
            _("“%(criterion)s” is not a review criterion of this call.") % {"criterion": unknown[0]}
        )
    checked: dict[str, int] = {}
    for criterion in criteria:
        value = scores.get(criterion)
        if value is None or value == "":
            raise PortalError(_("Give a score for “%(criterion)s”.") % {"criterion": criterion})
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= call.score_max:
            raise PortalError(
                _("The score for “%(criterion)s” must be a whole number between 0 and %(max)s.")
                % {"criterion": criterion, "max": call.score_max}
            )
        checked[criterion] = value
    return checked


@transaction.atomic
def review_submit(
    *, review: Review, by: User, scores: dict, comment: str, now: datetime | None = None
) -> Review:
    """The assigned reviewer scores every criterion (0..score_max) and comments; resubmitting updates it."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.reviewer_id != by.pk:
        raise NotAllowed(_("Only the assigned reviewer can submit this review."))
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=review.application_id)
    )
    if application.state not in SCORABLE_STATES:
        raise PortalError(
            _("%(reference)s is %(state)s and can no longer be reviewed.")
            % {"reference": application.reference, "state": application.get_state_display().lower()}
        )
    review.scores = review_scores_check(call=application.call, scores=scores)
    review.comment = (comment or "").strip()
    review.submitted_at = now or timezone.now()
    review.save(update_fields=["scores", "comment", "submitted_at"])
    decisions.review_start(application=application, by=by)
    return review


def staff_reading_record(*, user, application, kind: str) -> bool:
    """Log `user` opening `application`'s PDF or a document of it when it is not theirs to read for
    their work: not the applicant, not one of the city's people, not one of its reviewers. Returns
    whether the reading was logged."""
    from network.models import Role
    from network.privacy import access_record

    if application.applicant_id == user.pk or application.reviews.filter(reviewer=user).exists():
        return False
    if application.member_id and Role.objects.filter(member_id=application.member_id, person__user=user).exists():
        return False
    access_record(by=user, kind=kind, reference=application.reference, subject=application.applicant)
    return True
