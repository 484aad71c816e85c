"""Knowledge: webinars (the monthly cycle of encounters), the good-practice bank with its record of
transfers between cities, and the external funding opportunities the secretariat relays."""

from __future__ import annotations

import secrets
import zoneinfo
from datetime import datetime
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from network.content_language import each_language
from network.documents import stored_name
from network.enums import Language
from network.search import SearchTextModel
from network.text import search_key
from network.timezones import in_zone
from network.timezones import validate_time_zone

from .enums import PracticeFileKind
from .enums import PracticeState
from .enums import TransferKind
from .enums import WebinarState

__all__ = [
    "FundingOpportunity",
    "GoodPractice",
    "PracticeFile",
    "PracticeTransfer",
    "Webinar",
    "WebinarRegistration",
    "practice_file_path",
]


def _token() -> str:
    return secrets.token_urlsafe(24)


class Webinar(SearchTextModel):
    """One encounter of the monthly cycle: a city presents a practice online, open to the public."""

    SEARCH_FIELDS = ("title", "summary", "speakers")  # and the presenting city: the site search (network.search)
    SEARCH_RELATED = ("presenting_member",)

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=90, validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Madrid",
                                 validators=[validate_time_zone],
                                 help_text=_("The time is shown in this time zone (and in the visitor's)."))
    presenting_member = models.ForeignKey("network.Member", verbose_name=_("presenting city"), null=True,
                                          blank=True, on_delete=models.SET_NULL, related_name="webinars")
    speakers = models.TextField(_("speakers"), blank=True, help_text=_("One per line: name, position."))
    themes = models.ManyToManyField("network.Theme", verbose_name=_("themes"), blank=True, related_name="webinars")
    online_url = models.URLField(_("online link"), blank=True,
                                 help_text=_("Sent to registered people; not shown on the public page."))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True,
                                           validators=[MinValueValidator(1)],
                                           help_text=_("Empty: no limit."))
    state = models.CharField(_("state"), max_length=20, choices=WebinarState.choices, default=WebinarState.DRAFT)
    recording_url = models.URLField(_("recording link"), blank=True)
    attendance_count = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    proposal = models.OneToOneField("programs.Application", verbose_name=_("proposal"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="webinar",
                                    help_text=_("The accepted application of a webinar call this draft came from."))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("webinar")
        verbose_name_plural = _("webinars")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["state", "starts_at"], name="webinar_state_starts_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:webinar", kwargs={"slug": self.slug})

    def search_extra(self) -> list[str]:
        return [self.presenting_member.name] if self.presenting_member_id else []

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def local_starts_at(self) -> datetime:
        return in_zone(self.starts_at, self.tz)

    @property
    def speaker_lines(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]

    def is_past(self, now: datetime | None = None) -> bool:
        return self.ends_at <= (now or timezone.now())


class WebinarRegistration(models.Model):
    """A visitor's place in a webinar; no account needed. Unsubscribing keeps the row (cancelled_at)."""

    webinar = models.ForeignKey(Webinar, verbose_name=_("webinar"), on_delete=models.CASCADE,
                                related_name="registrations")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    institution = models.CharField(_("institution"), max_length=200)
    country = CountryField(_("country"))
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ES)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("webinar registration")
        verbose_name_plural = _("webinar registrations")
        ordering = ["registered_at"]
        constraints = [
            models.UniqueConstraint("webinar", Lower("email"), name="webinar_registration_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None


class GoodPractice(models.Model):
    """A practice a member city documents for others to learn from and adopt."""

    member = models.ForeignKey("network.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="good_practices")
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    summary = models.TextField(_("summary"), max_length=1000)
    body = models.TextField(_("body"), blank=True)
    themes = models.ManyToManyField("network.Theme", verbose_name=_("themes"), blank=True,
                                    related_name="good_practices")
    sdgs = models.ManyToManyField("network.SustainableDevelopmentGoal", verbose_name=_("SDGs"), blank=True,
                                  related_name="good_practices")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1950), MaxValueValidator(2100)])
    state = models.CharField(_("state"), max_length=20, choices=PracticeState.choices, default=PracticeState.DRAFT)
    review_comment = models.TextField(_("comment from the secretariat"), blank=True)
    microrred = models.ForeignKey("programs.Microrred", verbose_name=_("presented in microrred"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="good_practices")
    webinar = models.ForeignKey(Webinar, verbose_name=_("presented in webinar"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="good_practices")
    mentorship = models.ForeignKey("programs.Mentorship", verbose_name=_("presented in mentorship"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="good_practices")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Accent-free, lower-case title, summary, body, city and themes (network.text.search_key).
    search_text = models.TextField(editable=False, blank=True, default="")
    # PostgreSQL only, kept in step with search_text and title by a trigger (migration 0007), empty on
    # SQLite: search_text's Spanish and Portuguese stems and plain words, without positions (what
    # matches, through a GIN index), and the same of the title and themes, with positions (what ranks).
    search_document = SearchVectorField(null=True, editable=False)
    search_rank_document = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-year", "title"]
        indexes = [
            models.Index(fields=["state", "year"], name="practice_state_year_idx"),
            models.Index(fields=["member", "state"], name="practice_member_state_idx"),
            # The latest published practices (the home page): read in order, never sorted.
            # No NULLS LAST (SQLite cannot index it): published practices always have a date.
            models.Index(models.F("published_at").desc(), models.F("id").desc(),
                         condition=models.Q(state=PracticeState.PUBLISHED, published_at__isnull=False),
                         name="practice_latest_published_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:practice", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def build_search_text(self, theme_names: list[str] | None = None) -> str:
        """Everything a visitor may type, accent-free. Theme names come from the services (after the
        many-to-many is saved); without them the ones already in the key are kept."""
        if theme_names is None:
            marker = " | "
            theme_part = self.search_text.split(marker, 1)[1] if marker in self.search_text else ""
        else:
            theme_part = search_key(*theme_names)
        member_name = self.member.name if self.member_id else ""
        # Every language's text (programs/translation.py), so a search in any of them finds the practice.
        texts = {field: [getattr(self, name) for name in each_language(field)] for field in ("title", "summary", "body")}
        base = search_key(*dict.fromkeys(t for t in texts["title"] if t), member_name,
                          *dict.fromkeys(t for t in texts["summary"] + texts["body"] if t))
        return f"{base} | {theme_part}" if theme_part else base


def practice_file_path(instance: PracticeFile, filename: str) -> str:
    # Public storage: a random part keeps files of unpublished practices from being guessed.
    return f"practices/{instance.practice.slug}/{secrets.token_urlsafe(8)}-{stored_name(filename)}"


class PracticeFile(models.Model):
    """An image or document of a practice, in public storage (published practices are public)."""

    practice = models.ForeignKey(GoodPractice, verbose_name=_("practice"), on_delete=models.CASCADE,
                                 related_name="files")
    file = models.FileField(_("file"), upload_to=practice_file_path, max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=PracticeFileKind.choices)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("image or document")
        verbose_name_plural = _("images and documents")
        ordering = ["kind", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.caption or self.original_name


class PracticeTransfer(models.Model):
    """Another city adopted or adapted a practice."""

    practice = models.ForeignKey(GoodPractice, verbose_name=_("practice"), on_delete=models.CASCADE,
                                 related_name="transfers")
    member = models.ForeignKey("network.Member", verbose_name=_("adopting city"), on_delete=models.PROTECT,
                               related_name="adopted_practices")
    kind = models.CharField(_("kind"), max_length=10, choices=TransferKind.choices, default=TransferKind.ADOPTED)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1950), MaxValueValidator(2100)])
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("practice transfer")
        verbose_name_plural = _("practice transfers")
        ordering = ["year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "member"], name="practice_transfer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.practice} → {self.member}"


class FundingOpportunity(SearchTextModel):
    """An external call (a funder's programme) the secretariat relays to the member cities."""

    SEARCH_FIELDS = ("title", "funder", "programme", "summary", "eligible_regions")  # the site search

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    funder = models.CharField(_("funder"), max_length=200)
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    deadline = models.DateTimeField(_("deadline"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Brussels",
                                 validators=[validate_time_zone],
                                 help_text=_("The funder's deadline is defined in this time zone."))
    themes = models.ManyToManyField("network.Theme", verbose_name=_("themes"), blank=True,
                                    related_name="funding_opportunities",
                                    help_text=_("Members working on these themes see it on their portal."))
    eligible_regions = models.CharField(_("eligible regions"), max_length=300, blank=True,
                                        help_text=_("As the funder words it, e.g. Latin America and the EU."))
    territorial_networks = models.ManyToManyField(
        "network.TerritorialNetwork", verbose_name=_("territorial networks that may apply"), blank=True,
        related_name="funding_opportunities", help_text=_("Empty: every member may apply."),
    )
    url = models.URLField(_("link"))
    published = models.BooleanField(_("published"), default=False)
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before the deadline)"), default=14, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("funding opportunity")
        verbose_name_plural = _("funding opportunities")
        ordering = ["deadline"]
        indexes = [models.Index(fields=["published", "deadline"], name="funding_published_deadline_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{reverse('programs:funding_list')}#{self.slug}"

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_deadline(self) -> datetime:
        return in_zone(self.deadline, self.tz)

