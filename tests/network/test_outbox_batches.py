"""Many messages at once (a reminder sweep): one insert, delivery queued in batches, each sent once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from network.enums import OutboxState
from network.mail import mail_prepare
from network.mail import mail_send_many
from network.models import OutboxMessage
from network.tasks import deliver_outbox_messages

pytestmark = pytest.mark.django_db

TEMPLATE = "programs/mail/reminder"


def prepared(n: int, **kwargs):
    from programs.calls.models import Call

    call = Call(title="Becas 2026", slug="becas", kind="scholarship", opens_at=timezone.now(),
                closes_at=timezone.now() + timedelta(days=3))
    return [mail_prepare(to=f"p{i}@example.org", template=TEMPLATE, language="es",
                         context={"call": call, "recipient": None, "days": 3, "url": "https://x"}, topic="reminder",
                         **kwargs) for i in range(n)]


def test_many_messages_are_written_and_each_delivered_once(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = mail_send_many(prepared(120))
    assert len(created) == OutboxMessage.objects.filter(state=OutboxState.SENT).count() == 120
    assert sorted(m.to[0] for m in mailoutbox) == sorted(f"p{i}@example.org" for i in range(120))
    deliver_outbox_messages(message_ids=[m.pk for m in created])  # a batch run twice sends nothing twice
    assert len(mailoutbox) == 120


def test_held_messages_are_not_delivered(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail_send_many(prepared(3, hold=True))
    assert OutboxMessage.objects.filter(state=OutboxState.HELD).count() == 3
    assert mailoutbox == []
