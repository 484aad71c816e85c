"""One way to send mail: rendered in the recipient's language, HTML and plain text, kept in the
outbox, and delivered by a task with retries that never sends the same message twice."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .enums import OutboxState
from .models import OutboxMessage


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str

    def as_json(self) -> dict:
        return {"filename": self.filename, "mimetype": self.mimetype,
                "content": base64.b64encode(self.content).decode("ascii")}


def mail_render(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render `<template>_subject.txt`, `<template>.txt` and `<template>.html` in `language`."""
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, "language": language, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, text, html


def mail_send(
    *,
    to: list[str] | str,
    template: str,
    context: dict,
    language: str,
    attachments: list[Attachment] = (),
    hold: bool = False,
    topic: str = "",
    reference: str = "",
) -> OutboxMessage:
    """Write the message to the outbox; unless held, deliver it once the transaction commits."""
    recipients = [to] if isinstance(to, str) else list(to)
    subject, text, html = mail_render(template=template, context=context, language=language)
    message = OutboxMessage.objects.create(
        to=recipients,
        subject=subject[:300],
        text=text,
        html=html,
        language=language,
        attachments=[a.as_json() for a in attachments],
        state=OutboxState.HELD if hold else OutboxState.QUEUED,
        topic=topic,
        related_reference=reference,
    )
    if not hold:
        outbox_dispatch(message_ids=[message.pk])
    return message


def outbox_dispatch(*, message_ids: list[int]) -> None:
    """Queue delivery of outbox messages after the current transaction commits."""
    from .tasks import deliver_outbox_message

    for message_id in message_ids:
        transaction.on_commit(lambda pk=message_id: deliver_outbox_message.delay(message_id=pk))
