"""The certificate PDF (WeasyPrint, static files only)."""

from __future__ import annotations

from django.conf import settings

from programs.calls.pdf import render_pdf


def _logo_svg() -> str:
    """The logo inlined (WeasyPrint draws inline SVG), so the certificate fetches nothing."""
    from django.contrib.staticfiles import finders
    from django.utils.safestring import mark_safe

    path = finders.find("img/logo.svg")
    if not path:
        return ""
    with open(path, encoding="utf-8") as handle:
        return mark_safe(handle.read())  # our own static file


def certificate_pdf(certificate, *, language: str) -> bytes:
    enrolment = certificate.enrolment
    return render_pdf(
        template="campus/pdf/certificate.html",
        context={"certificate": certificate, "edition": enrolment.edition, "course": enrolment.edition.course,
                 "verify_url": settings.SITE_URL + certificate.get_verification_url(), "logo": _logo_svg()},
        language=language,
    )
