from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MemberKind(models.TextChoices):
    CITY = "city", _("City")
    METROPOLITAN_AREA = "metropolitan_area", _("Metropolitan area")
    ENTITY = "entity", _("Entity")


class MemberStatus(models.TextChoices):
    PROSPECT = "prospect", pgettext_lazy("member status", "Prospect")
    ACTIVE = "active", pgettext_lazy("member status", "Active")
    IN_ARREARS = "in_arrears", pgettext_lazy("member status", "In arrears")
    SUSPENDED = "suspended", pgettext_lazy("member status", "Suspended")
    FORMER = "former", pgettext_lazy("member status", "Former member")


# Statuses that make a city part of the network today (shown in the public directory).
CURRENT_MEMBER_STATUSES = (MemberStatus.ACTIVE, MemberStatus.IN_ARREARS, MemberStatus.SUSPENDED)


class StatusActor(models.TextChoices):
    """Who changes a member's status: the secretariat (the admin, an import), or the daily dues job."""

    STAFF = "staff", _("Secretariat")
    SYSTEM = "system", _("Dues standing job")


class RoleKind(models.TextChoices):
    TECHNICIAN = "technician", _("Technician")
    OFFICIAL = "official", _("Official")
    MAYOR = "mayor", _("Mayor")
    FOCAL_POINT = "focal_point", _("Focal point")


class Currency(models.TextChoices):
    EUR = "EUR", "EUR"
    USD = "USD", "USD"


class Language(models.TextChoices):
    ES = "es", "Español"
    PT_BR = "pt-br", "Português (Brasil)"
    EN = "en", "English"


class DuesStanding(models.TextChoices):
    """What the portal tells a city about its dues for a year."""

    PAID = "paid", _("Paid")
    PENDING = "pending", _("Pending")
    OVERDUE = "overdue", _("Overdue")
    NOT_INVOICED = "not_invoiced", _("Not invoiced")


class InvitationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")


class Sdg(models.IntegerChoices):
    """The 17 Sustainable Development Goals [ODS]."""

    NO_POVERTY = 1, _("No poverty")
    ZERO_HUNGER = 2, _("Zero hunger")
    GOOD_HEALTH = 3, _("Good health and well-being")
    QUALITY_EDUCATION = 4, _("Quality education")
    GENDER_EQUALITY = 5, _("Gender equality")
    CLEAN_WATER = 6, _("Clean water and sanitation")
    CLEAN_ENERGY = 7, _("Affordable and clean energy")
    DECENT_WORK = 8, _("Decent work and economic growth")
    INDUSTRY_INNOVATION = 9, _("Industry, innovation and infrastructure")
    REDUCED_INEQUALITIES = 10, _("Reduced inequalities")
    SUSTAINABLE_CITIES = 11, _("Sustainable cities and communities")
    RESPONSIBLE_CONSUMPTION = 12, _("Responsible consumption and production")
    CLIMATE_ACTION = 13, _("Climate action")
    LIFE_BELOW_WATER = 14, _("Life below water")
    LIFE_ON_LAND = 15, _("Life on land")
    PEACE_JUSTICE = 16, _("Peace, justice and strong institutions")
    PARTNERSHIPS = 17, _("Partnerships for the goals")


class OutboxState(models.TextChoices):
    HELD = "held", _("Held for review")
    QUEUED = "queued", _("Queued")
    # Claimed by a worker that is sending it now; if the worker dies, the claim expires
    # (OutboxMessage.lease_until) and the catch-up job sends it again.
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    DISCARDED = "discarded", _("Discarded")
    # Held, then made untrue by a later event (a newer decision, a withdrawal): never sent.
    VOIDED = "voided", _("Voided")


class MailTopic(models.TextChoices):
    """What an e-mail is about: the outbox's categories, shown and filtered by these labels."""

    RECEIPT = "receipt", _("Application receipt")
    ENDORSEMENT = "endorsement", _("City endorsement")
    DECISION = "decision", _("Decision on an application")
    DEADLINE = "deadline", _("Change of a call's deadline")
    REMINDER = "reminder", _("Call deadline reminder")
    ACCESS_CODE = "access-code", _("Late-submission access code")
    REVIEW = "review", _("Review to write")
    INVITATION = "invitation", _("Invitation to a city's team")
    CAMPUS = "campus", _("Campus enrolment")
    MENTORSHIP = "mentorship", _("Mentorship")
    MICRORRED_SESSION = "microrred-session", _("Microrred session")
    PRACTICE = "practice", _("Good practice")
    WEBINAR = "webinar", _("Webinar registration")
    WEBINAR_REMINDER = "webinar-reminder", _("Webinar reminder")
    FUNDING_REMINDER = "funding-reminder", _("Funding deadline reminder")
    EVENT_REGISTRATION = "event-registration", _("Event registration")
    SURVEY_LINK = "survey-link", _("Satisfaction survey")
    AGREEMENT_REMINDER = "agreement-reminder", _("Board agreement reminder")
    AGREEMENT_ESCALATION = "agreement-escalation", _("Overdue board agreement")


class VoidReason(models.TextChoices):
    """Why a held message was voided (it is kept, with the reason, and never sent)."""

    SUPERSEDED = "superseded", _("A newer decision replaced it")
    TAKEN_BACK = "taken_back", _("The decision was taken back before it was released")
    WITHDRAWN = "withdrawn", _("The application was withdrawn")
    OVERTAKEN = "overtaken", _("The application moved on before it was released")


def _member_status_workflow():
    from .workflow import Move
    from .workflow import Workflow

    M, staff, system = MemberStatus, StatusActor.STAFF, StatusActor.SYSTEM
    return Workflow("member-status", [
        Move(M.PROSPECT, M.ACTIVE, {staff}, _("Joined the network")),
        Move(M.ACTIVE, M.IN_ARREARS, {system, staff}, _("Dues overdue: in arrears")),
        Move(M.IN_ARREARS, M.ACTIVE, {system, staff}, _("Dues paid: active again")),
        Move(M.ACTIVE, M.SUSPENDED, {staff}, _("Membership suspended")),
        Move(M.IN_ARREARS, M.SUSPENDED, {staff}, _("Membership suspended")),
        Move(M.SUSPENDED, M.ACTIVE, {staff}, _("Suspension lifted")),
        Move(M.ACTIVE, M.FORMER, {staff}, _("Left the network")),
        Move(M.IN_ARREARS, M.FORMER, {staff}, _("Left the network")),
        Move(M.SUSPENDED, M.FORMER, {staff}, _("Left the network")),
        Move(M.FORMER, M.ACTIVE, {staff}, _("Rejoined the network")),
    ], field="status")


# Who gets the benefits of membership follows this table: every change of a member's status goes
# through network.services.member_status_set (the admin's actions, an import, the dues job).
MEMBER_STATUS_WORKFLOW = _member_status_workflow()


class SitePageKind(models.TextChoices):
    """The network's own pages linked from the footer (network.models.SitePage)."""

    ABOUT = "about", _("About the network")
    CONTACT = "contact", _("Contact")
    ACCESSIBILITY = "accessibility", _("Accessibility statement")
