"""The annual report's figures of the cooperation and knowledge programmes (programs/cooperation/figures.py and programs/knowledge/figures.py),
against data built by hand in 2023, 2024 (the year asked for) and 2025 (after it: must not count), with
the expected numbers counted by hand."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from network.enums import MemberKind
from network.plan.figures import figures_for_year
from network.plan.figures import member_annex
from programs.cooperation import figures as cooperation_figures
from programs.cooperation.enums import MentorshipState
from programs.cooperation.enums import PairingState
from programs.cooperation.models import CityPairing
from programs.cooperation.models import MicrorredSession
from programs.cooperation.models import SessionAttendance
from programs.cooperation.selectors import microrred_figures
from programs.cooperation.selectors import running_in_year
from programs.cooperation.services import mentorships as mentorship_services
from programs.cooperation.services import pairings as pairing_services
from programs.knowledge import figures as knowledge_figures
from programs.knowledge.enums import PracticeState
from programs.knowledge.enums import TransferKind
from programs.knowledge.enums import WebinarState
from programs.knowledge.models import PracticeTransfer
from tests.factories import MemberFactory
from tests.factories import TerritorialNetworkFactory
from tests.factories import ThemeFactory

from .factories_cooperation import make_microrred
from .factories_knowledge import FundingFactory
from .factories_knowledge import PracticeFactory
from .factories_knowledge import RegistrationFactory
from .factories_knowledge import WebinarFactory

pytestmark = pytest.mark.django_db

MADRID = ZoneInfo("Europe/Madrid")
KEYS = ["microrredes", "mentorships", "pairings", "webinars", "practices", "funding"]


def at(day: date, hour: int = 16, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=MADRID)


def mentorship(*, mentee, theme, requested: date, mentor=None, matched: date | None = None,
               started: date | None = None, completed: date | None = None, cancelled: date | None = None):
    m = mentorship_services.mentorship_request(mentee=mentee, theme=theme, objectives="Aprender de otra ciudad.",
                                               now=at(requested), notify=False)
    move = mentorship_services.mentorship_move
    if matched:
        move(mentorship=m, to=MentorshipState.MATCHED, mentor=mentor, by=None, now=at(matched), notify=False)
    if started:
        move(mentorship=m, to=MentorshipState.IN_PROGRESS, by=None, now=at(started), notify=False)
    if completed:
        m.refresh_from_db()
        m.mentee_report, m.mentor_report = "Informe de la ciudad mentorizada.", "Informe de la ciudad mentora."
        m.save(update_fields=["mentee_report", "mentor_report"])
        move(mentorship=m, to=MentorshipState.COMPLETED, by=None, now=at(completed), notify=False)
    if cancelled:
        move(mentorship=m, to=MentorshipState.CANCELLED, by=None, now=at(cancelled), notify=False)
    return m


def pairing(*, city_a, city_b, theme, starts_on: date, states=(PairingState.ACTIVE,), visits=()):
    """`visits`: (host, first day, [(traveller's city, funded)])."""
    p = pairing_services.pairing_create(title=f"{city_a.name} – {city_b.name}", city_a=city_a, city_b=city_b,
                                        theme=theme, starts_on=starts_on)
    for state in states:
        pairing_services.pairing_move(pairing=p, to=state, by=None)
    for host, day, travellers in visits:
        visit = pairing_services.visit_add(pairing=p, host=host, place=host.name, starts_on=day,
                                           ends_on=day + timedelta(days=3))
        for n, (member, funded) in enumerate(travellers):
            pairing_services.traveller_add(visit=visit, name=f"Persona {n}", member=member, funded=funded)
    return p


def registrations(webinar, active: int, cancelled: int = 0) -> None:
    for _ in range(active):
        RegistrationFactory(webinar=webinar)
    for _ in range(cancelled):
        RegistrationFactory(webinar=webinar, cancelled_at=webinar.starts_at - timedelta(days=1))


@pytest.fixture
def programmes():
    """Hand-counted (the year asked for is 2024):

    Microrredes (6 monthly sessions each, from the start day): M0 2023-07-01 (ends 2023-12-31: not in
    2024), M1 2023-09-01 (care; runs into February 2024), M2 2024-06-18 (mobility; one session
    cancelled), M3 2025-03-01 (after). Taking part in 2024 (M1 ∪ M2): 6 cities (Quito, Bogotá, Lima,
    Zaragoza, Málaga, Medellín) and 2 organisations (Bilbao Metropoli-30, AMB without a network).
    Up to 2024 (M0–M2) Montevideo adds a seventh city. Quito attended one session in 2023 and two in 2024.
    """
    andina = TerritorialNetworkFactory(name="Red Andina", slug="red-andina")
    iberica = TerritorialNetworkFactory(name="Red Ibérica", slug="red-iberica")
    cono_sur = TerritorialNetworkFactory(name="Red Cono Sur", slug="red-cono-sur")
    city = MemberKind.CITY
    quito = MemberFactory(name="Quito", kind=city, territorial_network=andina)
    bogota = MemberFactory(name="Bogotá", kind=city, territorial_network=andina)
    lima = MemberFactory(name="Lima", kind=city, territorial_network=andina)
    medellin = MemberFactory(name="Medellín", kind=city, territorial_network=andina)
    zaragoza = MemberFactory(name="Zaragoza", kind=city, territorial_network=iberica, country="ES")
    malaga = MemberFactory(name="Málaga", kind=city, territorial_network=iberica, country="ES")
    bm30 = MemberFactory(name="Bilbao Metropoli-30", kind=MemberKind.ENTITY, territorial_network=iberica)
    amb = MemberFactory(name="AMB", kind=MemberKind.METROPOLITAN_AREA, territorial_network=None)
    montevideo = MemberFactory(name="Montevideo", kind=city, territorial_network=cono_sur)
    rosario = MemberFactory(name="Rosario", kind=city, territorial_network=cono_sur)
    mob = ThemeFactory(slug="movilidad", name="Movilidad", name_en="Mobility", name_pt="Mobilidade")
    care = ThemeFactory(slug="cuidados", name="Cuidados", name_en="Care", name_pt="Cuidados PT")

    # --- Microrredes
    m0 = make_microrred(members=[quito, bogota, lima, zaragoza, malaga, montevideo], starts_on=date(2023, 7, 1),
                        edition=4, the_theme=mob, title="M0")
    m1 = make_microrred(members=[quito, bogota, lima, zaragoza, malaga, bm30], starts_on=date(2023, 9, 1),
                        edition=4, the_theme=care, title="M1")
    m2 = make_microrred(members=[quito, medellin, lima, zaragoza, amb, bm30], starts_on=date(2024, 6, 18),
                        edition=5, the_theme=mob, title="M2")
    make_microrred(members=[bogota, medellin, malaga, amb, quito, rosario], starts_on=date(2025, 3, 1),
                   edition=6, the_theme=mob, title="M3")
    MicrorredSession.objects.filter(microrred=m2, number=3).update(cancelled=True)
    SessionAttendance.objects.filter(member=quito, session__microrred=m0, session__number=1).update(attended=True)
    SessionAttendance.objects.filter(member=quito, session__microrred=m1, session__number=5).update(attended=True)
    SessionAttendance.objects.filter(member=quito, session__microrred=m2, session__number=1).update(attended=True)
    SessionAttendance.objects.filter(member=quito, session__microrred=m2, session__number=3).update(attended=True)

    # --- Mentorships: A completed in 2024, B in progress since 2024, C cancelled in 2024 before a match,
    # D matched in 2025 (after), E completed in 2023.
    mentorship(mentee=bogota, theme=care, requested=date(2023, 11, 10), mentor=zaragoza, matched=date(2024, 1, 15),
               started=date(2024, 2, 1), completed=date(2024, 10, 1))
    mentorship(mentee=lima, theme=mob, requested=date(2024, 3, 1), mentor=quito, matched=date(2024, 4, 1),
               started=date(2024, 5, 1))
    mentorship(mentee=medellin, theme=care, requested=date(2024, 6, 1), cancelled=date(2024, 7, 1))
    mentorship(mentee=malaga, theme=mob, requested=date(2025, 2, 1), mentor=bogota, matched=date(2025, 3, 1))
    mentorship(mentee=montevideo, theme=mob, requested=date(2022, 5, 5), mentor=quito, matched=date(2022, 6, 1),
               started=date(2022, 7, 1), completed=date(2023, 3, 1))

    # --- Pairings: P1 2023-07 to 2024-12 (completed), P2 from 2025 (after), P3 cancelled, P4 2022-01 to 2023-06.
    done = (PairingState.ACTIVE, PairingState.COMPLETED)
    pairing(city_a=zaragoza, city_b=quito, theme=mob, starts_on=date(2023, 7, 1), states=done, visits=[
        (quito, date(2023, 10, 2), [(zaragoza, True), (zaragoza, True), (zaragoza, True), (zaragoza, False)]),
        (zaragoza, date(2024, 4, 8), [(quito, True), (quito, True)]),
    ])
    pairing(city_a=malaga, city_b=lima, theme=mob, starts_on=date(2025, 1, 1), visits=[
        (lima, date(2025, 5, 5), [(malaga, True)] * 4)])
    pairing(city_a=zaragoza, city_b=bogota, theme=care, starts_on=date(2024, 3, 1), states=(PairingState.CANCELLED,))
    pairing(city_a=malaga, city_b=medellin, theme=mob, starts_on=date(2022, 1, 1), states=done, visits=[
        (medellin, date(2022, 9, 12), [(malaga, True)])])

    # --- Webinars: a scheduled one whose day has passed counts as held (the public rule); cancelled and
    # drafts do not; 00:30 on 1 January 2025 in Madrid is still 2024 in UTC, and counts for 2025.
    held = WebinarState.HELD
    w1 = WebinarFactory(state=held, starts_at=at(date(2023, 5, 4)), presenting_member=bogota, themes=[care],
                        attendance_count=100)
    w2 = WebinarFactory(state=held, starts_at=at(date(2024, 2, 1)), presenting_member=quito, themes=[mob, care],
                        attendance_count=120)
    w3 = WebinarFactory(state=WebinarState.SCHEDULED, starts_at=at(date(2024, 6, 6)), presenting_member=quito,
                        themes=[mob], attendance_count=None)
    w4 = WebinarFactory(state=WebinarState.CANCELLED, starts_at=at(date(2024, 9, 5)), presenting_member=lima,
                        themes=[mob])
    WebinarFactory(state=WebinarState.DRAFT, starts_at=at(date(2024, 10, 3)), presenting_member=lima)
    WebinarFactory(state=held, starts_at=at(date(2025, 3, 6)), presenting_member=quito, attendance_count=90)
    WebinarFactory(state=held, starts_at=at(date(2025, 1, 1), 0, 30), presenting_member=lima, themes=[care],
                   attendance_count=10)
    registrations(w1, active=2, cancelled=1)
    registrations(w2, active=3, cancelled=1)
    registrations(w3, active=2)
    registrations(w4, active=2)

    # --- Good practices and transfers (a transfer of a practice in review does not count).
    g1 = PracticeFactory(member=bogota, published_at=at(date(2023, 4, 10)), themes=[care])
    g2 = PracticeFactory(member=quito, published_at=at(date(2024, 5, 20)), themes=[mob])
    PracticeFactory(member=zaragoza, published_at=at(date(2024, 11, 2)), themes=[mob, care])
    g4 = PracticeFactory(member=lima, state=PracticeState.IN_REVIEW, published_at=None, themes=[mob])
    PracticeFactory(member=malaga, published_at=at(date(2025, 2, 1)), themes=[care])
    adopted, adapted = TransferKind.ADOPTED, TransferKind.ADAPTED
    for practice, member, kind, year in ((g1, zaragoza, adopted, 2023), (g1, lima, adapted, 2024),
                                         (g2, malaga, adopted, 2024), (g2, medellin, adapted, 2025),
                                         (g4, quito, adopted, 2024)):
        PracticeTransfer.objects.create(practice=practice, member=member, kind=kind, year=year)

    # --- Funding opportunities (relayed = entered; unpublished ones do not count).
    FundingFactory(title="Fondo 2023", created_at=at(date(2023, 11, 20)), deadline=at(date(2024, 1, 31), 17))
    FundingFactory(title="Cooperación ciudad a ciudad", funder="Unión Europea", created_at=at(date(2024, 2, 5)),
                   deadline=at(date(2024, 3, 4), 17), time_zone="Europe/Brussels")
    FundingFactory(title="Acción climática", funder="Euroclima", created_at=at(date(2024, 9, 10)),
                   deadline=at(date(2024, 12, 15), 17))
    FundingFactory(title="Borrador", created_at=at(date(2024, 6, 1)), published=False)
    FundingFactory(title="Fondo 2025", created_at=at(date(2025, 1, 15)), deadline=at(date(2025, 3, 1), 17))
    return {"quito": quito, "bogota": bogota, "lima": lima, "medellin": medellin, "zaragoza": zaragoza,
            "malaga": malaga, "bm30": bm30, "amb": amb, "montevideo": montevideo, "rosario": rosario}


def groups_for(year: int, member=None) -> dict:
    with translation.override("en"):
        return {g.key: g for g in figures_for_year(year=year, member=member, keys=KEYS)}


def values(group) -> dict:
    return {f.key: (f.value, f.total) for f in group.figures}


def rows(group, key: str) -> list:
    return next(b.rows for b in group.breakdowns if b.key == key)


def points(group, key: str) -> list:
    return next(t.points for t in group.trends if t.key == key)


# --- The year's figures and the totals -------------------------------------------------------------
def test_microrredes_in_the_year_and_up_to_it(programmes):
    group = groups_for(2024)["microrredes"]
    assert values(group) == {
        "microrredes.run": (2, 3),  # M1, M2; M0–M2
        "microrredes.cities": (6, 7),
        "microrredes.organisations": (2, 2),
        "microrredes.sessions": (7, 17),  # 2 of M1 + 5 of M2; 6 + 4 in 2023
    }
    assert rows(group, "microrredes.by_theme") == [("Care", 1), ("Mobility", 1)]
    assert rows(group, "microrredes.by_network") == [("Red Andina", 4), ("Red Ibérica", 3)]  # AMB has none
    assert points(group, "microrredes.started_by_year") == [(2023, 2), (2024, 1)]
    assert values(groups_for(2023)["microrredes"])["microrredes.run"] == (2, 2)
    assert values(groups_for(2025)["microrredes"])["microrredes.cities"] == (5, 8)  # M3; Rosario joins in 2025


def test_the_totals_agree_with_the_public_index(programmes):
    public = microrred_figures(since=2020)
    totals = {k: t for k, (_v, t) in values(groups_for(2025)["microrredes"]).items()}
    assert (public.microrredes, public.cities, public.organisations) == (4, 8, 2)
    assert (totals["microrredes.run"], totals["microrredes.cities"], totals["microrredes.organisations"]) == (
        public.microrredes, public.cities, public.organisations)


def test_mentorships_requested_started_completed_and_by_state(programmes):
    group = groups_for(2024)["mentorships"]
    assert values(group) == {
        "mentorships.requested": (2, 4),  # B, C; A, E too
        "mentorships.started": (2, 3),  # A, B; E too
        "mentorships.completed": (1, 2),  # A; E too
    }
    assert rows(group, "mentorships.by_state") == [("In progress", 1), ("Completed", 2), ("Cancelled", 1)]


def test_pairings_visits_and_funded_travellers(programmes):
    group = groups_for(2024)["pairings"]
    assert values(group) == {
        "pairings.active": (1, 2),  # P1; P4 too (the cancelled one and P2 never)
        "pairings.visits": (1, 3),
        "pairings.travellers": (2, 6),  # 3 + 2 + 1: the unfunded traveller is left out
    }


def test_webinars_held_registrations_attendance_themes(programmes):
    group = groups_for(2024)["webinars"]
    assert values(group) == {
        "webinars.held": (2, 3),
        "webinars.registrations": (5, 7),  # unsubscribed and the cancelled webinar's are left out
        "webinars.attendance": (120, 220),
    }
    assert rows(group, "webinars.by_theme") == [("Mobility", 2), ("Care", 1)]
    assert points(group, "webinars.held_by_year") == [(2023, 1), (2024, 2)]
    assert values(groups_for(2025)["webinars"])["webinars.held"] == (2, 5)  # the one at 00:30 on 1 January


def test_practices_published_transfers_and_themes(programmes):
    group = groups_for(2024)["practices"]
    assert values(group) == {"practices.published": (2, 3), "practices.transfers": (2, 3)}
    assert rows(group, "practices.by_theme") == [("Mobility", 2), ("Care", 1)]
    assert rows(group, "practices.transfers_by_kind") == [("Adopted", 1), ("Adapted", 1)]
    assert points(group, "practices.published_by_year") == [(2023, 1), (2024, 2)]


def test_funding_relayed_in_the_year_with_its_list(programmes):
    group = groups_for(2024)["funding"]
    assert values(group) == {"funding.published": (2, 3)}
    assert points(group, "funding.published_by_year") == [(2023, 1), (2024, 2)]
    table = group.tables[0]
    assert [row[:2] for row in table.rows] == [["Cooperación ciudad a ciudad", "Unión Europea"],
                                               ["Acción climática", "Euroclima"]]


# --- One member's participation -----------------------------------------------------------------
def test_a_members_participation_counts_only_that_member(programmes):
    got = groups_for(2024, member=programmes["quito"])
    assert set(got) == {"microrredes", "mentorships", "pairings", "webinars", "practices"}  # funding: nobody's
    assert values(got["microrredes"]) == {"microrredes.run": (2, 3), "microrredes.sessions": (2, 3)}
    assert [row[0] for row in got["microrredes"].tables[0].rows] == ["M1", "M2"]
    assert values(got["mentorships"]) == {"mentorships.as_mentee": (0, 0), "mentorships.as_mentor": (1, 2)}
    assert values(got["pairings"]) == {"pairings.active": (1, 1), "pairings.travellers": (2, 2)}
    assert values(got["webinars"]) == {"webinars.presented": (2, 2)}
    assert values(got["practices"]) == {"practices.published": (1, 1), "practices.adopted": (0, 0),
                                        "practices.transferred": (1, 1)}


def test_a_member_that_took_no_part_gets_nothing(programmes):
    assert groups_for(2024, member=programmes["rosario"]) == {}  # Rosario only took part in 2025
    assert set(groups_for(2025, member=programmes["rosario"])) == {"microrredes"}


# --- The annex by member ------------------------------------------------------------------------
def test_the_annex_has_three_short_columns(programmes):
    ids = {m.pk: name for name, m in programmes.items()}
    cooperation = cooperation_figures.cooperation_by_member(year=2024)
    assert {ids[k]: v for k, v in cooperation.values.items()} == {
        # microrredes M1/M2 + running mentorships (A, B) + pairing P1
        "quito": [4], "bogota": [2], "lima": [3], "zaragoza": [4], "malaga": [1], "bm30": [2],
        "medellin": [1], "amb": [1],
    }
    assert {ids[k]: v for k, v in knowledge_figures.webinars_by_member(year=2024).values.items()} == {"quito": [2]}
    assert {ids[k]: v for k, v in knowledge_figures.practices_by_member(year=2024).values.items()} == {"quito": [1], "zaragoza": [1]}
    with translation.override("en"):
        columns, annex = member_annex(year=2024)
        names = [str(c) for c in columns]
    at = names.index("Cooperation")  # later sources (campus, events) add their columns after these
    assert names[at:at + 3] == ["Cooperation", "Webinars", "Good practices"]
    assert annex[programmes["quito"].pk][at:at + 3] == [4, 2, 1]


# --- An empty year and the query bound ------------------------------------------------------------
def test_a_year_without_data_gives_zeros_and_no_member_figures(programmes):
    groups = groups_for(1999)
    assert set(groups) == set(KEYS)
    for group in groups.values():
        assert all(f.value == 0 and f.total == 0 for f in group.figures), group.key
        assert all(b.rows == [] for b in group.breakdowns) and all(t.points == [] for t in group.trends)
    assert groups_for(1999, member=programmes["quito"]) == {}


def test_an_empty_database_works():
    assert set(groups_for(2024)) == set(KEYS)
    assert member_annex(year=2024)[1] == {}


def add_more(n: int) -> None:
    """n more of everything, in 2024, to show the queries do not grow with the data."""
    members = [MemberFactory() for _ in range(6)]
    theme = ThemeFactory()
    for k in range(n):
        make_microrred(members=members, starts_on=date(2024, 2, 1 + k), the_theme=theme, with_technicians=False)
        mentorship(mentee=members[0], theme=ThemeFactory(), requested=date(2024, 1, 2), mentor=members[1],
                   matched=date(2024, 1, 3))
        pairing(city_a=members[2], city_b=members[3], theme=theme, starts_on=date(2024, 1, 1),
                visits=[(members[2], date(2024, 3, 1), [(members[3], True)])])
        w = WebinarFactory(state=WebinarState.HELD, starts_at=at(date(2024, 3, 7)), themes=[theme],
                           presenting_member=members[4])
        registrations(w, active=2)
        p = PracticeFactory(member=members[5], published_at=at(date(2024, 3, 1)), themes=[theme])
        PracticeTransfer.objects.create(practice=p, member=members[0], year=2024)
        FundingFactory(created_at=at(date(2024, 3, 1)))


def queries_of_everything(member) -> int:
    with CaptureQueriesContext(connection) as context:
        figures_for_year(year=2024, keys=KEYS)
        figures_for_year(year=2024, keys=KEYS, member=member)
        cooperation_figures.cooperation_by_member(year=2024)
        knowledge_figures.webinars_by_member(year=2024)
        knowledge_figures.practices_by_member(year=2024)
    return len(context.captured_queries)


def test_the_queries_do_not_grow_with_the_data(programmes, django_assert_max_num_queries):
    quito = programmes["quito"]
    before = queries_of_everything(quito)
    add_more(3)
    # 21 for the year (8 + 2 + 3 + 3 + 3 + 2), 9 for one member, 5 for the annex.
    with django_assert_max_num_queries(35):
        figures_for_year(year=2024, keys=KEYS)
        figures_for_year(year=2024, keys=KEYS, member=quito)
        cooperation_figures.cooperation_by_member(year=2024)
        knowledge_figures.webinars_by_member(year=2024)
        knowledge_figures.practices_by_member(year=2024)
    assert queries_of_everything(quito) == before == 35


# --- The "runs in the year" rule -----------------------------------------------------------------
def test_running_in_year_matches_the_models_end_date():
    """The database key agrees with CityPairing.ends_on (add_months, minus a day) on month ends."""
    theme = ThemeFactory()
    made = []
    for starts_on, months in ((date(2023, 7, 1), 6), (date(2023, 7, 2), 6), (date(2023, 12, 31), 1),
                              (date(2023, 1, 31), 1), (date(2022, 8, 31), 16), (date(2024, 1, 1), 12),
                              (date(2023, 2, 1), 11), (date(2020, 6, 15), 48), (date(2024, 12, 31), 1)):
        made.append(pairing_services.pairing_create(title="P", city_a=MemberFactory(), city_b=MemberFactory(),
                                                    theme=theme, starts_on=starts_on, duration_months=months))
    for year in range(2019, 2027):
        expected = {p.pk for p in made if p.starts_on <= date(year, 12, 31) and p.ends_on >= date(year, 1, 1)}
        assert set(CityPairing.objects.filter(running_in_year(year)).values_list("pk", flat=True)) == expected, year
