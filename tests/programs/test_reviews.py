"""Reviews: staff reviewers are assigned once, and score every criterion of the call from 0 to its maximum."""

import pytest
from django.utils import translation

from network.errors import NotAllowed
from network.errors import PortalError
from network.models import StateChange
from programs.calls.enums import ApplicationState
from programs.calls.models import Review
from programs.calls.services import reviews
from tests.factories import UserFactory

from .admin_factories import ReviewFactory
from .admin_factories import SecretariatApplicationFactory
from .admin_factories import SecretariatCallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def lead():
    return UserFactory(staff=True)


@pytest.fixture
def reviewer():
    from network.staff_groups import REVIEWER
    from network.staff_groups import staff_groups_ensure

    user = UserFactory(is_staff=True, name="Rita Revisora")
    user.groups.add(staff_groups_ensure()[REVIEWER.name])  # the secretariat's reviewers' role
    return user


def test_review_assign_moves_a_submitted_application_under_review(lead, reviewer):
    application = SecretariatApplicationFactory()
    review = reviews.review_assign(application=application, reviewer=reviewer, by=lead)
    application.refresh_from_db()
    assert (review.reviewer, review.application, review.submitted_at) == (reviewer, application, None)
    assert application.state == ApplicationState.UNDER_REVIEW
    assert list(StateChange.objects.filter(workflow="application").values_list("source", "target", "by")) == [
        (ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW, lead.pk)]


def test_review_assign_twice_returns_the_same_review(lead, reviewer):
    application = SecretariatApplicationFactory()
    first = reviews.review_assign(application=application, reviewer=reviewer, by=lead)
    second = reviews.review_assign(application=application, reviewer=reviewer, by=lead)
    assert (second.pk, Review.objects.count(), StateChange.objects.filter(workflow="application").count()) == (first.pk, 1, 1)


def test_review_assign_to_an_application_under_review_adds_a_second_reviewer(lead, reviewer):
    application = SecretariatApplicationFactory()
    reviews.review_assign(application=application, reviewer=lead, by=lead)
    reviews.review_assign(application=application, reviewer=reviewer, by=lead)
    emails = sorted(Review.objects.values_list("reviewer__email", flat=True))
    assert emails == sorted([lead.email, reviewer.email])
    assert StateChange.objects.filter(workflow="application").count() == 1


def test_review_assign_of_a_reviewer_who_is_not_staff_is_refused(lead):
    application = SecretariatApplicationFactory()
    with pytest.raises(NotAllowed) as error:
        reviews.review_assign(application=application, reviewer=UserFactory(), by=lead)
    assert str(error.value.message) == "Only members of the secretariat can review applications."
    assert Review.objects.count() == 0


def test_review_assign_by_someone_who_is_not_staff_is_refused(reviewer):
    application = SecretariatApplicationFactory()
    with pytest.raises(NotAllowed):
        reviews.review_assign(application=application, reviewer=reviewer, by=UserFactory())
    assert Review.objects.count() == 0


def test_review_assign_to_a_draft_is_refused(lead, reviewer):
    application = SecretariatApplicationFactory(draft=True, reference="MEN-2026-DRAFT1")
    with pytest.raises(PortalError) as error:
        reviews.review_assign(application=application, reviewer=reviewer, by=lead)
    assert str(error.value.message) == (
        "Reviewers can only be assigned to submitted applications; MEN-2026-DRAFT1 is draft.")
    assert Review.objects.count() == 0


def test_review_submit_stores_the_scores_and_the_time(reviewer):
    review = ReviewFactory(reviewer=reviewer)
    submitted = reviews.review_submit(review=review, by=reviewer, scores={"Relevancia": 4, "Calidad": 0},
                                      comment="  Sólida.  ")
    review.refresh_from_db()
    assert (review.scores, review.comment, review.total) == ({"Relevancia": 4, "Calidad": 0}, "Sólida.", 2.0)
    assert review.submitted_at is not None and submitted.submitted_at == review.submitted_at


def test_review_submit_again_updates_the_scores(reviewer):
    review = ReviewFactory(reviewer=reviewer)
    reviews.review_submit(review=review, by=reviewer, scores={"Relevancia": 4, "Calidad": 2}, comment="")
    reviews.review_submit(review=review, by=reviewer, scores={"Relevancia": 5, "Calidad": 5}, comment="Mejor")
    review.refresh_from_db()
    assert (review.scores, review.comment) == ({"Relevancia": 5, "Calidad": 5}, "Mejor")


def test_review_submit_of_a_submitted_application_starts_its_review(reviewer):
    review = ReviewFactory(reviewer=reviewer)
    reviews.review_submit(review=review, by=reviewer, scores={"Relevancia": 1, "Calidad": 2}, comment="")
    review.application.refresh_from_db()
    assert review.application.state == ApplicationState.UNDER_REVIEW


def test_review_submit_without_a_criterion_names_it(reviewer):
    review = ReviewFactory(reviewer=reviewer)
    with pytest.raises(PortalError) as error:
        reviews.review_submit(review=review, by=reviewer, scores={"Relevancia": 3}, comment="")
    assert str(error.value.message) == "Give a score for “Calidad”."
    review.refresh_from_db()
    assert (review.scores, review.submitted_at) == ({}, None)


@pytest.mark.parametrize("score", [-1, 6, 2.5, "3", True, None])
def test_review_submit_with_a_score_that_is_not_a_whole_number_in_range_names_the_criterion(reviewer, score):
    review = ReviewFactory(reviewer=reviewer)
    with pytest.raises(PortalError) as error:
        reviews.review_submit(review=review, by=reviewer, scores={"Relevancia": 3, "Calidad": score},
                              comment="")
    expected = ("Give a score for “Calidad”." if score is None
                else "The score for “Calidad” must be a whole number between 0 and 5.")
    assert str(error.value.message) == expected
    review.refresh_from_db()
    assert review.submitted_at is None


def test_review_submit_accepts_the_highest_score_of_the_call(reviewer):
    call = SecretariatCallFactory(score_max=10, review_criteria=["Impacto"])
    review = ReviewFactory(reviewer=reviewer, application=SecretariatApplicationFactory(call=call))
    reviews.review_submit(review=review, by=reviewer, scores={"Impacto": 10}, comment="")
    review.refresh_from_db()
    assert review.scores == {"Impacto": 10}


def test_review_submit_with_an_unknown_criterion_is_refused(reviewer):
    review = ReviewFactory(reviewer=reviewer)
    with pytest.raises(PortalError) as error:
        reviews.review_submit(review=review, by=reviewer,
                              scores={"Relevancia": 3, "Calidad": 3, "Estética": 5}, comment="")
    assert str(error.value.message) == "“Estética” is not a review criterion of this call."


def test_review_submit_by_another_reviewer_is_refused(reviewer, lead):
    review = ReviewFactory(reviewer=reviewer)
    with pytest.raises(NotAllowed) as error:
        reviews.review_submit(review=review, by=lead, scores={"Relevancia": 3, "Calidad": 3}, comment="")
    assert str(error.value.message) == "Only the assigned reviewer can submit this review."
    review.refresh_from_db()
    assert review.submitted_at is None


def test_review_submit_of_a_withdrawn_application_is_refused(reviewer):
    application = SecretariatApplicationFactory(state=ApplicationState.WITHDRAWN, reference="MEN-2026-WDRAWN")
    review = ReviewFactory(reviewer=reviewer, application=application)
    with pytest.raises(PortalError) as error:
        reviews.review_submit(review=review, by=reviewer, scores={"Relevancia": 3, "Calidad": 3}, comment="")
    assert str(error.value.message) == "MEN-2026-WDRAWN is withdrawn and can no longer be reviewed."
