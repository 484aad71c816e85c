"""Figures of the campus for the annual report: courses and editions, students and enrolments,
completions, scholarships and the urban strategies (final projects) produced.

Which year a row counts in (the year of the event it records):

- editions, courses offered, students, enrolments and scholarships: the year the edition starts
  (`Edition.starts_on`, a date, so no time zone to convert). A student of the specialization that
  starts in May 2024 and ends in February 2025 is a 2024 student; a scholarship waives that edition's fee.
- completions: the certificate's date (`Certificate.issued_on`, the local date of the completion:
  every completion issues one certificate).
- strategies: the year the final project passed (`graded_at`, in the portal's time zone like every
  `__year` lookup of the app); an earlier edition's project kept without a grading date counts in the
  year it was handed in.

Students are enrolments that hold a seat (SEAT_STATES: admitted, enrolled, completed), each person
counted once; scholarships are the granted ones, whatever happened to the enrolment afterwards, as on
the secretariat's scholarship page (`selectors.scholarship_totals_by_edition`). Values are summed per
currency of the edition. A fixed number of queries, whatever the data size.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from network.content_language import localized
from network.plan.figures import Breakdown
from network.plan.figures import Figure
from network.plan.figures import FigureGroup
from network.plan.figures import FigureSource
from network.plan.figures import MemberColumns
from network.plan.figures import Trend
from network.plan.figures import register_figures
from network.plan.figures import year_points

from .enums import SEAT_STATES
from .enums import ProjectGrade
from .enums import ScholarshipState
from .models import Edition
from .models import Enrolment
from .models import FinalProject

SEATED = Q(state__in=SEAT_STATES)
GRANTED = Q(scholarship=ScholarshipState.GRANTED)
TITLE = _("Campus")


def _started(year: int, *, upto: bool = False, prefix: str = "edition__") -> Q:
    return Q(**{f"{prefix}starts_on__year{'__lte' if upto else ''}": year})


def _passed(year: int, *, upto: bool = False) -> Q:
    lookup = "year__lte" if upto else "year"
    return Q(**{f"graded_at__{lookup}": year}) | Q(graded_at__isnull=True, **{f"submitted_at__{lookup}": year})


def _number(value: Decimal | int | None) -> int | float:
    if value is None:
        return 0
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _scholarship_figures(enrolments: QuerySet[Enrolment], year: int) -> tuple[list[Figure], int, int]:
    """The number of scholarships granted, and their value in each currency the editions use
    ("campus.scholarship_value" in the default currency, "campus.scholarship_value_usd" and so on);
    with the number granted in the year and up to it."""
    rows = list(
        enrolments.filter(GRANTED, _started(year, upto=True)).values_list("edition__currency")
        .annotate(n=Count("pk", filter=_started(year)), n_total=Count("pk"),
                  value=Sum("scholarship_amount", filter=_started(year)), value_total=Sum("scholarship_amount"))
        .order_by("edition__currency")
    )
    default = Edition._meta.get_field("currency").default
    values = {currency: (value, value_total) for currency, _n, _t, value, value_total in rows}
    if not values:
        values[default] = (0, 0)
    in_year, upto = sum(row[1] for row in rows), sum(row[2] for row in rows)
    figures = [Figure("campus.scholarships", _("Scholarships granted"), in_year, total=upto)]
    for currency in sorted(values, key=lambda c: (c != default, c)):
        value, value_total = values[currency]
        key = "campus.scholarship_value" if currency == default else f"campus.scholarship_value_{currency.lower()}"
        figures.append(Figure(key, _("Value of the scholarships granted"), _number(value),
                              total=_number(value_total), unit=str(currency)))
    return figures, in_year, upto


def _by_course(enrolments: QuerySet[Enrolment], year: int) -> Breakdown:
    rows = (enrolments.filter(SEATED, _started(year)).annotate(course_title=localized("title", "edition__course__"))
            .values_list("course_title").annotate(n=Count("user", distinct=True)).order_by("-n", "course_title"))
    return Breakdown("campus.by_course", _("Students by course"), [(title, n) for title, n in rows])


def campus_figures(*, year: int, member=None) -> FigureGroup | None:
    enrolments = Enrolment.objects.all()
    projects = FinalProject.objects.filter(grade=ProjectGrade.PASS)
    if member is not None:
        enrolments = enrolments.filter(member=member)
        projects = projects.filter(member=member)
    people = enrolments.aggregate(
        students=Count("user", distinct=True, filter=SEATED & _started(year)),
        students_total=Count("user", distinct=True, filter=SEATED & _started(year, upto=True)),
        enrolments=Count("pk", filter=SEATED & _started(year)),
        enrolments_total=Count("pk", filter=SEATED & _started(year, upto=True)),
        completed=Count("pk", filter=Q(certificate__issued_on__year=year)),
        completed_total=Count("pk", filter=Q(certificate__issued_on__year__lte=year)),
    )
    strategies = projects.aggregate(year=Count("pk", filter=_passed(year)),
                                    total=Count("pk", filter=_passed(year, upto=True)))
    scholarships, scholarships_in_year, scholarships_total = _scholarship_figures(enrolments, year)
    figures = [
        Figure("campus.students", _("Students enrolled (people)"), people["students"],
               total=people["students_total"]),
        Figure("campus.enrolments", _("Enrolments"), people["enrolments"], total=people["enrolments_total"]),
        Figure("campus.completions", _("Completions (certificates issued)"), people["completed"],
               total=people["completed_total"]),
        *scholarships,
        Figure("campus.strategies", _("Urban strategies produced (final projects passed)"), strategies["year"],
               total=strategies["total"]),
    ]
    if member is not None:
        if not (people["enrolments"] or people["completed"] or scholarships_in_year or strategies["year"]):
            return None
        return FigureGroup(key="campus", title=TITLE, figures=figures, breakdowns=[_by_course(enrolments, year)])

    editions = Edition.objects.filter(published=True).aggregate(
        year=Count("pk", filter=_started(year, prefix="")),
        total=Count("pk", filter=_started(year, upto=True, prefix="")),
        courses=Count("course", distinct=True, filter=_started(year, prefix="")),
        courses_total=Count("course", distinct=True, filter=_started(year, upto=True, prefix="")),
    )
    if not any((editions["total"], people["enrolments_total"], people["completed_total"], strategies["total"],
                scholarships_total)):
        return None  # the campus has no data up to that year
    figures[:0] = [
        Figure("campus.courses", _("Courses offered"), editions["courses"], total=editions["courses_total"]),
        Figure("campus.editions", _("Course editions started"), editions["year"], total=editions["total"]),
    ]
    by_network = list(
        enrolments.filter(SEATED, _started(year)).values_list("member__territorial_network__name")
        .annotate(n=Count("user", distinct=True)).order_by("-n", "member__territorial_network__name")
    )
    network_rows = [(name, n) for name, n in by_network if name is not None]
    network_rows += [(str(_("No territorial network")), n) for name, n in by_network if name is None]
    per_year = dict(
        enrolments.filter(SEATED).annotate(y=ExtractYear("edition__starts_on")).values_list("y")
        .annotate(n=Count("user", distinct=True)).order_by()
    )
    return FigureGroup(
        key="campus", title=TITLE, figures=figures,
        breakdowns=[_by_course(enrolments, year),
                    Breakdown("campus.by_network", _("Students by territorial network of their city"), network_rows)],
        trends=[Trend("campus.students_by_year", _("Students per year"), year_points(per_year, last_year=year))],
    )


def campus_figures_by_member(*, year: int) -> MemberColumns:
    """Students of each member city in the year's editions, and their scholarships. No columns in a
    year without campus students from members: the annex is printed on A4, a column of zeros says nothing."""
    rows = (
        Enrolment.objects.filter(SEATED | GRANTED, _started(year), member__isnull=False)
        .values_list("member_id")
        .annotate(students=Count("user", distinct=True, filter=SEATED), scholarships=Count("pk", filter=GRANTED))
        .order_by()
    )
    values = {member_id: [students, scholarships] for member_id, students, scholarships in rows}
    if not values:
        return MemberColumns(columns=[], values={})
    return MemberColumns(columns=[_("Campus students"), _("Scholarships")], values=values)


def register() -> None:
    register_figures(FigureSource(key="campus", title=TITLE, order=40, compute=campus_figures,
                                  by_member=campus_figures_by_member))
