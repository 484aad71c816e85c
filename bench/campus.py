"""The campus's share of the benchmark data set and its page (see bench/__init__.py).

At scale 1: a catalogue of about 120 courses (a few annual specializations with an in-person
seminar, online courses, ad-hoc training), 2,000 editions over ten years (a few starting in the
coming months, their enrolment open), each with its enrolment call, and 60,000 enrolments with the
application each one answers. Every enrolment is played through the rules of
campus.services.enrolments in time order (admission while seats last, then the waiting list,
promotion when a seat holder drops, the scholarship rule on admission, confirmation, completion
after the final project passed), so the rows are the ones the services write: the enrolment's
state and dates, its audit rows (StateChange), its application's state and events, final projects,
certificates with valid codes. Also 60 self-paced capsules with 20,000 completions, and the
follow-up records of the ad-hoc training requests the calls generator made (what the intake sweep
would have opened). Bulk inserts: the services would take hours.

Two things differ from a live site, on purpose: certificates are marked rendered without a PDF
file (the render sweep would otherwise print thousands of PDFs and the sweep's second run must do
nothing), and no open enrolment call closes within the week (each would send deadline reminders to
every focal point; the calls generator keeps that work to its three calls).
"""

from __future__ import annotations

import heapq
import itertools
import random
import time
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time as clock
from datetime import timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bench.network import BATCH
from bench.network import BENCH_MEMBER_EMAIL
from bench.network import scaled
from bench.network import timestamps_as_given
from bench.programs import record_receipts
from bench.registry import BenchPage
from campus.enums import SEAT_STATES
from campus.enums import Actor
from campus.enums import AdhocState
from campus.enums import CapsuleFormat
from campus.enums import CourseKind
from campus.enums import EnrolmentState
from campus.enums import Modality
from campus.enums import ProjectGrade
from campus.enums import ScholarshipState
from campus.enums import roman
from campus.models import AdhocTraining
from campus.models import Capsule
from campus.models import CapsuleCompletion
from campus.models import Certificate
from campus.models import Course
from campus.models import Edition
from campus.models import Enrolment
from campus.models import FinalProject
from campus.services.certificates import ALPHABET as CODE_ALPHABET
from campus.services.certificates import BODY_LENGTH
from campus.services.certificates import code_for
from campus.services.enrolments import scholarship_problem
from network.enums import MemberStatus
from network.models import Member
from network.models import Person
from network.models import StateChange
from network.models import Theme
from network.models import User
from network.search import search_texts_rebuild
from programs.calls.enums import Actor as CallActor
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.enums import Eligibility
from programs.calls.models import Application
from programs.calls.models import Call
from programs.calls.services.applications import REFERENCE_ALPHABET
from programs.calls.services.transitions import transition_allowed

E = EnrolmentState
Sch = ScholarshipState
AS = ApplicationState

# Per scale unit.
COURSES = 120
EDITIONS = 2000
ENROLMENTS = 60_000
CAPSULES = 60
CAPSULE_COMPLETIONS = 20_000
YEARS = 10
FLUSH_EVERY = 10_000  # enrolments kept in memory before they are written

_TOPICS = ("movilidad urbana sostenible", "planificación estratégica urbana", "gobernanza metropolitana",
           "ciudad próxima", "acción climática", "vivienda asequible", "innovación pública", "economía local",
           "perspectiva de género", "resiliencia urbana", "espacio público", "participación ciudadana",
           "transición digital", "economía circular", "sistemas de cuidados", "agua y saneamiento",
           "seguridad urbana", "turismo sostenible", "patrimonio y cultura", "datos urbanos")
_ONLINE_TITLES = ("{Topic}: del diagnóstico al plan", "Gestión de {topic} en la ciudad",
                  "Planificar {topic} con la ciudadanía", "{Topic} para equipos municipales",
                  "Herramientas de {topic}", "Indicadores de {topic}", "Financiar proyectos de {topic}")
_CAPSULE_TITLES = ("Qué es {topic}", "{Topic} en diez ideas", "Claves de {topic}", "Cómo medir {topic}",
                   "Del plan al proyecto: {topic}")
_STRATEGY_TITLES = ("Plan Estratégico {city} {year}", "{city} {year}: ciudad próxima y productiva",
                    "Estrategia de resiliencia urbana de {city}", "{city} metropolitana: gobernanza y territorio",
                    "Estrategia de movilidad sostenible de {city}", "Visión {city} {year}")
_TEAM = "Dirección académica del campus\nEquipo docente de la red"
_FEEDBACK_PASS = ("Excelente diagnóstico y cartera de proyectos.", "Estrategia sólida y bien priorizada.",
                  "Buen trabajo con los actores locales; cuide los indicadores.")
_FEEDBACK_FAIL = "El documento no incluye el diagnóstico ni la cartera de proyectos; revíselo con su tutor."
_MOTIVATION = "Quiero formular la estrategia urbana de mi ciudad con herramientas actuales."
_POSITIONS = ("Técnico de planificación", "Técnica de movilidad", "Jefe de proyectos urbanos",
              "Coordinadora de participación", "Asesor de alcaldía", "Técnica de medio ambiente")

SCHOLARSHIP_TARGETS = {Sch.GRANTED, Sch.FLAGGED, Sch.REFUSED}


@dataclass(frozen=True)
class _Student:
    user_id: int
    person_id: int
    name: str
    member_id: int
    member_name: str
    member_status: str


@dataclass
class _Plan:
    """One edition before it is written, with its call's dates."""

    course: Course
    starts_on: date
    number: int = 0
    edition: Edition | None = None
    call: Call | None = None


class _Enrolment:
    """An enrolment being played through the rules, with everything the services would write."""

    __slots__ = ("student", "applied_at", "state", "scholarship", "amount", "reason", "admitted_at",
                 "completed_at", "updated_at", "changes", "app_state", "app_events", "decided_at", "project",
                 "certificate", "forced", "waitlisted_at", "position", "reference", "order")

    def __init__(self, student: _Student, applied_at: datetime, order: int):
        self.student = student
        self.applied_at = applied_at
        self.order = order
        self.state = E.APPLIED
        self.scholarship = Sch.NONE
        self.amount = Decimal("0")
        self.reason = ""
        self.admitted_at = self.completed_at = self.decided_at = self.waitlisted_at = None
        self.updated_at = applied_at
        self.changes: list[tuple] = []  # (source, target, actor, by, at, comment)
        self.app_state = AS.SUBMITTED
        self.app_events = [(AS.DRAFT, AS.SUBMITTED, CallActor.APPLICANT, student.user_id, applied_at, "")]
        self.project: dict | None = None
        self.certificate: dict | None = None
        self.forced = False
        self.position = ""
        self.reference = ""


_APPLICATION_FOR = {E.ADMITTED: AS.ACCEPTED, E.WAITLISTED: AS.WAITLISTED, E.REJECTED: AS.REJECTED,
                    E.DROPPED: AS.WITHDRAWN}
_DECIDED = (AS.ACCEPTED, AS.WAITLISTED, AS.REJECTED)


def _log(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, clock(hour), tzinfo=timezone.get_default_timezone())


def _days(value: float) -> timedelta:
    return timedelta(days=value)


def _cap(topic: str) -> str:
    return topic[:1].upper() + topic[1:]


# --- Courses, editions and their enrolment calls ----------------------------------------------------
def _make_courses(*, scale: float, rng: random.Random, themes: list[Theme]) -> list[Course]:
    n = max(scaled(COURSES, scale), 8)
    n_spec = max(1, round(n * 0.05))
    n_adhoc = max(1, round(n * 0.08))
    n_online = n - n_spec - n_adhoc
    titles = [pattern.format(topic=t, Topic=_cap(t)) for pattern in _ONLINE_TITLES for t in _TOPICS]
    rng.shuffle(titles)
    specs = rng.sample(_TOPICS, min(n_spec, len(_TOPICS)))
    courses: list[Course] = []
    for i in range(n):
        if i < n_spec:
            kind, title = CourseKind.SPECIALIZATION, f"Especialización en {_cap(specs[i % len(specs)])}"
        elif i < n_spec + n_online:
            k = i - n_spec
            kind, title = CourseKind.ONLINE_COURSE, titles[k % len(titles)]
        else:
            kind, title = CourseKind.ADHOC, f"Formación a medida: {_TOPICS[(i - n_spec - n_online) % len(_TOPICS)]}"
        if i >= len(titles):
            title = f"{title} ({i // len(titles) + 1})"
        spec = kind == CourseKind.SPECIALIZATION
        weeks = 40 if spec else (None if kind == CourseKind.ADHOC else rng.choice((4, 6, 6, 7, 8, 8, 10)))
        modality = (Modality.BLENDED if spec else Modality.IN_PERSON if kind == CourseKind.ADHOC
                    else rng.choice((Modality.ONLINE,) * 8 + (Modality.BLENDED,)))
        courses.append(Course(
            kind=kind, title=title[:200], slug=f"bench-{slugify(title)[:90]}-{i + 1:04d}",
            summary=f"Curso para equipos municipales sobre {title.lower()}."[:300],
            description="Objetivos, contenidos, metodología y evaluación del curso. " * 6,
            modality=modality, duration_weeks=weeks, hours=300 if spec else (weeks * 10 if weeks else None),
            languages="Español, Português" if rng.random() < 0.25 else "Español",
            requires_final_project=spec or (kind == CourseKind.ONLINE_COURSE and rng.random() < 0.15),
            published=i < n_spec + 2 or rng.random() < 0.97, order=i,
        ))
    for course in courses:
        course.search_text = course.build_search_text()  # what save() keeps, for the site search
    with transaction.atomic():
        Course.objects.bulk_create(courses, batch_size=BATCH)
        through = Course.themes.through
        through.objects.bulk_create(
            [through(course_id=c.pk, theme_id=t.pk) for c in courses for t in rng.sample(themes, rng.randint(1, 3))],
            batch_size=BATCH * 5)
    return courses


def _plan_editions(*, scale: float, rng: random.Random, courses: list[Course], today: date) -> list[_Plan]:
    """Edition starts per course, spread over ten years up to five months ahead; numbered in order."""
    taught = [c for c in courses if c.kind != CourseKind.ADHOC and c.published]
    weights = [10.0 if c.kind == CourseKind.SPECIALIZATION else rng.uniform(6, 30) for c in taught]
    total = scaled(EDITIONS, scale)
    window_start, window_end = today - timedelta(days=365 * YEARS), today + timedelta(days=150)
    by_course: dict[int, list[_Plan]] = {}
    for course, weight in zip(taught, weights, strict=True):
        n = max(1, round(weight * total / sum(weights)))
        first = window_start + timedelta(days=0 if rng.random() < 0.6 else rng.uniform(0, 365 * YEARS * 0.6))
        span = (window_end - first).days
        starts = sorted({first + timedelta(days=int((k + rng.uniform(0.15, 0.85)) * span / n)) for k in range(n)})
        by_course[course.pk] = [_Plan(course=course, starts_on=s) for s in starts]

    # Small data sets still need an edition of each situation: enrolment open, enrolment closed
    # but not started (with a waiting list), running now.
    online = [c for c in taught if c.kind == CourseKind.ONLINE_COURSE] or taught
    wanted = ((today + timedelta(days=40), lambda s: s >= today + timedelta(days=25)),
              (today + timedelta(days=75), lambda s: s >= today + timedelta(days=25)),
              (today + timedelta(days=5), lambda s: today < s <= today + timedelta(days=9)),
              (today - timedelta(days=14), lambda s: today - timedelta(days=21) <= s <= today))
    plans_all = [p for plans in by_course.values() for p in plans]
    for k, (start, present) in enumerate(wanted):
        if sum(1 for p in plans_all if present(p.starts_on)) >= (2 if k < 2 else 1):
            continue
        for course in itertools.chain(online[k:], online[:k]):
            plans = by_course[course.pk]
            previous = plans[-2].starts_on if len(plans) > 1 else date.min
            if previous < start - timedelta(days=60) and not present(plans[-1].starts_on):
                plans[-1].starts_on = start
                break
        plans_all = [p for plans in by_course.values() for p in plans]
    out = []
    for course in taught:
        offset = rng.choice((0, 0, 0, 2, 4, 7)) if course.kind == CourseKind.SPECIALIZATION else 0
        for number, plan in enumerate(by_course[course.pk], start=1 + offset):
            plan.number = number
            out.append(plan)
    return out


def _make_editions(*, rng: random.Random, plans: list[_Plan], now: datetime, hosts: list[int]) -> None:
    """Each edition with its enrolment call (opens ten weeks before the start, closes ten days before)."""
    week_from_now = now + timedelta(days=8)
    calls, editions = [], []
    course_themes: dict[int, list[int]] = {}
    for tid, cid in Course.themes.through.objects.filter(course__in=[p.course for p in plans]).values_list(
            "theme_id", "course_id"):
        course_themes.setdefault(cid, []).append(tid)
    for i, plan in enumerate(plans):
        course = plan.course
        spec = course.kind == CourseKind.SPECIALIZATION
        opens = _at(plan.starts_on - timedelta(days=70))
        closes = _at(plan.starts_on - timedelta(days=10), 23)
        if now < closes <= week_from_now:
            closes = now - timedelta(days=1)  # closed early (seats filled): no reminders due this week
        calls.append(Call(
            kind=CallKind.COURSE_ENROLMENT, slug=f"bench-matricula-{i + 1:05d}",
            title=f"Matrícula — {course.title}, {roman(plan.number)} edición"[:200],
            summary="Los socios activos pueden postular a una beca del 100 %.",
            description="Requisitos, calendario y condiciones de la matrícula. " * 4,
            published=True, opens_at=opens, closes_at=closes, eligibility=Eligibility.ANYONE,
            created_at=opens - timedelta(days=7), updated_at=opens - timedelta(days=7),
        ))
        weeks = course.duration_weeks or 6
        ends = plan.starts_on + timedelta(days=weeks * 7 - 1)
        seminar = {}
        if course.modality == Modality.BLENDED and hosts:
            first = plan.starts_on + timedelta(days=(ends - plan.starts_on).days // 2)
            seminar = {"seminar_host_id": rng.choice(hosts), "seminar_starts_on": first,
                       "seminar_ends_on": first + timedelta(days=4)}
        editions.append(Edition(
            course=course, number=plan.number, year=plan.starts_on.year, starts_on=plan.starts_on, ends_on=ends,
            seats=40 if spec else rng.choice((20, 25, 30, 30, 35, 40, 50)),
            fee=Decimal("1800") if spec else Decimal(rng.choice((0, 300, 450, 450, 600))),
            currency="EUR" if spec or rng.random() < 0.7 else "USD", hours=course.hours, teaching_team=_TEAM,
            **seminar,
        ))
    for call in calls:
        call.search_text = call.build_search_text()  # what save() keeps, for the site search
    with transaction.atomic(), timestamps_as_given(Call):
        Call.objects.bulk_create(calls, batch_size=BATCH)
        through = Call.themes.through
        through.objects.bulk_create([through(call_id=call.pk, theme_id=t)
                                     for call, plan in zip(calls, plans, strict=True)
                                     for t in course_themes.get(plan.course.pk, [])], batch_size=BATCH * 5)
        for edition, call, plan in zip(editions, calls, plans, strict=True):
            edition.enrolment_call_id = call.pk
            plan.edition, plan.call = edition, call
        Edition.objects.bulk_create(editions, batch_size=BATCH)


# --- Enrolments, played through the rules ------------------------------------------------------------
class _EditionRun:
    """Plays the enrolments of one edition in time order, as campus.services.enrolments would."""

    def __init__(self, *, plan: _Plan, rng: random.Random, now: datetime, staff_id: int):
        self.plan, self.rng, self.now, self.staff = plan, rng, now, staff_id
        self.edition, self.call = plan.edition, plan.call
        self.course = plan.course
        self.start = _at(self.edition.starts_on)
        self.end = _at(self.edition.ends_on, 18)
        self.queue: list = []
        self.counter = itertools.count()
        self.seats_taken = 0
        self.cleaned = False
        self.enrolments: list[_Enrolment] = []

    # -- moves (the services' side effects, in one place) --
    def _follow(self, e: _Enrolment, target_state: str, by: int | None, at: datetime) -> None:
        target = _APPLICATION_FOR.get(target_state)
        if target is None:
            return
        for actor in (CallActor.STAFF, CallActor.SYSTEM, CallActor.APPLICANT):
            if e.app_state != target and transition_allowed(source=e.app_state, target=target, actor=actor):
                e.app_events.append((e.app_state, target, actor, by if actor != CallActor.SYSTEM else None, at, ""))
                e.app_state = target
                if target in _DECIDED:
                    e.decided_at = at
                return

    def _move(self, e: _Enrolment, to: str, actor: str, by: int | None, at: datetime, comment: str = "") -> None:
        e.changes.append((e.state, to, actor, by, at, comment))
        held = e.state in SEAT_STATES
        e.state = to
        e.updated_at = at
        self.seats_taken += (to in SEAT_STATES) - held
        self._follow(e, to, by, at)

    def _scholarship(self, e: _Enrolment, to: str, actor: str, by: int | None, at: datetime, comment: str) -> None:
        e.changes.append((e.scholarship, to, actor, by, at, comment))
        e.scholarship = to
        e.updated_at = at

    def schedule(self, at: datetime, action: str, e: _Enrolment | None = None) -> None:
        if at <= self.now:
            heapq.heappush(self.queue, (at, next(self.counter), action, e))

    # -- the rules --
    def _admit(self, e: _Enrolment, at: datetime, *, actor: str, by: int | None) -> None:
        if self.seats_taken >= self.edition.seats:
            if e.state == E.APPLIED:
                self._move(e, E.WAITLISTED, Actor.SYSTEM, by, at,
                           _("All %(count)s seats are taken.") % {"count": self.edition.seats})
                e.waitlisted_at = at
                if not e.forced and self.rng.random() < 0.1:
                    self.schedule(at + _days(self.rng.uniform(1, 20)), "drop_waiting", e)
            return
        e.admitted_at = at
        self._move(e, E.ADMITTED, actor, by, at)
        if e.scholarship == Sch.REQUESTED:
            student = e.student
            member = Member(name=student.member_name, status=student.member_status)
            problem = scholarship_problem(member=member)
            if problem is None:
                e.amount = self.edition.fee
                self._scholarship(e, Sch.GRANTED, Actor.SYSTEM, None, at, _("Active member on admission."))
            else:
                self._scholarship(e, Sch.FLAGGED, Actor.SYSTEM, None, at, problem)
                self.schedule(at + _days(self.rng.uniform(3, 15)), "scholarship", e)
        rng = self.rng
        confirm = at + _days(rng.uniform(0.5, 6))
        if at < self.start:
            confirm = min(confirm, self.start - timedelta(hours=1))
        fate = 1.0 if e.forced else rng.random()
        if fate < 0.05:
            self.schedule(at + (confirm - at) * rng.uniform(0.1, 0.9), "drop_admitted", e)
            return
        self.schedule(confirm, "confirm", e)
        if fate < 0.13:
            self.schedule(self.start + (self.end - self.start) * rng.uniform(0.05, 0.7), "drop_enrolled", e)
            return
        if self.course.requires_final_project:
            submitted = self.end - _days(rng.uniform(3, 20))
            self.schedule(max(submitted, confirm + timedelta(hours=1)), "submit", e)
            self.schedule(self.end + _days(rng.uniform(0, 8)), "grade", e)
            self.schedule(self.end + _days(rng.uniform(9, 20)), "complete", e)
        elif e.forced or rng.random() < 0.93:
            self.schedule(self.end + _days(rng.uniform(1, 20)), "complete", e)
        else:
            self.schedule(self.end + _days(rng.uniform(5, 30)), "drop_unfinished", e)

    def _promote(self, at: datetime) -> None:
        """A seat was freed: the first on the waiting list is admitted (waitlist_promote)."""
        waiting = sorted((e for e in self.enrolments if e.state == E.WAITLISTED and e.waitlisted_at < at),
                         key=lambda e: (e.applied_at, e.order))
        if waiting and self.seats_taken < self.edition.seats:
            self._admit(waiting[0], at + timedelta(seconds=1), actor=Actor.SYSTEM, by=None)

    def run(self, applicants: list[tuple[_Student, bool]], rng: random.Random) -> list[_Enrolment]:
        now, call = self.now, self.call
        last_apply = min(call.closes_at, now)
        times = sorted(call.opens_at + (last_apply - call.opens_at) * rng.random() for _ in applicants)
        call_closed = call.closes_at <= now
        batch = call.closes_at + _days(rng.uniform(1, 5)) if call_closed else None
        for order, ((student, forced), applied) in enumerate(zip(applicants, times, strict=True)):
            e = _Enrolment(student, applied, order)
            e.forced = forced
            e.position = rng.choice(_POSITIONS)
            active = student.member_status == MemberStatus.ACTIVE
            # The rule on application: only people of active members may ask (a member that fell into
            # arrears since is flagged on admission).
            may_ask = active or (student.member_status == MemberStatus.IN_ARREARS and applied < now - _days(90))
            if self.edition.fee > 0 and may_ask and (forced or rng.random() < (0.35 if active else 0.5)):
                e.scholarship = Sch.REQUESTED
            self.enrolments.append(e)
            decide = batch + timedelta(seconds=order) if batch else applied + _days(rng.uniform(2, 8))
            if not forced and rng.random() < 0.04:
                self.schedule(applied + (min(decide, now) - applied) * rng.uniform(0.1, 0.9), "drop_applied", e)
            if forced and not call_closed:
                continue  # the bench login's application to an open call waits for the decision
            if call_closed or rng.random() < 0.5:
                self.schedule(decide, "decide", e)
        self.schedule(self.start - timedelta(days=1), "close_waiting_list")
        while self.queue:
            at, _n, action, e = heapq.heappop(self.queue)
            self._act(action, e, at)
        return self.enrolments

    def _act(self, action: str, e: _Enrolment | None, at: datetime) -> None:
        rng, staff = self.rng, self.staff
        if action == "decide" and e.state == E.APPLIED:
            if not e.forced and rng.random() < 0.1:
                self._move(e, E.REJECTED, Actor.STAFF, staff, at)
            else:
                self._admit(e, at, actor=Actor.STAFF, by=staff)
        elif action in ("drop_applied", "drop_waiting") and e.state in (E.APPLIED, E.WAITLISTED):
            self._move(e, E.DROPPED, Actor.STUDENT, e.student.user_id, at)
        elif action == "drop_admitted" and e.state == E.ADMITTED:
            self._move(e, E.DROPPED, Actor.STUDENT, e.student.user_id, at)
            self._promote(at)
        elif action == "confirm" and e.state == E.ADMITTED:
            self._move(e, E.ENROLLED, Actor.STUDENT, e.student.user_id, at)
        elif action in ("drop_enrolled", "drop_unfinished") and e.state == E.ENROLLED:
            by_staff = action == "drop_unfinished" or rng.random() < 0.3
            actor, by = (Actor.STAFF, staff) if by_staff else (Actor.STUDENT, e.student.user_id)
            self._move(e, E.DROPPED, actor, by, at, "No completó el curso." if action == "drop_unfinished" else "")
            self._promote(at)
        elif action == "close_waiting_list":
            for waiting in self.enrolments:
                if waiting.state == E.WAITLISTED:
                    self._move(waiting, E.REJECTED, Actor.STAFF, staff, at)
        elif action == "scholarship" and e.scholarship == Sch.FLAGGED:
            grant = rng.random() < 0.6
            reason = ("La ciudad regularizó sus cuotas." if grant else
                      "La ciudad sigue con cuotas pendientes; la beca no procede.")
            e.amount = self.edition.fee if grant else Decimal("0")
            e.reason = reason
            self._scholarship(e, Sch.GRANTED if grant else Sch.REFUSED, Actor.STAFF, staff, at, reason)
        elif action == "submit" and e.state == E.ENROLLED and e.project is None:
            e.project = {"submitted_at": at, "grade": ProjectGrade.PENDING}
        elif action == "grade" and e.project is not None and e.project["grade"] == ProjectGrade.PENDING:
            passed = e.forced or rng.random() < 0.92
            e.project.update(grade=ProjectGrade.PASS if passed else ProjectGrade.FAIL, graded_at=at, graded_by=staff,
                             feedback=rng.choice(_FEEDBACK_PASS) if passed else _FEEDBACK_FAIL)
            if not passed:
                self.schedule(at + _days(rng.uniform(20, 40)), "drop_unfinished", e)
        elif action == "complete" and e.state == E.ENROLLED:
            if self.course.requires_final_project and (e.project is None or e.project["grade"] != ProjectGrade.PASS):
                return
            e.completed_at = at
            self._move(e, E.COMPLETED, Actor.STAFF, staff, at)
            e.certificate = {"issued_on": timezone.localdate(at), "rendered_at": at + timedelta(minutes=2)}


def _students() -> list[_Student]:
    """Every login of the network generator's people with their member (one role each)."""
    rows = (Person.objects.filter(user__isnull=False, user__is_staff=False, email__endswith="@bench.example.org",
                                  roles__isnull=False)
            .order_by("pk").values_list("user_id", "pk", "first_name", "last_name", "roles__member_id",
                                        "roles__member__name", "roles__member__status"))
    seen, out = set(), []
    for user_id, pk, first, last, member_id, member_name, status in rows:
        if user_id not in seen:
            seen.add(user_id)
            out.append(_Student(user_id, pk, f"{first} {last}".strip(), member_id, member_name, status))
    return out


def _code(rng: random.Random, used: set[str]) -> str:
    while True:
        code = code_for("".join(rng.choice(CODE_ALPHABET) for _ in range(BODY_LENGTH)))
        if code not in used:
            used.add(code)
            return code


def _reference(rng: random.Random, year: int, used: set[str]) -> str:
    while True:
        reference = f"COU-{year}-{''.join(rng.choice(REFERENCE_ALPHABET) for _ in range(6))}"
        if reference not in used:
            used.add(reference)
            return reference


class _Writer:
    """Writes played enrolments in batches: applications and their events, enrolments and their audit
    rows, final projects with their themes, certificates."""

    def __init__(self, *, rng: random.Random, themes: list[Theme]):
        self.rng, self.themes = rng, themes
        self.pending: list[tuple[_Plan, _Enrolment]] = []
        self.content_type = ContentType.objects.get_for_model(Enrolment)
        self.application_type = ContentType.objects.get_for_model(Application)
        self.references: set[str] = set(Application.objects.filter(reference__startswith="COU-")
                                        .values_list("reference", flat=True))
        self.codes: set[str] = set(Certificate.objects.values_list("code", flat=True))
        self.counts = {"enrolments": 0, "enrolment_applications": 0, "enrolment_state_changes": 0,
                       "final_projects": 0, "certificates": 0}

    def add(self, plan: _Plan, enrolments: list[_Enrolment]) -> None:
        self.pending += [(plan, e) for e in enrolments]
        if len(self.pending) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        rng = self.rng
        applications, events, enrolments, changes, projects, certificates = [], [], [], [], [], []
        for plan, e in self.pending:
            s = e.student
            e.reference = _reference(rng, e.applied_at.year, self.references)
            title = f"{s.name} · {plan.edition.course.title} · {plan.edition.label}"[:250]
            applications.append(Application(
                call_id=plan.call.pk, reference=e.reference, applicant_id=s.user_id, person_id=s.person_id,
                member_id=s.member_id, title=title, state=e.app_state, submitted_at=e.applied_at,
                decided_at=e.decided_at, created_at=e.applied_at, updated_at=e.app_events[-1][4],
                data={"title": title, "summary": _MOTIVATION, "position": e.position, "motivation": _MOTIVATION,
                      "scholarship": e.scholarship != Sch.NONE},
            ))
        with transaction.atomic(), timestamps_as_given(Application, Enrolment):
            Application.objects.bulk_create(applications, batch_size=BATCH)
            record_receipts(applications)
            for application, (plan, e) in zip(applications, self.pending, strict=True):
                events += [StateChange(content_type_id=self.application_type.pk, object_id=application.pk,
                                       workflow="application", source=src, target=dst, actor=actor, by_id=by,
                                       at=at, comment=comment)
                           for src, dst, actor, by, at, comment in e.app_events]
                enrolments.append(Enrolment(
                    edition_id=plan.edition.pk, application_id=application.pk, user_id=e.student.user_id,
                    person_id=e.student.person_id, member_id=e.student.member_id, state=e.state,
                    scholarship=e.scholarship, scholarship_amount=e.amount, scholarship_reason=e.reason,
                    applied_at=e.applied_at, admitted_at=e.admitted_at, completed_at=e.completed_at,
                    updated_at=e.updated_at,
                ))
            StateChange.objects.bulk_create(events, batch_size=BATCH * 2)
            Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
            for enrolment, (plan, e) in zip(enrolments, self.pending, strict=True):
                changes += [StateChange(content_type_id=self.content_type.pk, object_id=enrolment.pk,
                                        workflow="scholarship" if dst in SCHOLARSHIP_TARGETS else "enrolment",
                                        source=src, target=dst, actor=actor, by_id=by, at=at, comment=comment)
                            for src, dst, actor, by, at, comment in e.changes]
                if e.project is not None:
                    city = e.student.member_name
                    p = e.project
                    projects.append(FinalProject(
                        edition_id=plan.edition.pk, enrolment_id=enrolment.pk, author_name=e.student.name,
                        title=rng.choice(_STRATEGY_TITLES).format(city=city, year=plan.edition.year
                                                                  + rng.choice((10, 15, 20))),
                        city=city, member_id=e.student.member_id, grade=p["grade"], feedback=p.get("feedback", ""),
                        summary=f"Estrategia urbana de {city} elaborada en la {plan.edition.roman} edición de "
                                f"{plan.edition.course.title}.",
                        graded_at=p.get("graded_at"), graded_by_id=p.get("graded_by"), submitted_at=p["submitted_at"],
                    ))
                if e.certificate is not None:
                    certificates.append(Certificate(
                        enrolment_id=enrolment.pk, code=_code(rng, self.codes), holder_name=e.student.name,
                        hours=plan.edition.hours or plan.course.hours, **e.certificate,
                    ))
            StateChange.objects.bulk_create(changes, batch_size=BATCH * 2)
            FinalProject.objects.bulk_create(projects, batch_size=BATCH)
            through = FinalProject.themes.through
            through.objects.bulk_create([through(finalproject_id=p.pk, theme_id=t.pk) for p in projects
                                         for t in rng.sample(self.themes, rng.randint(1, 2))], batch_size=BATCH * 5)
            Certificate.objects.bulk_create(certificates, batch_size=BATCH)
        self.counts["enrolments"] += len(enrolments)
        self.counts["enrolment_applications"] += len(applications)
        self.counts["enrolment_state_changes"] += len(changes)
        self.counts["final_projects"] += len(projects)
        self.counts["certificates"] += len(certificates)
        self.pending = []


def _situation(plan: _Plan, now: datetime) -> str:
    if plan.call.opens_at > now:
        return "scheduled"
    if plan.call.closes_at > now:
        return "open"
    return "closed" if _at(plan.starts_on) > now else "started"


def _enrol(*, scale: float, rng: random.Random, now: datetime, plans: list[_Plan], themes: list[Theme]) -> dict:
    students = _students()
    bench_user = User.objects.get(email=BENCH_MEMBER_EMAIL)
    bench = next(s for s in students if s.user_id == bench_user.pk)
    colleagues = [s for s in students if s.member_id == bench.member_id and s is not bench][:2]
    staff = list(User.objects.filter(is_staff=True, email__endswith="@bench.example.org").order_by("pk")
                 .values_list("pk", flat=True))

    # How many apply to each edition: demand around the seats, fewer while the call is still open.
    live = [p for p in plans if _situation(p, now) != "scheduled"]
    demand = []
    for plan in live:
        share = 1.0
        if _situation(plan, now) == "open":
            share = (now - plan.call.opens_at) / (plan.call.closes_at - plan.call.opens_at)
        elif _situation(plan, now) == "closed":
            share = 1.6  # the next editions are the popular ones: full, with a waiting list
        demand.append(plan.edition.seats * rng.lognormvariate(0, 0.5) * max(0.1, share))
    factor = scaled(ENROLMENTS, scale) / max(1.0, sum(demand))

    # The bench login takes part: three finished editions (completed, with a certificate), one
    # running, one open for enrolment (applied, with a scholarship asked for).
    by_situation: dict[str, list[_Plan]] = {}
    for plan in live:
        by_situation.setdefault(_situation(plan, now), []).append(plan)
    finished = [p for p in by_situation.get("started", []) if _at(p.edition.ends_on) < now - _days(40)]
    running = [p for p in by_situation.get("started", []) if _at(p.edition.ends_on) > now]
    bench_plans = {id(p) for p in rng.sample(finished, min(3, len(finished)))}
    bench_plans |= {id(p) for p in (running[:1] + by_situation.get("open", [])[:1])}

    writer = _Writer(rng=rng, themes=themes)
    for plan, want in zip(live, demand, strict=True):
        n = max(1, round(want * factor))
        if _situation(plan, now) == "closed":
            n = max(n, round(plan.edition.seats * 1.25))  # full, with a waiting list
        n = min(len(students), n)
        chosen = [(s, False) for s in rng.sample(students, n)]
        if id(plan) in bench_plans:
            others = [c for c in chosen if c[0] is not bench and c[0] not in colleagues]
            chosen = [(bench, True)] + [(c, False) for c in colleagues] + others
            chosen = chosen[:max(n, 1 + len(colleagues))]
        run = _EditionRun(plan=plan, rng=rng, now=now, staff_id=rng.choice(staff))
        writer.add(plan, run.run(chosen, rng))  # the bench login, first in the list, applied first
    writer.flush()
    return writer.counts


# --- Capsules and the ad-hoc training follow-ups ------------------------------------------------------
def _capsules(*, scale: float, rng: random.Random, now: datetime, themes: list[Theme], bench_user: int) -> dict:
    n = max(scaled(CAPSULES, scale), 8)
    titles = [pattern.format(topic=t, Topic=_cap(t)) for pattern in _CAPSULE_TITLES for t in _TOPICS]
    rng.shuffle(titles)
    capsules = []
    for i in range(n):
        title = titles[i % len(titles)] + (f" ({i // len(titles) + 1})" if i >= len(titles) else "")
        capsules.append(Capsule(
            title=title[:200], slug=f"bench-capsula-{i + 1:04d}", summary="Una cápsula breve, asincrónica y "
            "autogestionada.", format=CapsuleFormat.VIDEO if rng.random() < 0.7 else CapsuleFormat.DOCUMENT,
            url=f"https://campus.example.org/capsulas/{i + 1}", duration_minutes=rng.choice((10, 15, 18, 20, 25, 30)),
            theme=rng.choice(themes), published=i < 8 or rng.random() < 0.95, order=i,
        ))
    users = list(User.objects.filter(is_staff=False, email__endswith="@bench.example.org").values_list("pk", flat=True))
    popularity = [rng.paretovariate(1.2) for _ in capsules]
    wanted = min(scaled(CAPSULE_COMPLETIONS, scale), len(users) * len(capsules) // 2)
    done: set[tuple[int, int]] = {(k, bench_user) for k in range(3)}
    while len(done) < wanted:
        done.add((rng.choices(range(n), popularity)[0], rng.choice(users)))
    with transaction.atomic():
        Capsule.objects.bulk_create(capsules, batch_size=BATCH)
        search_texts_rebuild(Capsule.objects.all())  # what save() keeps (with the theme), for the site search
        CapsuleCompletion.objects.bulk_create(
            [CapsuleCompletion(capsule_id=capsules[k].pk, user_id=u, done_at=now - _days(rng.uniform(0, 365 * 3)))
             for k, u in sorted(done)], batch_size=BATCH * 2)
    return {"capsules": len(capsules), "capsule_completions": len(done)}


def _adhoc_followups(*, rng: random.Random, now: datetime, courses: list[Course]) -> int:
    """The record adhoc_intake_sweep opens for each request that reached the secretariat, moved on
    as staff would: declined when the request was rejected or withdrawn; designed, agreed and
    delivered (with the ad-hoc course) as an accepted one ages."""
    adhoc_courses = [c.pk for c in courses if c.kind == CourseKind.ADHOC]
    staff = list(User.objects.filter(is_staff=True, email__endswith="@bench.example.org").values_list("pk", flat=True))
    requests = (Application.objects.filter(call__kind=CallKind.ADHOC_TRAINING, adhoc_training__isnull=True)
                .exclude(state=AS.DRAFT).order_by("pk")
                .values_list("pk", "state", "submitted_at", "decided_at", "updated_at", "member__name",
                             "applicant__email"))
    trainings, moves = [], []
    for pk, state, submitted, decided, updated, member_name, email in requests:
        received = (submitted or updated) + timedelta(minutes=5)
        path: list[tuple[str, datetime]] = []
        if state in (AS.REJECTED, AS.WITHDRAWN):
            path = [(AdhocState.DECLINED, (decided or updated) + timedelta(hours=2))]
        elif state == AS.ACCEPTED:
            steps = ((AdhocState.DESIGNING, 2), (AdhocState.AGREED, 30), (AdhocState.DELIVERED, 120))
            path = [(to, decided + _days(after)) for to, after in steps]
        elif received < now - _days(30) and rng.random() < 0.4:
            path = [(AdhocState.DESIGNING, received + _days(rng.uniform(3, 20)))]
        path = [(to, at) for to, at in path if at <= now]
        final = path[-1][0] if path else AdhocState.REQUESTED
        trainings.append(AdhocTraining(
            application_id=pk, institution=(member_name or email)[:200], state=final,
            course_id=rng.choice(adhoc_courses) if final in (AdhocState.AGREED, AdhocState.DELIVERED) and adhoc_courses
            else None, notes="", created_at=received, updated_at=path[-1][1] if path else received,
        ))
        moves.append(path)
    content_type = ContentType.objects.get_for_model(AdhocTraining)
    with transaction.atomic(), timestamps_as_given(AdhocTraining):
        AdhocTraining.objects.bulk_create(trainings, batch_size=BATCH)
        changes = []
        for training, path in zip(trainings, moves, strict=True):
            source = AdhocState.REQUESTED
            by = rng.choice(staff)
            for to, at in path:
                changes.append(StateChange(content_type_id=content_type.pk, object_id=training.pk,
                                           workflow="adhoc_training", source=source,
                                           target=to, actor=Actor.STAFF, by_id=by, at=at))
                source = to
        StateChange.objects.bulk_create(changes, batch_size=BATCH * 2)
    return len(trainings)


def generate(*, scale: float, rng: random.Random, stdout=None) -> dict[str, int]:
    started = time.monotonic()
    now = timezone.now()
    today = timezone.localdate(now)
    themes = list(Theme.objects.order_by("pk"))
    hosts = list(Member.objects.filter(slug__startswith="bench-", status=MemberStatus.ACTIVE, kind="city")
                 .values_list("pk", flat=True))
    courses = _make_courses(scale=scale, rng=rng, themes=themes)
    plans = _plan_editions(scale=scale, rng=rng, courses=courses, today=today)
    _make_editions(rng=rng, plans=plans, now=now, hosts=hosts)
    counts = {"courses": len(courses), "editions": len(plans), "enrolment_calls": len(plans)}
    counts.update(_enrol(scale=scale, rng=rng, now=now, plans=plans, themes=themes))
    counts.update(_capsules(scale=scale, rng=rng, now=now, themes=themes,
                            bench_user=User.objects.get(email=BENCH_MEMBER_EMAIL).pk))
    counts["adhoc_trainings"] = _adhoc_followups(rng=rng, now=now, courses=courses)
    _log(stdout, "campus: " + ", ".join(f"{v} {k}" for k, v in counts.items())
         + f" in {time.monotonic() - started:.1f}s")
    return counts


# --- Pages -----------------------------------------------------------------------------------------
PAGES = [
    BenchPage("course catalogue", "/campus/", max_queries=7),
]
