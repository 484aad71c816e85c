"""Evaluation questionnaires attached to an event, a course edition or a microrred.

An invitation holds only the hash of the participant's link token and when it was used; an
anonymous response is stored without any link to the invitation, so "answered once" is kept on the
invitation and the answers cannot be traced back to the person.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import QuestionKind


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def subject_content_types():
    """Only models registered with network.subjects can carry a questionnaire."""
    from network.subjects import subject_labels

    q = Q(pk__in=[])
    for label in subject_labels():
        app_label, model = label.split(".")
        q |= Q(app_label=app_label, model=model)
    return q


class Questionnaire(models.Model):
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    subject_type = models.ForeignKey(ContentType, verbose_name=_("about (type)"), on_delete=models.PROTECT,
                                     limit_choices_to=subject_content_types)
    subject_id = models.PositiveBigIntegerField(_("about (id)"))
    subject = GenericForeignKey("subject_type", "subject_id")
    anonymous = models.BooleanField(_("anonymous answers"), default=True,
                                    help_text=_("Answers are stored without the participant's name or city."))
    send_after_end = models.BooleanField(_("send the link when it ends"), default=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    links_sent_at = models.DateTimeField(_("links sent"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation questionnaire")
        verbose_name_plural = _("evaluation questionnaires")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="questionnaire_subject_idx")]

    def __str__(self) -> str:
        return self.title

    def is_open_at(self, now) -> bool:
        return self.closes_at is None or now < self.closes_at


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices, default=QuestionKind.RATING)
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(_("choices"), default=list, blank=True,
                               help_text=_('Single and multiple choice: a list, e.g. ["Yes", "No"].'))
    scale_max = models.PositiveSmallIntegerField(_("highest rating"), default=5,
                                                 validators=[MinValueValidator(2), MaxValueValidator(10)])
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class SurveyInvitation(models.Model):
    """One participant's link. Only the token's hash is kept; `answered_at` makes it single-use."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, default="es")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    person = models.ForeignKey("network.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    member = models.ForeignKey("network.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["questionnaire", "email"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "email"], name="survey_invitation_once_per_email"),
        ]

    def __str__(self) -> str:
        return f"{self.email} · {self.questionnaire}"


class SurveyResponse(models.Model):
    """One set of answers. Named responses keep their invitation; anonymous ones keep nothing."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="responses")
    invitation = models.OneToOneField(SurveyInvitation, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="response")
    member = models.ForeignKey("network.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["questionnaire", "pk"]

    def __str__(self) -> str:
        return f"{self.questionnaire} #{self.pk}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once_per_question"),
        ]
