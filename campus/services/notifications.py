"""The campus e-mails, each one function; all go through network.mail (the outbox)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from network.mail import mail_send
from network.mail import recipient_language

from ..models import Enrolment


def enrolment_changed(*, enrolment: Enrolment) -> None:
    """Tell the student where their enrolment stands (admitted, waitlisted, not admitted, completed)."""
    mail_send(
        to=enrolment.user.email,
        template="campus/mail/enrolment_changed",
        language=recipient_language(enrolment.user),
        context={"enrolment": enrolment, "edition": enrolment.edition, "course": enrolment.edition.course,
                 "url": settings.SITE_URL + reverse("campus:enrolment", kwargs={"pk": enrolment.pk})},
        topic="campus",
        reference=enrolment.application.reference if enrolment.application_id else "",
    )
