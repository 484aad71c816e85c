from smtplib import SMTPServerDisconnected

import pytest
from django.core.mail import EmailMultiAlternatives

from network import services
from network.enums import OutboxState
from network.mail import Attachment
from network.mail import mail_send
from network.models import OutboxMessage
from network.tasks import deliver_outbox_message
from tests.factories import MemberFactory
from tests.factories import focal_point_of

pytestmark = pytest.mark.django_db


def queued(**kwargs) -> OutboxMessage:
    return OutboxMessage.objects.create(to=["a@quito.gob.ec"], subject="Asunto", text="Texto", **kwargs)


def test_a_queued_message_is_sent_once_even_if_delivered_twice(mailoutbox):
    message = queued()
    assert services.outbox_deliver(message_id=message.pk) == OutboxState.SENT
    assert services.outbox_deliver(message_id=message.pk) == OutboxState.SENT
    assert len(mailoutbox) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.SENT, 1)


def test_a_failed_send_is_recorded_and_retried(mailoutbox, monkeypatch):
    message = queued()
    original = EmailMultiAlternatives.send
    calls = {"n": 0}

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise SMTPServerDisconnected("gone")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    with pytest.raises(services.DeliveryFailed):
        services.outbox_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert (message.state, message.last_error) == (OutboxState.FAILED, "SMTPServerDisconnected: gone")
    services.outbox_deliver(message_id=message.pk)  # what the task's retry does
    message.refresh_from_db()
    assert (message.state, message.attempts, len(mailoutbox)) == (OutboxState.SENT, 2, 1)


def test_the_delivery_task_retries_a_failure(monkeypatch):
    message = queued()
    monkeypatch.setattr(EmailMultiAlternatives, "send", lambda self, *a, **k: (_ for _ in ()).throw(OSError("down")))
    from celery.exceptions import Retry

    with pytest.raises((Retry, services.DeliveryFailed)):
        deliver_outbox_message.apply(kwargs={"message_id": message.pk}, throw=True)


def test_held_messages_wait_for_the_secretariat(mailoutbox, django_capture_on_commit_callbacks):
    member = MemberFactory(name="Quito")
    focal = focal_point_of(member)
    with django_capture_on_commit_callbacks(execute=True):
        message = mail_send(to=focal.email, template="network/mail/invitation", language="es", hold=True,
                            context={"invitation": None, "member": member, "inviter": focal, "accept_url": "x"})
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert services.outbox_release(messages=[message]) == 1
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.outbox_release(messages=[message]) == 0  # already released
    assert len(mailoutbox) == 1


def test_attachments_are_sent(mailoutbox, django_capture_on_commit_callbacks):
    member = MemberFactory(name="Quito")
    focal = focal_point_of(member)
    with django_capture_on_commit_callbacks(execute=True):
        mail_send(to=focal.email, template="network/mail/invitation", language="es",
                  attachments=[Attachment("recibo.pdf", b"%PDF-1.7 test", "application/pdf")],
                  context={"invitation": None, "member": member, "inviter": focal, "accept_url": "x"})
    assert mailoutbox[0].attachments[0][0:3] == ("recibo.pdf", b"%PDF-1.7 test", "application/pdf")
