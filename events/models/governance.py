"""Sessions of the board, the executive committee and the general assembly, and their agreements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.timezones import validate_time_zone

from ..enums import BODY_CODE
from ..enums import AgreementStatus
from ..enums import Body
from ..enums import SessionKind
from ..enums import roman


class BoardSession(models.Model):
    """E.g. the 12th ordinary session of the board in 2023."""

    body = models.CharField(_("body"), max_length=24, choices=Body.choices, default=Body.BOARD)
    kind = models.CharField(_("type"), max_length=16, choices=SessionKind.choices, default=SessionKind.ORDINARY)
    number = models.PositiveSmallIntegerField(_("number"))
    held_at = models.DateTimeField(_("date"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Madrid",
                                 validators=[validate_time_zone])
    place = models.CharField(_("place"), max_length=250, blank=True)
    notes = models.TextField(_("notes of the minutes"), blank=True)
    carried_agreements = models.ManyToManyField(
        "Agreement", verbose_name=_("agreements followed up"), blank=True, related_name="followed_up_in",
        help_text=_("Open agreements of earlier sessions, listed when the session was created."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("governing-body session")
        verbose_name_plural = _("governing-body sessions")
        ordering = ["-held_at"]
        constraints = [
            models.UniqueConstraint(fields=["body", "kind", "number"], name="board_session_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()} · {self.number_label}"

    @property
    def number_label(self) -> str:
        return f"{roman(self.number)} {self.get_kind_display().lower()} ({timezone.localtime(self.held_at):%Y})"

    @property
    def code_prefix(self) -> str:
        prefix = BODY_CODE[self.body]
        if self.kind == SessionKind.EXTRAORDINARY:
            prefix += "E"
        return f"{prefix}-{roman(self.number)}"


class SessionAttendance(models.Model):
    """The quorum list: who was called, whether present, in what capacity."""

    session = models.ForeignKey(BoardSession, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("network.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    capacity = models.CharField(_("capacity"), max_length=200, blank=True, help_text=_("E.g. president, member"))
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("quorum list")
        ordering = ["session", "pk"]

    def __str__(self) -> str:
        return self.name


class AgendaItem(models.Model):
    session = models.ForeignKey(BoardSession, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=300)
    is_follow_up = models.BooleanField(_("follow-up of earlier agreements"), default=False, editable=False)
    notes = models.TextField(_("discussion"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["session", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Agreement(models.Model):
    session = models.ForeignKey(BoardSession, verbose_name=_("session"), on_delete=models.PROTECT,
                                related_name="agreements")
    sequence = models.PositiveSmallIntegerField(_("number in the session"))
    code = models.CharField(_("code"), max_length=30, unique=True, editable=False)
    text = models.TextField(_("agreement"))
    responsible = models.ForeignKey("network.Person", verbose_name=_("responsible person"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="agreements")
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=AgreementStatus.choices,
                              default=AgreementStatus.PENDING)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["session__held_at", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["session", "sequence"], name="agreement_sequence_once"),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="agreement_status_due_idx")]

    def __str__(self) -> str:
        return self.code


class AgreementNote(models.Model):
    """A dated follow-up note on an agreement (and the status it left it in)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("note"))
    status = models.CharField(_("status after the note"), max_length=12, choices=AgreementStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")
        ordering = ["agreement", "written_on", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="agreement_note_not_empty")]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.written_on}"
