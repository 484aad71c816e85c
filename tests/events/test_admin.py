"""Staff pages in the admin: registrations by member, exports, badges, check-in, results, minutes."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from events.enums import Body
from events.enums import RegistrationState
from events.models import Event
from events.models import Registration
from events.services import registrations as services
from events.services.governance import agreement_add
from events.services.governance import board_session_create
from events.services.surveys import survey_links_sweep
from events.services.surveys import survey_submit
from network.models import OutboxMessage
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.models import Application
from tests.factories import MemberFactory
from tests.factories import focal_point_of
from tests.factories import technician_of
from tests.programs.conftest import make_call  # noqa: F401

from .factories import EventFactory
from .factories import questionnaire_for


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


def fill(congress, members: int):
    """`members` cities, each with a focal point registering three delegates (two covered)."""
    for _ in range(members):
        member = MemberFactory()
        focal = focal_point_of(member)
        for _ in range(3):
            person = technician_of(member).person
            services.registration_register(event=congress, member=member, person=person, by=focal,
                                           dietary_needs="Vegetariana")


def test_registrations_by_member_counts_covered_places(admin_client, congress):
    fill(congress, 2)
    response = admin_client.get(reverse("admin:events_event_registrations", args=[congress.pk]))
    assert response.status_code == 200
    assert response.context["totals"] == {"registered": 6, "covered": 4, "attended": 0, "members": 2}


@pytest.mark.parametrize("which", ["rooming", "dietary", "registrations"])
def test_exports_as_csv_and_xlsx(admin_client, congress, which):
    fill(congress, 1)
    csv_response = admin_client.get(reverse("admin:events_event_export", args=[congress.pk, which, "csv"]))
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    expected = {"rooming": 2, "dietary": 3, "registrations": 3}[which]
    assert len(rows) == 1 + expected
    xlsx = admin_client.get(reverse("admin:events_event_export", args=[congress.pk, which, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 1 + expected


def test_unknown_export_is_404(admin_client, congress):
    assert admin_client.get(reverse("admin:events_event_export", args=[congress.pk, "x", "csv"])).status_code == 404


def test_badges_pdf(admin_client, congress):
    fill(congress, 1)
    response = admin_client.get(reverse("admin:events_event_badges", args=[congress.pk]))
    assert response.content.startswith(b"%PDF")


def test_check_in_page(admin_client, congress):
    fill(congress, 1)
    registration = Registration.objects.first()
    url = reverse("admin:events_event_check_in", args=[congress.pk])
    assert admin_client.get(url, {"q": registration.person.last_name}).status_code == 200
    admin_client.post(url, {"registration": registration.pk})
    registration.refresh_from_db()
    assert registration.state == RegistrationState.ATTENDED


def test_admin_actions_go_through_the_workflow(admin_client, congress):
    fill(congress, 1)
    ids = list(Registration.objects.values_list("pk", flat=True))
    url = reverse("admin:events_registration_changelist")
    admin_client.post(url, {"action": "confirm", "_selected_action": ids})
    assert set(Registration.objects.values_list("state", flat=True)) == {"confirmed"}
    admin_client.post(url, {"action": "cancel", "_selected_action": ids[:1]})
    assert Registration.objects.get(pk=ids[0]).covered_slot is None


def test_non_staff_cannot_open_staff_pages(client, congress, delegates):
    client.force_login(delegates[0].user)
    response = client.get(reverse("admin:events_event_registrations", args=[congress.pk]))
    assert response.status_code == 302


def test_congress_from_candidacy_admin_page(admin_client, make_call, zaragoza):  # noqa: F811
    call = make_call(kind=CallKind.CONGRESS_HOST)
    user = focal_point_of(zaragoza)
    application = Application.objects.create(call=call, reference="SEDE-1", applicant=user, person=user.person,
                                             member=zaragoza, state=ApplicationState.ACCEPTED, data={})
    url = reverse("admin:events_event_from_candidacy")
    assert "SEDE-1" in admin_client.get(url).content.decode()
    admin_client.post(url, {"application": application.pk})
    admin_client.post(url, {"application": application.pk})
    assert Event.objects.filter(host_application=application).count() == 1


def test_survey_results_page_and_csv(admin_client, quito, focal, delegates):
    event = EventFactory(past=True, ends_at=timezone.now())
    for person in delegates:
        Registration.objects.create(event=event, member=quito, person=person)
    questionnaire = questionnaire_for(event)
    survey_links_sweep(now=timezone.now())
    q = list(questionnaire.questions.all())
    for rating, message in zip([5, 4, 2], OutboxMessage.objects.filter(topic="survey-link"), strict=True):
        token = message.text.split("/surveys/")[1].split("/")[0]
        survey_submit(token=token, answers={q[0].pk: rating, q[1].pk: "Sí", q[3].pk: "Bien"})
    response = admin_client.get(reverse("admin:events_questionnaire_results", args=[questionnaire.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('class="chart"') == 3
    assert response.context["rate"] == 100
    csv_response = admin_client.get(reverse("admin:events_questionnaire_results_csv", args=[questionnaire.pk]))
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert ["Valoración general", "Average", "", "3.67"] in rows or any(r[-1] == "3.67" for r in rows)


def test_board_session_admin_and_minutes(admin_client, db):
    session = board_session_create(body=Body.BOARD, number=11, held_at=datetime(2023, 11, 23, 17, tzinfo=ZoneInfo("America/Mexico_City")))
    agreement_add(session=session, text="Informe parcial.")
    assert admin_client.get(reverse("admin:events_boardsession_change", args=[session.pk])).status_code == 200
    response = admin_client.get(reverse("admin:events_boardsession_minutes", args=[session.pk]))
    assert response.content.startswith(b"%PDF")


def test_board_session_added_in_admin_gets_follow_up_and_coded_agreements(admin_client, db):
    earlier = board_session_create(body=Body.BOARD, number=11, held_at=datetime(2023, 11, 23, 17, tzinfo=ZoneInfo("UTC")))
    carried = agreement_add(session=earlier, text="Pendiente.")
    data = {
        "body": "board", "kind": "ordinary", "number": "12", "held_at_0": "2023-12-14", "held_at_1": "17:00:00",
        "time_zone": "America/Mexico_City", "place": "Instituto", "notes": "",
        "attendance-TOTAL_FORMS": "0", "attendance-INITIAL_FORMS": "0",
        "agenda-TOTAL_FORMS": "0", "agenda-INITIAL_FORMS": "0",
        "agreements-TOTAL_FORMS": "1", "agreements-INITIAL_FORMS": "0",
        "agreements-0-text": "Nuevo acuerdo", "agreements-0-due_on": "2024-01-31",
    }
    response = admin_client.post(reverse("admin:events_boardsession_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    from events.models import BoardSession

    session = BoardSession.objects.get(number=12)
    assert list(session.carried_agreements.all()) == [carried]
    assert list(session.agreements.values_list("code", flat=True)) == ["JD-XII-1"]
    assert session.agenda.filter(is_follow_up=True).count() == 1


@pytest.mark.parametrize("name", ["event", "registration", "questionnaire", "boardsession", "agreement",
                                  "surveyinvitation"])
def test_admin_changelists_render(admin_client, name, congress):
    fill(congress, 1)
    assert admin_client.get(reverse(f"admin:events_{name}_changelist")).status_code == 200
