"""One way to send mail: rendered in the recipient's language, HTML and plain text, sent by a task."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def mail_render(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render `<template>_subject.txt`, `<template>.txt` and `<template>.html` in `language`."""
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, text, html


def mail_send(*, to: list[str] | str, template: str, context: dict, language: str) -> None:
    """Queue a message once the current transaction commits (nothing goes out for a rolled-back write)."""
    from .tasks import deliver_mail

    recipients = [to] if isinstance(to, str) else list(to)
    subject, text, html = mail_render(template=template, context=context, language=language)
    transaction.on_commit(
        lambda: deliver_mail.delay(to=recipients, subject=subject, text=text, html=html)
    )
