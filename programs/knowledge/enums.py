"""States, kinds and the workflow tables of the knowledge area: webinars, good practices, funding."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network.workflow import Move
from network.workflow import Workflow


class KnowledgeActor(models.TextChoices):
    """Who makes a move: somebody of the practice's city, the secretariat, or a scheduled job."""

    MEMBER = "member", _("Member city")
    STAFF = "staff", _("Secretariat")
    SYSTEM = "system", _("System")


class WebinarState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("webinar state", "Draft")
    SCHEDULED = "scheduled", pgettext_lazy("webinar state", "Scheduled")
    HELD = "held", pgettext_lazy("webinar state", "Held")
    CANCELLED = "cancelled", pgettext_lazy("webinar state", "Cancelled")


class PracticeState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("practice state", "Draft")
    IN_REVIEW = "in_review", pgettext_lazy("practice state", "In review")
    PUBLISHED = "published", pgettext_lazy("practice state", "Published")


class TransferKind(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    ADAPTED = "adapted", _("Adapted")


class PracticeFileKind(models.TextChoices):
    IMAGE = "image", _("Image")
    DOCUMENT = "document", _("Document")


W, P = WebinarState, PracticeState
MEMBER, STAFF, SYSTEM = KnowledgeActor.MEMBER, KnowledgeActor.STAFF, KnowledgeActor.SYSTEM

# The only moves a webinar can make (network.workflow checks the table and writes the audit row).
WEBINAR_WORKFLOW = Workflow("webinar", [
    Move(W.DRAFT, W.SCHEDULED, {STAFF}, _("Published with its date")),
    Move(W.SCHEDULED, W.DRAFT, {STAFF}, _("Taken back to draft")),
    Move(W.SCHEDULED, W.HELD, {STAFF, SYSTEM}, _("Held")),
    Move(W.DRAFT, W.CANCELLED, {STAFF}, _("Cancelled")),
    Move(W.SCHEDULED, W.CANCELLED, {STAFF}, _("Cancelled")),
])

# Moderation of the good-practice bank: draft → in review → published; staff may send a practice
# back to draft with a comment, and take a published one down.
PRACTICE_WORKFLOW = Workflow("good-practice", [
    Move(P.DRAFT, P.IN_REVIEW, {MEMBER, STAFF}, _("Sent for review")),
    Move(P.IN_REVIEW, P.PUBLISHED, {STAFF}, _("Published")),
    Move(P.IN_REVIEW, P.DRAFT, {STAFF}, _("Sent back to the city")),
    Move(P.PUBLISHED, P.DRAFT, {STAFF}, _("Unpublished and sent back to the city")),
])

# Practices the public sees.
PUBLIC_PRACTICE_STATES = (P.PUBLISHED,)
# Webinars the public sees.
PUBLIC_WEBINAR_STATES = (W.SCHEDULED, W.HELD)
