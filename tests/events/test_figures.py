"""The annual report's figures of events and governance, against data counted by hand.

Data in 2023, 2024 (the year asked for) and 2025 (must not count). Edge cases on purpose: a meeting
on 31 December 2024 at 20:00 in Bogotá (already 2025 in Madrid and UTC) counts in 2024, the year of
the event where it takes place; so does an executive committee held that evening in Mexico City.
"""

import itertools
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils import translation

from events import figures
from events.enums import AgreementStatus
from events.enums import Body
from events.enums import EventKind
from events.enums import QuestionKind
from events.enums import RegistrationState
from events.models import Question
from events.models import Questionnaire
from events.models import SurveyInvitation
from events.models.surveys import token_hash
from events.services.governance import agreement_add
from events.services.governance import agreement_follow_up
from events.services.governance import board_session_create
from events.services.surveys import survey_submit
from network.plan.figures import figure_sources
from network.plan.figures import figures_for_year
from network.plan.figures import member_annex
from tests.factories import MemberFactory
from tests.factories import PersonFactory
from tests.factories import TerritorialNetworkFactory

from .factories import EventFactory
from .factories import RegistrationFactory
from .factories import questionnaire_for

pytestmark = pytest.mark.django_db

MADRID, BOGOTA, MX = ZoneInfo("Europe/Madrid"), ZoneInfo("America/Bogota"), ZoneInfo("America/Mexico_City")
S = RegistrationState
KEYS = ["congress", "meetings", "surveys", "agreements"]
TOKENS = itertools.count()


def congress(day: datetime, **kwargs):
    return EventFactory(congress=True, starts_at=day, ends_at=day + timedelta(days=2, hours=5), **kwargs)


def meeting(day: datetime, **kwargs):
    return EventFactory(starts_at=day, ends_at=day + timedelta(hours=3), **kwargs)


def register(event, member, state=S.CONFIRMED, *, slot=None, nights=0):
    return RegistrationFactory(event=event, member=member, state=state, covered_slot=slot, hotel_nights=nights)


def survey(subject, title, sent_at, *, ten_point=False):
    questionnaire = questionnaire_for(subject, title=title, links_sent_at=sent_at)
    if ten_point:
        Question.objects.create(questionnaire=questionnaire, order=5, kind=QuestionKind.RATING, text="Del 1 al 10",
                                scale_max=10, required=False)
    return questionnaire


def invite(questionnaire, member=None, *, rating=None, ten=None):
    """An invitation; with a rating, answered through the service (as a participant would)."""
    token = f"token-{next(TOKENS)}"
    invitation = SurveyInvitation.objects.create(questionnaire=questionnaire, member=member,
                                                 email=PersonFactory.build().email, token_hash=token_hash(token))
    if rating is not None:
        questions = {q.order: q for q in questionnaire.questions.all()}
        answers = {questions[1].pk: rating, questions[2].pk: "Sí"}
        if ten is not None:
            answers[questions[5].pk] = ten
        survey_submit(token=token, answers=answers, now=questionnaire.links_sent_at + timedelta(days=1))
    return invitation


@pytest.fixture
def data():
    """Counted by hand; the expected numbers are in the comments and in the tests."""
    andina, iberica = TerritorialNetworkFactory(name="Red Andina"), TerritorialNetworkFactory(name="Red Ibérica")
    quito = MemberFactory(name="Quito", country="EC", territorial_network=andina)
    bogota = MemberFactory(name="Bogotá", country="CO", territorial_network=andina)
    zaragoza = MemberFactory(name="Zaragoza", country="ES", territorial_network=iberica)
    MemberFactory(name="Lima", country="PE", territorial_network=andina)  # takes part in nothing

    # Congresses. 2023: 3 participants (Quito 2 covered, 3 nights each; Bogotá 1), the cancelled one not.
    c2023 = congress(datetime(2023, 7, 5, 9, tzinfo=MADRID))
    register(c2023, quito, S.ATTENDED, slot=1, nights=3)
    register(c2023, quito, S.ATTENDED, slot=2, nights=3)
    register(c2023, bogota, S.CONFIRMED)
    register(c2023, zaragoza, S.CANCELLED)
    # 2024: 3 participants (Quito 1 covered 4 nights; Zaragoza 2, one covered 2 nights); pending and cancelled not.
    c2024 = congress(datetime(2024, 7, 3, 9, tzinfo=MADRID), title="XXVI Congreso · Zaragoza", city="Zaragoza")
    register(c2024, quito, S.ATTENDED, slot=1, nights=4)
    register(c2024, quito, S.PENDING, slot=2, nights=4)
    register(c2024, zaragoza, S.CONFIRMED, slot=1, nights=2)
    register(c2024, zaragoza, S.ATTENDED)
    register(c2024, bogota, S.CANCELLED)
    congress(datetime(2024, 10, 1, 9, tzinfo=MADRID), published=False)  # a draft: not held
    c2025 = congress(datetime(2025, 7, 2, 9, tzinfo=MADRID))
    register(c2025, quito, S.ATTENDED, slot=1, nights=3)

    # Other events. 2023: 1 meeting, 1 participant. 2024: 3 meetings, 4 participants.
    register(meeting(datetime(2023, 3, 10, 10, tzinfo=MADRID), territorial_network=andina), quito, S.ATTENDED)
    new_year_eve = meeting(datetime(2024, 12, 31, 20, tzinfo=BOGOTA), territorial_network=andina,
                           time_zone="America/Bogota")
    register(new_year_eve, quito, S.ATTENDED)
    register(new_year_eve, bogota, S.CONFIRMED)
    register(new_year_eve, bogota, S.CONFIRMED)
    register(new_year_eve, bogota, S.PENDING)
    webinar = meeting(datetime(2024, 5, 20, 17, tzinfo=MADRID), kind=EventKind.WEBINAR)
    register(webinar, zaragoza, S.ATTENDED)
    register(webinar, quito, S.CANCELLED)
    meeting(datetime(2024, 9, 10, 16, tzinfo=MADRID), kind=EventKind.EXECUTIVE_COMMITTEE)
    register(meeting(datetime(2024, 4, 1, 10, tzinfo=MADRID), published=False), zaragoza, S.ATTENDED)
    register(meeting(datetime(2025, 2, 1, 10, tzinfo=MADRID), territorial_network=iberica), zaragoza, S.ATTENDED)

    # Surveys (sent on `links_sent_at`). 2023: 3 invited, 2 answers (ratings 4 and 2).
    s2023 = survey(c2023, "Evaluación 2023", datetime(2023, 7, 10, 12, tzinfo=MADRID))
    invite(s2023, quito, rating=4)
    invite(s2023, bogota, rating=2)
    invite(s2023)
    # 2024: 2 surveys, 6 invited, 4 answers. Congress: 5, 4, 3 and 8/10, 6/10 (= 4, 3): 19 / 5 = 3.8.
    s2024 = survey(c2024, "Evaluación del congreso", datetime(2024, 7, 8, 12, tzinfo=MADRID), ten_point=True)
    invite(s2024, quito, rating=5, ten=8)
    invite(s2024, quito)
    invite(s2024, zaragoza, rating=4, ten=6)
    invite(s2024, rating=3)
    # Webinar (sent first): 1 answer, rating 2. The year: (19 + 2) / 6 = 3.5.
    s_webinar = survey(webinar, "Evaluación del webinar", datetime(2024, 5, 21, 12, tzinfo=MADRID))
    invite(s_webinar, quito, rating=2)
    invite(s_webinar, zaragoza)
    invite(survey(c2025, "Evaluación 2025", datetime(2025, 7, 8, 12, tzinfo=MADRID)), zaragoza, rating=5)
    invite(questionnaire_for(c2024, title="Never sent"), bogota)

    # Governing bodies. 2023: 1 session, 2 agreements. 2024: 2 sessions, 4 agreements (one of each status).
    people = [PersonFactory(first_name="Ana", last_name="Pérez"), PersonFactory(first_name="Luis", last_name="Gil")]
    eleventh = board_session_create(body=Body.BOARD, number=11, held_at=datetime(2023, 11, 23, 17, tzinfo=MX),
                                    time_zone="America/Mexico_City")
    agreement_follow_up(agreement=agreement_add(session=eleventh, text="Informe parcial."), text="Entregado.",
                        status=AgreementStatus.DONE)
    agreement_add(session=eleventh, text="Revisar las cuotas.")
    thirteenth = board_session_create(body=Body.BOARD, number=13, held_at=datetime(2024, 3, 14, 17, tzinfo=MX),
                                      time_zone="America/Mexico_City")
    done = agreement_add(session=thirteenth, text="Aprobar la memoria de actividades de 2023.", responsible=people[0],
                         due_on=datetime(2024, 7, 5).date())
    agreement_follow_up(agreement=done, text="Aprobada.", status=AgreementStatus.DONE)
    started = agreement_add(session=thirteenth, text="Acompañar a las ciudades argentinas en el pago de las cuotas "
                            "ante las dificultades de las transferencias internacionales, con un calendario de "
                            "pagos acordado con cada ciudad y un informe a la Junta.", responsible=people[1])
    agreement_follow_up(agreement=started, text="En curso.", status=AgreementStatus.IN_PROGRESS)
    agreement_add(session=thirteenth, text="Publicar las cuentas.")
    committee = board_session_create(body=Body.EXECUTIVE_COMMITTEE, number=1,
                                     held_at=datetime(2024, 12, 31, 20, tzinfo=MX), time_zone="America/Mexico_City")
    agreement_follow_up(agreement=agreement_add(session=committee, text="Estudiar una sede."), text="Descartado.",
                        status=AgreementStatus.CANCELLED)
    fourteenth = board_session_create(body=Body.BOARD, number=14, held_at=datetime(2025, 2, 1, 17, tzinfo=MX),
                                      time_zone="America/Mexico_City")
    agreement_add(session=fourteenth, text="Convocar el Comité Ejecutivo.")
    return {"quito": quito, "bogota": bogota, "zaragoza": zaragoza}


def values(groups) -> dict:
    return {f.key: (f.value, f.total) for g in groups for f in g.figures}


def test_the_four_sources_are_registered_in_order():
    assert [(s.key, s.order) for s in figure_sources() if s.key in KEYS] == [
        ("congress", 50), ("meetings", 55), ("surveys", 60), ("agreements", 65)]


def test_the_years_figures_and_the_totals_since_the_first_year(data):
    got = values(figures_for_year(year=2024, keys=KEYS))
    assert got["congress.held"] == (1, 2)  # the draft congress and the 2025 one do not count
    assert got["congress.participants"] == (3, 6)
    assert got["congress.members"] == (2, 3)  # Quito and Zaragoza; since 2023 Bogotá too
    assert got["congress.countries"] == (2, 3)  # EC, ES; since 2023 CO too
    assert got["congress.covered"] == (2, 4)  # the pending registration's slot is not a place used
    assert got["congress.hotel_nights"] == (6, 12)
    assert got["meetings.held"] == (3, 4)  # network meeting (31 Dec in Bogotá), webinar, committee
    assert got["meetings.participants"] == (4, 5)
    assert got["surveys.run"] == (2, 3)
    assert got["surveys.invitations"] == (6, 9)  # the questionnaire never sent does not count
    assert got["surveys.responses"] == (4, 6)
    assert got["surveys.response_rate"] == (67, None)
    assert got["surveys.average_rating"] == (3.5, None)
    assert got["agreements.sessions"] == (2, 3)
    assert got["agreements.adopted"] == (4, 6)
    assert got["agreements.open"] == (2, None)

    earlier = values(figures_for_year(year=2023, keys=KEYS))
    assert earlier["congress.participants"] == (3, 3)
    assert earlier["meetings.held"] == (1, 1)
    assert earlier["surveys.average_rating"] == (3.0, None)
    assert earlier["agreements.adopted"] == (2, 2)


def test_breakdowns_trends_and_tables(data):
    with translation.override("en"):
        congress_group, meetings, surveys, agreements = figures_for_year(year=2024, keys=KEYS)
        table = agreements.tables[0]
        columns = [str(c) for c in table.columns]
        cells = [[str(c) for c in row] for row in table.rows]

    assert congress_group.breakdowns[0].rows == [("Red Ibérica", 2), ("Red Andina", 1)]
    assert congress_group.trends[0].points == [(2023, 3), (2024, 3)]
    assert congress_group.tables[0].rows == [["XXVI Congreso · Zaragoza", "Zaragoza", "03/07/2024 – 05/07/2024", "3"]]
    assert meetings.breakdowns[0].rows == [("Executive committee", 1), ("Territorial-network meeting", 1),
                                           ("Webinar", 1)]
    assert meetings.breakdowns[1].rows == [("Red Andina", 1)]
    assert meetings.trends[0].points == [(2023, 1), (2024, 3)]
    assert surveys.breakdowns[0].rows == [("Evaluación del webinar", 2.0), ("Evaluación del congreso", 3.8)]
    assert surveys.trends[0].points == [(2023, 2), (2024, 4)]
    assert agreements.breakdowns[0].rows == [("Pending", 1), ("In progress", 1), ("Done", 1), ("Cancelled", 1)]
    assert agreements.trends[0].points == [(2023, 2), (2024, 4)]

    assert columns == ["Reference", "Session", "Agreement", "Status", "Responsible",
                       "Due date"]
    assert cells[0] == ["JD-XIII-1 (14/03/2024)", "Board · XIII ordinary (2024)",
                        "Aprobar la memoria de actividades de 2023.", "Done", "Ana Pérez", "05/07/2024"]
    assert cells[1][2].endswith("…") and len(cells[1][2]) == 140  # long texts are shortened
    assert cells[1][3:] == ["In progress", "Luis Gil", "—"]
    assert [row[0] for row in cells] == ["JD-XIII-1 (14/03/2024)", "JD-XIII-2 (14/03/2024)",
                                         "JD-XIII-3 (14/03/2024)", "CE-I-1 (31/12/2024)"]
    assert [row[3] for row in cells] == ["Done", "In progress", "Pending", "Cancelled"]


def test_a_members_participation(data):
    quito = values(figures_for_year(year=2024, member=data["quito"], keys=KEYS))
    assert quito == {
        "congress.participants": (1, 3), "congress.covered": (1, 3),
        "meetings.attended": (1, 2), "meetings.participants": (1, 2),
        "surveys.invitations": (3, 4), "surveys.responses": (2, 3),
    }
    bogota = values(figures_for_year(year=2024, member=data["bogota"], keys=KEYS))
    assert bogota == {"meetings.attended": (1, 1), "meetings.participants": (2, 2)}  # congress cancelled, no survey
    assert figures_for_year(year=2024, member=MemberFactory(), keys=KEYS) == []


def test_the_annex_has_one_column_of_event_participants(data):
    with translation.override("en"):
        part = figures.event_participants_by_member(year=2024)
        assert [str(c) for c in part.columns] == ["Event participants"]
    quito, bogota, zaragoza = (data[k].pk for k in ("quito", "bogota", "zaragoza"))
    # Quito: congress 1 + 31 December meeting 1; Bogotá: that meeting 2; Zaragoza: congress 2 + webinar 1.
    assert part.values == {quito: [2], bogota: [2], zaragoza: [3]}
    assert figures.event_participants_by_member(year=2025).values == {quito: [1], zaragoza: [1]}
    assert sum(1 for source in figure_sources() if source.key in KEYS and source.by_member) == 1
    with translation.override("en"):
        columns, rows = member_annex(year=2024)
        assert "Event participants" in [str(c) for c in columns]
    assert rows[quito][-1] == 2


def test_a_year_without_data(data):
    groups = {g.key: g for g in figures_for_year(year=1999, keys=KEYS)}
    assert set(groups) == set(KEYS)
    assert all(f.value == 0 and f.total in (0, None) for g in groups.values() for f in g.figures)
    assert "surveys.average_rating" not in values(groups.values())  # no ratings: no average, not a 0
    assert all(not t.points for g in groups.values() for t in g.trends)
    assert all(not b.rows for g in groups.values() for b in g.breakdowns)
    assert groups["agreements"].tables[0].rows == [] and groups["congress"].tables[0].rows == []
    assert figures_for_year(year=1999, member=data["quito"], keys=KEYS) == []
    assert figures.event_participants_by_member(year=1999).values == {}


def test_an_empty_database_gives_zeros():
    assert values(figures_for_year(year=2024, keys=KEYS))["congress.participants"] == (0, 0)


def test_an_event_that_has_not_started_yet_is_not_held():
    tomorrow = meeting(timezone.now() + timedelta(days=1), time_zone="Europe/Madrid")
    register(tomorrow, MemberFactory(), S.CONFIRMED)
    year = tomorrow.local_starts_at.year
    got = values(figures_for_year(year=year, keys=["meetings"]))
    assert got["meetings.held"] == (0, 0) and got["meetings.participants"] == (0, 0)


def add_more_data(size: int) -> None:
    """`size` more of everything in 2024: events with registrations, surveys with answers, agreements."""
    network = TerritorialNetworkFactory()
    for n in range(size):
        member = MemberFactory(territorial_network=network)
        event = congress(datetime(2024, 7, 3, 9, tzinfo=MADRID) + timedelta(days=10 * n + 10))
        for slot in (1, 2):
            register(event, member, S.ATTENDED, slot=slot, nights=2)
        other = meeting(datetime(2024, 2, 1, 10, tzinfo=MADRID) + timedelta(days=n), territorial_network=network)
        register(other, member, S.ATTENDED)
        questionnaire = survey(other, f"Evaluación {n}", datetime(2024, 2, 5, tzinfo=MADRID), ten_point=True)
        for rating in (3, 4):
            invite(questionnaire, member, rating=rating, ten=7)
        session = board_session_create(body=Body.GENERAL_ASSEMBLY, number=n + 1,
                                       held_at=datetime(2024, 7, 5, 12, tzinfo=MADRID))
        for text in ("Uno.", "Dos."):
            agreement_add(session=session, text=text, responsible=PersonFactory())


@pytest.mark.parametrize("size", [1, 8])
def test_queries_do_not_grow_with_the_data(data, size, django_assert_max_num_queries):
    add_more_data(size)
    ContentType.objects.get_for_model(Questionnaire)  # warm the content-type cache
    with django_assert_max_num_queries(8):  # congress 2, meetings 1, surveys 3, agreements 2
        groups = figures_for_year(year=2024, keys=KEYS)
    assert values(groups)["congress.held"] == (1 + size, 2 + size)
    with django_assert_max_num_queries(4):  # congress 2, meetings 1, surveys 1
        figures_for_year(year=2024, member=data["quito"], keys=KEYS)
    with django_assert_max_num_queries(1):
        assert len(figures.event_participants_by_member(year=2024).values) == 3 + size
