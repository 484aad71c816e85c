"""Cooperation programmes: microrredes, mentorships and city pairings.

Models hold fields, constraints and cheap properties; every write goes through
programs.cooperation.services (forming a microrred, sessions, attendance, mentorship moves,
visits and travellers), which enforces the size rules and caps under row locks.
"""

from __future__ import annotations

import calendar
import zoneinfo
from datetime import date
from datetime import datetime
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.timezones import in_zone
from network.timezones import validate_time_zone
from programs.calls.models import private_storage

from .enums import DEFAULT_TIME_ZONE
from .enums import AttendanceAnswer
from .enums import MentorshipSide
from .enums import MentorshipState
from .enums import MicrorredPhase
from .enums import PairingState


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the last day of that month (31 January + 1 → 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

__all__ = [
    "Microrred", "MicrorredParticipation", "MicrorredSession", "SessionAttendance", "MicrorredDocument",
    "Mentorship", "MentorshipSession", "CityPairing", "PairingMilestone", "PairingVisit", "VisitTraveller",
]


class Microrred(models.Model):
    """A small group of 6–8 member cities working on one theme for a few months."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    theme = models.ForeignKey("network.Theme", verbose_name=_("theme"), on_delete=models.PROTECT,
                              related_name="microrredes")
    call = models.ForeignKey("programs.Call", verbose_name=_("call"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="microrredes",
                             help_text=_("The microrred call whose accepted applications formed it."))
    edition = models.PositiveSmallIntegerField(_("edition"), help_text=_("e.g. 5 for the fifth edition"))
    year = models.PositiveSmallIntegerField(_("year"))
    summary = models.TextField(_("summary"), blank=True)
    starts_on = models.DateField(_("start date"))
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(24)])
    session_time = models.TimeField(_("session time"), default="16:00",
                                    help_text=_("Local time of the monthly sessions, in the time zone below."))
    session_minutes = models.PositiveSmallIntegerField(
        _("session length (minutes)"), default=90, validators=[MinValueValidator(15), MaxValueValidator(480)])
    time_zone = models.CharField(_("time zone"), max_length=64, default=DEFAULT_TIME_ZONE,
                                 validators=[validate_time_zone])
    online_link = models.URLField(_("online meeting link"), blank=True)
    coordinator = models.ForeignKey("network.Person", verbose_name=_("coordinator"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="coordinated_microrredes")
    members = models.ManyToManyField("network.Member", verbose_name=_("member cities"), blank=True,
                                     related_name="microrredes", through="MicrorredParticipation")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("microrred")
        verbose_name_plural = _("microrredes")
        ordering = ["-year", "-edition", "title"]
        indexes = [models.Index(fields=["year", "edition"], name="microrred_year_edition_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:microrred", kwargs={"slug": self.slug})

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def ends_on(self) -> date:
        return add_months(self.starts_on, self.duration_months) - timedelta(days=1)

    def phase_on(self, today: date) -> str:
        if today < self.starts_on:
            return MicrorredPhase.UPCOMING
        if today > self.ends_on:
            return MicrorredPhase.FINISHED
        return MicrorredPhase.RUNNING

    @property
    def phase(self) -> str:
        return self.phase_on(timezone.localdate())

    def get_phase_display(self) -> str:
        return MicrorredPhase(self.phase).label


class MicrorredParticipation(models.Model):
    """A member city in a microrred, with its technicians responsible for the theme."""

    microrred = models.ForeignKey(Microrred, verbose_name=_("microrred"), on_delete=models.CASCADE,
                                  related_name="participations")
    member = models.ForeignKey("network.Member", verbose_name=_("member city"), on_delete=models.PROTECT,
                               related_name="microrred_participations")
    application = models.OneToOneField("programs.Application", verbose_name=_("application"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="microrred_participation")
    technicians = models.ManyToManyField("network.Person", verbose_name=_("technicians"), blank=True,
                                         related_name="microrred_participations")
    time_zone = models.CharField(_("time zone"), max_length=64, default=DEFAULT_TIME_ZONE,
                                 validators=[validate_time_zone],
                                 help_text=_("Session times are shown to this city in this time zone."))
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("participating city")
        verbose_name_plural = _("participating cities")
        ordering = ["member__name"]
        constraints = [
            models.UniqueConstraint(fields=["microrred", "member"], name="microrred_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.microrred}"


class MicrorredSession(models.Model):
    """One monthly meeting: date and time (an aware datetime), agenda, link, minutes."""

    microrred = models.ForeignKey(Microrred, verbose_name=_("microrred"), on_delete=models.CASCADE,
                                  related_name="sessions")
    number = models.PositiveSmallIntegerField(_("number"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    agenda = models.TextField(_("agenda"), blank=True)
    online_link = models.URLField(_("online link"), blank=True,
                                  help_text=_("Empty: the microrred's link."))
    minutes = models.TextField(_("minutes"), blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["microrred", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["microrred", "number"], name="microrred_session_number_once"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
        ]
        indexes = [models.Index(fields=["starts_at"], name="microrred_session_start_idx")]

    def __str__(self) -> str:
        return f"{self.microrred} · {self.number}"

    @property
    def link(self) -> str:
        return self.online_link or self.microrred.online_link

    def local_start(self, zone: str) -> datetime:
        return in_zone(self.starts_at, zone)

    def local_end(self, zone: str) -> datetime:
        return in_zone(self.ends_at, zone)


class SessionAttendance(models.Model):
    """A city's answer before a session and, afterwards, whether it attended (recorded by staff)."""

    session = models.ForeignKey(MicrorredSession, verbose_name=_("session"), on_delete=models.CASCADE,
                                related_name="attendances")
    member = models.ForeignKey("network.Member", verbose_name=_("member city"), on_delete=models.CASCADE,
                               related_name="session_attendances")
    answer = models.CharField(_("answer"), max_length=12, choices=AttendanceAnswer.choices,
                              default=AttendanceAnswer.PENDING)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="session_attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.session}"


def microrred_document_path(instance: MicrorredDocument, filename: str) -> str:
    return f"microrredes/{instance.microrred.slug}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class MicrorredDocument(models.Model):
    """A document of a microrred (presentation, minutes, resulting publication): a file or a link."""

    microrred = models.ForeignKey(Microrred, verbose_name=_("microrred"), on_delete=models.CASCADE,
                                  related_name="documents")
    session = models.ForeignKey(MicrorredSession, verbose_name=_("session"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=microrred_document_path, storage=private_storage,
                            max_length=300, blank=True)
    url = models.URLField(_("link"), blank=True)
    public = models.BooleanField(_("public"), default=False,
                                 help_text=_("Shown on the microrred's public page (resulting documents)."))
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-added_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="microrred_document_file_or_url"),
        ]

    def __str__(self) -> str:
        return self.title


class Mentorship(models.Model):
    """A mentor member city accompanies a mentee city on one theme."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    mentee = models.ForeignKey("network.Member", verbose_name=_("mentee city"), on_delete=models.PROTECT,
                               related_name="mentorships_received")
    mentor = models.ForeignKey("network.Member", verbose_name=_("mentor city"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="mentorships_given")
    theme = models.ForeignKey("network.Theme", verbose_name=_("theme"), on_delete=models.PROTECT,
                              related_name="mentorships")
    application = models.OneToOneField("programs.Application", verbose_name=_("request"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="mentorship")
    objectives = models.TextField(_("objectives"))
    state = models.CharField(_("state"), max_length=20, choices=MentorshipState.choices,
                             default=MentorshipState.REQUESTED)
    matched_at = models.DateTimeField(_("matched"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    mentee_report = models.TextField(_("final report of the mentee city"), blank=True)
    mentor_report = models.TextField(_("final report of the mentor city"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(mentor__isnull=True) | ~Q(mentor=models.F("mentee")),
                                   name="mentorship_mentor_not_mentee"),
            models.CheckConstraint(condition=Q(state="requested") | Q(state="cancelled") | Q(mentor__isnull=False),
                                   name="mentorship_matched_has_mentor"),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="mentorship_state_idx")]

    def __str__(self) -> str:
        return self.reference

    def report_of(self, side: str) -> str:
        return self.mentee_report if side == MentorshipSide.MENTEE else self.mentor_report


class MentorshipSession(models.Model):
    mentorship = models.ForeignKey(Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE,
                                   related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("mentorship session")
        verbose_name_plural = _("mentorship sessions")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.topic


class CityPairing(models.Model):
    """City-to-city cooperation: two cities, a theme, 18 months, a joint roadmap and 2–3 technical visits."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    city_a = models.ForeignKey("network.Member", verbose_name=_("first city"), on_delete=models.PROTECT,
                               related_name="pairings_as_first")
    city_b = models.ForeignKey("network.Member", verbose_name=_("second city"), on_delete=models.PROTECT,
                               related_name="pairings_as_second")
    city_a_group = models.TextField(_("group represented by the first city"), blank=True,
                                    help_text=_("If the first city represents a group of cities, list them."))
    city_b_group = models.TextField(_("group represented by the second city"), blank=True)
    theme = models.ForeignKey("network.Theme", verbose_name=_("theme"), on_delete=models.PROTECT,
                              related_name="pairings")
    application = models.OneToOneField("programs.Application", verbose_name=_("application"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="pairing")
    starts_on = models.DateField(_("start date"))
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), default=18, validators=[MinValueValidator(1), MaxValueValidator(48)])
    roadmap = models.TextField(_("joint action plan (roadmap)"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=PairingState.choices, default=PairingState.PLANNED)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("city pairing")
        verbose_name_plural = _("city pairings")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=~Q(city_a=models.F("city_b")), name="pairing_two_different_cities"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_on(self) -> date:
        return add_months(self.starts_on, self.duration_months) - timedelta(days=1)


class PairingMilestone(models.Model):
    pairing = models.ForeignKey(CityPairing, verbose_name=_("pairing"), on_delete=models.CASCADE,
                                related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0,
                                                validators=[MinValueValidator(0), MaxValueValidator(100)])
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("roadmap milestone")
        verbose_name_plural = _("roadmap milestones")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="milestone_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return self.title


class PairingVisit(models.Model):
    """A technical visit of one city's delegation to the other."""

    pairing = models.ForeignKey(CityPairing, verbose_name=_("pairing"), on_delete=models.CASCADE,
                                related_name="visits")
    number = models.PositiveSmallIntegerField(_("number"))
    host = models.ForeignKey("network.Member", verbose_name=_("host city"), on_delete=models.PROTECT,
                             related_name="hosted_pairing_visits")
    place = models.CharField(_("place"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    programme = models.TextField(_("programme"), blank=True)

    class Meta:
        verbose_name = _("technical visit")
        verbose_name_plural = _("technical visits")
        ordering = ["pairing", "number"]
        constraints = [
            models.UniqueConstraint(fields=["pairing", "number"], name="pairing_visit_number_once"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=3), name="pairing_visit_at_most_three"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="pairing_visit_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.pairing} · {self.number}"


class VisitTraveller(models.Model):
    """A member of a visit's delegation; at most five funded travellers per visit (enforced by the service)."""

    visit = models.ForeignKey(PairingVisit, verbose_name=_("visit"), on_delete=models.CASCADE,
                              related_name="travellers")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    person = models.ForeignKey("network.Person", verbose_name=_("person"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="pairing_trips")
    member = models.ForeignKey("network.Member", verbose_name=_("delegation of"), on_delete=models.PROTECT,
                               related_name="+")
    funded = models.BooleanField(_("travel funded"), default=True)

    class Meta:
        verbose_name = _("traveller")
        verbose_name_plural = _("delegation")
        ordering = ["visit", "-funded", "name"]

    def __str__(self) -> str:
        return self.name
