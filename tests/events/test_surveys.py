"""Surveys: links after the end (once), answered once, anonymous answers not traceable."""

import re
from datetime import date
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import SurveyAnswer
from events.models import SurveyInvitation
from events.models import SurveyResponse
from events.selectors import survey_results
from events.services import registrations as registration_services
from events.services.errors import InvalidAnswers
from events.services.errors import SurveyAnswered
from events.services.errors import SurveyClosed
from events.services.surveys import survey_links_sweep
from events.services.surveys import survey_submit
from network.models import OutboxMessage
from network.subjects import subject_labels
from tests.factories import technician_of

from .factories import EventFactory
from .factories import questionnaire_for


@pytest.fixture
def ended_meeting(quito, focal, delegates):
    event = EventFactory()
    for person in delegates[:2]:
        registration_services.registration_register(event=event, member=quito, person=person, by=focal)
    event.starts_at = timezone.now() - timedelta(days=2)
    event.ends_at = timezone.now() - timedelta(days=1)
    event.save()
    return event


def tokens_from_outbox() -> dict[str, str]:
    return {m.to[0]: re.search(r"/surveys/([^/]+)/", m.text).group(1)
            for m in OutboxMessage.objects.filter(topic="survey-link")}


def answers_for(questionnaire, rating=4):
    q = list(questionnaire.questions.all())
    return {q[0].pk: rating, q[1].pk: "Sí", q[2].pk: ["Ponencias", "Visitas"], q[3].pk: "Muy útil"}


def test_event_and_microrred_are_survey_subjects():
    assert {"events.event", "programs.microrred"} <= set(subject_labels())


def test_links_go_out_once_after_the_event_ends(ended_meeting, delegates):
    questionnaire = questionnaire_for(ended_meeting)
    now = timezone.now()
    assert survey_links_sweep(now=now) == 2
    assert survey_links_sweep(now=now) == 0
    questionnaire.links_sent_at = None  # even if the sweep looks again, nobody gets a second link
    questionnaire.save()
    assert survey_links_sweep(now=now) == 0
    assert sorted(tokens_from_outbox()) == sorted(p.email for p in delegates[:2])
    assert SurveyInvitation.objects.count() == 2


def test_no_links_before_the_event_ends(meeting, quito, focal, delegates):
    registration_services.registration_register(event=meeting, member=quito, person=delegates[0], by=focal)
    questionnaire_for(meeting)
    assert survey_links_sweep(now=timezone.now()) == 0


def test_cancelled_registrations_get_no_link(ended_meeting, focal):
    registration = ended_meeting.registrations.first()
    registration_services.registration_cancel(registration=registration, by=focal)
    questionnaire_for(ended_meeting)
    assert survey_links_sweep(now=timezone.now()) == 1


def test_an_anonymous_answer_is_stored_once_without_the_person(ended_meeting):
    questionnaire = questionnaire_for(ended_meeting, anonymous=True)
    survey_links_sweep(now=timezone.now())
    token = next(iter(tokens_from_outbox().values()))
    response = survey_submit(token=token, answers=answers_for(questionnaire))
    assert (response.invitation, response.member) == (None, None)
    with pytest.raises(SurveyAnswered):
        survey_submit(token=token, answers=answers_for(questionnaire, rating=1))
    assert SurveyResponse.objects.count() == 1
    assert SurveyInvitation.objects.filter(answered_at__isnull=False).count() == 1


def test_a_named_answer_keeps_its_invitation(ended_meeting, quito):
    questionnaire = questionnaire_for(ended_meeting, anonymous=False)
    survey_links_sweep(now=timezone.now())
    token = next(iter(tokens_from_outbox().values()))
    response = survey_submit(token=token, answers=answers_for(questionnaire))
    assert response.invitation.email in tokens_from_outbox()
    assert response.member == quito
    with pytest.raises(SurveyAnswered):
        survey_submit(token=token, answers=answers_for(questionnaire))


def test_invalid_answers_are_refused_and_nothing_is_stored(ended_meeting):
    questionnaire = questionnaire_for(ended_meeting)
    survey_links_sweep(now=timezone.now())
    token = next(iter(tokens_from_outbox().values()))
    bad = answers_for(questionnaire, rating=9)
    with pytest.raises(InvalidAnswers):
        survey_submit(token=token, answers=bad)
    assert SurveyResponse.objects.count() == 0
    assert SurveyInvitation.objects.filter(answered_at__isnull=False).count() == 0


def test_a_closed_questionnaire_takes_no_answers(ended_meeting):
    questionnaire = questionnaire_for(ended_meeting)
    survey_links_sweep(now=timezone.now())
    questionnaire.closes_at = timezone.now() - timedelta(minutes=1)
    questionnaire.save()
    token = next(iter(tokens_from_outbox().values()))
    with pytest.raises(SurveyClosed):
        survey_submit(token=token, answers=answers_for(questionnaire))


def test_an_unknown_token_answers_nothing(ended_meeting):
    questionnaire_for(ended_meeting)
    with pytest.raises(SurveyClosed):
        survey_submit(token="not-a-token", answers={})


def test_results_are_aggregated(ended_meeting):
    questionnaire = questionnaire_for(ended_meeting)
    survey_links_sweep(now=timezone.now())
    for rating, token in zip([5, 3], tokens_from_outbox().values(), strict=True):
        survey_submit(token=token, answers=answers_for(questionnaire, rating=rating))
    count, results = survey_results(questionnaire)
    assert count == 2
    assert results[0].average == 4.0
    assert results[0].distribution == [("1", 0), ("2", 0), ("3", 1), ("4", 0), ("5", 1)]
    assert results[1].distribution == [("Sí", 2), ("No", 0)]
    assert results[2].distribution == [("Ponencias", 2), ("Visitas", 2), ("Networking", 0)]
    assert results[3].texts == ["Muy útil", "Muy útil"]
    assert SurveyAnswer.objects.count() == 8


def test_microrred_survey_links_go_to_its_participants_only(db):
    """The microrred is a subject of the cooperation room, which knows who took part: the technicians
    named for it, not every technician of its cities."""
    from network.subjects import subject_spec
    from programs.cooperation.selectors import microrred_ended_at
    from tests.programs.factories_cooperation import make_microrred

    microrred = make_microrred(size=6, starts_on=date(2024, 6, 15))
    participants = sorted(p.email for part in microrred.participations.all() for p in part.technicians.all())
    bystander = technician_of(microrred.members.all()[0])  # works for a member city, did not take part
    assert len(participants) == 6
    assert sorted(p.email for p in subject_spec(microrred).participants(microrred)) == participants
    questionnaire_for(microrred)
    assert survey_links_sweep(now=microrred_ended_at(microrred) + timedelta(days=1)) == 6
    recipients = sorted(email for m in OutboxMessage.objects.filter(topic="survey-link") for email in m.to)
    assert recipients == participants and bystander.email not in recipients
