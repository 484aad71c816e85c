"""Evaluation surveys: links sent once after the subject ends, answered once (also anonymously)."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from network.mail import mail_send_once
from network.subjects import Participant
from network.subjects import subject_spec

from ..enums import QuestionKind
from ..models import Question
from ..models import Questionnaire
from ..models import SurveyAnswer
from ..models import SurveyInvitation
from ..models import SurveyResponse
from ..models.surveys import token_hash
from .errors import InvalidAnswers
from .errors import SurveyAnswered
from .errors import SurveyClosed


def survey_invite(*, questionnaire: Questionnaire, participant: Participant, now: datetime | None = None) -> bool:
    """Create the participant's single-use link and mail it, once. Returns whether a link went out."""
    if not participant.email:
        return False
    email = participant.email.lower()
    token = secrets.token_urlsafe(24)
    try:
        with transaction.atomic():
            SurveyInvitation.objects.create(
                questionnaire=questionnaire, email=email, name=participant.name, language=participant.language,
                user_id=participant.user_id, person_id=participant.person_id, member_id=participant.member_id,
                token_hash=token_hash(token), sent_at=now or timezone.now(),
            )
            sent = mail_send_once(
                key=f"survey-link:{questionnaire.pk}:{email}",
                to=email, template="events/mail/survey_link", language=participant.language,
                context={"questionnaire": questionnaire, "name": participant.name,
                         "subject": questionnaire.subject,
                         "url": settings.SITE_URL + reverse("events:survey", kwargs={"token": token})},
                topic="survey-link", reference=f"questionnaire-{questionnaire.pk}",
            )
            if sent is None:
                raise IntegrityError("sent before")
    except IntegrityError:
        return False
    return True


def survey_send_links(*, questionnaire: Questionnaire, now: datetime | None = None) -> int:
    now = now or timezone.now()
    spec = subject_spec(questionnaire.subject_type.model_class())
    subject = questionnaire.subject
    if spec is None or subject is None:
        return 0
    sent = sum(survey_invite(questionnaire=questionnaire, participant=p, now=now) for p in spec.participants(subject))
    Questionnaire.objects.filter(pk=questionnaire.pk, links_sent_at__isnull=True).update(links_sent_at=now)
    return sent


def survey_links_sweep(*, now: datetime) -> int:
    """After its subject ends, each participant gets the link of each questionnaire, exactly once."""
    sent = 0
    pending = Questionnaire.objects.filter(send_after_end=True, links_sent_at__isnull=True).select_related(
        "subject_type")
    for questionnaire in pending:
        if not questionnaire.is_open_at(now):
            continue
        spec = subject_spec(questionnaire.subject_type.model_class())
        subject = questionnaire.subject
        if spec is None or subject is None:
            continue
        ended_at = spec.ended_at(subject)
        if ended_at is None or ended_at > now:
            continue
        sent += survey_send_links(questionnaire=questionnaire, now=now)
    return sent


def invitation_for_token(token: str) -> SurveyInvitation | None:
    return (SurveyInvitation.objects.select_related("questionnaire")
            .filter(token_hash=token_hash(token)).first())


def _clean(question: Question, value) -> dict:
    """One answer as stored, or raise InvalidAnswers."""
    empty = value in (None, "", [])
    if empty:
        if question.required:
            raise InvalidAnswers()
        return {}
    if question.kind == QuestionKind.RATING:
        try:
            rating = int(value)
        except (TypeError, ValueError) as exc:
            raise InvalidAnswers() from exc
        if not 1 <= rating <= question.scale_max:
            raise InvalidAnswers()
        return {"rating": rating}
    if question.kind == QuestionKind.SINGLE:
        if value not in question.choices:
            raise InvalidAnswers()
        return {"choices": [value]}
    if question.kind == QuestionKind.MULTIPLE:
        values = list(value) if isinstance(value, list | tuple) else [value]
        if any(v not in question.choices for v in values):
            raise InvalidAnswers()
        return {"choices": values}
    return {"text": str(value).strip()[:5000]}


@transaction.atomic
def survey_submit(*, token: str, answers: dict[int, object], now: datetime | None = None) -> SurveyResponse:
    """Store the answers of the participant holding `token`; a link answers once.

    Anonymous questionnaires keep the response without invitation, member or time of day, so
    nothing ties it to the person; the invitation only records that it was used.
    """
    now = now or timezone.now()
    invitation = SurveyInvitation.objects.select_for_update().filter(token_hash=token_hash(token)).first()
    if invitation is None:
        raise SurveyClosed()
    questionnaire = invitation.questionnaire
    if invitation.answered_at is not None:
        raise SurveyAnswered()
    if not questionnaire.is_open_at(now):
        raise SurveyClosed()
    cleaned = {q: _clean(q, answers.get(q.pk)) for q in questionnaire.questions.all()}
    response = SurveyResponse.objects.create(
        questionnaire=questionnaire,
        invitation=None if questionnaire.anonymous else invitation,
        member_id=None if questionnaire.anonymous else invitation.member_id,
        submitted_on=timezone.localdate(now),
    )
    SurveyAnswer.objects.bulk_create(
        [SurveyAnswer(response=response, question=q, **values) for q, values in cleaned.items() if values]
    )
    invitation.answered_at = now
    invitation.save(update_fields=["answered_at"])
    return response
