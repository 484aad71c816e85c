"""Events with their programme, registrations (covered congress places) and personal feeds."""

from __future__ import annotations

import secrets
import zoneinfo
from datetime import date
from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.search import SearchTextModel
from network.timezones import in_zone
from network.timezones import validate_time_zone

from ..enums import EventKind
from ..enums import RegistrationState

WEBINAR_SLUG_PREFIX = "webinar-"  # a webinar's calendar entry: "webinar-" + the webinar's slug


class Event(SearchTextModel):
    """A congress, a territorial-network meeting, a webinar, a committee or an assembly."""

    SEARCH_FIELDS = ("title", "summary", "description", "motto", "venue", "city")  # the site search (network.search)

    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    edition = models.PositiveSmallIntegerField(_("edition"), null=True, blank=True,
                                               help_text=_("Congresses: 26 for the XXVI congress."))
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    motto = models.CharField(_("motto"), max_length=250, blank=True,
                             help_text=_('E.g. "Innovación Urbana Sostenible: La energía de las ciudades".'))
    theme = models.ForeignKey("network.Theme", verbose_name=_("theme"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="events")
    host_member = models.ForeignKey("network.Member", verbose_name=_("host member"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="hosted_events")
    territorial_network = models.ForeignKey("network.TerritorialNetwork", verbose_name=_("territorial network"),
                                            null=True, blank=True, on_delete=models.SET_NULL,
                                            related_name="events")
    venue = models.CharField(_("place"), max_length=250, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Madrid",
                                 validators=[validate_time_zone])
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True,
                                           help_text=_("Empty: no limit."))
    covered_places_per_member = models.PositiveSmallIntegerField(
        _("covered places per active member"), default=0, validators=[MaxValueValidator(10)],
        help_text=_("Congress: the organisation covers lodging, internal transport and meals for two "
                    "representatives of each active member."),
    )
    registration_open = models.BooleanField(_("registration open"), default=False)
    registration_closes_at = models.DateTimeField(_("registration closes at"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=True)
    host_call = models.ForeignKey("programs.Call", verbose_name=_("host candidacy call"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="events")
    host_application = models.OneToOneField(
        "programs.Application", verbose_name=_("accepted host candidacy"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="hosted_event",
    )
    # A webinar of the knowledge cycle shown in the calendar: the webinar is the one source, this
    # row its calendar entry, written by events.services.webinars whenever the webinar changes.
    webinar = models.OneToOneField(
        "programs.Webinar", verbose_name=_("webinar"), null=True, blank=True, editable=False,
        on_delete=models.CASCADE, related_name="calendar_event",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "title"]
        indexes = [models.Index(fields=["published", "starts_at"], name="event_published_starts_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"),
            models.UniqueConstraint(fields=["kind", "edition"], condition=Q(edition__isnull=False),
                                    name="event_one_edition_per_kind"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.webinar_id:  # a webinar's own page is where people read and register for it
            return reverse("programs:webinar", kwargs={"slug": self.slug.removeprefix(WEBINAR_SLUG_PREFIX)})
        return reverse("events:event", kwargs={"slug": self.slug})

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_starts_at(self) -> datetime:
        return in_zone(self.starts_at, self.tz)

    @property
    def local_ends_at(self) -> datetime:
        return in_zone(self.ends_at, self.tz)

    @property
    def local_month(self) -> date:
        """First day of the event's month where it takes place (for grouping lists by month)."""
        return self.local_starts_at.date().replace(day=1)

    @property
    def is_multi_day(self) -> bool:
        return self.local_starts_at.date() != self.local_ends_at.date()

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.venue, self.city) if part) or self.online_url

    def accepts_registrations_at(self, now: datetime) -> bool:
        return (self.published and self.registration_open and now < self.ends_at
                and (self.registration_closes_at is None or now < self.registration_closes_at))


class ProgrammeSession(models.Model):
    """One slot of an event's programme."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.CharField(_("room"), max_length=120, blank=True)
    title = models.CharField(_("title"), max_length=250)
    speakers = models.CharField(_("speakers"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("programme session")
        verbose_name_plural = _("programme")
        ordering = ["starts_at", "room", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="programme_session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    """A person registered for an event on behalf of a member; congress places may be covered.

    A covered registration holds one of the member's numbered slots (1..covered places); the unique
    constraint on (event, member, slot) makes it impossible to hand out a slot twice, and cancelling
    frees the slot for a colleague.
    """

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey("network.Person", verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="event_registrations")
    member = models.ForeignKey("network.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="event_registrations")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(_("state"), max_length=12, choices=RegistrationState.choices,
                             default=RegistrationState.PENDING)
    covered = models.BooleanField(_("covered place"), default=False)
    covered_slot = models.PositiveSmallIntegerField(_("covered place number"), null=True, blank=True, editable=False)
    arrival_on = models.DateField(_("arrival"), null=True, blank=True)
    departure_on = models.DateField(_("departure"), null=True, blank=True)
    hotel_nights = models.PositiveSmallIntegerField(_("hotel nights"), default=0,
                                                    validators=[MinValueValidator(0), MaxValueValidator(30)])
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "member__name", "person__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], condition=~Q(state="cancelled"),
                                    name="registration_one_active_per_person"),
            models.UniqueConstraint(fields=["event", "member", "covered_slot"], name="registration_covered_slot_once"),
            models.CheckConstraint(condition=Q(covered_slot__isnull=True) | Q(covered=True),
                                   name="registration_slot_only_if_covered"),
            models.CheckConstraint(
                condition=Q(arrival_on__isnull=True) | Q(departure_on__isnull=True)
                | Q(departure_on__gte=models.F("arrival_on")),
                name="registration_departure_after_arrival",
            ),
        ]
        indexes = [models.Index(fields=["event", "member", "state"], name="registration_event_member_idx")]

    def __str__(self) -> str:
        return f"{self.person} · {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("events:registration", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.state != RegistrationState.CANCELLED

    @staticmethod
    def nights_between(arrival: date | None, departure: date | None) -> int:
        if arrival and departure and departure > arrival:
            return (departure - arrival).days
        return 0


def new_feed_secret() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret address of a user's personal iCalendar feed; resetting it replaces the secret."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    secret = models.CharField(max_length=64, unique=True, default=new_feed_secret)
    reset_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("personal calendar feed")
        verbose_name_plural = _("personal calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("events:personal_feed", kwargs={"secret": self.secret})
