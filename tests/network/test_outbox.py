from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

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


def test_a_failed_delivery_is_recorded_with_its_next_attempt_and_the_catch_up_job_sends_it(monkeypatch,
                                                                                             mailoutbox):
    message = queued()
    monkeypatch.setattr(EmailMultiAlternatives, "send", lambda self, *a, **k: (_ for _ in ()).throw(OSError("down")))
    deliver_outbox_message.apply(kwargs={"message_id": message.pk}, throw=True)
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (OutboxState.FAILED, 1, "OSError: down")
    assert message.lease_until > timezone.now()  # the next attempt, 30 s on
    assert services.outbox_catch_up() == 0  # not due yet
    monkeypatch.undo()
    assert services.outbox_catch_up(now=message.lease_until + timedelta(seconds=1)) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.SENT, 2)
    assert len(mailoutbox) == 1


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


def test_every_attempt_carries_the_same_message_id_so_a_receiving_server_can_drop_a_repeat(mailoutbox):
    message = queued()
    services.outbox_deliver(message_id=message.pk)
    OutboxMessage.objects.filter(pk=message.pk).update(state=OutboxState.QUEUED)  # as if sent again
    services.outbox_deliver(message_id=message.pk)
    ids = {m.extra_headers["Message-ID"] for m in mailoutbox}
    assert len(mailoutbox) == 2 and ids == {services.outbox_message_id(message)}
    assert ids.pop().startswith(f"<outbox.{message.pk}.")


def test_a_message_claimed_by_a_worker_that_died_is_sent_by_the_catch_up_job_once_its_claim_expires(mailoutbox):
    now = timezone.now()
    message = queued(state=OutboxState.SENDING, attempts=1, lease_until=now + timedelta(minutes=5))
    assert services.outbox_deliver(message_id=message.pk) == OutboxState.SENDING  # another worker holds it
    assert services.outbox_catch_up(now=now) == 0 and mailoutbox == []
    assert services.outbox_catch_up(now=now + timedelta(minutes=6)) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts, message.lease_until) == (OutboxState.SENT, 2, None)
    assert len(mailoutbox) == 1


def test_the_catch_up_job_sends_what_stayed_queued_for_over_a_minute_and_leaves_the_rest(mailoutbox):
    now = timezone.now()
    lost = queued(created_at=now - timedelta(minutes=2))  # its task was lost with the broker
    fresh = queued(created_at=now)  # its task is probably on its way
    held = queued(state=OutboxState.HELD, created_at=now - timedelta(hours=1))
    gave_up = queued(state=OutboxState.FAILED, attempts=services.OUTBOX_MAX_ATTEMPTS,
                     lease_until=now - timedelta(hours=1))
    assert services.outbox_due(now=now) == [lost.pk]
    assert services.outbox_catch_up(now=now) == 1
    assert [m.to for m in mailoutbox] == [lost.to]
    assert {m.pk: m.state for m in OutboxMessage.objects.all()} == {
        lost.pk: OutboxState.SENT, fresh.pk: OutboxState.QUEUED, held.pk: OutboxState.HELD,
        gave_up.pk: OutboxState.FAILED}


def test_mail_written_while_the_broker_is_down_is_kept_and_the_request_does_not_fail(
        mailoutbox, django_capture_on_commit_callbacks, caplog, monkeypatch):
    from network.tasks import deliver_outbox_message as task

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(task, "apply_async", broker_down)
    monkeypatch.setattr("network.queue._last_logged", float("-inf"))  # a fresh outage is logged
    with django_capture_on_commit_callbacks(execute=True):
        message = mail_send(to="ana@quito.gob.ec", template="network/mail/invitation", language="es",
                            context={"invitation": None, "member": MemberFactory(), "inviter": None,
                                     "accept_url": "x"})
    message.refresh_from_db()
    assert message.state == OutboxState.QUEUED and mailoutbox == []
    assert "The task queue is unreachable" in caplog.text
    assert services.outbox_catch_up(now=timezone.now() + timedelta(minutes=2)) == 1
    assert len(mailoutbox) == 1
