"""Microrredes: forming (6–8 cities), sessions across months and daylight saving, attendance,
reminders exactly once, the public and portal pages, and what another city may not see."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError
from django.db import connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from network.enums import MemberKind
from network.models import OutboxMessage
from network.models import SentNotice
from network.upcoming import calendar_entries_for_user
from network.upcoming import upcoming_items
from programs.calls.enums import CallKind
from programs.cooperation.enums import AttendanceAnswer
from programs.cooperation.models import CityPairing
from programs.cooperation.models import Mentorship
from programs.cooperation.models import Microrred
from programs.cooperation.models import MicrorredDocument
from programs.cooperation.models import MicrorredParticipation
from programs.cooperation.models import MicrorredSession
from programs.cooperation.models import SessionAttendance
from programs.cooperation.selectors import microrred_figures
from programs.cooperation.selectors import microrred_groupings
from programs.cooperation.services.errors import AlreadyInMicrorred
from programs.cooperation.services.errors import MicrorredSizeError
from programs.cooperation.services.errors import SessionClosed
from programs.cooperation.services.errors import WrongApplications
from programs.cooperation.services.microrredes import attendance_answer
from programs.cooperation.services.microrredes import microrred_add_member
from programs.cooperation.services.microrredes import microrred_form
from programs.cooperation.services.microrredes import microrred_remove_member
from programs.cooperation.services.microrredes import microrred_sessions_generate
from programs.cooperation.services.microrredes import session_reminders_sweep
from programs.cooperation.services.microrredes import session_starts
from tests.concurrency import run_together
from tests.factories import MemberFactory
from tests.factories import UserFactory
from tests.factories import technician_of
from tests.portal import portal_page

from .factories import ApplicationFactory
from .factories import CallFactory
from .factories_cooperation import accepted_microrred_applications
from .factories_cooperation import cities
from .factories_cooperation import make_mentorship
from .factories_cooperation import make_microrred
from .factories_cooperation import make_pairing
from .factories_cooperation import theme

pytestmark = pytest.mark.django_db
MADRID = ZoneInfo("Europe/Madrid")


# --- Forming ---------------------------------------------------------------------------------------
def form_from(applications, **overrides):
    values = {"call": applications[0].call, "theme": theme(), "applications": applications,
              "title": "Microrred de Movilidad Sostenible", "edition": 5, "year": 2030,
              "starts_on": date(2030, 6, 18)}
    values.update(overrides)
    return microrred_form(**values)


@pytest.mark.parametrize("size", [6, 7, 8])
def test_microrred_form_with_6_to_8_accepted_applications_makes_the_group_and_its_sessions(size):
    applications = accepted_microrred_applications(size)
    microrred = form_from(applications)
    assert microrred.participations.count() == size
    assert microrred.sessions.count() == 6
    assert SessionAttendance.objects.filter(session__microrred=microrred).count() == 6 * size
    assert set(microrred.participations.values_list("application_id", flat=True)) == {a.pk for a in applications}


@pytest.mark.parametrize("size", [5, 9])
def test_microrred_form_outside_6_to_8_is_refused(size):
    with pytest.raises(MicrorredSizeError):
        form_from(accepted_microrred_applications(size))
    assert MicrorredParticipation.objects.count() == 0


def test_microrred_form_refuses_an_application_not_accepted():
    applications = accepted_microrred_applications(6)
    applications.append(ApplicationFactory(call=applications[0].call, submitted=True))
    with pytest.raises(WrongApplications):
        form_from(applications)


def test_microrred_form_refuses_applications_of_another_kind_of_call():
    call = CallFactory(kind=CallKind.MENTORSHIP)
    applications = [ApplicationFactory(call=call, accepted=True) for _ in range(6)]
    with pytest.raises(WrongApplications):
        form_from(applications)


def test_an_application_forms_only_one_microrred():
    applications = accepted_microrred_applications(8)
    form_from(applications[:6])
    with pytest.raises(AlreadyInMicrorred):
        form_from(applications[2:8], title="Otra")


def test_the_technician_named_in_the_application_joins_the_city_team_and_the_microrred():
    applications = accepted_microrred_applications(6)
    first = applications[0]
    first.data = {**first.data, "technician_name": "Ana Pérez", "technician_email": "ana@quito.example.org"}
    first.save()
    microrred = form_from(applications)
    participation = microrred.participations.get(member=first.member)
    assert [p.email for p in participation.technicians.all()] == ["ana@quito.example.org"]
    assert first.member.roles.filter(person__email="ana@quito.example.org", kind="technician").exists()


def test_groupings_put_accepted_applications_under_the_theme_they_chose():
    call = CallFactory(kind=CallKind.MICRORRED, closed=True)
    theme("economia-local"), theme("movilidad-sostenible")
    local = accepted_microrred_applications(6, call=call, themes=("economia-local",))
    mobility = accepted_microrred_applications(7, call=call, themes=("movilidad-sostenible",))
    ApplicationFactory(call=call, rejected=True, data={"themes": ["economia-local"]})
    groups = {g.theme.slug: g for g in microrred_groupings(call)}
    assert {a.pk for a in groups["economia-local"].applications} == {a.pk for a in local}
    assert {a.pk for a in groups["movilidad-sostenible"].applications} == {a.pk for a in mobility}
    assert groups["economia-local"].size_ok and groups["movilidad-sostenible"].size_ok
    form_from(local)
    assert [g.theme.slug for g in microrred_groupings(call)] == ["movilidad-sostenible"]


def test_add_a_ninth_city_is_refused_and_removing_below_six_is_refused():
    microrred = make_microrred(size=8)
    with pytest.raises(MicrorredSizeError):
        microrred_add_member(microrred=microrred, member=MemberFactory())
    small = make_microrred(size=6)
    with pytest.raises(MicrorredSizeError):
        microrred_remove_member(microrred=small, member=small.members.first())
    assert small.participations.count() == 6


def test_a_seventh_city_gets_attendance_rows_for_future_sessions_only():
    microrred = make_microrred(size=6, starts_on=timezone.localdate() - timedelta(days=45))
    newcomer = MemberFactory()
    microrred_add_member(microrred=microrred, member=newcomer)
    future = microrred.sessions.filter(starts_at__gt=timezone.now()).count()
    assert SessionAttendance.objects.filter(member=newcomer).count() == future
    assert future == 4


# --- Sessions --------------------------------------------------------------------------------------
def test_sessions_keep_their_local_time_across_the_spring_daylight_saving_change():
    starts = session_starts(starts_on=date(2024, 2, 15), months=3, at=time(17, 0), zone="Europe/Madrid")
    assert [s.astimezone(MADRID).time() for s in starts] == [time(17, 0)] * 3
    assert [s.astimezone(UTC).hour for s in starts] == [16, 16, 15]  # 31 March 2024: CET → CEST
    assert [s.date() for s in starts] == [date(2024, 2, 15), date(2024, 3, 15), date(2024, 4, 15)]


def test_sessions_keep_their_local_time_across_the_autumn_daylight_saving_change():
    starts = session_starts(starts_on=date(2024, 10, 20), months=2, at=time(17, 0), zone="Europe/Madrid")
    assert [s.astimezone(UTC).hour for s in starts] == [15, 16]  # 27 October 2024: CEST → CET


def test_sessions_on_the_last_day_of_long_months_fall_on_the_last_day_of_short_ones():
    starts = session_starts(starts_on=date(2024, 1, 31), months=4, at=time(16, 0), zone="America/Bogota")
    assert [s.date() for s in starts] == [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)]


def test_a_session_inside_the_spring_gap_moves_forward_one_hour():
    [start] = session_starts(starts_on=date(2024, 3, 31), months=1, at=time(2, 30), zone="Europe/Madrid")
    assert start.astimezone(MADRID).time() == time(3, 30)


def test_generated_sessions_are_aware_and_one_per_month_and_regenerating_keeps_edits():
    microrred = make_microrred(starts_on=date(2024, 6, 18), session_time=time(16, 0))
    sessions = list(microrred.sessions.order_by("number"))
    assert [s.starts_at.astimezone(MADRID).date().month for s in sessions] == [6, 7, 8, 9, 10, 11]
    assert all(timezone.is_aware(s.starts_at) for s in sessions)
    assert sessions[4].starts_at.astimezone(MADRID).hour == 16 and sessions[5].starts_at.astimezone(MADRID).hour == 16
    assert sessions[4].starts_at.astimezone(UTC).hour == 14 and sessions[5].starts_at.astimezone(UTC).hour == 15
    sessions[0].agenda = "Presentaciones"
    sessions[0].save()
    sessions[5].delete()
    assert microrred_sessions_generate(microrred=microrred) == 1
    assert microrred.sessions.get(number=1).agenda == "Presentaciones"


def test_the_portal_shows_session_times_in_the_viewers_time_zone(client):
    bogota_city = MemberFactory(country="CO")
    microrred = make_microrred(members=[bogota_city, *cities(5, country="ES")], starts_on=date(2030, 6, 18),
                               session_time=time(17, 0))
    client.force_login(technician_of(bogota_city))
    page = client.get(reverse("programs:coop_microrred", args=[microrred.pk])).content.decode()
    assert "America/Bogota" in page
    assert "10:00" in page  # 17:00 in Madrid (CEST) is 10:00 in Bogotá


# --- Attendance ------------------------------------------------------------------------------------
def test_a_city_confirms_and_then_declines_its_attendance():
    microrred = make_microrred()
    session = microrred.sessions.first()
    member = microrred.members.first()
    user = technician_of(member)
    attendance_answer(session=session, member=member, answer=AttendanceAnswer.CONFIRMED, by=user)
    attendance_answer(session=session, member=member, answer=AttendanceAnswer.DECLINED, by=user)
    row = SessionAttendance.objects.get(session=session, member=member)
    assert (row.answer, row.answered_by) == (AttendanceAnswer.DECLINED, user)


def test_attendance_cannot_change_once_the_session_started():
    microrred = make_microrred(starts_on=date(2020, 1, 10))
    with pytest.raises(SessionClosed):
        attendance_answer(session=microrred.sessions.first(), member=microrred.members.first(),
                          answer=AttendanceAnswer.CONFIRMED, by=UserFactory())


def test_the_confirm_button_records_the_attendance_of_the_users_city(client):
    microrred = make_microrred()
    member = microrred.members.first()
    client.force_login(technician_of(member))
    session = microrred.sessions.first()
    response = client.post(reverse("programs:coop_attendance", args=[session.pk]), {"answer": "confirmed"})
    assert response.status_code == 302
    assert SessionAttendance.objects.get(session=session, member=member).answer == "confirmed"


# --- Reminders -------------------------------------------------------------------------------------
def _reminder_setup():
    microrred = make_microrred(starts_on=date(2030, 3, 15))
    session = microrred.sessions.get(number=1)
    return microrred, session, session.starts_at - timedelta(hours=20)


def test_reminders_go_to_each_technician_with_an_ics_exactly_once():
    microrred, session, now = _reminder_setup()
    assert session_reminders_sweep(now=now) == 6
    assert session_reminders_sweep(now=now) == 0
    assert session_reminders_sweep(now=now + timedelta(hours=5)) == 0
    messages = OutboxMessage.objects.filter(topic="microrred-session")
    assert messages.count() == 6
    assert all(m.attachments[0]["mimetype"] == "text/calendar" for m in messages)
    assert len({tuple(m.to) for m in messages}) == 6


def test_no_reminder_too_early_nor_after_the_start_nor_for_a_cancelled_session():
    microrred, session, now = _reminder_setup()
    assert session_reminders_sweep(now=session.starts_at - timedelta(days=3)) == 0
    assert session_reminders_sweep(now=session.starts_at + timedelta(minutes=1)) == 0
    session.cancelled = True
    session.save()
    assert session_reminders_sweep(now=now) == 0


def test_a_moved_session_is_announced_again():
    microrred, session, now = _reminder_setup()
    session_reminders_sweep(now=now)
    session.starts_at += timedelta(hours=2)
    session.ends_at += timedelta(hours=2)
    session.save()
    assert session_reminders_sweep(now=now) == 6


def test_the_reminder_shows_the_time_in_the_technicians_time_zone():
    bogota_city = MemberFactory(country="CO")
    microrred = make_microrred(members=[bogota_city, *cities(5, country="ES")], starts_on=date(2030, 6, 18),
                               session_time=time(17, 0))
    session = microrred.sessions.get(number=1)
    session_reminders_sweep(now=session.starts_at - timedelta(hours=1))
    email = microrred.participations.get(member=bogota_city).technicians.get().email
    message = OutboxMessage.objects.get(to=[email.lower()])
    assert "10:00" in message.text and "America/Bogota" in message.text


# --- Providers -------------------------------------------------------------------------------------
def test_calendar_and_upcoming_providers_list_the_sessions_of_the_users_city(rf):
    microrred = make_microrred(starts_on=timezone.localdate() + timedelta(days=3))
    user = technician_of(microrred.members.first())
    assert len([e for e in calendar_entries_for_user(user=user) if e.uid.startswith("microrred-session")]) == 6
    request = rf.get("/")
    request.user = user
    items = upcoming_items(request=request, member=microrred.members.first(), limit=3)
    assert [i.url for i in items] == [reverse("programs:coop_microrred", args=[microrred.pk])] * 3
    assert calendar_entries_for_user(user=technician_of(MemberFactory())) == []


# --- Figures and public pages ----------------------------------------------------------------------
def test_figures_since_2020_count_microrredes_and_distinct_cities_and_organisations():
    shared = cities(3)
    entity = MemberFactory(kind=MemberKind.ENTITY)
    make_microrred(members=[*shared, entity, *cities(2)], starts_on=date(2021, 3, 1))
    make_microrred(members=[*shared, *cities(3)], starts_on=date(2024, 6, 2))
    make_microrred(members=cities(6), starts_on=date(2019, 3, 1))
    figures = microrred_figures()
    assert (figures.microrredes, figures.members, figures.cities, figures.organisations) == (2, 9, 8, 1)


def test_the_index_filters_by_edition_and_theme(client):
    make_microrred(title="Movilidad 2024", edition=5, starts_on=date(2024, 6, 18))
    make_microrred(title="Cuidados 2022", edition=3, starts_on=date(2022, 3, 1), the_theme=theme("cuidados"))
    page = client.get(reverse("programs:microrred_index")).content.decode()
    assert "Movilidad 2024" in page and "Cuidados 2022" in page
    page = client.get(reverse("programs:microrred_index"), {"edition": 3}).content.decode()
    assert "Movilidad 2024" not in page and "Cuidados 2022" in page
    page = client.get(reverse("programs:microrred_index"), {"theme": "cuidados"},
                      HTTP_HX_REQUEST="true").content.decode()
    assert "Cuidados 2022" in page and "<html" not in page


def test_the_public_page_shows_cities_calendar_and_only_public_documents(client):
    microrred = make_microrred()
    MicrorredDocument.objects.create(microrred=microrred, title="Documento final", url="https://e.org/f.pdf",
                                     public=True)
    MicrorredDocument.objects.create(microrred=microrred, title="Acta interna", url="https://e.org/a.pdf")
    page = client.get(microrred.get_absolute_url()).content.decode()
    assert all(m.name in page for m in microrred.members.all())
    assert "Documento final" in page and "Acta interna" not in page
    assert "meet.example.org" not in page  # the meeting link is for participants only
    assert client.get(reverse("programs:microrred", args=["no-such"])).status_code == 404


@pytest.mark.parametrize("rows", [2, 20])
def test_index_query_count_does_not_grow(client, django_assert_max_num_queries, rows):
    for n in range(rows):
        make_microrred(title=f"Microrred {n}", edition=n % 4 + 1, with_technicians=False)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("programs:microrred_index")).status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_portal_pages_query_count_does_not_grow(client, django_assert_max_num_queries, rows):
    member = MemberFactory()
    user = technician_of(member)
    last = None
    for n in range(rows):
        last = make_microrred(members=[member, *cities(5)], title=f"Microrred {n}", with_technicians=False)
    client.force_login(user)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("programs:coop_home")).status_code == 200
    with django_assert_max_num_queries(23):  # the city page: every app's panel
        assert client.get(reverse("portal:member", args=[member.slug])).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("programs:coop_microrred", args=[last.pk])).status_code == 200


@pytest.mark.parametrize("size", [6, 8])
def test_the_cooperation_panel_loads_in_a_fixed_number_of_queries(client, size, django_assert_max_num_queries):
    microrred = make_microrred(size=size, starts_on=timezone.localdate() + timedelta(days=3))
    member = microrred.members.first()
    client.force_login(technician_of(member))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("portal:panel", args=[member.slug, "cooperation"]), HTTP_HX_REQUEST="true")
    assert microrred.title in response.text


@pytest.mark.parametrize("rows", [1, 4])
def test_the_cooperation_panel_shows_each_line_in_the_readers_language_in_a_fixed_number_of_queries(
        client, rows, django_assert_max_num_queries):
    """Microrredes, their next sessions, mentorships and pairings: read with only what a line shows,
    and nothing read again row by row (a theme's name in English, both cities of a pairing)."""
    member = MemberFactory(name="Rosario")
    the_theme = theme("movilidad-sostenible")
    the_theme.name_en = "Sustainable mobility"
    the_theme.save()
    for n in range(rows):
        make_microrred(members=[member, *cities(5)], title=f"Microrred {n}", with_technicians=False,
                       starts_on=timezone.localdate() + timedelta(days=3 + n), the_theme=the_theme)
        make_mentorship(mentee=member, the_theme=the_theme)
        make_pairing(city_a=member, city_b=MemberFactory(name=f"Twin {n}"))
    client.force_login(technician_of(member))
    # session, user, the city with the reader's roles, microrredes (with the city's zone in each),
    # sessions, mentorships, pairings
    with django_assert_max_num_queries(7):
        response = client.get(reverse("portal:panel", args=[member.slug, "cooperation"]), HTTP_HX_REQUEST="true",
                              HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert all(f"Microrred {n}" in text and f"Rosario – Twin {n}" in text for n in range(rows))
    assert text.count("Sustainable mobility") == rows  # each mentorship's theme, in English
    assert "Edition 5" in text and "session 1" in text
    # Each line leads to its own page in the portal.
    for microrred in Microrred.objects.filter(participations__member=member):
        assert f'href="{reverse("programs:coop_microrred", args=[microrred.pk])}"' in text
        first = microrred.sessions.order_by("starts_at").first()
        assert f'href="{reverse("programs:coop_microrred", args=[microrred.pk])}#session-{first.pk}"' in text
    for mentorship in Mentorship.objects.filter(mentee=member):
        assert f'href="{reverse("programs:coop_mentorship", args=[mentorship.pk])}"' in text
    for pairing in CityPairing.objects.filter(city_a=member):
        assert f'href="{reverse("programs:coop_pairing", args=[pairing.pk])}"' in text


def test_the_city_portal_shows_the_cooperation_panel_with_next_sessions(client):
    microrred = make_microrred(starts_on=timezone.localdate() + timedelta(days=3), title="Microrred de Economía")
    member = microrred.members.first()
    client.force_login(technician_of(member))
    page = portal_page(client, reverse("portal:member", args=[member.slug]), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Next microrred sessions" in page and "Microrred de Economía" in page


@pytest.mark.parametrize("key", ["cooperation", "upcoming"])
def test_a_session_shows_in_the_zone_its_city_reads_it_in_on_the_city_page(client, key):
    """The microrred meets on Madrid's clock; Ciudad de México's people read its sessions in their own
    zone (their participation's, as on the microrred's page), named, on both panels of the city page."""
    from network.templatetags.moments import moment_shown

    microrred = make_microrred(starts_on=timezone.localdate() + timedelta(days=3), time_zone="Europe/Madrid")
    member = microrred.members.first()
    MicrorredParticipation.objects.filter(microrred=microrred, member=member).update(time_zone="America/Mexico_City")
    client.force_login(technician_of(member))
    text = client.get(reverse("portal:panel", args=[member.slug, key]), HTTP_HX_REQUEST="true").content.decode()
    first = microrred.sessions.filter(cancelled=False).order_by("starts_at").first()
    shown = moment_shown(first.starts_at.astimezone(ZoneInfo("America/Mexico_City")))
    assert f'{shown} <span class="call-zone">(America/Mexico_City)</span>' in text
    assert "Europe/Madrid" not in text


def test_a_session_two_of_a_persons_cities_follow_is_listed_once_in_their_next_dates(client):
    microrred = make_microrred(starts_on=timezone.localdate() + timedelta(days=3), title="Microrred del Agua")
    first, second = list(microrred.members.all()[:2])
    from django.test import RequestFactory

    from tests.factories import RoleFactory

    user = technician_of(first)
    RoleFactory(person=user.person, member=second)
    request = RequestFactory().get("/")
    request.user = user
    items = upcoming_items(request=request, limit=6)
    sessions = [item for item in items if "Microrred del Agua" in item.title]
    assert len(sessions) == len({item.title for item in sessions}) > 1  # each session once, in order
    assert [item.when for item in sessions] == sorted(item.when for item in sessions)


# --- Another city's people see nothing -------------------------------------------------------------
def test_another_citys_user_gets_404_on_every_id_url(client):
    microrred = make_microrred()
    session = microrred.sessions.first()
    document = MicrorredDocument.objects.create(microrred=microrred, title="Acta", url="https://e.org/a.pdf")
    client.force_login(technician_of(MemberFactory()))
    urls = [reverse("programs:coop_microrred", args=[microrred.pk]),
            reverse("programs:coop_session_ics", args=[session.pk]),
            reverse("programs:coop_document", args=[document.pk])]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("programs:coop_attendance", args=[session.pk]),
                       {"answer": "confirmed"}).status_code == 404
    assert not SessionAttendance.objects.exclude(answer="pending").exists()


def test_a_participant_gets_the_session_ics_and_the_document(client):
    microrred = make_microrred()
    session = microrred.sessions.first()
    document = MicrorredDocument.objects.create(microrred=microrred, title="Acta", url="https://e.org/a.pdf")
    client.force_login(technician_of(microrred.members.first()))
    ics = client.get(reverse("programs:coop_session_ics", args=[session.pk]))
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    assert client.get(reverse("programs:coop_document", args=[document.pk]))["Location"] == "https://e.org/a.pdf"


def test_anonymous_users_are_sent_to_sign_in(client):
    microrred = make_microrred()
    response = client.get(reverse("programs:coop_microrred", args=[microrred.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


# --- Admin -----------------------------------------------------------------------------------------
def test_staff_form_a_microrred_from_the_suggested_grouping_in_the_admin(client):
    theme()
    applications = accepted_microrred_applications(6)
    call = applications[0].call
    client.force_login(UserFactory(staff=True))
    url = reverse("admin:programs_microrred_form")
    page = client.get(url, {"call": call.pk})
    assert page.status_code == 200 and "Movilidad sostenible" in page.content.decode()
    response = client.post(url, {
        "call": call.pk, "title": "Microrred de Movilidad", "theme": theme().pk, "edition": 5, "year": 2030,
        "starts_on": "2030-06-18", "duration_months": 6, "session_time": "16:00", "time_zone": "Europe/Madrid",
        "online_link": "", "applications": [a.pk for a in applications],
    })
    assert response.status_code == 302
    assert MicrorredParticipation.objects.filter(application__in=applications).count() == 6
    too_few = client.post(url, {
        "call": call.pk, "title": "Otra", "theme": theme().pk, "edition": 5, "year": 2030,
        "starts_on": "2030-06-18", "duration_months": 6, "session_time": "16:00", "time_zone": "Europe/Madrid",
        "applications": [applications[0].pk],
    })
    assert too_few.status_code == 200


def test_staff_add_and_remove_cities_within_the_limits_in_the_admin(client):
    microrred = make_microrred(size=6)
    client.force_login(UserFactory(staff=True))
    url = reverse("admin:programs_microrred_cities", args=[microrred.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"member": microrred.members.first().pk, "action": "remove"})
    assert microrred.participations.count() == 6
    client.post(url, {"member": MemberFactory().pk, "action": "add"})
    assert microrred.participations.count() == 7
    for name in ("changelist", "change"):
        args = [microrred.pk] if name == "change" else []
        assert client.get(reverse(f"admin:programs_microrred_{name}", args=args)).status_code == 200
    session = microrred.sessions.first()
    assert client.get(reverse("admin:programs_microrredsession_change", args=[session.pk])).status_code == 200


# --- Concurrency (PostgreSQL) ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
def test_five_cities_joining_a_microrred_of_six_at_once_leave_it_at_eight():
    microrred = make_microrred(size=6)
    newcomers = cities(5)
    outcomes = run_together([lambda m=m: microrred_add_member(microrred=microrred, member=m) and "added"
                             for m in newcomers])
    assert sorted(outcomes) == ["MicrorredSizeError"] * 3 + ["added"] * 2
    assert microrred.participations.count() == 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
def test_three_cities_leaving_a_microrred_of_seven_at_once_leave_it_at_six():
    microrred = make_microrred(size=7)
    leaving = list(microrred.members.all()[:3])
    outcomes = run_together([lambda m=m: microrred_remove_member(microrred=microrred, member=m) or "removed"
                             for m in leaving])
    assert sorted(outcomes) == ["MicrorredSizeError"] * 2 + ["removed"]
    assert microrred.participations.count() == 6


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
def test_two_staff_forming_groups_from_the_same_applications_at_once_form_one():
    applications = accepted_microrred_applications(8)
    outcomes = run_together([
        lambda: form_from(applications[:6], title="Grupo A").title,
        lambda: form_from(applications[2:], title="Grupo B").title,
    ])
    assert sorted(outcomes)[0] == "AlreadyInMicrorred" and sorted(outcomes)[1] in ("Grupo A", "Grupo B")
    assert MicrorredParticipation.objects.count() == 6


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
def test_four_sweeps_at_once_send_each_session_reminder_once():
    microrred, session, now = _reminder_setup()
    outcomes = run_together([lambda: session_reminders_sweep(now=now)] * 4)
    assert sum(outcomes) == 6
    assert OutboxMessage.objects.filter(topic="microrred-session").count() == 6
    assert SentNotice.objects.filter(key__startswith=f"microrred-session:{session.pk}:").count() == 6


def test_session_model_keeps_end_after_start():
    microrred = make_microrred()
    session = microrred.sessions.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        MicrorredSession.objects.filter(pk=session.pk).update(ends_at=session.starts_at - timedelta(minutes=1))


# --- Demo data -------------------------------------------------------------------------------------
def test_demo_has_the_two_microrredes_of_seed_001_earlier_editions_mentorships_and_a_pairing():
    from io import StringIO

    from django.core.management import call_command

    from programs.cooperation.models import CityPairing
    from programs.cooperation.models import Mentorship
    from programs.cooperation.models import Microrred

    call_command("load_demo", stdout=StringIO())
    counts = (Microrred.objects.count(), Mentorship.objects.count(), CityPairing.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (Microrred.objects.count(), Mentorship.objects.count(), CityPairing.objects.count()) == counts
    local = Microrred.objects.get(slug="microrred-economia-local-2024")
    mobility = Microrred.objects.get(slug="microrred-movilidad-sostenible-2024")
    assert set(local.members.values_list("name", flat=True)) == {
        "General San Martín", "Panamá", "Pasto", "Riobamba", "Rosario", "São Paulo"}
    assert set(mobility.members.values_list("slug", flat=True)) == {
        "cordoba-ar", "medellin", "merida", "quito", "tunja", "zaragoza", "consejo-estrategico-santiago"}
    assert (local.starts_on, mobility.starts_on, local.edition, local.sessions.count()) == (
        date(2024, 6, 2), date(2024, 6, 18), 5, 6)
    assert mobility.participations.filter(application__isnull=False).count() == 7
    figures = microrred_figures()
    assert figures.microrredes >= 15 and figures.members >= 30
    assert set(Mentorship.objects.values_list("state", flat=True)) == {
        "requested", "matched", "in_progress", "completed", "cancelled"}
    pairing = CityPairing.objects.get(city_a__slug="zaragoza", city_b__slug="medellin")
    assert pairing.visits.count() == 2 and pairing.milestones.count() == 4
    # The history on fixed dates (the annual report's 2024 and 2025): Málaga – Córdoba, completed.
    history = CityPairing.objects.get(city_a__slug="malaga", city_b__slug="cordoba-ar")
    assert (history.state, history.starts_on, history.visits.count()) == ("completed", date(2024, 2, 1), 2)
    running = Microrred.objects.filter(members__slug="quito", sessions__starts_at__gt=timezone.now()).distinct().get()
    technicians = running.participations.get(member__slug="quito").technicians
    assert technicians.filter(email="tecnico@demo.redportal.org").exists()
