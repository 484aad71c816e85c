"""Reminders before a deadline go out once per recipient, call, offset and deadline."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from network.enums import MemberStatus
from network.models import OutboxMessage
from programs.calls.models import ReminderSent
from programs.calls.services import applications as services
from programs.calls.services.calls import call_extend
from programs.calls.services.reminders import reminders_sweep
from tests.factories import MemberFactory
from tests.factories import focal_point_of
from tests.factories import technician_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def call_closing(make_call):
    now = timezone.now()
    return make_call(opens_at=now - timedelta(days=20), closes_at=now + timedelta(days=10), reminder_offsets=[7, 1])


def reminder_recipients() -> list[str]:
    return sorted(r for m in OutboxMessage.objects.filter(topic="reminder") for r in m.to)


def test_reminders_go_to_drafts_and_to_focal_points_of_members_that_have_not_applied(call_closing, quito, tunja):
    author = technician_of(quito)
    services.application_start(call=call_closing, user=author)
    focal_quito, focal_tunja = focal_point_of(quito), focal_point_of(tunja)
    MemberFactory(status=MemberStatus.SUSPENDED, name="Suspendida")
    sent = reminders_sweep(now=call_closing.closes_at - timedelta(days=7))
    assert sent == 2
    assert reminder_recipients() == sorted([author.email, focal_tunja.email])
    assert focal_quito.email not in reminder_recipients()  # Quito has a draft already


def test_a_second_sweep_sends_nothing(call_closing, quito):
    focal_point_of(quito)
    at = call_closing.closes_at - timedelta(days=6)
    assert reminders_sweep(now=at) == 1
    assert reminders_sweep(now=at + timedelta(minutes=5)) == 0
    assert OutboxMessage.objects.filter(topic="reminder").count() == 1


def test_nothing_is_sent_before_the_first_offset(call_closing, quito):
    focal_point_of(quito)
    assert reminders_sweep(now=call_closing.closes_at - timedelta(days=8)) == 0


def test_each_offset_sends_once(call_closing, quito):
    focal_point_of(quito)
    reminders_sweep(now=call_closing.closes_at - timedelta(days=7))
    reminders_sweep(now=call_closing.closes_at - timedelta(hours=23))
    reminders_sweep(now=call_closing.closes_at - timedelta(hours=1))
    assert sorted(ReminderSent.objects.values_list("offset_days", flat=True)) == [1, 7]


def test_a_late_sweep_sends_only_the_nearest_reminder(call_closing, quito):
    focal_point_of(quito)
    reminders_sweep(now=call_closing.closes_at - timedelta(hours=12))
    assert list(ReminderSent.objects.values_list("offset_days", flat=True)) == [1]


def test_no_reminder_after_the_deadline(call_closing, quito):
    focal_point_of(quito)
    assert reminders_sweep(now=call_closing.closes_at + timedelta(seconds=1)) == 0


def test_an_extended_deadline_starts_the_reminders_anew(call_closing, quito):
    focal_point_of(quito)
    reminders_sweep(now=call_closing.closes_at - timedelta(days=1))
    extended = call_extend(call=call_closing, closes_at=call_closing.closes_at + timedelta(days=10))
    assert reminders_sweep(now=extended.closes_at - timedelta(days=1)) == 1


def test_reminder_is_in_the_recipients_language_with_an_ics(call_closing, quito):
    focal = focal_point_of(quito)
    focal.person.language = "pt-br"
    focal.person.save()
    reminders_sweep(now=call_closing.closes_at - timedelta(days=1))
    message = OutboxMessage.objects.get(topic="reminder")
    assert (message.language, message.to) == ("pt-br", [focal.email])
    attachment = message.attachments[0]
    assert (attachment["filename"], attachment["mimetype"]) == ("deadline.ics", "text/calendar")
    import base64

    event = Calendar.from_ical(base64.b64decode(attachment["content"])).walk("VEVENT")[0]
    assert event.decoded("dtend") == call_closing.closes_at.replace(microsecond=0)
    assert str(event["dtend"].params["TZID"]) == call_closing.time_zone


def test_run_scheduled_jobs_command_sends_due_reminders(call_closing, quito):
    focal_point_of(quito)
    out = StringIO()
    call_command("run_scheduled_jobs", stdout=out)
    assert "call-deadline-reminders: 0" in out.getvalue()  # ten days before: nothing due yet
    call_closing.closes_at = timezone.now() + timedelta(hours=5)
    call_closing.save()
    call_command("run_scheduled_jobs", stdout=out)
    assert "call-deadline-reminders: 1" in out.getvalue()


def test_beat_runs_the_sweep(settings):
    from network.sweeps import SWEEPS
    from network.tasks import run_sweeps

    assert settings.CELERY_BEAT_SCHEDULE["sweeps"]["task"] == run_sweeps.name
    assert "call-deadline-reminders" in SWEEPS
