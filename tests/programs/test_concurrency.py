"""Caps, double submits and reminders under real concurrent requests (PostgreSQL, threads)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from network.models import OutboxMessage
from programs.calls.enums import ApplicationState
from programs.calls.models import Application
from programs.calls.models import ReminderSent
from programs.calls.services import applications as services
from programs.calls.services.reminders import reminders_sweep
from tests.concurrency import run_together
from tests.factories import focal_point_of
from tests.factories import technician_of

from .conftest import answers_for

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
    pytest.mark.django_db(transaction=True),
]




def test_twenty_parallel_submits_against_a_cap_of_three_accept_exactly_three(make_call, quito):
    call = make_call(max_per_member=3)
    drafts = []
    for _ in range(20):
        author = technician_of(quito)
        draft = services.application_start(call=call, user=author)
        drafts.append((services.application_save_draft(application=draft, by=author, answers=answers_for(call)), author))

    def submit(draft, author):
        return lambda: services.application_submit(application=draft, by=author).state

    outcomes = run_together([submit(d, a) for d, a in drafts])
    assert sorted(outcomes).count(ApplicationState.SUBMITTED) == 3
    assert outcomes.count("CapReached") == 17
    assert call.applications.filter(state=ApplicationState.SUBMITTED).count() == 3


def test_a_double_click_on_submit_creates_one_submission(make_call, technician):
    call = make_call()
    draft = services.application_start(call=call, user=technician)
    services.application_save_draft(application=draft, by=technician, answers=answers_for(call))
    outcomes = run_together([lambda: services.application_submit(application=draft, by=technician).state] * 2)
    assert outcomes == [ApplicationState.SUBMITTED, ApplicationState.SUBMITTED]
    assert draft.state_changes.count() == 1
    assert Application.objects.count() == 1


def test_a_double_click_on_apply_creates_one_draft(make_call, technician):
    call = make_call()
    outcomes = run_together([lambda: services.application_start(call=call, user=technician).pk] * 2)
    assert len(set(outcomes)) == 1
    assert Application.objects.count() == 1


def test_two_concurrent_sweeps_send_each_reminder_once(make_call, quito, tunja):
    now = timezone.now()
    call = make_call(opens_at=now - timedelta(days=20), closes_at=now + timedelta(hours=12))
    focal_point_of(quito)
    focal_point_of(tunja)
    outcomes = run_together([lambda: reminders_sweep(now=now)] * 2)
    assert sorted(outcomes) == [0, 2] or sum(outcomes) == 2
    assert ReminderSent.objects.filter(call=call).count() == 2
    assert OutboxMessage.objects.filter(topic="reminder").count() == 2


def test_ten_parallel_posts_of_the_submit_form_submit_once_and_each_lands_on_the_receipt(make_call, quito):
    """Through the view (the form's answers saved and submitted in one transaction): five of ten
    parallel clicks used to answer 500, the second save finding the draft already submitted."""
    from django.test import Client
    from django.urls import reverse

    call = make_call()
    author = technician_of(quito)
    draft = services.application_start(call=call, user=author)
    url = reverse("programs:application_submit", kwargs={"reference": draft.reference})
    form = answers_for(call)

    def click():
        client = Client()
        client.force_login(author)
        response = client.post(url, form)
        return response.status_code, response.headers.get("Location", "")

    outcomes = run_together([click for _ in range(10)])
    assert outcomes == [(302, f"/applications/{draft.reference}/?submitted=1")] * 10
    draft.refresh_from_db()
    assert draft.state == ApplicationState.SUBMITTED
    assert Application.objects.filter(call=call).count() == 1
    assert OutboxMessage.objects.filter(related_reference=draft.reference, topic="receipt").count() == 1
