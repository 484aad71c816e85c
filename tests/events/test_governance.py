"""Board sessions: agreement codes, carrying open agreements forward, reminders and escalations once."""

from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from events.enums import AgreementStatus
from events.enums import Body
from events.enums import SessionKind
from events.models import AgreementNote
from events.selectors import session_minutes
from events.services.governance import agreement_add
from events.services.governance import agreement_follow_up
from events.services.governance import agreements_sweep
from events.services.governance import board_session_create
from network.models import OutboxMessage
from network.models import StateChange
from network.workflow import IllegalMove
from tests.factories import PersonFactory
from tests.factories import UserFactory

MX = ZoneInfo("America/Mexico_City")


def session(number, day, **kwargs):
    return board_session_create(body=Body.BOARD, number=number, held_at=datetime(2023, day[0], day[1], 17, tzinfo=MX),
                                time_zone="America/Mexico_City", place="Instituto", **kwargs)


@pytest.fixture
def eleventh(db):
    return session(11, (11, 23), agenda=["Evaluación del PMD 2040"])


def test_agreements_are_coded_per_session(eleventh):
    first = agreement_add(session=eleventh, text="Informe parcial de la evaluación del PMD 2040.")
    second = agreement_add(session=eleventh, text="Convocar la duodécima sesión.")
    assert (first.code, second.code) == ("JD-XI-1", "JD-XI-2")
    extraordinary = board_session_create(body=Body.EXECUTIVE_COMMITTEE, kind=SessionKind.EXTRAORDINARY, number=3,
                                         held_at=timezone.now())
    assert agreement_add(session=extraordinary, text="x").code == "CEE-III-1"


def test_a_new_session_follows_up_every_open_agreement(eleventh, db):
    staff = UserFactory(staff=True)
    open_one = agreement_add(session=eleventh, text="Informe parcial.")
    in_progress = agreement_add(session=eleventh, text="Revisar movimientos bancarios.")
    done = agreement_add(session=eleventh, text="Convocar la sesión.")
    agreement_follow_up(agreement=in_progress, text="Citado el 24 de enero.", status=AgreementStatus.IN_PROGRESS,
                        by=staff, written_on=date(2023, 12, 1))
    agreement_follow_up(agreement=done, text="Convocatoria enviada.", status=AgreementStatus.DONE, by=staff)
    twelfth = session(12, (12, 14), agenda=["Asuntos generales"])
    agenda = list(twelfth.agenda.all())
    assert [item.is_follow_up for item in agenda] == [True, False]
    assert agenda[1].title == "Asuntos generales"
    minutes = session_minutes(twelfth)
    assert [a.code for a in minutes["follow_up"]] == [open_one.code, in_progress.code]
    assert minutes["follow_up"][1].notes_latest_first[0].text == "Citado el 24 de enero."


def test_follow_up_notes_move_the_status_through_the_workflow(eleventh):
    agreement = agreement_add(session=eleventh, text="Informe.")
    agreement_follow_up(agreement=agreement, text="Cancelado por la junta.", status=AgreementStatus.CANCELLED)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.CANCELLED
    assert StateChange.objects.filter(object_id=agreement.pk, target="cancelled").count() == 1
    with pytest.raises(IllegalMove):
        agreement_follow_up(agreement=agreement, text="Reabrir", status=AgreementStatus.DONE)
    assert AgreementNote.objects.count() == 1


def test_reminder_before_due_date_and_escalation_when_overdue_each_once(eleventh):
    person = PersonFactory(email="juan@example.org")
    now = timezone.now()
    today = timezone.localdate(now)
    soon = agreement_add(session=eleventh, text="Informe.", responsible=person, due_on=today + timedelta(days=3))
    late = agreement_add(session=eleventh, text="Demanda.", responsible=person, due_on=today - timedelta(days=1))
    agreement_add(session=eleventh, text="Lejano.", responsible=person, due_on=today + timedelta(days=60))
    done = agreement_add(session=eleventh, text="Hecho.", responsible=person, due_on=today - timedelta(days=5))
    agreement_follow_up(agreement=done, text="Hecho.", status=AgreementStatus.DONE)
    assert agreements_sweep(now=now) == 2
    assert agreements_sweep(now=now) == 0
    reminders = OutboxMessage.objects.filter(topic="agreement-reminder")
    escalations = OutboxMessage.objects.filter(topic="agreement-escalation")
    assert [(m.to, m.related_reference) for m in reminders] == [(["juan@example.org"], soon.code)]
    assert [m.related_reference for m in escalations] == [late.code]
    assert escalations[0].to == ["secretaria@example.org"]


def test_minutes_render_to_pdf(eleventh):
    from events.pdf import minutes_pdf

    agreement_add(session=eleventh, text="Informe parcial.", due_on=date(2023, 12, 1))
    assert minutes_pdf(eleventh, language="es").startswith(b"%PDF")
