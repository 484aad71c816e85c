from io import StringIO

from django.core.management import call_command

from events.demo import load_demo
from events.enums import AgreementStatus
from events.enums import EventKind
from events.models import Agreement
from events.models import Event
from events.models import Registration
from events.models import SurveyResponse


def test_demo_data_is_complete_and_idempotent(db):
    call_command("load_demo", stdout=StringIO())
    first = load_demo()
    assert load_demo() == first
    xxvi = Event.objects.get(kind=EventKind.CONGRESS, edition=26)
    assert (xxvi.city, xxvi.local_starts_at.day, xxvi.local_ends_at.day) == ("Zaragoza", 3, 5)
    assert xxvi.sessions.count() == 12
    per_member = {}
    for r in Registration.objects.filter(event=xxvi, covered_slot__isnull=False):
        per_member[r.member_id] = per_member.get(r.member_id, 0) + 1
    assert max(per_member.values()) == 2
    assert Event.objects.filter(kind=EventKind.NETWORK_MEETING).values("territorial_network").distinct().count() == 6
    assert set(Agreement.objects.values_list("status", flat=True)) == set(AgreementStatus.values)
    assert SurveyResponse.objects.count() > 5
