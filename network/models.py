"""The network itself: users, members, dues, territorial networks, people, roles, themes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.models import BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .enums import Currency
from .enums import InvitationState
from .enums import Language
from .enums import MailTopic
from .enums import MemberKind
from .enums import MemberStatus
from .enums import OutboxState
from .enums import RoleKind
from .enums import Sdg
from .enums import SitePageKind
from .enums import VoidReason
from .text import search_key
from .timezones import validate_time_zone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A login. E-mail is the identifier; there are no usernames."""

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, blank=True,
        help_text=_("Chosen by the person (header or My account → Preferences). Empty: their browser's."))
    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True, validators=[validate_time_zone],
        help_text=_("Empty: each date in its own place's time, and your device's time beside it."))
    is_staff = models.BooleanField(
        _("secretariat staff"), default=False, help_text=_("Can sign in to the administration.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return (self.name or self.email).split(" ")[0]


class LocalizedNameMixin(models.Model):
    """Content names kept in the three interface languages; Spanish is required."""

    name = models.CharField(_("name (Spanish)"), max_length=200)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def label(self) -> str:
        language = (translation.get_language() or "es").lower()
        if language.startswith("pt"):
            return self.name_pt or self.name
        if language.startswith("en"):
            return self.name_en or self.name
        return self.name

    def __str__(self) -> str:
        return self.label


class SustainableDevelopmentGoal(models.Model):
    """One of the 17 SDGs [ODS]; rows are created by a migration."""

    number = models.PositiveSmallIntegerField(_("number"), primary_key=True, choices=Sdg.choices)

    class Meta:
        verbose_name = _("SDG")
        verbose_name_plural = _("SDGs")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.get_number_display()}"


class Theme(LocalizedNameMixin):
    """A field of work [ámbito / temática], e.g. sustainable mobility."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal, verbose_name=_("SDGs"), related_name="themes", blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]


class TerritorialNetwork(models.Model):
    """A regional grouping of members [red territorial], e.g. Red Andina."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    coordinating_member = models.ForeignKey(
        "Member",
        verbose_name=_("coordinating member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_networks",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("territorial network")
        verbose_name_plural = _("territorial networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:territorial_network", kwargs={"slug": self.slug})


class Member(models.Model):
    """A member city, metropolitan area or entity [ciudad o entidad socia]."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=MemberKind.choices, default=MemberKind.CITY)
    country = CountryField(_("country"))
    territorial_network = models.ForeignKey(
        TerritorialNetwork,
        verbose_name=_("territorial network"),
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    status = models.CharField(
        _("membership status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.PROSPECT
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="members", blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Field edits; the status has a table of moves and its own audit (network.workflow, StateChange).
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at", "status"])

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "name"], name="member_status_name_idx"),
            models.Index(fields=["country", "name"], name="member_country_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population__gt=0), name="member_population_positive"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="member_coordinates_both_or_none",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:member", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        """Name and country (in every interface language), accent-free, for search."""
        names = []
        for code, _label in settings.LANGUAGES:
            with translation.override(code):
                names.append(str(countries.name(self.country.code)) if self.country else "")
        return search_key(self.name, *dict.fromkeys(names))

    @property
    def is_active_member(self) -> bool:
        """Only active members get benefits (100 % scholarships, covered congress places)."""
        return self.status == MemberStatus.ACTIVE


class Dues(models.Model):
    """A member's dues [cuota] for one year."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="dues")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1980), MaxValueValidator(2200)]
    )
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR)
    invoiced_on = models.DateField(_("invoiced on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dues")
        verbose_name_plural = _("dues")
        ordering = ["-year", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="dues_one_per_member_and_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="dues_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["year", "paid_on"], name="dues_year_paid_idx")]

    def __str__(self) -> str:
        return f"{self.member} {self.year}"

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None


class Person(models.Model):
    """Somebody who works with the network: technician, official, mayor, focal point."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ES)
    # Choices the service does not need: each an explicit opt-in, withdrawn from My account → Preferences.
    listed_publicly = models.BooleanField(
        _("listed on the city's public page"), default=False,
        help_text=_("Name and position on the city's page of the public member directory (mayors always are: "
                    "a public office)."))
    photos_allowed = models.BooleanField(_("may be photographed at events"), default=False)
    funding_relays = models.BooleanField(
        _("receives funding opportunities"), default=False,
        help_text=_("The secretariat's e-mails about funding opportunities that match the city's themes."))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    members = models.ManyToManyField(Member, through="Role", related_name="people", verbose_name=_("members"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="person_email_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Role(models.Model):
    """The role a person has in a member; focal points act for the city."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="roles")
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=16, choices=RoleKind.choices)
    since = models.DateField(_("since"), default=timezone.localdate)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["member__name", "kind", "person__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "member", "kind"], name="role_unique_per_person_member_kind"),
        ]
        indexes = [models.Index(fields=["member", "kind"], name="role_member_kind_idx")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} · {self.member}"


class Invitation(models.Model):
    """A focal point's invitation for a colleague to join the city's team."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    kind = models.CharField(_("role"), max_length=16, choices=RoleKind.choices, default=RoleKind.TECHNICIAN)
    token = models.CharField(max_length=64, unique=True, editable=False)
    state = models.CharField(
        _("state"), max_length=12, choices=InvitationState.choices, default=InvitationState.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    by_secretariat = models.BooleanField(
        _("sent by the secretariat"), default=False,
        help_text=_("Sent by staff acting for the city (not by one of its focal points)."))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "member",
                Lower("email"),
                condition=Q(state="pending"),
                name="invitation_one_pending_per_member_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.member}"

    def is_usable(self, now=None) -> bool:
        return self.state == InvitationState.PENDING and (now or timezone.now()) < self.expires_at


class OutboxMessage(models.Model):
    """Every e-mail the portal sends, kept: queued messages go out by a task with retries, held
    ones (decisions) wait until the secretariat reads, edits and releases them."""

    to = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ES)
    attachments = models.JSONField(_("attachments"), default=list, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=12, choices=OutboxState.choices, default=OutboxState.QUEUED)
    topic = models.CharField(_("about"), max_length=60, blank=True, db_index=True, choices=MailTopic.choices)
    related_reference = models.CharField(_("reference"), max_length=40, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Sending: until when the worker's claim holds. Failed: when the next attempt is due.
    lease_until = models.DateTimeField(_("claimed until / next attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    void_reason = models.CharField(_("why it was voided"), max_length=20, blank=True, choices=VoidReason.choices)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "created_at"], name="outbox_state_created_idx")]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"


class StateChange(models.Model):
    """The audit row of every workflow move (network.workflow): applications, members' status,
    mentorships, practices, enrolments, registrations …: which workflow moved what, from where to
    where, as whom (`actor`), by whom and when. The one place state changes are audited."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    workflow = models.CharField(_("workflow"), max_length=40, blank=True)
    source = models.CharField(_("from"), max_length=30)
    target = models.CharField(_("to"), max_length=30)
    actor = models.CharField(_("actor"), max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+", verbose_name=_("by"))
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="statechange_object_idx")]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class SentNotice(models.Model):
    """Proof that one notice (a reminder, a survey link, an escalation) went out. The key is unique,
    and it is written in the transaction that writes the outbox message, so it goes out once."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("notice sent")
        verbose_name_plural = _("notices sent")

    def __str__(self) -> str:
        return self.key


# The action plan and its reports live in network.plan; imported here so Django finds the models.
from .plan.models import ActionLine  # noqa: E402,F401
from .plan.models import ActionPlan  # noqa: E402,F401
from .plan.models import Activity  # noqa: E402,F401
from .plan.models import ActivityLink  # noqa: E402,F401
from .plan.models import ReportRun  # noqa: E402,F401


def data_export_path(instance: DataExport, filename: str) -> str:
    return f"exports/{instance.user_id}/{filename}"


def _private_storage():
    from django.core.files.storage import storages

    return storages["private"]


class DataExport(models.Model):
    """A person's download of everything the portal holds about them (network.privacy), built in the
    background: queued, building with its progress, ready with its ZIP (kept a few days)."""

    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("export state", "Queued")
        RUNNING = "running", pgettext_lazy("export state", "Being prepared")
        DONE = "done", pgettext_lazy("export state", "Ready")
        FAILED = "failed", pgettext_lazy("export state", "Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                             related_name="data_exports")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to=data_export_path, storage=_private_storage, blank=True,
                            max_length=300)
    error = models.CharField(_("error"), max_length=300, blank=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal data export")
        verbose_name_plural = _("personal data exports")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.requested_at:%Y-%m-%d %H:%M}"


class ErasureRequest(models.Model):
    """A person's request to be erased: staff confirm it (or turn it down, saying why), and the
    erasure runs across every app (network.privacy)."""

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("erasure state", "Waiting for the secretariat")
        DONE = "done", pgettext_lazy("erasure state", "Erased")
        REFUSED = "refused", pgettext_lazy("erasure state", "Turned down")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                             related_name="erasure_requests")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    reason = models.TextField(_("reason given"), blank=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True, help_text=_("Why it was turned down, if it was."))

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at"]
        constraints = [models.UniqueConstraint(fields=["user"], condition=Q(state="pending"),
                                               name="erasure_one_pending_per_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_state_display()}"


class PrivacyNotice(models.Model):
    """Who is responsible for the portal's personal data and how to reach them, with the staff's own
    words in the three languages. The privacy page adds what is kept, why and what erasure does,
    from the apps' declarations (network.privacy). The latest saved notice is the one shown."""

    controller = models.CharField(_("responsible"), max_length=300,
                                  help_text=_("The organisation responsible for the data, with its address."))
    contact_email = models.EmailField(_("contact address"), help_text=_("Where people ask for a copy or erasure."))
    text = models.TextField(_("text (Spanish)"), blank=True)
    text_pt = models.TextField(_("text (Portuguese)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notice")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return str(self.controller)

    @property
    def localized_text(self) -> str:
        language = (translation.get_language() or "es").lower()
        if language.startswith("pt"):
            return self.text_pt or self.text
        if language.startswith("en"):
            return self.text_en or self.text
        return self.text

    @classmethod
    def current(cls) -> PrivacyNotice:
        """The latest notice, or (before staff write one) one naming the secretariat from the settings."""
        from email.utils import parseaddr

        notice = cls.objects.order_by("-updated_at").first()
        if notice is None:
            notice = cls(controller=_("The secretariat of %(site)s") % {"site": settings.SITE_NAME},
                         contact_email=parseaddr(settings.DEFAULT_FROM_EMAIL)[1])
        return notice


class RetentionPeriod(models.Model):
    """How long a kind of personal record is kept (network.retention): the apps declare the kinds and
    their defaults; staff change the days here, and the daily job and the privacy page follow."""

    kind = models.CharField(_("kind of record"), max_length=60, unique=True, editable=False)
    days = models.PositiveIntegerField(_("kept for (days)"), validators=[MinValueValidator(1), MaxValueValidator(36500)])
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        ordering = ["kind"]

    def __str__(self) -> str:
        from .retention import RETENTION

        kind = RETENTION.get(self.kind)
        return str(kind.label) if kind else self.kind


class RetentionRun(models.Model):
    """One day's run of the retention job: the day is unique, so it runs once a day however many
    workers or schedulers call it."""

    day = models.DateField(_("day"), unique=True)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    results = models.JSONField(_("records removed"), default=dict, blank=True)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-day"]

    def __str__(self) -> str:
        return str(self.day)


class PersonalDataAccess(models.Model):
    """A member of staff read a person's data beyond their own work: a person's data download, or a
    document of an application they do not review. Kept as the accountability record auditors ask for."""

    class Kind(models.TextChoices):
        DATA_EXPORT = "data-export", _("A person's data download")
        APPLICATION = "application", _("An application they do not review")
        APPLICATION_DOCUMENT = "application-document", _("A document of an application they do not review")
        APPLICATION_PDF = "application-pdf", _("The PDF of an application they do not review")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.SET_NULL,
                           null=True, related_name="+")
    kind = models.CharField(_("what"), max_length=30, choices=Kind.choices)
    reference = models.CharField(_("reference"), max_length=120)
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("whose data"), on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        ordering = ["-at"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.by} · {self.get_kind_display()} · {self.reference}"


class DemoState(models.Model):
    """The demo data's anchor: the day its dates are relative to, and when it was last loaded
    (network.demo.freshness moves stale demo dates forward, leaving rows a person changed since)."""

    anchor = models.DateField(_("dates relative to"))
    loaded_at = models.DateTimeField(_("last loaded"))

    class Meta:
        verbose_name = _("demo data")
        verbose_name_plural = _("demo data")
        default_permissions = ()

    def __str__(self) -> str:
        return str(self.anchor)


class SitePage(models.Model):
    """The network's own pages linked from the footer — about the network, contact, the accessibility
    statement — written by staff in the three languages (network/translation.py). Until staff write
    one, the page shows the portal's own text (templates/network/site_page_default_<kind>.html)."""

    kind = models.CharField(_("page"), max_length=20, choices=SitePageKind.choices, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Plain text; a blank line starts a new paragraph."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("page of the network")
        verbose_name_plural = _("pages of the network")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def get_absolute_url(self) -> str:
        return reverse(f"site_{self.kind}")


class PartnerKey(models.Model):
    """A read key of the public API for a partner system (a member city's site, an observatory).

    The API is open without a key; a key raises the rate limit and says who is calling. The key is
    shown once when issued; only its prefix (to find it) and a SHA-256 digest of the whole key are
    kept, so a stolen database gives no usable key. Revoking is immediate (network.api.keys)."""

    name = models.CharField(_("partner"), max_length=200, help_text=_("Who uses the key, e.g. the observatory's site."))
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    prefix = models.CharField(_("key prefix"), max_length=16, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    requests_per_minute = models.PositiveIntegerField(
        _("requests per minute"), default=600, validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
