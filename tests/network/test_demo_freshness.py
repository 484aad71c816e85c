"""A demo database kept for weeks stays current: `load_demo` (so `make run`) moves the demo's dates
forward by the whole weeks that passed, and leaves what a person changed since the last load."""

from __future__ import annotations

from datetime import date
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def load(today: date) -> str:
    out = StringIO()
    call_command("load_demo", today=today.isoformat(), stdout=out)
    return out.getvalue()


def test_stale_demo_dates_move_forward_and_a_persons_change_stays():
    from events.models import Event
    from programs.calls.models import Call
    from programs.cooperation.models import MicrorredSession

    first_day = date(2026, 12, 1)
    load(first_day)
    calls = list(Call.objects.exclude(closes_at=None).order_by("pk"))
    touched, untouched = calls[0], calls[1]
    touched.closes_at = touched.closes_at + timedelta(days=3)  # a person moves one deadline in the admin
    touched.save()
    before = {
        "untouched": untouched.closes_at,
        "event": Event.objects.order_by("pk").first().starts_at,
        "session": MicrorredSession.objects.order_by("pk").first().starts_at,
    }

    assert "moved" not in load(first_day + timedelta(days=3))  # a few days: nothing moves
    out = load(first_day + timedelta(days=45))  # six weeks and three days later
    assert "42" in out
    untouched.refresh_from_db()
    assert untouched.closes_at == before["untouched"] + timedelta(days=42)
    assert Event.objects.order_by("pk").first().starts_at == before["event"] + timedelta(days=42)
    assert MicrorredSession.objects.order_by("pk").first().starts_at == before["session"] + timedelta(days=42)
    assert Call.objects.get(pk=touched.pk).closes_at == touched.closes_at  # the person's date stays

    load(first_day + timedelta(days=45))  # the same day again: nothing moves twice
    untouched.refresh_from_db()
    assert untouched.closes_at == before["untouched"] + timedelta(days=42)
