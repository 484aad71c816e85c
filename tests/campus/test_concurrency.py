"""Seats, waiting list and double enrolment under real concurrent requests (PostgreSQL, threads)."""

import pytest
from django.db import connection

from campus.enums import EnrolmentState
from campus.models import CapsuleCompletion
from campus.models import Enrolment
from campus.services import enrolments as services
from campus.services.capsules import capsule_mark_done
from tests.campus.factories import CapsuleFactory
from tests.campus.factories import EditionFactory
from tests.campus.factories import apply
from tests.concurrency import run_together
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
    pytest.mark.django_db(transaction=True),
]


def test_twelve_parallel_admissions_for_five_seats_admit_exactly_five():
    edition = EditionFactory(seats=5)
    staff = UserFactory(staff=True)
    enrolments = [apply(edition, UserFactory()) for _ in range(12)]

    def admit(enrolment):
        return lambda: services.enrolment_admit(enrolment=enrolment, by=staff).state

    outcomes = run_together([admit(e) for e in enrolments])
    assert outcomes.count(EnrolmentState.ADMITTED) == 5
    assert outcomes.count(EnrolmentState.WAITLISTED) == 7
    assert edition.enrolments.filter(state=EnrolmentState.ADMITTED).count() == 5


def test_parallel_drops_promote_without_overfilling():
    edition = EditionFactory(seats=2)
    staff = UserFactory(staff=True)
    enrolments = [apply(edition, UserFactory()) for _ in range(6)]
    for enrolment in enrolments:
        services.enrolment_admit(enrolment=enrolment, by=staff)
    admitted = list(edition.enrolments.filter(state=EnrolmentState.ADMITTED))

    def drop(enrolment):
        return lambda: services.enrolment_drop(enrolment=enrolment, by=enrolment.user).state

    outcomes = run_together([drop(e) for e in admitted])
    assert outcomes == [EnrolmentState.DROPPED, EnrolmentState.DROPPED]
    assert edition.enrolments.filter(state=EnrolmentState.ADMITTED).count() == 2
    assert edition.enrolments.filter(state=EnrolmentState.WAITLISTED).count() == 2


def test_a_double_click_on_enrol_creates_one_enrolment():
    edition = EditionFactory()
    user = UserFactory()
    outcomes = run_together([lambda: apply(edition, user).state for _ in range(2)])
    assert sorted(outcomes) == ["AlreadyEnrolled", EnrolmentState.APPLIED]
    assert Enrolment.objects.filter(edition=edition, user=user).count() == 1


def test_capsule_marked_done_twice_at_once_keeps_one_row():
    capsule = CapsuleFactory()
    user = UserFactory()
    run_together([lambda: capsule_mark_done(capsule=capsule, user=user).pk for _ in range(3)])
    assert CapsuleCompletion.objects.filter(capsule=capsule, user=user).count() == 1
