"""Certificates: an unguessable code with an HMAC check, issued on completion, rendered by a task."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from network.mail import recipient_language
from network.queue import enqueue_on_commit

from ..models import Certificate
from ..models import Enrolment

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
BODY_LENGTH = 12
CHECK_LENGTH = 6


def _check(body: str) -> str:
    digest = hmac.new(f"campus-certificate:{settings.SECRET_KEY}".encode(), body.encode(), hashlib.sha256).digest()
    value = int.from_bytes(digest[:8], "big")
    out = []
    for _ in range(CHECK_LENGTH):
        value, index = divmod(value, len(ALPHABET))
        out.append(ALPHABET[index])
    return "".join(out)


def code_for(body: str) -> str:
    """The printed code of a random `body` of BODY_LENGTH characters: grouped, with its check part."""
    return f"{body[:4]}-{body[4:8]}-{body[8:]}-{_check(body)}"


def code_new() -> str:
    return code_for("".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH)))


def normalize(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_is_well_formed(code: str) -> bool:
    """True when the check part matches the body: a typo or a tampered code fails here."""
    flat = normalize(code)
    if len(flat) != BODY_LENGTH + CHECK_LENGTH or any(ch not in ALPHABET for ch in flat):
        return False
    return hmac.compare_digest(_check(flat[:BODY_LENGTH]), flat[BODY_LENGTH:])


def _formatted(code: str) -> str:
    flat = normalize(code)
    return f"{flat[:4]}-{flat[4:8]}-{flat[8:12]}-{flat[12:]}"


@dataclass(frozen=True)
class Verification:
    status: str  # "valid", "unknown" (well formed, never issued) or "invalid" (tampered or mistyped)
    certificate: Certificate | None = None


def certificate_verify(code: str) -> Verification:
    if not code_is_well_formed(code):
        return Verification("invalid")
    certificate = (Certificate.objects.select_related("enrolment__edition__course")
                   .filter(code=_formatted(code)).first())
    return Verification("valid", certificate) if certificate else Verification("unknown")


def certificate_issue(*, enrolment: Enrolment, now: datetime | None = None) -> Certificate:
    """Called inside the completion's transaction; the PDF is rendered once it commits."""
    from ..tasks import render_certificate

    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing:
        return existing
    now = now or timezone.now()
    certificate = Certificate.objects.create(
        enrolment=enrolment, code=code_new(), holder_name=enrolment.student_name,
        hours=enrolment.edition.certificate_hours, issued_on=timezone.localdate(now),
    )
    enqueue_on_commit(render_certificate, certificate_id=certificate.pk)  # else certificates_render_sweep
    return certificate


def certificate_render(*, certificate: Certificate, language: str | None = None) -> Certificate:
    """Render (or re-render) the PDF into private storage."""
    from ..pdf import certificate_pdf

    certificate = Certificate.objects.select_related("enrolment__edition__course", "enrolment__user").get(
        pk=certificate.pk)
    user = certificate.enrolment.user
    language = language or recipient_language(user)
    pdf = certificate_pdf(certificate, language=language)
    if certificate.pdf:
        certificate.pdf.delete(save=False)
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(pdf), save=False)
    certificate.rendered_at = timezone.now()
    certificate.save(update_fields=["pdf", "rendered_at"])
    return certificate


def certificates_render_sweep(*, now: datetime | None = None) -> int:
    """Idempotent: certificates whose PDF is missing (a failed or lost task) are rendered again."""
    now = now or timezone.now()
    missing = Certificate.objects.filter(rendered_at__isnull=True).order_by("pk")[:20]
    count = 0
    for certificate in missing:
        certificate_render(certificate=certificate)
        count += 1
    return count
