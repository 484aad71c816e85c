"""Public calendar, event pages, feeds (validated with icalendar), portal registration, surveys."""

from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.enums import EventKind
from events.enums import RegistrationState
from events.models import CalendarFeed
from events.models import Registration
from events.services import registrations as services
from events.services.feeds import calendar_feed_for
from events.services.surveys import survey_links_sweep
from network.ics import CalendarEntry
from network.models import OutboxMessage
from tests.factories import MemberFactory
from tests.factories import TerritorialNetworkFactory
from tests.factories import technician_of
from tests.portal import portal_page

from .factories import EventFactory
from .factories import ProgrammeSessionFactory
from .factories import questionnaire_for

MX = ZoneInfo("America/Mexico_City")


def parse(response) -> Calendar:
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(b"".join(response) if hasattr(response, "streaming_content") else response.content)


def vevents(calendar: Calendar):
    return [c for c in calendar.walk("VEVENT")]


# --- Calendar pages ------------------------------------------------------------------------
def test_calendar_lists_upcoming_events_and_filters_by_kind(client, congress, meeting):
    response = client.get(reverse("events:calendar"))
    assert response.status_code == 200
    assert {e.pk for e in response.context["events"]} == {congress.pk, meeting.pk}
    response = client.get(reverse("events:calendar"), {"kind": EventKind.CONGRESS})
    assert [e.pk for e in response.context["events"]] == [congress.pk]


def test_calendar_filters_by_network_and_hides_unpublished(client, db):
    andina = TerritorialNetworkFactory(slug="red-andina", name="Red Andina")
    ours = EventFactory(territorial_network=andina)
    EventFactory(territorial_network=TerritorialNetworkFactory())
    EventFactory(territorial_network=andina, published=False)
    response = client.get(reverse("events:calendar"), {"network": "red-andina"})
    assert [e.pk for e in response.context["events"]] == [ours.pk]


def test_month_view_places_a_multi_day_congress_on_each_day(client, congress):
    response = client.get(reverse("events:calendar"), {"view": "month", "month": "2030-07"})
    assert response.status_code == 200
    days = {day.day for week in response.context["grid"].weeks for day, events in week
            if events and day.month == 7}
    assert days == {3, 4, 5}


def test_month_view_survives_a_bad_month(client, db):
    response = client.get(reverse("events:calendar"), {"view": "month", "month": "2030-13"})
    assert response.status_code == 400 and response.context["grid"] is not None  # this month, and why


def test_event_page_shows_the_programme_day_by_day_in_the_event_time_zone(client, congress):
    ProgrammeSessionFactory(event=congress, title="Inauguración", starts_at=datetime(2030, 7, 3, 9, 30, tzinfo=ZoneInfo("Europe/Madrid")))
    ProgrammeSessionFactory(event=congress, title="Visitas técnicas", starts_at=datetime(2030, 7, 4, 16, 0, tzinfo=ZoneInfo("Europe/Madrid")))
    response = client.get(congress.get_absolute_url())
    assert response.status_code == 200
    days = response.context["days"]
    assert [d for d, _ in days] == [date(2030, 7, 3), date(2030, 7, 4)]
    assert "09:30" in response.content.decode()


def test_times_are_shown_in_the_event_time_zone(client, db):
    bogota = ZoneInfo("America/Bogota")
    event = EventFactory(time_zone="America/Bogota", title="Encuentro andino",
                         starts_at=datetime(2030, 12, 16, 16, 0, tzinfo=bogota),
                         ends_at=datetime(2030, 12, 16, 18, 0, tzinfo=bogota))
    ProgrammeSessionFactory(event=event, starts_at=datetime(2030, 12, 16, 16, 30, tzinfo=bogota))
    page = client.get(event.get_absolute_url()).content.decode()
    assert "16:00–18:00" in page
    assert "16:30–17:30" in page
    listing = client.get(reverse("events:calendar")).content.decode()
    assert "16:00–18:00" in listing


def test_an_event_over_several_days_shows_its_first_and_last_day_in_its_zone(client, db):
    mexico = ZoneInfo("America/Mexico_City")  # 23:00 in Mexico City is already the next day in UTC
    event = EventFactory(time_zone="America/Mexico_City", title="Congreso", starts_at=datetime(2030, 7, 3, 9, 0, tzinfo=mexico),
                         ends_at=datetime(2030, 7, 5, 23, 0, tzinfo=mexico))
    for page in (client.get(event.get_absolute_url()), client.get(reverse("events:calendar"))):
        assert '3 Jul – 5 Jul 2030 <span class="muted small">(America/Mexico_City)</span>' in page.content.decode()


def test_unpublished_event_is_404(client, db):
    event = EventFactory(published=False)
    assert client.get(event.get_absolute_url()).status_code == 404


def test_network_page_lists_its_meetings(client, db):
    network = TerritorialNetworkFactory(slug="red-iberica", name="Red Ibérica")
    EventFactory(territorial_network=network, title="Encuentro de la Red Ibérica")
    response = client.get(network.get_absolute_url())
    assert "Encuentro de la Red Ibérica" in response.content.decode()


# --- Feeds ---------------------------------------------------------------------------------
def test_public_feed_is_valid_icalendar_with_time_zones_and_multi_day_events(client, congress, db):
    one_off = EventFactory(time_zone="America/Mexico_City",
                           starts_at=datetime(2030, 3, 1, 10, 0, tzinfo=MX), ends_at=datetime(2030, 3, 1, 12, 0, tzinfo=MX))
    calendar = parse(client.get(reverse("events:feed")))
    events = {str(e["summary"]): e for e in vevents(calendar)}
    assert set(events) == {congress.title, one_off.title}
    start = events[one_off.title].decoded("dtstart")
    assert (start.hour, str(start.tzinfo)) == (10, "America/Mexico_City")
    multi = events[congress.title]
    assert (multi.decoded("dtend") - multi.decoded("dtstart")) == timedelta(days=2, hours=5)
    assert {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")} == {"Europe/Madrid", "America/Mexico_City"}


def test_network_feed_has_only_that_networks_events(client, db):
    andina = TerritorialNetworkFactory(slug="red-andina")
    ours = EventFactory(territorial_network=andina)
    EventFactory()
    calendar = parse(client.get(reverse("events:network_feed", args=["red-andina"])))
    assert [str(e["summary"]) for e in vevents(calendar)] == [ours.title]
    assert client.get(reverse("events:network_feed", args=["nope"])).status_code == 404


def test_personal_feed_joins_registrations_and_other_apps_entries(client, congress, quito, focal, delegates,
                                                                    monkeypatch):
    from network import upcoming

    user = delegates[0].user
    services.registration_register(event=congress, member=quito, person=delegates[0], by=focal)
    deadline = CalendarEntry(uid="deadline-1@test", title="Entrega del informe",
                             starts_at=datetime(2030, 6, 1, 9, 0, tzinfo=MX), ends_at=datetime(2030, 6, 1, 10, 0, tzinfo=MX))

    def provider(*, user):
        return [deadline] if user.email == delegates[0].email else []

    upcoming.register_calendar_provider(provider)
    try:
        feed = calendar_feed_for(user=user)
        calendar = parse(client.get(feed.get_absolute_url()))
    finally:
        upcoming.CALENDAR_PROVIDERS.unregister(upcoming.callable_key(provider))
    assert [str(e["summary"]) for e in vevents(calendar)] == ["Entrega del informe", congress.title]


def test_personal_feed_secret_can_be_reset(client, delegates):
    user = delegates[0].user
    old = calendar_feed_for(user=user).get_absolute_url()
    assert client.get(old).status_code == 200
    client.force_login(user)
    response = client.post(reverse("events:my_calendar"))
    assert response.status_code == 302
    new = CalendarFeed.objects.get(user=user).get_absolute_url()
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_unknown_secret_is_404(client, db):
    assert client.get(reverse("events:personal_feed", args=["nope"])).status_code == 404


def test_my_calendar_page_shows_the_address(client, delegates):
    client.force_login(delegates[0].user)
    response = client.get(reverse("events:my_calendar"))
    assert CalendarFeed.objects.get(user=delegates[0].user).secret in response.content.decode()


def test_my_calendar_preview_starts_today_and_the_feed_keeps_the_past(client, delegates):
    from network import upcoming

    now = timezone.now()
    past = CalendarEntry(uid="old@test", title="Reunión de 2019", starts_at=now - timedelta(days=2000),
                         ends_at=now - timedelta(days=1999))
    today = CalendarEntry(uid="today@test", title="Sesión de hoy", starts_at=now - timedelta(hours=1),
                          ends_at=now + timedelta(hours=1))
    soon = CalendarEntry(uid="soon@test", title="Entrega próxima", starts_at=now + timedelta(days=3),
                         ends_at=now + timedelta(days=3, hours=1))

    def provider(*, user):
        return [soon, past, today]

    upcoming.register_calendar_provider(provider)
    try:
        client.force_login(delegates[0].user)
        page = client.get(reverse("events:my_calendar"))
        feed = client.get(calendar_feed_for(user=delegates[0].user).get_absolute_url())
    finally:
        upcoming.CALENDAR_PROVIDERS.unregister(upcoming.callable_key(provider))
    assert [e.title for e in page.context["entries"]] == ["Sesión de hoy", "Entrega próxima"]
    assert "Reunión de 2019" not in page.text
    assert b"Reuni" in feed.content  # the feed keeps what already happened


# --- Registering in the portal ------------------------------------------------------------
def test_focal_point_registers_delegates_from_the_event(client, congress, quito, focal, delegates):
    client.force_login(focal)
    url = reverse("events:register", args=[congress.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert set(page.context["form"].fields["person"].queryset) >= set(delegates)
    for person in delegates:
        response = client.post(url, {"member": "quito", "person": person.pk, "place": "auto",
                                     "arrival_on": "2030-07-02", "departure_on": "2030-07-05",
                                     "dietary_needs": "", "accessibility_needs": ""})
        assert response.status_code == 302
    assert [r.covered for r in Registration.objects.order_by("pk")] == [True, True, False]
    assert Registration.objects.order_by("pk")[0].hotel_nights == 3


def test_register_form_keeps_input_on_error(client, congress, quito, focal, delegates):
    client.force_login(focal)
    response = client.post(reverse("events:register", args=[congress.slug]), {
        "member": "quito", "person": delegates[0].pk, "place": "auto", "arrival_on": "2030-07-05",
        "departure_on": "2030-07-01", "dietary_needs": "Vegana"})
    assert response.status_code == 400
    assert "Vegana" in response.content.decode()
    assert Registration.objects.count() == 0


def test_technician_can_only_pick_themself(client, congress, quito, delegates):
    client.force_login(delegates[0].user)
    page = client.get(reverse("events:register", args=[congress.slug]))
    assert list(page.context["form"].fields["person"].queryset) == [delegates[0]]
    response = client.post(reverse("events:register", args=[congress.slug]),
                           {"member": "quito", "person": delegates[1].pk, "place": "auto"})
    assert response.status_code == 400
    assert Registration.objects.count() == 0


def test_staff_register_a_delegate_for_any_member_even_when_closed(client, staff, quito, delegates):
    event = EventFactory(congress=True, registration_open=False)
    client.force_login(staff)
    response = client.post(reverse("events:register", args=[event.slug]),
                           {"member": "quito", "person": delegates[0].pk, "place": "auto"})
    assert response.status_code == 302
    assert Registration.objects.get().covered is True


def test_register_for_a_member_you_do_not_belong_to_is_404(client, congress, delegates):
    MemberFactory(slug="lima")
    client.force_login(delegates[0].user)
    assert client.get(reverse("events:register", args=[congress.slug]), {"member": "lima"}).status_code == 404


def test_registration_of_another_city_is_404(client, congress, quito, focal, delegates):
    registration = services.registration_register(event=congress, member=quito, person=delegates[0], by=focal)
    other = technician_of(MemberFactory())
    client.force_login(other)
    assert client.get(registration.get_absolute_url()).status_code == 404
    assert client.post(reverse("events:registration_cancel", args=[registration.pk])).status_code == 404
    colleague = delegates[1].user  # same city but not the focal point nor the delegate
    client.force_login(colleague)
    assert client.get(registration.get_absolute_url()).status_code == 404


def test_delegate_updates_needs_and_cancels(client, congress, quito, focal, delegates):
    registration = services.registration_register(event=congress, member=quito, person=delegates[0], by=focal)
    client.force_login(delegates[0].user)
    response = client.post(registration.get_absolute_url(), {"arrival_on": "2030-07-02", "departure_on": "2030-07-06",
                                                              "dietary_needs": "Sin gluten", "accessibility_needs": ""})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.dietary_needs, registration.hotel_nights) == ("Sin gluten", 4)
    client.post(reverse("events:registration_cancel", args=[registration.pk]))
    registration.refresh_from_db()
    assert (registration.state, registration.covered_slot) == (RegistrationState.CANCELLED, None)


def test_portal_panel_shows_covered_places(client, congress, quito, focal, delegates):
    services.registration_register(event=congress, member=quito, person=delegates[0], by=focal)
    client.force_login(focal)
    text = portal_page(client, reverse("portal:member", args=["quito"])).text
    assert "1 of 2" in text or "1 de 2" in text


# --- Surveys -------------------------------------------------------------------------------
@pytest.fixture
def survey_token(quito, focal, delegates):
    event = EventFactory(past=True, ends_at=timezone.now() - timedelta(days=1))
    Registration.objects.create(event=event, member=quito, person=delegates[0])
    questionnaire = questionnaire_for(event)
    survey_links_sweep(now=timezone.now())
    message = OutboxMessage.objects.get(topic="survey-link")
    token = message.text.split("/surveys/")[1].split("/")[0]
    return questionnaire, token


def test_participant_answers_once(client, survey_token):
    questionnaire, token = survey_token
    q = list(questionnaire.questions.all())
    url = reverse("events:survey", args=[token])
    assert client.get(url).status_code == 200
    data = {f"q{q[0].pk}": "5", f"q{q[1].pk}": "Sí", f"q{q[2].pk}": ["Visitas"], f"q{q[3].pk}": "Excelente"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert questionnaire.responses.count() == 1
    again = client.post(url, data)
    assert "already been answered" in again.content.decode() or again.context["done"]
    assert questionnaire.responses.count() == 1


def test_missing_required_answer_keeps_input(client, survey_token):
    questionnaire, token = survey_token
    q = list(questionnaire.questions.all())
    response = client.post(reverse("events:survey", args=[token]), {f"q{q[3].pk}": "Comentario guardado"})
    assert response.status_code == 400
    assert "Comentario guardado" in response.content.decode()
    assert questionnaire.responses.count() == 0


def test_unknown_survey_token_is_404(client, survey_token):
    assert client.get(reverse("events:survey", args=["not-a-token"])).status_code == 404
