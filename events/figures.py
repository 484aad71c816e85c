"""Figures of events and governance for the annual report: the congress, other meetings,
evaluation surveys and the agreements of the governing bodies.

Which year a row belongs to:
- an event (congress or meeting) counts in the year it starts, in the event's own time zone
  (`Event.local_starts_at`), and only once it has started ("held"); unpublished events (drafts,
  e.g. a congress created from an accepted candidacy and not announced yet) do not count;
- a participant is a registration that is confirmed or attended (pending and cancelled ones are not);
- a survey counts in the year its links went out (`links_sent_at`, in the portal's time zone), and
  its invitations, responses and ratings count with it, even when an answer arrives in January;
- an agreement counts in the year of its session, in the session's time zone (as in the minutes);
  its status is the current one, not the one it had at the end of that year.

The year is worked out in Python from the rows' own time zones, so each source reads aggregated
rows (one per event, per event and member, per survey or per session) in a fixed number of
queries. Two read single rows of the year only: the agreements table, and the survey averages,
which reuse the results page's aggregation (selectors.question_result) on the year's rating answers.
"""

from __future__ import annotations

from collections import Counter
from collections import defaultdict
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.db.models import IntegerField
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import Subquery
from django.db.models import Sum
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from network.plan.figures import Breakdown
from network.plan.figures import Figure
from network.plan.figures import FigureGroup
from network.plan.figures import FigureSource
from network.plan.figures import MemberColumns
from network.plan.figures import Table
from network.plan.figures import Trend
from network.plan.figures import register_figures
from network.plan.figures import total_up_to
from network.plan.figures import year_points
from network.timezones import in_zone

from .enums import OPEN_AGREEMENT_STATUSES
from .enums import AgreementStatus
from .enums import EventKind
from .enums import QuestionKind
from .enums import RegistrationState
from .models import Agreement
from .models import BoardSession
from .models import Event
from .models import Question
from .models import Questionnaire
from .models import Registration
from .models import SurveyAnswer
from .models import SurveyInvitation
from .models import SurveyResponse
from .selectors import question_result

# Registrations that count as taking part.
PARTICIPANT_STATES = (RegistrationState.CONFIRMED, RegistrationState.ATTENDED)
PARTICIPATED = Q(state__in=PARTICIPANT_STATES)
COVERED = Q(covered_slot__isnull=False)  # a covered place actually held (cancelling frees it)
RATING_SCALE = 5  # averages are given out of 5 (ratings on another scale are rescaled)


def _year_end(year: int) -> datetime:
    """A bound past the end of `year` in every time zone (for a cheap SQL pre-filter)."""
    return datetime(year + 1, 1, 1, tzinfo=UTC) + timedelta(days=1)


def _local_year(moment: datetime, time_zone: str | None = None) -> int:
    return (in_zone(moment, time_zone) if time_zone else timezone.localtime(moment)).year


def _held_events(year: int):
    """Published events that have started, up to the end of `year` (the year is checked in Python)."""
    return Event.objects.filter(published=True, starts_at__lt=_year_end(year), starts_at__lte=timezone.now())


# --- Congress -----------------------------------------------------------------------------------
def congress_figures(*, year: int, member=None) -> FigureGroup | None:
    """The year's congress: participants, members and countries represented, covered places."""
    congresses = {
        pk: (title, city, starts_at, ends_at, time_zone)
        for pk, title, city, starts_at, ends_at, time_zone in _held_events(year).filter(kind=EventKind.CONGRESS)
        .values_list("pk", "title", "city", "starts_at", "ends_at", "time_zone")
    }
    event_year = {pk: _local_year(row[2], row[4]) for pk, row in congresses.items()}
    registrations = Registration.objects.filter(PARTICIPATED, event_id__in=list(congresses))
    if member is not None:
        registrations = registrations.filter(member=member)
    rows = (registrations.values_list("event_id", "member_id", "member__country", "member__territorial_network__name")
            .annotate(n=Count("pk"), covered=Count("pk", filter=COVERED),
                      nights=Coalesce(Sum("hotel_nights", filter=COVERED), 0))
            .order_by())
    participants, covered, nights = Counter(), Counter(), Counter()
    per_event = Counter()
    members, countries = defaultdict(set), defaultdict(set)
    by_network = Counter()
    for event_id, member_id, country, network, n, covered_n, nights_n in rows:
        y = event_year[event_id]
        participants[y] += n
        covered[y] += covered_n
        nights[y] += nights_n
        per_event[event_id] += n
        members[y].add(member_id)
        if country:
            countries[y].add(country)
        if y == year and network:
            by_network[network] += n

    def since_first(sets: dict[int, set]) -> int:
        return len(set().union(*(s for y, s in sets.items() if y <= year)))

    title = _("Congress")
    if member is not None:
        if not participants.get(year):
            return None
        return FigureGroup(key="congress", title=title, figures=[
            Figure("congress.participants", _("Congress participants"), participants[year],
                   total=total_up_to(participants, year)),
            Figure("congress.covered", _("Covered congress places"), covered[year], total=total_up_to(covered, year)),
        ])
    held = Counter(event_year.values())
    figures = [
        Figure("congress.held", _("Congresses held"), held.get(year, 0), total=total_up_to(held, year)),
        Figure("congress.participants", _("Congress participants (confirmed or attended)"),
               participants.get(year, 0), total=total_up_to(participants, year)),
        Figure("congress.members", _("Member cities and entities represented"), len(members.get(year, ())),
               total=since_first(members)),
        Figure("congress.countries", _("Countries represented"), len(countries.get(year, ())),
               total=since_first(countries)),
        Figure("congress.covered", _("Covered places (lodging, internal transport and meals)"),
               covered.get(year, 0), total=total_up_to(covered, year)),
        Figure("congress.hotel_nights", _("Covered hotel nights"), nights.get(year, 0), total=total_up_to(nights, year)),
    ]
    table_rows = []
    for pk, (event_title, city, starts_at, ends_at, time_zone) in sorted(congresses.items(), key=lambda i: i[1][2]):
        if event_year[pk] != year:
            continue
        tz = ZoneInfo(time_zone)
        dates = (f"{date_format(in_zone(starts_at, tz).date(), 'SHORT_DATE_FORMAT')} – "
                 f"{date_format(in_zone(ends_at, tz).date(), 'SHORT_DATE_FORMAT')}")
        table_rows.append([event_title, city or "—", dates, str(per_event.get(pk, 0))])
    return FigureGroup(
        key="congress", title=title, figures=figures,
        breakdowns=[Breakdown("congress.by_network", _("Congress participants by territorial network"),
                              sorted(by_network.items(), key=lambda r: (-r[1], r[0])))],
        trends=[Trend("congress.participants_by_year", _("Congress participants per year"),
                      year_points(dict(participants), last_year=year))],
        tables=[Table("congress.editions", _("The year's congress"),
                      [_("Congress"), _("City"), _("Dates"), _("Participants")], table_rows)],
    )


def event_participants_by_member(*, year: int) -> MemberColumns:
    """Annex: each member's participants (confirmed or attended) in the events held in the year."""
    rows = (Registration.objects.filter(PARTICIPATED, event__in=_held_events(year)
                                        .filter(starts_at__gte=datetime(year, 1, 1, tzinfo=UTC) - timedelta(days=1)))
            .values_list("member_id", "event__starts_at", "event__time_zone").annotate(n=Count("pk")).order_by())
    values: Counter = Counter()
    for member_id, starts_at, time_zone, n in rows:
        if _local_year(starts_at, time_zone) == year:
            values[member_id] += n
    return MemberColumns(columns=[_("Event participants")], values={m: [n] for m, n in values.items()})


# --- Other meetings ------------------------------------------------------------------------------
def meeting_figures(*, year: int, member=None) -> FigureGroup | None:
    """Every event other than the congress: network meetings, webinars, committees, assemblies."""
    participated = Q(registrations__state__in=PARTICIPANT_STATES)
    if member is not None:
        participated &= Q(registrations__member=member)
    rows = (_held_events(year).exclude(kind=EventKind.CONGRESS)
            .values_list("pk", "kind", "starts_at", "time_zone", "territorial_network__name")
            .annotate(n=Count("registrations", filter=participated)).order_by())
    held, participants, attended = Counter(), Counter(), Counter()
    by_kind, by_network = Counter(), Counter()
    for _pk, kind, starts_at, time_zone, network, n in rows:
        y = _local_year(starts_at, time_zone)
        held[y] += 1
        participants[y] += n
        attended[y] += 1 if n else 0
        if y == year:
            by_kind[kind] += 1
            if network:
                by_network[network] += 1
    title = _("Meetings and other events")
    if member is not None:
        if not participants.get(year):
            return None
        return FigureGroup(key="meetings", title=title, figures=[
            Figure("meetings.attended", _("Meetings attended"), attended[year], total=total_up_to(attended, year)),
            Figure("meetings.participants", _("Participants in meetings"), participants[year],
                   total=total_up_to(participants, year)),
        ])
    kinds = dict(EventKind.choices)
    return FigureGroup(
        key="meetings", title=title,
        figures=[
            Figure("meetings.held", _("Meetings held (network meetings, webinars, committees…)"), held.get(year, 0),
                   total=total_up_to(held, year)),
            Figure("meetings.participants", _("Participants in meetings (confirmed or attended)"),
                   participants.get(year, 0), total=total_up_to(participants, year)),
        ],
        breakdowns=[
            Breakdown("meetings.by_kind", _("Meetings by kind"),
                      [(str(kinds.get(k, k)), n) for k, n in sorted(by_kind.items(), key=lambda r: (-r[1], r[0]))]),
            Breakdown("meetings.by_network", _("Meetings by territorial network"),
                      sorted(by_network.items(), key=lambda r: (-r[1], r[0]))),
        ],
        trends=[Trend("meetings.held_by_year", _("Meetings held per year"), year_points(dict(held), last_year=year))],
    )


# --- Evaluation surveys --------------------------------------------------------------------------
def _count_per_questionnaire(model) -> Coalesce:
    counted = (model.objects.filter(questionnaire=OuterRef("pk")).order_by().values("questionnaire")
               .annotate(c=Count("pk")).values("c"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _average_out_of_five(results) -> tuple[float | None, int]:
    """Mean of every rating answer of these QuestionResults (selectors.question_result), out of 5."""
    weighted, count = 0.0, 0
    for result in results:
        if result.average is None:
            continue
        n = sum(c for _label, c in result.distribution)
        weighted += result.average * RATING_SCALE / result.question.scale_max * n
        count += n
    return (round(weighted / count, 2) if count else None), count


class _Rating(NamedTuple):
    rating: int | None


def survey_figures(*, year: int, member=None) -> FigureGroup | None:
    """Evaluation surveys sent in the year, their invitations, responses and average ratings."""
    title = _("Evaluation surveys")
    if member is not None:
        rows = (SurveyInvitation.objects.filter(member=member, questionnaire__links_sent_at__isnull=False,
                                                questionnaire__links_sent_at__lt=_year_end(year))
                .values_list("questionnaire__links_sent_at")
                .annotate(n=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))).order_by())
        invited, answered = Counter(), Counter()
        for sent_at, n, answered_n in rows:
            invited[_local_year(sent_at)] += n
            answered[_local_year(sent_at)] += answered_n
        if not invited.get(year):
            return None
        # Counts of links answered only, never what was answered (surveys may be anonymous).
        return FigureGroup(key="surveys", title=title, figures=[
            Figure("surveys.invitations", _("Survey invitations received"), invited[year],
                   total=total_up_to(invited, year)),
            Figure("surveys.responses", _("Surveys answered"), answered[year], total=total_up_to(answered, year)),
        ])
    surveys = (Questionnaire.objects.filter(links_sent_at__isnull=False, links_sent_at__lt=_year_end(year))
               .annotate(invited_n=_count_per_questionnaire(SurveyInvitation),
                         responses_n=_count_per_questionnaire(SurveyResponse))
               .values_list("pk", "title", "links_sent_at", "invited_n", "responses_n").order_by("links_sent_at", "pk"))
    run, invited, responses = Counter(), Counter(), Counter()
    titles = {}
    for pk, survey_title, sent_at, invited_n, responses_n in surveys:
        y = _local_year(sent_at)
        run[y] += 1
        invited[y] += invited_n
        responses[y] += responses_n
        if y == year:
            titles[pk] = survey_title
    # Ratings counted in the database (one row per question and rating), then given to the survey
    # results' own aggregation (selectors.question_result) as that many rows: loading every answer
    # took seconds at the benchmark's size.
    questions = {q.pk: q for q in Question.objects.filter(questionnaire_id__in=titles.keys(),
                                                          kind=QuestionKind.RATING)}
    answers = defaultdict(list)
    for question_id, rating, n in (SurveyAnswer.objects.filter(question_id__in=questions.keys())
                                   .values_list("question_id", "rating").annotate(n=Count("pk")).order_by()):
        answers[question_id].extend([_Rating(rating)] * n)
    results = defaultdict(list)
    for question_id, question in questions.items():
        results[question.questionnaire_id].append(question_result(question, answers[question_id]))
    average, _n = _average_out_of_five([r for rs in results.values() for r in rs])
    by_survey = [(titles[pk], avg) for pk in titles
                 if (avg := _average_out_of_five(results.get(pk, []))[0]) is not None]
    figures = [
        Figure("surveys.run", _("Evaluation surveys sent"), run.get(year, 0), total=total_up_to(run, year)),
        Figure("surveys.invitations", _("Survey invitations sent"), invited.get(year, 0),
               total=total_up_to(invited, year)),
        Figure("surveys.responses", _("Survey responses"), responses.get(year, 0), total=total_up_to(responses, year)),
    ]
    if invited.get(year):
        figures.append(Figure("surveys.response_rate", _("Response rate"),
                              round(100 * responses[year] / invited[year]), unit="%"))
    if average is not None:
        figures.append(Figure("surveys.average_rating", _("Average rating (out of 5)"), average, unit="/ 5"))
    return FigureGroup(
        key="surveys", title=title, figures=figures,
        breakdowns=[Breakdown("surveys.rating_by_survey", _("Average rating by survey (out of 5)"), by_survey)],
        trends=[Trend("surveys.responses_by_year", _("Survey responses per year"),
                      year_points(dict(responses), last_year=year))],
    )


# --- Agreements of the governing bodies ---------------------------------------------------------
def agreement_figures(*, year: int, member=None) -> FigureGroup | None:
    """Sessions of the board, the executive committee and the assembly, and their agreements."""
    if member is not None:
        return None
    sessions = (BoardSession.objects.filter(held_at__lt=_year_end(year))
                .values_list("pk", "held_at", "time_zone").annotate(n=Count("agreements")).order_by())
    held, adopted = Counter(), Counter()
    this_year = []
    for pk, held_at, time_zone, n in sessions:
        y = _local_year(held_at, time_zone)
        held[y] += 1
        adopted[y] += n
        if y == year:
            this_year.append(pk)
    agreements = list(Agreement.objects.filter(session_id__in=this_year).select_related("session", "responsible")
                      .order_by("session__held_at", "sequence"))
    statuses = Counter(a.status for a in agreements)
    rows = []
    for agreement in agreements:
        session = agreement.session
        held_on = in_zone(session.held_at, session.time_zone).date()
        rows.append([
            f"{agreement.code} ({date_format(held_on, 'SHORT_DATE_FORMAT')})",
            str(session),
            Truncator(agreement.text).chars(140),
            str(agreement.get_status_display()),
            agreement.responsible.full_name if agreement.responsible else "—",
            date_format(agreement.due_on, "SHORT_DATE_FORMAT") if agreement.due_on else "—",
        ])
    return FigureGroup(
        key="agreements", title=_("Governing bodies and agreements"),
        figures=[
            Figure("agreements.sessions", _("Sessions of the governing bodies"), held.get(year, 0),
                   total=total_up_to(held, year)),
            Figure("agreements.adopted", _("Agreements adopted"), adopted.get(year, 0), total=total_up_to(adopted, year)),
            Figure("agreements.open", _("Agreements of the year still open"),
                   sum(statuses[s] for s in OPEN_AGREEMENT_STATUSES)),
        ],
        breakdowns=[Breakdown("agreements.by_status", _("Agreements of the year by status"),
                              [(str(label), statuses[value]) for value, label in AgreementStatus.choices
                               if statuses.get(value)])],
        trends=[Trend("agreements.adopted_by_year", _("Agreements adopted per year"),
                      year_points(dict(adopted), last_year=year))],
        tables=[Table("agreements.list", _("Agreements of the year"),
                      [_("Reference"), _("Session"), _("Agreement"), _("Status"), _("Responsible"), _("Due date")],
                      rows)],
    )


def register() -> None:
    register_figures(FigureSource(key="congress", title=_("Congress"), order=50, compute=congress_figures,
                                  by_member=event_participants_by_member))
    register_figures(FigureSource(key="meetings", title=_("Meetings and other events"), order=55,
                                  compute=meeting_figures))
    register_figures(FigureSource(key="surveys", title=_("Evaluation surveys"), order=60, compute=survey_figures))
    register_figures(FigureSource(key="agreements", title=_("Governing bodies and agreements"), order=65,
                                  compute=agreement_figures))
