from datetime import date

import pytest

from network import services
from network import tasks
from network.enums import MemberStatus
from network.models import Member
from tests.factories import DuesFactory
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

BEFORE_GRACE = date(2026, 2, 10)
AFTER_GRACE = date(2026, 6, 1)


def status_of(member) -> str:
    return Member.objects.get(pk=member.pk).status


def test_active_member_with_unpaid_dues_of_last_year_goes_into_arrears():
    member = MemberFactory()
    DuesFactory(member=member, year=2025)
    result = services.dues_standing_refresh(today=BEFORE_GRACE)
    assert status_of(member) == MemberStatus.IN_ARREARS
    assert result.marked_in_arrears == [member.pk]


def test_unpaid_dues_of_this_year_are_not_overdue_before_the_grace_date():
    member = MemberFactory()
    DuesFactory(member=member, year=2026)
    services.dues_standing_refresh(today=BEFORE_GRACE)
    assert status_of(member) == MemberStatus.ACTIVE


def test_unpaid_dues_of_this_year_are_overdue_after_the_grace_date():
    member = MemberFactory()
    DuesFactory(member=member, year=2026)
    services.dues_standing_refresh(today=AFTER_GRACE)
    assert status_of(member) == MemberStatus.IN_ARREARS


def test_grace_date_is_configurable(settings):
    settings.DUES_GRACE_DATE = "07-15"
    member = MemberFactory()
    DuesFactory(member=member, year=2026)
    services.dues_standing_refresh(today=AFTER_GRACE)
    assert status_of(member) == MemberStatus.ACTIVE


def test_member_in_arrears_goes_back_to_active_when_everything_is_paid():
    member = MemberFactory(in_arrears=True)
    DuesFactory(member=member, year=2025, paid=True)
    DuesFactory(member=member, year=2026, paid=True)
    result = services.dues_standing_refresh(today=AFTER_GRACE)
    assert status_of(member) == MemberStatus.ACTIVE
    assert result.restored == [member.pk]


def test_refresh_is_idempotent():
    owing, paying = MemberFactory(), MemberFactory(in_arrears=True)
    DuesFactory(member=owing, year=2025)
    DuesFactory(member=paying, year=2025, paid=True)
    services.dues_standing_refresh(today=AFTER_GRACE)
    second = services.dues_standing_refresh(today=AFTER_GRACE)
    assert (second.marked_in_arrears, second.restored) == ([], [])
    assert (status_of(owing), status_of(paying)) == (MemberStatus.IN_ARREARS, MemberStatus.ACTIVE)


@pytest.mark.parametrize("status", [MemberStatus.SUSPENDED, MemberStatus.FORMER, MemberStatus.PROSPECT])
def test_refresh_leaves_statuses_decided_by_the_secretariat_alone(status):
    member = MemberFactory(status=status)
    DuesFactory(member=member, year=2024)
    services.dues_standing_refresh(today=AFTER_GRACE)
    assert status_of(member) == status


def test_recording_a_payment_restores_the_member_at_once():
    member = MemberFactory(in_arrears=True)
    dues = DuesFactory(member=member, year=2025)
    services.dues_mark_paid(dues=dues, paid_on=date(2026, 3, 1))
    assert status_of(member) == MemberStatus.ACTIVE


def test_status_change_by_the_job_is_logged_with_its_reason():
    from django.utils import translation
    from django.utils.translation import gettext

    from network.workflow import state_history

    member = MemberFactory()
    DuesFactory(member=member, year=2025)
    services.dues_standing_refresh(today=AFTER_GRACE)
    change = state_history(member).get()
    with translation.override("en"):
        reason = gettext("Dues overdue")
    assert (change.target, change.actor) == (MemberStatus.IN_ARREARS, "system")
    assert change.comment in (reason, gettext("Dues overdue"))  # written in the portal's language



def test_scheduled_task_runs_the_refresh(settings):
    member = MemberFactory()
    DuesFactory(member=member, year=2020)
    outcome = tasks.refresh_dues_standing.delay().get()
    assert outcome == {"in_arrears": [member.pk], "restored": []}


def test_beat_schedule_runs_the_dues_task_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-dues-standing"]
    assert entry["task"] == "network.tasks.refresh_dues_standing"
    assert tasks.refresh_dues_standing.name == entry["task"]
