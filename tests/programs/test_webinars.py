"""Webinars: public registration with a capacity, confirmation with .ics, the reminder the day before
(once), unsubscribing, proposals becoming drafts, the public pages and the portal panel."""

import base64
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from network.models import OutboxMessage
from network.models import StateChange
from network.upcoming import upcoming_items
from network.workflow import IllegalMove
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.knowledge.enums import WebinarState
from programs.knowledge.models import Webinar
from programs.knowledge.models import WebinarRegistration
from programs.knowledge.services import webinars as services
from programs.knowledge.services.errors import AlreadyRegistered
from programs.knowledge.services.errors import NotAWebinarProposal
from programs.knowledge.services.errors import RegistrationClosed
from programs.knowledge.services.errors import WebinarFull
from tests.concurrency import run_together
from tests.factories import MemberFactory
from tests.factories import UserFactory
from tests.factories import technician_of
from tests.portal import portal_page

from .factories import ApplicationFactory
from .factories import CallFactory
from .factories_knowledge import RegistrationFactory
from .factories_knowledge import WebinarFactory
from .factories_knowledge import in_days

PERSON = {"name": "Lucía Gómez", "email": "lucia@example.org", "institution": "Universidad de Rosario",
          "country": "AR"}


def register(webinar, **overrides):
    return services.webinar_register(webinar=webinar, **{**PERSON, **overrides})


@pytest.mark.django_db
def test_registration_sends_a_confirmation_with_calendar_file_and_unsubscribe_link():
    webinar = WebinarFactory(title="Supermanzanas de barrio")
    registration = register(webinar)
    message = OutboxMessage.objects.get(topic="webinar")
    assert message.to == ["lucia@example.org"]
    assert "Supermanzanas de barrio" in message.subject
    unsubscribe = reverse("programs:webinar_unsubscribe", kwargs={"token": registration.token})
    assert unsubscribe in message.text and unsubscribe in message.html
    assert webinar.online_url in message.text
    attachment = message.attachments[0]
    assert attachment["mimetype"] == "text/calendar"
    event = Calendar.from_ical(base64.b64decode(attachment["content"])).walk("VEVENT")[0]
    assert event["summary"] == "Supermanzanas de barrio"
    assert event.decoded("dtstart") == webinar.starts_at


@pytest.mark.django_db
def test_the_same_address_cannot_register_twice_whatever_its_case():
    webinar = WebinarFactory()
    register(webinar)
    with pytest.raises(AlreadyRegistered):
        register(webinar, email="LUCIA@example.org")
    assert webinar.registrations.count() == 1


@pytest.mark.django_db
def test_a_full_webinar_refuses_one_more_and_an_unsubscribe_frees_the_place():
    webinar = WebinarFactory(capacity=2)
    first = register(webinar, email="a@example.org")
    register(webinar, email="b@example.org")
    with pytest.raises(WebinarFull):
        register(webinar, email="c@example.org")
    services.webinar_unsubscribe(token=first.token)
    register(webinar, email="c@example.org")
    assert services.places_taken(webinar) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("traits", [{"draft": True}, {"held": True}, {"state": WebinarState.CANCELLED}])
def test_registration_is_closed_for_drafts_past_and_cancelled_webinars(traits):
    with pytest.raises(RegistrationClosed):
        register(WebinarFactory(**traits))


@pytest.mark.django_db
def test_registration_closes_when_the_webinar_starts():
    webinar = WebinarFactory()
    with pytest.raises(RegistrationClosed):
        register(webinar, now=webinar.starts_at + timedelta(minutes=1))


@pytest.mark.django_db
def test_unsubscribing_twice_changes_nothing_and_coming_back_reuses_the_row():
    webinar = WebinarFactory()
    registration = register(webinar)
    services.webinar_unsubscribe(token=registration.token)
    cancelled_at = WebinarRegistration.objects.get().cancelled_at
    services.webinar_unsubscribe(token=registration.token)
    assert WebinarRegistration.objects.get().cancelled_at == cancelled_at
    assert services.webinar_unsubscribe(token="no-such-token") is None
    again = register(webinar, institution="Municipalidad de Rosario")
    assert again.pk == registration.pk and again.is_active and again.institution == "Municipalidad de Rosario"


# --- The reminder the day before -------------------------------------------------------------------
@pytest.mark.django_db
def test_the_reminder_goes_once_the_day_before_to_active_registrations_only():
    webinar = WebinarFactory(starts_at=in_days(3))
    keep = RegistrationFactory(webinar=webinar, email="keep@example.org")
    RegistrationFactory(webinar=webinar, email="gone@example.org", cancelled_at=timezone.now())
    assert services.webinar_reminders_sweep(now=webinar.starts_at - timedelta(days=2)) == 0
    day_before = webinar.starts_at - timedelta(hours=23)
    assert services.webinar_reminders_sweep(now=day_before) == 1
    assert services.webinar_reminders_sweep(now=day_before + timedelta(minutes=5)) == 0
    reminders = OutboxMessage.objects.filter(topic="webinar-reminder")
    assert [m.to for m in reminders] == [[keep.email]]
    assert reverse("programs:webinar_unsubscribe", kwargs={"token": keep.token}) in reminders[0].text
    assert services.webinar_reminders_sweep(now=webinar.starts_at + timedelta(minutes=1)) == 0


@pytest.mark.django_db
def test_a_moved_webinar_gets_a_new_reminder():
    webinar = WebinarFactory(starts_at=in_days(0.5))
    RegistrationFactory(webinar=webinar)
    assert services.webinar_reminders_sweep(now=timezone.now()) == 1
    Webinar.objects.filter(pk=webinar.pk).update(starts_at=in_days(0.7))
    assert services.webinar_reminders_sweep(now=timezone.now()) == 1


# --- Staff moves and proposals ------------------------------------------------------------------------
@pytest.mark.django_db
def test_staff_publish_hold_and_cancel_through_the_workflow_with_an_audit_row():
    staff = UserFactory(staff=True)
    webinar = WebinarFactory(draft=True)
    services.webinar_move(webinar=webinar, to=WebinarState.SCHEDULED, by=staff)
    services.webinar_record_outcome(webinar=webinar, by=staff, recording_url="https://v.example.org/9",
                                    attendance_count=120)
    webinar.refresh_from_db()
    assert (webinar.state, webinar.attendance_count) == (WebinarState.HELD, 120)
    assert list(StateChange.objects.values_list("source", "target")) == [("draft", "scheduled"),
                                                                         ("scheduled", "held")]
    with pytest.raises(IllegalMove):
        services.webinar_move(webinar=webinar, to=WebinarState.CANCELLED, by=staff)


@pytest.mark.django_db
def test_an_accepted_proposal_becomes_one_webinar_draft_however_often_it_is_asked():
    member = MemberFactory(name="Rosario")
    call = CallFactory(kind=CallKind.WEBINAR_PROPOSAL)
    application = ApplicationFactory(call=call, member=member, state=ApplicationState.ACCEPTED, data={
        "title": "Presupuesto participativo joven", "summary": "Jóvenes deciden.",
        "practice_summary": "Cómo lo hicimos.", "speakers": "Ana Pérez\nLuis Díaz", "preferred_month": "2099-05-01"})
    webinar, created = services.webinar_from_proposal(application=application)
    again, created_again = services.webinar_from_proposal(application=application)
    assert (created, created_again, again.pk) == (True, False, webinar.pk)
    assert webinar.state == WebinarState.DRAFT and webinar.presenting_member == member
    assert webinar.speaker_lines == ["Ana Pérez", "Luis Díaz"]
    assert webinar.local_starts_at.date().isoformat() == "2099-05-07"  # the first Thursday of May 2099
    assert webinar.local_starts_at.hour == 16


@pytest.mark.django_db
@pytest.mark.parametrize("kind,state", [(CallKind.WEBINAR_PROPOSAL, ApplicationState.SUBMITTED),
                                        (CallKind.MICRORRED, ApplicationState.ACCEPTED)])
def test_only_accepted_webinar_proposals_become_drafts(kind, state):
    application = ApplicationFactory(call=CallFactory(kind=kind), state=state)
    with pytest.raises(NotAWebinarProposal):
        services.webinar_from_proposal(application=application)


@pytest.mark.django_db
def test_admin_action_creates_webinar_drafts_from_accepted_proposals(client):
    client.force_login(UserFactory(staff=True))
    call = CallFactory(kind=CallKind.WEBINAR_PROPOSAL)
    accepted = ApplicationFactory(call=call, state=ApplicationState.ACCEPTED, data={"title": "Huertos urbanos"})
    other = ApplicationFactory(call=call, state=ApplicationState.REJECTED)
    url = reverse("admin:programs_application_changelist")
    for _ in range(2):
        response = client.post(url, {"action": "create_webinar_drafts", "_selected_action": [accepted.pk, other.pk]},
                               follow=True)
        assert response.status_code == 200
    assert list(Webinar.objects.values_list("title", "proposal")) == [("Huertos urbanos", accepted.pk)]


# --- Pages ------------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 20])
def test_webinar_list_queries_do_not_grow(client, django_assert_max_num_queries, rows):
    for n in range(rows):
        WebinarFactory(starts_at=in_days(n + 1))
        WebinarFactory(held=True, starts_at=in_days(-n - 1))
    with django_assert_max_num_queries(7):
        response = client.get(reverse("programs:webinar_list"))
    assert len(response.context["upcoming"]) == rows
    assert response.context["held_since"] == rows


@pytest.mark.django_db
def test_since_2020_count_ignores_drafts_cancelled_and_earlier_years():
    WebinarFactory(held=True, starts_at=timezone.now().replace(year=2019))
    WebinarFactory(held=True, starts_at=timezone.now().replace(year=2021))
    WebinarFactory(state=WebinarState.CANCELLED, starts_at=in_days(-3))
    WebinarFactory(draft=True, starts_at=in_days(-3))
    from programs.knowledge.selectors import webinars_held_since

    assert webinars_held_since(2020) == 1


@pytest.mark.django_db
def test_a_visitor_registers_on_the_page_and_sees_the_confirmation(client):
    webinar = WebinarFactory(capacity=10)
    page = client.get(webinar.get_absolute_url())
    assert page.status_code == 200 and page.context["places_left"] == 10
    assert webinar.online_url not in page.content.decode()  # the link goes to registered people only
    response = client.post(reverse("programs:webinar_register", args=[webinar.slug]), PERSON)
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:webinar_registered", args=[webinar.slug])
    assert webinar.registrations.get().email == PERSON["email"]


@pytest.mark.django_db
def test_bad_registration_input_keeps_what_was_typed(client):
    webinar = WebinarFactory()
    response = client.post(reverse("programs:webinar_register", args=[webinar.slug]),
                           {**PERSON, "email": "not-an-address"})
    assert response.status_code == 400
    assert response.context["form"]["institution"].value() == PERSON["institution"]
    assert not webinar.registrations.exists()


@pytest.mark.django_db
def test_a_full_webinar_page_says_so_and_a_late_post_is_refused(client):
    webinar = WebinarFactory(capacity=1)
    RegistrationFactory(webinar=webinar)
    page = client.get(webinar.get_absolute_url())
    assert page.context["full"] and page.context["form"] is None
    response = client.post(reverse("programs:webinar_register", args=[webinar.slug]), PERSON)
    assert response.status_code == 400
    assert webinar.registrations.count() == 1


@pytest.mark.django_db
def test_robots_filling_the_hidden_field_are_not_registered(client):
    webinar = WebinarFactory()
    response = client.post(reverse("programs:webinar_register", args=[webinar.slug]),
                           {**PERSON, "website": "http://spam.example"})
    assert response.status_code == 302 and not webinar.registrations.exists()


@pytest.mark.django_db
def test_drafts_have_no_public_page(client):
    webinar = WebinarFactory(draft=True)
    assert client.get(webinar.get_absolute_url()).status_code == 404
    assert client.post(reverse("programs:webinar_register", args=[webinar.slug]), PERSON).status_code == 404


@pytest.mark.django_db
def test_the_unsubscribe_link_asks_first_and_frees_the_place_on_confirmation(client):
    registration = RegistrationFactory()
    url = reverse("programs:webinar_unsubscribe", kwargs={"token": registration.token})
    assert client.get(url).status_code == 200
    registration.refresh_from_db()
    assert registration.is_active  # a mail scanner opening the link changes nothing
    assert client.post(url).status_code == 200
    registration.refresh_from_db()
    assert not registration.is_active
    assert client.get(reverse("programs:webinar_unsubscribe", kwargs={"token": "nope"})).status_code == 404


@pytest.mark.django_db
def test_the_webinar_calendar_file_has_no_online_link(client):
    webinar = WebinarFactory()
    response = client.get(reverse("programs:webinar_ics", args=[webinar.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    assert webinar.online_url.encode() not in response.content


@pytest.mark.django_db
def test_next_webinars_appear_among_upcoming_items_and_the_city_panel(client, rf):
    member = MemberFactory()
    webinar = WebinarFactory(presenting_member=member, title="Ciudad de los cuidados")
    items = upcoming_items(request=rf.get("/"), limit=10)
    assert [i.title for i in items if i.url == webinar.get_absolute_url()] == ["Ciudad de los cuidados"]
    client.force_login(technician_of(member))
    page = portal_page(client, reverse("portal:member", kwargs={"slug": member.slug}))
    assert "Ciudad de los cuidados" in page.text


@pytest.mark.django_db
def test_the_personal_calendar_has_the_webinars_the_user_registered_for():
    from network.upcoming import calendar_entries_for_user

    user = UserFactory(email="lucia@example.org")
    webinar = WebinarFactory()
    register(webinar)
    assert [e.title for e in calendar_entries_for_user(user=user)] == [webinar.title]


# --- PostgreSQL: real concurrent requests ---------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_twenty_people_at_once_for_five_places_get_exactly_five():
    webinar = WebinarFactory(capacity=5)

    def attempt(n):
        return lambda: register(webinar, email=f"p{n}@example.org").pk

    outcomes = run_together([attempt(n) for n in range(20)])
    assert outcomes.count("WebinarFull") == 15
    assert webinar.registrations.count() == 5
    assert OutboxMessage.objects.filter(topic="webinar").count() == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_the_same_person_clicking_twice_at_once_is_registered_once():
    webinar = WebinarFactory()
    outcomes = run_together([lambda: register(webinar).pk] * 2)
    assert sorted(map(str, outcomes))[-1] == "AlreadyRegistered"
    assert webinar.registrations.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once():
    webinar = WebinarFactory(starts_at=in_days(0.5))
    for n in range(5):
        RegistrationFactory(webinar=webinar, email=f"r{n}@example.org")
    now = timezone.now()
    outcomes = run_together([lambda: services.webinar_reminders_sweep(now=now)] * 3)
    assert sum(outcomes) == 5
    assert OutboxMessage.objects.filter(topic="webinar-reminder").count() == 5
