"""Redis is a cache and a broker, not a single point of failure.

With the cache and the broker at a closed port (the portal's own settings: network/cache.py,
network/queue.py), an applicant signs in, starts a draft, autosaves, uploads a document and submits
on the deadline day; every public page answers. Nothing is lost: the receipt waits in the database
and is sent by the catch-up job once the broker answers again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from network.models import OutboxMessage
from network.sweeps import run_sweeps
from programs.calls.models import Application
from tests import files
from tests.factories import PASSWORD
from tests.factories import technician_of
from tests.network.test_page_cache import UNREACHABLE_CACHE

from .conftest import answers_for

pytestmark = pytest.mark.django_db

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings, monkeypatch):
    """The cache and the broker unreachable, tasks sent for real (not run in-process)."""
    from config.celery import app

    monkeypatch.setattr("network.queue._last_logged", float("-inf"))  # a fresh outage is logged
    saved = (app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool)
    app.conf.broker_url, app.conf.task_always_eager = DEAD_BROKER, False
    app.conf.broker_transport_options = {"max_retries": 1, "interval_start": 0, "interval_step": 0.1,
                                         "interval_max": 0.1, "socket_connect_timeout": 1}
    app._pool = app.amqp._producer_pool = None
    with override_settings(CACHES=UNREACHABLE_CACHE):
        from django.core.cache import caches

        for alias in ("default", "pages"):
            caches[alias].close()
            del caches[alias]
        yield
    app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool = saved


def test_an_applicant_signs_in_saves_uploads_and_submits_with_redis_down_and_gets_the_receipt_after(
        client, make_call, quito, redis_down, mailoutbox, django_capture_on_commit_callbacks, caplog):
    call = make_call(closes_at=timezone.now() + timedelta(hours=3))  # the deadline is today
    technician = technician_of(quito)
    form = answers_for(call)

    with django_capture_on_commit_callbacks(execute=True):
        signed_in = client.post(reverse("account_login"), {"login": technician.email, "password": PASSWORD})
        assert signed_in.status_code == 302, signed_in.content[:500]
        started = client.post(reverse("programs:apply", kwargs={"slug": call.slug}))
        assert started.status_code == 302
        application = Application.objects.get(call=call, applicant=technician)
        autosave = client.post(reverse("programs:application_autosave", kwargs={"reference": application.reference}),
                               {"title": form["title"]}, headers={"HX-Request": "true"})
        assert autosave.status_code == 200
        upload = client.post(reverse("programs:document_upload", kwargs={"reference": application.reference}),
                             {"file": SimpleUploadedFile("memoria.pdf", files.PDF)})
        assert upload.status_code == 302
        submitted = client.post(reverse("programs:application_submit", kwargs={"reference": application.reference}),
                                form)
        assert submitted.status_code == 302
        receipt_page = client.get(submitted.url)
        assert receipt_page.status_code == 200 and application.reference in receipt_page.text

    application.refresh_from_db()
    assert application.state == "submitted" and application.documents.count() == 1
    assert "The task queue is unreachable" in caplog.text
    assert "Redis cache unreachable" in caplog.text  # said, once: not a line per call
    assert caplog.text.count("Redis cache unreachable") <= 2
    assert not OutboxMessage.objects.filter(related_reference=application.reference, topic="receipt").exists()
    assert mailoutbox == []

    # Every public page answers too.
    assert {url: client.get(url).status_code for url in ["/", "/calls/", f"/calls/{call.slug}/", "/members/",
                                                         "/events/", "/campus/", "/practices/"]} == {
        url: 200 for url in ["/", "/calls/", f"/calls/{call.slug}/", "/members/", "/events/", "/campus/",
                             "/practices/"]}


def test_when_the_broker_is_back_the_catch_up_jobs_send_the_receipt_once(
        client, make_call, quito, mailoutbox, django_capture_on_commit_callbacks, monkeypatch):
    from programs.calls import tasks as call_tasks

    call = make_call()
    technician = technician_of(quito)
    client.force_login(technician)
    client.post(reverse("programs:apply", kwargs={"slug": call.slug}))
    application = Application.objects.get(call=call)
    monkeypatch.setattr(call_tasks.send_receipt, "apply_async", lambda *a, **k: (_ for _ in ()).throw(
        ConnectionRefusedError(111, "Connection refused")))  # the broker is down while submitting
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programs:application_submit", kwargs={"reference": application.reference}),
                    answers_for(call))
    assert mailoutbox == []
    monkeypatch.undo()  # the broker is back
    later = timezone.now() + timedelta(minutes=3)
    with django_capture_on_commit_callbacks(execute=True):
        results = run_sweeps(now=later)
    assert results["call-receipts-catch-up"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        again = run_sweeps(now=later + timedelta(minutes=2))  # again: nothing twice
        assert again["call-receipts-catch-up"] == 0
        # A catch-up that picked the application just before the task sent its receipt sends nothing
        # and counts nothing.
        assert call_tasks.receipt_render_and_send(application_id=application.pk) is False
        from network.services import outbox_catch_up

        outbox_catch_up(now=later + timedelta(minutes=2))
    receipts = [m for m in mailoutbox if application.reference in m.subject + m.body]
    assert len(receipts) == 1 and receipts[0].attachments[0][0] == f"{application.reference}.pdf"
