"""Calls [convocatorias] and the applications that answer them."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.documents import stored_name
from network.models import Member
from network.models import Person
from network.models import Theme
from network.search import SearchTextModel
from network.timezones import in_zone
from network.timezones import validate_time_zone

from .enums import DECIDED_STATES
from .enums import ApplicationState
from .enums import CallKind
from .enums import CallState
from .enums import Eligibility


def validate_offsets(value) -> None:
    if not isinstance(value, list) or not all(isinstance(v, int) and 0 < v <= 90 for v in value):
        raise ValidationError(_("Give reminder offsets as a list of whole days between 1 and 90, e.g. [7, 1]."))


def default_offsets() -> list[int]:
    return [7, 1]


def default_criteria() -> list[str]:
    return ["Relevancia", "Calidad de la propuesta", "Capacidad de transferencia"]


class Call(SearchTextModel):
    """One call for applications. Every application in the portal answers a call."""

    SEARCH_FIELDS = ("title", "summary", "description")  # the site search (network.search)

    kind = models.CharField(_("kind"), max_length=24, choices=CallKind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="calls", blank=True)
    published = models.BooleanField(
        _("published"), default=False, help_text=_("A call that is not published stays a draft.")
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True, help_text=_("Empty: open all year."))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Madrid", validators=[validate_time_zone],
        help_text=_("The deadline is defined in this time zone."),
    )
    eligibility = models.CharField(
        _("who may apply"), max_length=16, choices=Eligibility.choices, default=Eligibility.MEMBERS
    )
    population_min = models.PositiveIntegerField(
        _("minimum population"), null=True, blank=True,
        help_text=_("Members below this population cannot apply (e.g. 100000)."),
    )
    max_per_member = models.PositiveSmallIntegerField(
        _("applications per member"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("E.g. at most 3 experiences per city. Empty: no limit."),
    )
    max_per_person = models.PositiveSmallIntegerField(
        _("applications per person"), null=True, blank=True, validators=[MinValueValidator(1)],
    )
    places = models.PositiveSmallIntegerField(
        _("places"), null=True, blank=True,
        help_text=_("How many applications can be accepted; the waiting list is promoted when one withdraws."),
    )
    requires_endorsement = models.BooleanField(
        _("requires the city's endorsement"), default=False,
        help_text=_("A technician's application waits until a focal point of the city endorses it."),
    )
    reminder_offsets = models.JSONField(
        _("reminders (days before the deadline)"), default=default_offsets, validators=[validate_offsets]
    )
    review_criteria = models.JSONField(_("review criteria"), default=default_criteria, blank=True)
    score_max = models.PositiveSmallIntegerField(
        _("highest score"), default=5, validators=[MinValueValidator(2), MaxValueValidator(100)]
    )
    blind_review = models.BooleanField(
        _("blind review"), default=False, help_text=_("Reviewers do not see the applicant's city or name.")
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_at"]
        indexes = [
            models.Index(fields=["published", "closes_at"], name="call_published_closes_idx"),
            models.Index(fields=["kind", "opens_at"], name="call_kind_opens_idx"),
            # The newest calls first (the admin's list and the application list's call filter): read
            # from the index instead of sorting every call of ten years on each page.
            models.Index(fields=["opens_at", "id"], name="call_opens_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:call", kwargs={"slug": self.slug})

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def state_at(self, now: datetime | None = None) -> str:
        """The state follows from the dates and the decisions; it is never stored."""
        now = now or timezone.now()
        if not self.published:
            return CallState.DRAFT
        if self.resolved_at is not None:
            return CallState.RESOLVED
        if now < self.opens_at:
            return CallState.SCHEDULED
        if self.closes_at is not None and now >= self.closes_at:
            return CallState.CLOSED
        return CallState.OPEN

    @property
    def state(self) -> str:
        return self.state_at()

    def get_state_display(self) -> str:
        return CallState(self.state).label

    def accepts_submissions_at(self, now: datetime) -> bool:
        """Submissions are accepted up to, not including, the deadline's second."""
        return self.state_at(now) == CallState.OPEN

    @property
    def closes_at_local(self) -> datetime | None:
        return in_zone(self.closes_at, self.tz)

    @property
    def opens_at_local(self) -> datetime:
        return in_zone(self.opens_at, self.tz)


class CallAccessCode(models.Model):
    """Lets a named applicant submit after the deadline (granted by the secretariat)."""

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="access_codes")
    code = models.CharField(_("code"), max_length=32, unique=True)
    email = models.EmailField(_("for (e-mail)"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    valid_until = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("access code")
        verbose_name_plural = _("access codes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.code} ({self.email})"


class Application(models.Model):
    """An answer to a call: a draft until submitted, then reviewed and decided."""

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications")
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applicant"), on_delete=models.PROTECT,
        related_name="applications",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="applications",
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="applications", help_text=_("The city or entity the application is made for."),
    )
    title = models.CharField(_("title"), max_length=250, blank=True)
    data = models.JSONField(_("answers"), default=dict, blank=True)
    # The last autosave kept: which open page sent it and its edit number there. A save that set off
    # earlier from the same page but arrived later is ignored, so it cannot undo newer typing.
    draft_page = models.CharField(max_length=32, blank=True, editable=False)
    draft_revision = models.PositiveIntegerField(default=0, editable=False)
    state = models.CharField(
        _("state"), max_length=24, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    access_code = models.ForeignKey(
        CallAccessCode, verbose_name=_("access code"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    return_comment = models.TextField(_("comment from the focal point"), blank=True)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("endorsed by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    endorsed_at = models.DateTimeField(_("endorsed at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # The secretariat's decision not yet released: the applicant sees it, and gets its e-mail, in the
    # one step that releases it (programs.calls.services.decisions). Blank when nothing is pending.
    pending_decision = models.CharField(
        _("decision pending release"), max_length=24, blank=True, editable=False,
        choices=[(state.value, state.label) for state in DECIDED_STATES],
    )
    pending_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True,
        blank=True, editable=False, related_name="+",
    )
    pending_decided_at = models.DateTimeField(_("decided at (pending)"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Its moves, as the one state engine audits them (network.workflow): who, as whom, when, why.
    state_changes = GenericRelation("network.StateChange", related_query_name="application")

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        # Given to a staff role (the coordination): who applied to a blind-review call (calls/rules.py).
        permissions = [("see_applicant_identity", _("Can see who applied to blind-review calls"))]
        indexes = [
            models.Index(fields=["call", "state"], name="application_call_state_idx"),
            models.Index(fields=["member", "state"], name="application_member_state_idx"),
            models.Index(fields=["applicant", "state"], name="application_applicant_idx"),
            # The secretariat's list of one call, newest submissions first (the admin adds -pk).
            models.Index(fields=["call", "-submitted_at", "-created_at", "-id"], name="application_call_newest_idx"),
        ]
        constraints = [
            # One draft per person and call: a double click on "apply" resumes it, never duplicates.
            models.UniqueConstraint(
                fields=["call", "applicant"], condition=Q(state="draft"), name="application_one_draft_per_call"
            ),
        ]

    def __str__(self) -> str:
        # `title_shown`, when a page has set it, is the title a blind reviewer may read (the admin sets
        # it on the application it shows, so its headings, breadcrumbs and log never name the city).
        return f"{self.reference} · {self.__dict__.get('title_shown', self.title) or self.call.title}"

    def get_absolute_url(self) -> str:
        return reverse("programs:application", kwargs={"reference": self.reference})


def private_storage():
    """Uploaded documents live outside MEDIA_ROOT and are served only through a permission check."""
    from django.core.files.storage import storages

    return storages["private"]


def application_document_path(instance: ApplicationDocument, filename: str) -> str:
    return f"applications/{instance.application.reference}/{timezone.now():%Y%m%d%H%M%S}-{stored_name(filename)}"


class ApplicationDocument(models.Model):
    """A file attached to an application, stored privately and served only to those allowed."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(_("file"), upload_to=application_document_path, storage=private_storage, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


def may_review() -> Q:
    """The people a review can be given to: active staff whose role lets them write reviews (the
    `programs.add_review` permission, given to them or to one of their groups), and superusers. The
    admin's reviewer choice lists only them."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    perm = Permission.objects.filter(content_type__app_label="programs", codename="add_review")
    holders = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(user_permissions__in=perm) | Q(groups__permissions__in=perm))
    return Q(is_staff=True, is_active=True, pk__in=holders.values("pk"))


class Review(models.Model):
    """A reviewer's scores per criterion and comment on one application."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="reviews",
        limit_choices_to=may_review,
    )
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["assigned_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="review_one_per_reviewer"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.application.reference}"

    @property
    def total(self) -> float | None:
        values = [v for v in self.scores.values() if isinstance(v, int | float)]
        return sum(values) / len(values) if values else None


class ReminderSent(models.Model):
    """Proof that one reminder went out: unique per call, recipient and offset, so never twice."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reminders_sent")
    recipient = models.EmailField(_("recipient"))
    offset_days = models.PositiveSmallIntegerField()
    deadline = models.DateTimeField(help_text="The deadline the reminder was about (an extension starts anew).")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["call", "recipient", "offset_days", "deadline"], name="reminder_once"),
        ]
