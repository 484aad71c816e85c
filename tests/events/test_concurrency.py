"""Covered places, survey answers and reminders under real parallel requests (PostgreSQL, threads)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from events.enums import Body
from events.models import Registration
from events.models import SurveyResponse
from events.services import registrations as services
from events.services.governance import agreement_add
from events.services.governance import agreements_sweep
from events.services.governance import board_session_create
from events.services.surveys import survey_links_sweep
from events.services.surveys import survey_submit
from network.models import OutboxMessage
from tests.concurrency import run_together
from tests.factories import PersonFactory
from tests.factories import focal_point_of
from tests.factories import technician_of

from .factories import EventFactory
from .factories import questionnaire_for

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
    pytest.mark.django_db(transaction=True),
]




def test_twenty_parallel_registrations_of_one_member_get_exactly_two_covered_places(quito):
    congress = EventFactory(congress=True)
    focal = focal_point_of(quito)
    people = [technician_of(quito).person for _ in range(20)]

    def register(person):
        return lambda: services.registration_register(event=congress, member=quito, person=person, by=focal).covered

    outcomes = run_together([register(p) for p in people])
    assert sorted(outcomes) == [False] * 18 + [True] * 2
    assert Registration.objects.filter(event=congress, covered_slot__isnull=False).count() == 2
    assert Registration.objects.filter(event=congress).count() == 20


def test_twenty_parallel_requests_for_a_covered_place_accept_two(quito):
    congress = EventFactory(congress=True)
    focal = focal_point_of(quito)
    people = [technician_of(quito).person for _ in range(20)]

    def register(person):
        return lambda: services.registration_register(event=congress, member=quito, person=person, by=focal,
                                                      covered=True).covered

    outcomes = run_together([register(p) for p in people])
    assert outcomes.count(True) == 2
    assert outcomes.count("CoveredPlacesTaken") == 18


def test_a_double_click_registers_once(quito):
    congress = EventFactory(congress=True)
    focal = focal_point_of(quito)
    person = technician_of(quito).person
    outcomes = run_together([lambda: services.registration_register(
        event=congress, member=quito, person=person, by=focal).pk] * 2)
    assert "AlreadyRegistered" in outcomes
    assert Registration.objects.count() == 1


def test_a_survey_link_used_twice_at_once_stores_one_answer(quito):
    event = EventFactory(past=True, ends_at=timezone.now() - timedelta(hours=1))
    Registration.objects.create(event=event, member=quito, person=technician_of(quito).person)
    questionnaire = questionnaire_for(event)
    survey_links_sweep(now=timezone.now())
    token = OutboxMessage.objects.get(topic="survey-link").text.split("/surveys/")[1].split("/")[0]
    q = list(questionnaire.questions.all())
    answers = {q[0].pk: 4, q[1].pk: "Sí"}
    outcomes = run_together([lambda: survey_submit(token=token, answers=answers).pk] * 2)
    assert "SurveyAnswered" in outcomes
    assert SurveyResponse.objects.count() == 1


def test_two_concurrent_sweeps_send_links_and_reminders_once(quito):
    event = EventFactory(past=True, ends_at=timezone.now() - timedelta(hours=1))
    for _ in range(3):
        Registration.objects.create(event=event, member=quito, person=technician_of(quito).person)
    questionnaire_for(event)
    session = board_session_create(body=Body.BOARD, number=1, held_at=timezone.now())
    agreement_add(session=session, text="Informe", responsible=PersonFactory(),
                  due_on=timezone.localdate() + timedelta(days=2))
    now = timezone.now()
    run_together([lambda: survey_links_sweep(now=now), lambda: survey_links_sweep(now=now),
                  lambda: agreements_sweep(now=now), lambda: agreements_sweep(now=now)])
    assert OutboxMessage.objects.filter(topic="survey-link").count() == 3
    assert OutboxMessage.objects.filter(topic="agreement-reminder").count() == 1
