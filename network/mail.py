"""One way to send mail: rendered in the recipient's language, HTML and plain text, kept in the
outbox, and delivered by a task with retries, at most once per attempt (network.services.outbox_deliver);
the periodic catch-up job sends what a lost task or a dead worker left behind."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .enums import OutboxState
from .models import OutboxMessage
from .models import SentNotice


def recipient_language(recipient) -> str:
    """The language to write to `recipient` in: a Person's own choice, a login's linked person's (or
    the login's own), a registration's …; the portal's default when none is known or it is not one
    of the interface's languages."""
    language = getattr(recipient, "language", "") or ""
    person = getattr(recipient, "person", None)  # a login's linked person, when it has one
    if person is not None:
        language = person.language or language
    supported = {code for code, _name in settings.LANGUAGES}
    return language if language in supported else settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str

    def as_json(self) -> dict:
        return {"filename": self.filename, "mimetype": self.mimetype,
                "content": base64.b64encode(self.content).decode("ascii")}


def recipient_time_zone(recipients: list[str]) -> str:
    """The time zone a single recipient chose in My account → Preferences ("" when none, or when the
    message goes to several people): times in the mail are then also given in theirs."""
    from .models import User

    if len(recipients) != 1:
        return ""
    return User.objects.filter(email=recipients[0].strip().lower()).values_list("time_zone", flat=True).first() or ""


def mail_render(*, template: str, context: dict, language: str, time_zone: str = "") -> tuple[str, str, str]:
    """Render `<template>_subject.txt`, `<template>.txt` and `<template>.html` in `language`; with the
    reader's `time_zone`, `{% your_time %}` adds their own time beside each moment."""
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, "language": language,
               "reader_time_zone": time_zone, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, text, html


def mail_prepare(
    *,
    to: list[str] | str,
    template: str,
    context: dict,
    language: str,
    attachments: list[Attachment] = (),
    hold: bool = False,
    topic: str = "",
    reference: str = "",
    time_zone: str | None = None,
) -> OutboxMessage:
    """The outbox message `mail_send` would write, rendered but not saved (for `mail_send_many`).
    `time_zone`: the reader's (None: the one the single recipient chose, if any)."""
    recipients = [to] if isinstance(to, str) else list(to)
    if time_zone is None:
        time_zone = recipient_time_zone(recipients)
    subject, text, html = mail_render(template=template, context=context, language=language, time_zone=time_zone)
    return OutboxMessage(
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


def mail_send(**message_args) -> OutboxMessage:
    """Write the message to the outbox (the arguments of `mail_prepare`); unless held, deliver it once
    the transaction commits."""
    message = mail_prepare(**message_args)
    message.save()
    if message.state == OutboxState.QUEUED:
        outbox_dispatch(message_ids=[message.pk])
    return message


def mail_send_many(messages: list[OutboxMessage]) -> list[OutboxMessage]:
    """Write many prepared messages (`mail_prepare`) in one insert; queued ones are delivered after commit."""
    created = OutboxMessage.objects.bulk_create(messages, batch_size=500)
    outbox_dispatch(message_ids=[m.pk for m in created if m.state == OutboxState.QUEUED])
    return created


def outbox_dispatch(*, message_ids: list[int]) -> None:
    """Queue delivery of outbox messages after the current transaction commits."""
    ids = list(message_ids)
    if ids:
        transaction.on_commit(lambda: _queue_deliveries(ids))


DELIVERY_BATCH = 50


def _queue_deliveries(ids: list[int]) -> None:
    """One task per message, or per batch of DELIVERY_BATCH when many go out at once: queuing a task
    on Redis costs ~2-3 ms, most of a large reminder sweep's time when each message had its own."""
    from .queue import enqueue
    from .tasks import deliver_outbox_message
    from .tasks import deliver_outbox_messages

    # When the broker is down, the rows stay queued and `outbox_catch_up` sends them.
    if len(ids) == 1:
        enqueue(deliver_outbox_message, message_id=ids[0])
        return
    for start in range(0, len(ids), DELIVERY_BATCH):
        if not enqueue(deliver_outbox_messages, message_ids=ids[start:start + DELIVERY_BATCH]):
            return


def mail_send_once(*, key: str, **kwargs) -> OutboxMessage | None:
    """`mail_send`, unless a notice with this key already went out (then None).

    The key (e.g. "microrred-session-reminder:42:ana@example.org") is stored in the same
    transaction as the outbox message, so sweeps that run twice, late or in parallel send it once.
    """
    try:
        with transaction.atomic():
            SentNotice.objects.create(key=key[:200])
            return mail_send(**kwargs)
    except IntegrityError:
        return None


# --- Held messages ---------------------------------------------------------------------------------
# Some held messages stand for more than a letter: a decision e-mail is the decision's announcement,
# and releasing it publishes the decision. An app registers, for its topic, the function that
# releases such messages (it publishes what they announce and queues them, in one transaction) and
# returns how many it queued; held messages of other topics are simply queued.
HeldRelease = Callable[..., int]
_HELD_RELEASE: dict[str, HeldRelease] = {}


def held_release_register(topic: str, release: HeldRelease) -> None:
    _HELD_RELEASE[topic] = release


def held_release_for(topic: str) -> HeldRelease | None:
    return _HELD_RELEASE.get(topic)


def held_void(*, topic: str, references, reason: str) -> int:
    """Void the held messages of `topic` about `references`: a later event made them untrue. They
    are kept in the outbox with the reason and can no longer be sent."""
    references = list(references)
    if not references:
        return 0
    return OutboxMessage.objects.filter(state=OutboxState.HELD, topic=topic, related_reference__in=references).update(
        state=OutboxState.VOIDED, void_reason=reason
    )


def held_queue(*, topic: str, references) -> int:
    """Queue (send) the held messages of `topic` about `references`, after the transaction commits."""
    ids = list(
        OutboxMessage.objects.select_for_update()
        .filter(state=OutboxState.HELD, topic=topic, related_reference__in=list(references))
        .values_list("pk", flat=True)
    )
    OutboxMessage.objects.filter(pk__in=ids).update(state=OutboxState.QUEUED)
    outbox_dispatch(message_ids=ids)
    return len(ids)
