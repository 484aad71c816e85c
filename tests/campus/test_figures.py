"""The campus's figures of the annual report, against data counted by hand."""

from datetime import date
from datetime import datetime
from datetime import timezone as dt_timezone
from decimal import Decimal

import pytest
from django.utils import translation

from campus.enums import EnrolmentState
from campus.enums import ProjectGrade
from campus.enums import ScholarshipState
from campus.figures import campus_figures
from campus.figures import campus_figures_by_member
from campus.models import Certificate
from campus.models import Enrolment
from network.plan.figures import figures_for_year
from network.plan.figures import member_annex
from tests.campus.factories import CourseFactory
from tests.campus.factories import EditionFactory
from tests.campus.factories import StrategyFactory
from tests.factories import MemberFactory
from tests.factories import TerritorialNetworkFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
E, S = EnrolmentState, ScholarshipState


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):  # the labels asserted below are the English msgids
        yield


def utc(year, month, day, hour=12, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=dt_timezone.utc)


def edition(course, starts_on, *, fee="1800", **kwargs):
    return EditionFactory(course=course, starts_on=starts_on, ends_on=date(starts_on.year + 1, 2, 28),
                          year=starts_on.year, fee=Decimal(fee), enrolment_call=None, seats=40, **kwargs)


def enrol(edition, user, member, state, scholarship=S.NONE, certificate_on=None):
    enrolment = Enrolment.objects.create(
        edition=edition, user=user, member=member, state=state, scholarship=scholarship,
        scholarship_amount=edition.fee if scholarship == S.GRANTED else Decimal("0"))
    if certificate_on:
        Certificate.objects.create(enrolment=enrolment, code=f"CODE-{enrolment.pk}", holder_name=user.name,
                                   issued_on=certificate_on)
    return enrolment


@pytest.fixture
def campus_data():
    """Hand-counted. Editions: 2023 specialization; 2024 specialization, Movilidad (EUR), Género (USD) and
    an unpublished one; 2025 Movilidad. Students: Ana and Bruno (Quito), Carla (Bogotá), Diego
    (Zaragoza), Elena (no member city)."""
    andina, iberica = TerritorialNetworkFactory(name="Red Andina"), TerritorialNetworkFactory(name="Red Ibérica")
    quito = MemberFactory(name="Quito", territorial_network=andina)
    bogota = MemberFactory(name="Bogotá", territorial_network=andina)
    zaragoza = MemberFactory(name="Zaragoza", territorial_network=iberica)
    lima = MemberFactory(name="Lima", territorial_network=andina)
    ana, bruno, carla, diego, elena = (UserFactory(name=n) for n in ("Ana", "Bruno", "Carla", "Diego", "Elena"))

    spec = CourseFactory(title="Especialización")
    movilidad = CourseFactory(title="Movilidad")
    genero = CourseFactory(title="Género")
    spec_2023 = edition(spec, date(2023, 4, 1))
    spec_2024 = edition(spec, date(2024, 5, 6))
    mov_2024 = edition(movilidad, date(2024, 3, 4), fee="450")
    gen_2024 = edition(genero, date(2024, 10, 1), fee="500", currency="USD")
    edition(movilidad, date(2024, 9, 1), published=False, fee="450")  # hidden: not an edition held
    mov_2025 = edition(movilidad, date(2025, 3, 3), fee="450")

    enrol(spec_2023, ana, quito, E.COMPLETED, S.GRANTED, certificate_on=date(2024, 3, 1))
    enrol(spec_2023, carla, bogota, E.DROPPED)
    enrol(spec_2024, ana, quito, E.ENROLLED, S.GRANTED)
    enrol(spec_2024, bruno, quito, E.ADMITTED, S.GRANTED)
    enrol(spec_2024, diego, zaragoza, E.DROPPED, S.GRANTED)  # the scholarship stays granted, no seat
    enrol(spec_2024, elena, None, E.REJECTED)
    enrol(mov_2024, carla, bogota, E.COMPLETED, S.REFUSED, certificate_on=date(2024, 4, 23))
    enrol(mov_2024, diego, zaragoza, E.COMPLETED, S.GRANTED, certificate_on=date(2024, 12, 31))
    enrol(mov_2024, elena, None, E.ENROLLED)
    enrol(mov_2024, bruno, quito, E.APPLIED)
    enrol(gen_2024, carla, bogota, E.ENROLLED, S.GRANTED)
    enrol(mov_2025, ana, quito, E.ENROLLED, S.GRANTED)
    enrol(mov_2025, bruno, quito, E.COMPLETED, certificate_on=date(2025, 6, 1))

    StrategyFactory(edition=spec_2023, member=quito, graded_at=utc(2024, 3, 20))
    StrategyFactory(edition=spec_2023, member=None, graded_at=None, submitted_at=utc(2023, 3, 1))
    # 31 Dec 2024 23:30 UTC is 1 Jan 2025 in Madrid, the portal's time zone: a 2025 strategy.
    StrategyFactory(edition=spec_2024, member=bogota, graded_at=utc(2024, 12, 31, 23, 30))
    StrategyFactory(edition=spec_2024, member=quito, grade=ProjectGrade.FAIL, graded_at=utc(2024, 5, 1))
    StrategyFactory(edition=spec_2024, member=quito, grade=ProjectGrade.PENDING, submitted_at=utc(2024, 5, 1))
    return {"quito": quito, "bogota": bogota, "zaragoza": zaragoza, "lima": lima}


def values(group) -> dict:
    return {f.key: (f.value, f.total) for f in group.figures}


def test_a_years_figures_and_the_totals_since_the_first_year(campus_data):
    group = campus_figures(year=2024)
    assert values(group) == {
        "campus.courses": (3, 3),
        "campus.editions": (3, 4),  # the unpublished edition is not counted
        "campus.students": (5, 5),  # Ana studied in 2023 and 2024: one person
        "campus.enrolments": (6, 7),
        "campus.completions": (3, 3),  # by the certificate's date: Ana's 2023 edition ended in 2024
        "campus.scholarships": (5, 6),  # Diego's stays granted after he dropped
        "campus.scholarship_value": (5850, 7650),  # 3 × 1800 + 450, and Ana's 1800 of 2023
        "campus.scholarship_value_usd": (500, 500),
        "campus.strategies": (1, 2),  # neither the failed nor the pending project
    }
    assert {f.key: f.unit for f in group.figures if f.unit} == {
        "campus.scholarship_value": "EUR", "campus.scholarship_value_usd": "USD"}
    assert values(campus_figures(year=2023)) == {
        "campus.courses": (1, 1), "campus.editions": (1, 1), "campus.students": (1, 1),
        "campus.enrolments": (1, 1), "campus.completions": (0, 0), "campus.scholarships": (1, 1),
        "campus.scholarship_value": (1800, 1800), "campus.strategies": (1, 1),
    }
    later = values(campus_figures(year=2025))
    assert later["campus.students"] == (2, 5) and later["campus.completions"] == (1, 4)
    assert later["campus.strategies"] == (1, 3)  # the one graded on New Year's Eve in UTC


def test_breakdowns_and_trend(campus_data):
    group = campus_figures(year=2024)
    breakdowns = {b.key: b.rows for b in group.breakdowns}
    assert breakdowns["campus.by_course"] == [("Movilidad", 3), ("Especialización", 2), ("Género", 1)]
    assert breakdowns["campus.by_network"] == [("Red Andina", 3), ("Red Ibérica", 1), ("No territorial network", 1)]
    assert [(t.key, t.points) for t in group.trends] == [("campus.students_by_year", [(2023, 1), (2024, 5)])]
    assert campus_figures(year=2026).trends[0].points == [(2023, 1), (2024, 5), (2025, 2), (2026, 0)]


def test_a_members_participation_counts_only_that_member(campus_data):
    quito = campus_figures(year=2024, member=campus_data["quito"])
    assert values(quito) == {
        "campus.students": (2, 2), "campus.enrolments": (2, 3), "campus.completions": (1, 1),
        "campus.scholarships": (2, 3), "campus.scholarship_value": (3600, 5400), "campus.strategies": (1, 1),
    }
    assert [(b.key, b.rows) for b in quito.breakdowns] == [("campus.by_course", [("Especialización", 2)])]
    bogota = values(campus_figures(year=2024, member=campus_data["bogota"]))
    assert bogota["campus.students"] == (1, 1) and bogota["campus.enrolments"] == (2, 2)
    assert bogota["campus.scholarship_value_usd"] == (500, 500) and "campus.scholarship_value" not in bogota
    assert campus_figures(year=2024, member=campus_data["lima"]) is None
    assert campus_figures(year=2023, member=campus_data["zaragoza"]) is None
    # Through the framework, as for the focal point's participation PDF.
    groups = figures_for_year(year=2024, member=campus_data["quito"], keys=["campus"])
    assert [g.key for g in groups] == ["campus"]


def test_the_annex_by_member(campus_data):
    annex = campus_figures_by_member(year=2024)
    assert [str(c) for c in annex.columns] == ["Campus students", "Scholarships"]
    assert annex.values == {campus_data["quito"].pk: [2, 2], campus_data["bogota"].pk: [1, 1],
                            campus_data["zaragoza"].pk: [1, 2]}
    # 2023: Carla dropped without a scholarship, so Bogotá is not in the annex.
    assert campus_figures_by_member(year=2023).values == {campus_data["quito"].pk: [1, 1]}
    columns, rows = member_annex(year=2024)
    at = [str(c) for c in columns].index("Campus students")  # later sources add columns after these
    assert [str(c) for c in columns][at:at + 2] == ["Campus students", "Scholarships"]
    assert rows[campus_data["quito"].pk][at:at + 2] == [2, 2]


def test_a_year_without_data(campus_data):
    assert campus_figures(year=2000) is None  # nothing up to that year
    assert campus_figures_by_member(year=2000).columns == []
    after = campus_figures(year=2030)  # nothing in the year, the totals still hold
    assert values(after)["campus.students"] == (0, 5) and values(after)["campus.editions"] == (0, 5)
    assert {b.key: b.rows for b in after.breakdowns} == {"campus.by_course": [], "campus.by_network": []}


def test_an_empty_campus():
    assert campus_figures(year=2024) is None
    assert campus_figures(year=2024, member=MemberFactory()) is None
    assert campus_figures_by_member(year=2024).values == {}


def _many(size):
    """`size` editions in 2024, each with students of two cities, certificates and strategies."""
    members = [MemberFactory(), MemberFactory()]
    for i in range(size):
        ed = edition(CourseFactory(), date(2024, 1 + i % 12, 1), currency="USD" if i % 3 == 0 else "EUR")
        for j, member in enumerate(members):
            enrol(ed, UserFactory(), member, E.COMPLETED, S.GRANTED, certificate_on=date(2025, 1, 10))
            enrol(ed, UserFactory(), member, E.APPLIED if j else E.ENROLLED)
        StrategyFactory(edition=ed, member=members[i % 2], graded_at=utc(2025, 2, 1))
    return members[0]


@pytest.mark.parametrize("size", [2, 15])
def test_a_fixed_number_of_queries(size, django_assert_max_num_queries):
    member = _many(size)
    with django_assert_max_num_queries(7):
        group = campus_figures(year=2024)
    assert values(group)["campus.students"] == (3 * size, 3 * size)  # two completed and one enrolled each
    with django_assert_max_num_queries(4):
        assert campus_figures(year=2024, member=member) is not None
    with django_assert_max_num_queries(1):
        assert len(campus_figures_by_member(year=2024).values) == 2
