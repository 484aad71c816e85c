"""The campus: courses, their editions, enrolments with scholarships, final projects, certificates,
self-paced capsules and ad-hoc training requests. States change only in campus.services."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.documents import stored_name
from network.enums import Currency
from network.models import Member
from network.models import Person
from network.models import Theme
from network.search import SearchTextModel
from programs.calls.models import Application

from .enums import AdhocState
from .enums import CapsuleFormat
from .enums import CourseKind
from .enums import EnrolmentState
from .enums import Modality
from .enums import ProjectGrade
from .enums import ScholarshipState
from .enums import roman


def private_storage():
    from django.core.files.storage import storages

    return storages["private"]


class Course(SearchTextModel):
    SEARCH_FIELDS = ("title", "summary", "description")  # the site search (network.search)

    kind = models.CharField(_("kind"), max_length=20, choices=CourseKind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="courses", blank=True)
    modality = models.CharField(_("modality"), max_length=16, choices=Modality.choices, default=Modality.ONLINE)
    duration_weeks = models.PositiveSmallIntegerField(_("duration (weeks)"), null=True, blank=True)
    hours = models.PositiveSmallIntegerField(_("teaching hours"), null=True, blank=True)
    languages = models.CharField(_("languages"), max_length=100, default="Español",
                                 help_text=_("E.g. Español, Português"))
    requires_final_project = models.BooleanField(
        _("requires a final project"), default=False,
        help_text=_("Students hand in the urban strategy of their city; it must pass before completion."),
    )
    published = models.BooleanField(_("published"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campus:course", kwargs={"slug": self.slug})


class Edition(models.Model):
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="editions")
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("19 is shown as XIX"))
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    seats = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])
    fee = models.DecimalField(_("fee"), max_digits=9, decimal_places=2, default=Decimal("0"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR)
    hours = models.PositiveSmallIntegerField(_("hours on the certificate"), null=True, blank=True)
    teaching_team = models.TextField(_("teaching team"), blank=True, help_text=_("One person per line."))
    enrolment_call = models.ForeignKey(
        "programs.Call", verbose_name=_("enrolment call"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", limit_choices_to={"kind": "course_enrolment"},
        help_text=_("The call (of kind course enrolment) that sets who may enrol and until when."),
    )
    host_call = models.ForeignKey(
        "programs.Call", verbose_name=_("seminar host call"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", limit_choices_to={"kind": "seminar_host"},
    )
    seminar_host = models.ForeignKey(
        Member, verbose_name=_("seminar host city"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="hosted_seminars",
    )
    seminar_starts_on = models.DateField(_("seminar starts on"), null=True, blank=True)
    seminar_ends_on = models.DateField(_("seminar ends on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="edition_unique_number"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="edition_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.course.title} · {self.label}"

    @property
    def label(self) -> str:
        return _("%(number)s edition") % {"number": roman(self.number)}

    @property
    def roman(self) -> str:
        return roman(self.number)

    def get_absolute_url(self) -> str:
        return reverse("campus:course", kwargs={"slug": self.course.slug}) + f"#edition-{self.number}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.enrolment_call_id and self.enrolment_call.kind != "course_enrolment":
            errors["enrolment_call"] = _("Choose a call of kind course enrolment.")
        if self.host_call_id and self.host_call.kind != "seminar_host":
            errors["host_call"] = _("Choose a call of kind seminar host candidacy.")
        if self.seminar_starts_on and self.seminar_ends_on and self.seminar_ends_on < self.seminar_starts_on:
            errors["seminar_ends_on"] = _("The seminar cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def certificate_hours(self) -> int | None:
        return self.hours or self.course.hours


class Enrolment(models.Model):
    """A person's place in an edition. Created with its Application to the edition's enrolment call
    (the answers, the deadline and the eligibility live there); this row is the student's state."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT,
                                related_name="enrolments")
    application = models.OneToOneField(
        "programs.Application", verbose_name=_("application"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="enrolment",
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("student"), on_delete=models.PROTECT,
                             related_name="enrolments")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="enrolments")
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="enrolments")
    state = models.CharField(_("state"), max_length=16, choices=EnrolmentState.choices,
                             default=EnrolmentState.APPLIED)
    scholarship = models.CharField(_("scholarship"), max_length=12, choices=ScholarshipState.choices,
                                   default=ScholarshipState.NONE)
    scholarship_amount = models.DecimalField(_("scholarship amount"), max_digits=9, decimal_places=2,
                                             default=Decimal("0"))
    scholarship_reason = models.TextField(_("reason for the scholarship decision"), blank=True)
    applied_at = models.DateTimeField(_("applied"), default=timezone.now)
    admitted_at = models.DateTimeField(_("admitted"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["applied_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="enrolment_one_per_person"),
        ]
        indexes = [models.Index(fields=["edition", "state"], name="enrolment_edition_state_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.edition}"

    def get_absolute_url(self) -> str:
        return reverse("campus:enrolment", kwargs={"pk": self.pk})

    def certificate_url(self) -> str:
        """Where its certificate's PDF downloads (the lists' rows: reverse costs a third of {% url %})."""
        return reverse("campus:certificate", kwargs={"pk": self.pk})

    @property
    def student_name(self) -> str:
        return self.person.full_name if self.person else (self.user.name or self.user.email)


def project_path(instance: FinalProject, filename: str) -> str:
    return f"campus/projects/{instance.edition_id}/{timezone.now():%Y%m%d%H%M%S}-{stored_name(filename)}"


class FinalProject(models.Model):
    """The urban strategy a student writes for their city. Earlier editions' strategies are kept
    without an enrolment (only the author's name)."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT,
                                related_name="projects")
    enrolment = models.OneToOneField(Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, null=True,
                                     blank=True, related_name="project")
    author_name = models.CharField(_("author"), max_length=200)
    title = models.CharField(_("title"), max_length=250)
    city = models.CharField(_("city"), max_length=150)
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="strategies")
    summary = models.TextField(_("summary"), max_length=4000)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="strategies", blank=True)
    document = models.FileField(_("document"), upload_to=project_path, storage=private_storage, max_length=300,
                                blank=True)
    grade = models.CharField(_("grade"), max_length=8, choices=ProjectGrade.choices, default=ProjectGrade.PENDING)
    feedback = models.TextField(_("feedback"), blank=True)
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)
    graded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("graded by"), on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(_("handed in"), default=timezone.now)

    class Meta:
        verbose_name = _("final project")
        verbose_name_plural = _("final projects")
        ordering = ["-submitted_at", "pk"]
        indexes = [models.Index(fields=["grade", "edition"], name="project_grade_edition_idx")]

    def __str__(self) -> str:
        return self.title


def certificate_path(instance: Certificate, filename: str) -> str:
    return f"campus/certificates/{instance.code}.pdf"


class Certificate(models.Model):
    enrolment = models.OneToOneField(Enrolment, verbose_name=_("enrolment"), on_delete=models.PROTECT,
                                     related_name="certificate")
    code = models.CharField(_("verification code"), max_length=40, unique=True)
    holder_name = models.CharField(_("name"), max_length=200)
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"))
    pdf = models.FileField(_("PDF"), upload_to=certificate_path, storage=private_storage, max_length=300,
                           blank=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "pk"]

    def __str__(self) -> str:
        return self.code

    def get_verification_url(self) -> str:
        return reverse("campus:verify_code", kwargs={"code": self.code})


class Capsule(SearchTextModel):
    SEARCH_FIELDS = ("title", "summary")  # and its theme: the site search (network.search)
    SEARCH_RELATED = ("theme",)

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    format = models.CharField(_("format"), max_length=10, choices=CapsuleFormat.choices, default=CapsuleFormat.VIDEO)
    url = models.URLField(_("link"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    theme = models.ForeignKey(Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="capsules")
    published = models.BooleanField(_("published"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("capsule")
        verbose_name_plural = _("capsules")
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def search_extra(self) -> list[str]:
        theme = self.theme if self.theme_id else None
        return [theme.name, theme.name_pt, theme.name_en] if theme else []


class CapsuleCompletion(models.Model):
    capsule = models.ForeignKey(Capsule, on_delete=models.CASCADE, related_name="completions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="capsules_done")
    done_at = models.DateTimeField(_("done"), default=timezone.now)

    class Meta:
        verbose_name = _("capsule done")
        verbose_name_plural = _("capsules done")
        constraints = [models.UniqueConstraint(fields=["capsule", "user"], name="capsule_done_once")]


class AdhocTraining(models.Model):
    """A request for tailored training (an application to the all-year ad-hoc call) followed by staff."""

    application = models.OneToOneField("programs.Application", verbose_name=_("request"),
                                       on_delete=models.PROTECT, related_name="adhoc_training")
    institution = models.CharField(_("institution"), max_length=200)
    state = models.CharField(_("state"), max_length=12, choices=AdhocState.choices, default=AdhocState.REQUESTED)
    course = models.ForeignKey(Course, verbose_name=_("course delivered"), on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="adhoc_requests")
    notes = models.TextField(_("staff notes"), blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("ad-hoc training request")
        verbose_name_plural = _("ad-hoc training requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.institution} · {self.application.title}"



class SeminarHostCandidacyManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(call__kind="seminar_host")


class SeminarHostCandidacy(Application):
    """The applications of seminar host calls, listed in the campus admin (a proxy: no table)."""

    objects = SeminarHostCandidacyManager()

    class Meta:
        proxy = True
        verbose_name = _("seminar host candidacy")
        verbose_name_plural = _("seminar host candidacies")
