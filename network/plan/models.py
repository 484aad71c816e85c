"""Action plans: a year's action lines (objectives), their activities and the reports rendered."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import STAGES
from .enums import ReportState
from .enums import Stage

# What an activity can point to as "carried out by": calls, microrredes, courses, editions, events,
# surveys … (any model of these apps).
LINKABLE_APPS = ("programs", "campus", "events")


class ActionPlan(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        app_label = "network"
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class ActionLine(models.Model):
    """An objective of the plan; the report gives each one a chapter."""

    plan = models.ForeignKey(ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE,
                             related_name="lines")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=300)
    objective = models.TextField(_("objective"), blank=True)
    figure_groups = models.JSONField(
        _("figures in this chapter"), default=list, blank=True,
        help_text=_("Which groups of live figures the report shows in this line's chapter."),
    )

    class Meta:
        app_label = "network"
        verbose_name = _("action line")
        verbose_name_plural = _("action lines")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="action_line_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Activity(models.Model):
    line = models.ForeignKey(ActionLine, verbose_name=_("action line"), on_delete=models.CASCADE,
                             related_name="activities")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    description = models.TextField(_("description"))
    responsible = models.ForeignKey("network.Person", verbose_name=_("responsible person"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="plan_activities")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.NONE)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        app_label = "network"
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["line", "position", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def percent(self) -> int:
        return STAGES[self.stage].percent

    @property
    def compliance(self):
        return STAGES[self.stage].compliance

    @property
    def colour(self) -> str:
        return STAGES[self.stage].colour


class ActivityLink(models.Model):
    """What carries an activity out: a call, a microrred, a course edition, an event, a survey …"""

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE,
                                 related_name="links")
    content_type = models.ForeignKey("contenttypes.ContentType", verbose_name=_("kind"), on_delete=models.CASCADE,
                                     limit_choices_to=Q(app_label__in=LINKABLE_APPS))
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        app_label = "network"
        verbose_name = _("carried out by")
        verbose_name_plural = _("carried out by")
        constraints = [
            models.UniqueConstraint(fields=["activity", "content_type", "object_id"], name="activity_link_once"),
        ]

    def __str__(self) -> str:
        return str(self.target) if self.target is not None else f"{self.content_type} #{self.object_id}"


def report_path(instance: ReportRun, filename: str) -> str:
    return f"reports/{instance.year}/{filename}"


def private_storage():
    from django.core.files.storage import storages

    return storages["private"]


class ReportRun(models.Model):
    """One rendering of a report: queued, running with its progress, done with its file."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual action-line report")
        MEMBER = "member", _("City participation")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ANNUAL)
    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=8, default="es")
    member = models.ForeignKey("network.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="report_runs")
    state = models.CharField(_("state"), max_length=10, choices=ReportState.choices, default=ReportState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    step = models.CharField(_("step"), max_length=120, blank=True)
    file = models.FileField(_("file"), upload_to=report_path, storage=private_storage, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Published on /reports/ (annual reports only, one per year and language), with the headline
    # figures as they were when it was published, in its language. Who published it: the admin's log.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    summary = models.JSONField(_("summary figures"), default=list, blank=True, editable=False)

    class Meta:
        app_label = "network"
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["year", "language"], condition=Q(published_at__isnull=False),
                                    name="one_published_report_per_year_and_language"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} ({self.language})"
