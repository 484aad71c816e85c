"""Events and governance's share of the benchmark data set, and the page it measures (see bench/__init__.py).

At scale 1: 500 events over ten years and a few months ahead (one congress a year with its general
assembly, territorial-network meetings, webinars, workshops and seminars, executive-committee
meetings), their programmes, 100,000 registrations in every state consistent with each event's dates
(covered congress places numbered per member, check-ins, cancellations that free a place) with the
audit rows the workflow writes, evaluation surveys of ended events with invitations, responses and
answers, and ten years of board, executive-committee and assembly sessions with their quorum lists,
agendas, agreements in every status, follow-up notes and the open agreements each session carried.

Bulk inserts: the services would take hours. The rows are the ones the services leave (slots,
hotel nights, check-in times, agreement codes, the follow-up agenda item, carried agreements, token
hashes, anonymous responses without invitation), without the e-mails they would have sent. The sweeps
get some work: a few open agreements fall due within the week, and the last event that ended has a
questionnaire whose links have not gone out yet.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import time as dtime
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext

from bench.network import BATCH
from bench.network import BENCH_MEMBER_EMAIL
from bench.network import bench_member
from bench.network import between
from bench.network import pick
from bench.network import scaled
from bench.network import timestamps_as_given
from bench.registry import BenchPage
from events.enums import REGISTRATION_KINDS
from events.enums import Actor
from events.enums import AgreementStatus
from events.enums import Body
from events.enums import EventKind
from events.enums import QuestionKind
from events.enums import RegistrationState
from events.enums import SessionKind
from events.enums import roman
from events.models import AgendaItem
from events.models import Agreement
from events.models import AgreementNote
from events.models import BoardSession
from events.models import Event
from events.models import ProgrammeSession
from events.models import Question
from events.models import Questionnaire
from events.models import Registration
from events.models import SessionAttendance
from events.models import SurveyAnswer
from events.models import SurveyInvitation
from events.models import SurveyResponse
from events.models.surveys import token_hash
from network.enums import MemberStatus
from network.enums import RoleKind
from network.models import Member
from network.models import Person
from network.models import Role
from network.models import StateChange
from network.models import TerritorialNetwork
from network.models import Theme
from network.models import User
from network.page_cache import public_pages_changed

R = RegistrationState
G = AgreementStatus

# Per scale unit.
EVENTS = 500
REGISTRATIONS = 100_000
ASSEMBLY_ATTENDANCE = 300
YEARS = 10
DAYS = 365 * YEARS + 2

# Share of the events that are neither congresses nor governance meetings (which follow the calendar).
_KIND_SHARE = {EventKind.NETWORK_MEETING: 30, EventKind.WEBINAR: 52, EventKind.OTHER: 18}
# Relative size of an event's registrations by kind.
_SIZE = {EventKind.CONGRESS: 40.0, EventKind.NETWORK_MEETING: 6.0, EventKind.WEBINAR: 3.0, EventKind.OTHER: 3.0}
# Final states by the event's situation (weights).
_STATE_MIX = {
    "future": ((R.PENDING, 50), (R.CONFIRMED, 40), (R.CANCELLED, 10)),
    "ongoing": ((R.ATTENDED, 70), (R.CONFIRMED, 15), (R.PENDING, 5), (R.CANCELLED, 10)),
    "past": ((R.ATTENDED, 74), (R.CONFIRMED, 12), (R.PENDING, 4), (R.CANCELLED, 10)),
}
_TOPICS = ("movilidad sostenible", "gobierno abierto", "cambio climático", "vivienda asequible", "espacio público",
           "participación ciudadana", "economía circular", "igualdad de género", "seguridad urbana",
           "turismo sostenible", "agua y saneamiento", "innovación digital", "cultura y patrimonio", "juventud",
           "sistemas de cuidados", "resiliencia urbana", "transición energética", "alimentación sostenible")
_OTHER_KINDS = ("Taller", "Seminario internacional", "Jornada técnica", "Laboratorio urbano", "Foro de alcaldes")
_ROOMS = ("Auditorio", "Sala 1", "Sala 2", "Sala 3")
_DIETS = ("", "", "", "", "", "Vegetariana", "Sin gluten", "Vegana", "Sin lactosa")
_NETWORK_TZ = {"red-andina": "America/Bogota", "red-brasil": "America/Sao_Paulo",
               "red-centroamerica-y-caribe": "America/Panama", "red-cono-sur": "America/Argentina/Buenos_Aires",
               "red-iberica": "Europe/Madrid", "red-mexicana": "America/Mexico_City"}
_AGENDA = ("Lectura y aprobación del acta anterior", "Informe de la Secretaría General", "Estado de cuentas",
           "Presupuesto del ejercicio siguiente", "Candidaturas a sede del congreso", "Plan de acción anual",
           "Altas y bajas de socios", "Informe de las redes territoriales", "Asuntos generales")
_AGREEMENTS = ("Aprobar el plan de trabajo sobre {topic} para {year}.",
               "Encargar a la Secretaría un informe sobre {topic}.",
               "Constituir un grupo de trabajo de {topic} con las ciudades interesadas.",
               "Presentar en la próxima sesión una propuesta de convocatoria sobre {topic}.",
               "Difundir entre los socios la declaración sobre {topic}.",
               "Estudiar la adhesión de la red a la alianza internacional de {topic}.")
_NOTES = {G.IN_PROGRESS: "Trabajo iniciado; la Secretaría informará en la próxima sesión.",
          G.DONE: "Cumplido; el documento se remitió a los integrantes.",
          G.CANCELLED: "Se deja sin efecto por acuerdo de la sesión.",
          G.PENDING: "Sin avances; se revisará en la próxima sesión."}
_CAPACITIES = ("Presidencia", "Vicepresidencia primera", "Vicepresidencia segunda", "Tesorería")
_SURVEY_CHOICES = ["Ponencias", "Visitas técnicas", "Encuentros entre ciudades", "Organización y logística"]
_SURVEY_COMMENTS = ("Muy útiles las visitas técnicas.", "Más tiempo para el intercambio entre ciudades.",
                    "Excelente organización.", "Sería bueno tener traducción simultánea al portugués.",
                    "El programa llegó tarde; mejor con un mes de antelación.",
                    "Me llevo contactos para una futura microrred.")


def _at(day: date, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, dtime(hour, minute), tz)


def _log(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


@dataclass
class _Person:
    pk: int
    user_id: int | None
    email: str
    name: str
    language: str


@dataclass
class _Data:
    """What the generator reads once from the rows the network generator made."""

    now: datetime
    members: dict[int, Member]
    people: dict[int, _Person]
    teams: dict[int, list[int]]  # member -> person pks (current members only)
    focal_user: dict[int, int]  # member -> a focal point's user
    mayors: list[tuple[int, int]]  # (member, person) of active members
    themes: list[Theme]
    networks: list[TerritorialNetwork]
    staff: list[int]
    bench_member_id: int
    bench_person_id: int
    by_network: dict[int, list[int]] = field(default_factory=dict)  # network -> current member pks
    pool: list[tuple[int, int]] = field(default_factory=list)  # (member, person) of every current member


def _load(now: datetime) -> _Data:
    current = (MemberStatus.ACTIVE, MemberStatus.IN_ARREARS)
    members = {m.pk: m for m in Member.objects.filter(slug__startswith="bench-")
               .only("pk", "name", "slug", "status", "territorial_network_id").order_by("pk")}
    people: dict[int, _Person] = {}
    teams: dict[int, list[int]] = defaultdict(list)
    focal_user: dict[int, int] = {}
    mayors: list[tuple[int, int]] = []
    rows = (Role.objects.filter(member_id__in=list(members)).order_by("member_id", "pk")
            .values_list("member_id", "kind", "person_id", "person__user_id", "person__email", "person__first_name",
                         "person__last_name", "person__language"))
    for member_id, kind, pid, user_id, email, first, last, language in rows:
        people.setdefault(pid, _Person(pid, user_id, email.lower(), f"{first} {last}".strip(), language))
        status = members[member_id].status
        if status in current:
            teams[member_id].append(pid)
        if kind == RoleKind.FOCAL_POINT and user_id and member_id not in focal_user:
            focal_user[member_id] = user_id
        if kind == RoleKind.MAYOR and status == MemberStatus.ACTIVE:
            mayors.append((member_id, pid))
    by_network: dict[int, list[int]] = defaultdict(list)
    for m in members.values():
        if m.pk in teams:
            by_network[m.territorial_network_id].append(m.pk)
    member = bench_member()
    return _Data(
        now=now, members=members, people=people, teams=dict(teams), focal_user=focal_user, mayors=mayors,
        themes=list(Theme.objects.order_by("pk")), networks=list(TerritorialNetwork.objects.order_by("pk")),
        staff=list(User.objects.filter(is_staff=True, email__endswith="@bench.example.org").order_by("pk")
                   .values_list("pk", flat=True)),
        bench_member_id=member.pk, bench_person_id=Person.objects.get(email=BENCH_MEMBER_EMAIL).pk,
        by_network=dict(by_network), pool=[(mid, pid) for mid, team in teams.items() for pid in team],
    )


# --- The governance calendar ----------------------------------------------------------------
@dataclass
class _Sitting:
    body: str
    kind: str
    held_at: datetime
    time_zone: str
    place: str
    number: int = 0


def _congress_day(year: int) -> date:
    """The congress opens on the first Wednesday of July."""
    first = date(year, 7, 1)
    return first + timedelta(days=(2 - first.weekday()) % 7)


def _congress_years(now: datetime) -> list[int]:
    years = []
    for year in range(now.year - YEARS, now.year + 2):
        starts = _at(_congress_day(year), 9, 0, ZoneInfo("UTC"))
        if now - timedelta(days=DAYS) < starts <= now + timedelta(days=400):
            years.append(year)
    return years[-(YEARS + 1):]


def _sittings(*, scale: float, rng: random.Random, now: datetime, congress_days: dict[int, tuple]) -> list[_Sitting]:
    """Board sessions (ordinary each quarter, sometimes an extraordinary one), executive committees every
    two months, the general assembly on the congress's last day; the next ones within four months."""
    factor = min(1.0, scale * 4)
    madrid, mexico = ZoneInfo("Europe/Madrid"), ZoneInfo("America/Mexico_City")
    # Fewer a year below scale 0.25 (two board sessions and two committees at 0.1, one of each at 0.01).
    board_months = (3, 6, 9, 12)[:: 4 // max(1, round(4 * factor))]
    committee_months = (1, 3, 5, 7, 9, 11)[:: 6 // max(1, round(6 * factor))]
    out: list[_Sitting] = []
    for year in range(now.year - YEARS, now.year + 2):
        for month in board_months:
            tz = mexico if year % 2 else madrid
            held = _at(date(year, month, rng.randint(14, 24)), 17, 0, tz)
            out.append(_Sitting(Body.BOARD, SessionKind.ORDINARY, held, str(tz),
                                rng.choice(("Sede de la Secretaría", "En línea"))))
        if rng.random() < 0.4 * factor:
            held = _at(date(year, rng.randint(1, 11), rng.randint(1, 28)), 16, 0, madrid)
            out.append(_Sitting(Body.BOARD, SessionKind.EXTRAORDINARY, held, str(madrid), "En línea"))
        for month in committee_months:
            held = _at(date(year, month, rng.randint(5, 12)), 16, 0, madrid)
            out.append(_Sitting(Body.EXECUTIVE_COMMITTEE, SessionKind.ORDINARY, held, str(madrid), "En línea"))
        if year in congress_days:
            last_day, tz, venue = congress_days[year]
            held = _at(last_day, 11, 30, tz)
            out.append(_Sitting(Body.GENERAL_ASSEMBLY, SessionKind.ORDINARY, held, str(tz), venue))
    horizon = now + timedelta(days=120)
    out = [s for s in out if now - timedelta(days=DAYS) < s.held_at
           and (s.held_at <= horizon or s.body == Body.GENERAL_ASSEMBLY)]
    out.sort(key=lambda s: s.held_at)
    # Numbered per body and kind, after any sessions already in the database.
    start = {(row["body"], row["kind"]): row["n"] for row in
             BoardSession.objects.values("body", "kind").annotate(n=Max("number")).order_by()}
    for s in out:
        start[(s.body, s.kind)] = start.get((s.body, s.kind), 0) + 1
        s.number = start[(s.body, s.kind)]
    return out


# --- Events ---------------------------------------------------------------------------------
def _make_events(*, scale: float, rng: random.Random, data: _Data, sittings: list[_Sitting],
                 congresses: list[tuple[int, int, Member, ZoneInfo, str]]) -> list[Event]:
    now = data.now
    events: list[Event] = []
    active = [m for m in data.members.values() if m.status == MemberStatus.ACTIVE]
    tz_of = {n.pk: _NETWORK_TZ.get(n.slug, "Europe/Madrid") for n in data.networks}

    def add(**values) -> Event:
        event = Event(**values)
        event.created_at = min(event.starts_at - timedelta(days=rng.randint(60, 200)), now - timedelta(days=1))
        event.updated_at = min(event.starts_at, now)
        events.append(event)
        return event

    for year, edition, host, tz, venue in congresses:
        first_day = _congress_day(year)
        starts = _at(first_day, 9, 0, tz)
        upcoming = starts > now
        topic = rng.choice(_TOPICS)
        add(kind=EventKind.CONGRESS, edition=edition, title=f"{roman(edition)} Congreso · {host.name}"[:200],
            slug=slugify(f"bench-congreso-{roman(edition)}-{year}"), theme=rng.choice(data.themes),
            motto=f"Ciudades que innovan: {topic}", host_member=host, venue=venue, city=host.name,
            summary="El congreso anual reúne a todas las ciudades y entidades socias durante tres días.",
            description=("La organización cubre el alojamiento, los traslados internos y la manutención de dos "
                         "representantes de cada ciudad o entidad socia activa."),
            time_zone=str(tz), starts_at=starts, ends_at=_at(first_day + timedelta(days=2), 14, 0, tz),
            covered_places_per_member=2, registration_open=upcoming,
            registration_closes_at=_at(first_day - timedelta(days=14), 23, 59, tz))
    for s in sittings:
        if s.body == Body.BOARD:
            continue  # the board does not meet in public
        kind = EventKind.GENERAL_ASSEMBLY if s.body == Body.GENERAL_ASSEMBLY else EventKind.EXECUTIVE_COMMITTEE
        year = s.held_at.year
        title = (f"Asamblea General {year}" if kind == EventKind.GENERAL_ASSEMBLY
                 else f"Comité Ejecutivo · {roman(s.number)} sesión ({s.held_at:%m/%Y})")
        add(kind=kind, title=title, slug=f"bench-{slugify(str(kind))}-{s.number:04d}", time_zone=s.time_zone,
            starts_at=s.held_at, ends_at=s.held_at + timedelta(hours=1 if kind == EventKind.GENERAL_ASSEMBLY else 2),
            venue=s.place if s.place != "En línea" else "",
            online_url="https://meet.example.org/comite-ejecutivo" if s.place == "En línea" else "",
            summary="Sesión de los órganos de gobierno de la red.")

    # The congresses and governance meetings follow the calendar; the rest make up EVENTS at scale 1.
    fixed = len(events)
    others = max(3 * len(_KIND_SHARE), scaled(EVENTS, scale) - round(fixed * min(1.0, scale)))
    total_share = sum(_KIND_SHARE.values())
    for kind, share in _KIND_SHARE.items():
        count = max(3, round(others * share / total_share))
        n_future = max(1, round(count * 0.05))
        for i in range(count):
            if i < n_future:
                day = (now + timedelta(days=rng.uniform(3, 150))).date()
            else:
                day = (now - timedelta(days=rng.uniform(1, DAYS - 5))).date()
            topic = rng.choice(_TOPICS)
            theme = rng.choice(data.themes)
            future = _at(day, 0, 0, ZoneInfo("UTC")) > now
            n = len(events) + 1
            published = not future or rng.random() > 0.08  # a few drafts among the coming events
            if kind == EventKind.NETWORK_MEETING:
                network = data.networks[i % len(data.networks)]
                tz = ZoneInfo(tz_of[network.pk])
                hosts = data.by_network.get(network.pk) or [active[0].pk]
                if rng.random() < 0.6:  # in person, two days in a member city
                    host = data.members[rng.choice(hosts)]
                    add(kind=kind, title=f"Encuentro de la {network.name} en {host.name}"[:200],
                        slug=f"bench-encuentro-{n:05d}", territorial_network=network, host_member=host, theme=theme,
                        venue="Sede del gobierno local", city=host.name, time_zone=str(tz),
                        starts_at=_at(day, 9, 30, tz), ends_at=_at(day + timedelta(days=1), 14, 0, tz),
                        summary=f"Encuentro de la red territorial: prioridades regionales y {topic}.",
                        registration_open=future and published, published=published)
                else:
                    add(kind=kind, title=f"Encuentro de la {network.name}: {topic}"[:200],
                        slug=f"bench-encuentro-{n:05d}", territorial_network=network, theme=theme, time_zone=str(tz),
                        online_url=f"https://meet.example.org/{network.slug}", starts_at=_at(day, 16, 0, tz),
                        ends_at=_at(day, 18, 0, tz), summary="Reunión en línea de las ciudades de la red.",
                        registration_open=future and published, published=published)
            elif kind == EventKind.WEBINAR:
                tz = ZoneInfo("Europe/Madrid")
                host = rng.choice(active)
                add(kind=kind, title=f"Ciclo de Encuentros: {topic}"[:200], slug=f"bench-webinar-{n:05d}",
                    theme=theme, host_member=host, time_zone=str(tz), online_url="https://meet.example.org/ciclo",
                    starts_at=_at(day, 17, 0, tz), ends_at=_at(day, 18, 30, tz),
                    capacity=rng.choice((None, None, 500)),
                    summary=f"Webinar abierto: {host.name} presenta su experiencia en {topic}.",
                    registration_open=future and published, published=published)
            else:
                host = rng.choice(active)
                tz = ZoneInfo(tz_of.get(host.territorial_network_id, "Europe/Madrid"))
                label = rng.choice(_OTHER_KINDS)
                add(kind=kind, title=f"{label} sobre {topic} · {host.name}"[:200], slug=f"bench-actividad-{n:05d}",
                    theme=theme, host_member=host, venue="Centro cultural municipal", city=host.name,
                    time_zone=str(tz), starts_at=_at(day, 9, 0, tz), ends_at=_at(day, 17, 30, tz),
                    summary=f"{label} para equipos técnicos de las ciudades socias.",
                    registration_open=future and published, published=published)
    for event in events:
        event.search_text = event.build_search_text()  # what save() keeps, for the site search
    with transaction.atomic(), timestamps_as_given(Event):
        Event.objects.bulk_create(events, batch_size=BATCH)
    return events


def _programmes(events: list[Event], rng: random.Random) -> list[ProgrammeSession]:
    """Congresses: three days of sessions in parallel rooms; in-person meetings and workshops: a few slots."""
    rows = []
    for event in events:
        tz = event.tz
        first = event.local_starts_at.date()
        if event.kind == EventKind.CONGRESS:
            for day in range(3):
                slots = ((9, 30, 11, 0), (11, 30, 13, 0)) + (((15, 0, 16, 30), (17, 0, 18, 30)) if day < 2 else ())
                for h1, m1, h2, m2 in slots:
                    for room in _ROOMS[: 1 if (day, h1) in ((0, 9), (2, 11)) else 3]:
                        topic = rng.choice(_TOPICS)
                        rows.append(ProgrammeSession(
                            event=event, starts_at=_at(first + timedelta(days=day), h1, m1, tz),
                            ends_at=_at(first + timedelta(days=day), h2, m2, tz), room=room,
                            title=f"{rng.choice(('Panel', 'Taller', 'Conferencia', 'Experiencias'))}: {topic}",
                            speakers="Ciudades socias; Secretaría General",
                            language=rng.choice(("es", "es", "es/pt"))))
        elif event.venue and event.kind in (EventKind.NETWORK_MEETING, EventKind.OTHER):
            start = event.local_starts_at
            for k in range(3):
                begins = start + timedelta(hours=2 * k)
                rows.append(ProgrammeSession(
                    event=event, starts_at=begins, ends_at=begins + timedelta(hours=1, minutes=30),
                    room="Sala principal", title=f"Sesión {k + 1}: {rng.choice(_TOPICS)}", language="es"))
    with transaction.atomic():
        ProgrammeSession.objects.bulk_create(rows, batch_size=BATCH)
    return rows


# --- Registrations --------------------------------------------------------------------------
def _situation(event: Event, now: datetime) -> str:
    if event.starts_at > now:
        return "future"
    return "ongoing" if event.ends_at > now else "past"


def _participants(*, event: Event, n: int, rng: random.Random, data: _Data, with_bench: bool) -> list[tuple[int, int]]:
    """(member, person) pairs, each person once: congresses by delegations, meetings by the network's cities."""
    chosen: list[tuple[int, int]] = []
    seen: set[int] = set()
    if with_bench:
        team = data.teams.get(data.bench_member_id, [])
        colleagues = [p for p in team if p != data.bench_person_id]
        for pid in [data.bench_person_id] + colleagues[: 1 if event.kind == EventKind.CONGRESS else 0]:
            chosen.append((data.bench_member_id, pid))
            seen.add(pid)
    if event.kind == EventKind.CONGRESS:
        member_ids = [m for m in data.teams if m != data.bench_member_id or not with_bench]
        rng.shuffle(member_ids)
        # Delegations of one to four people, larger when the congress is large for the number of cities.
        largest = max(4, round(2.5 * n / max(1, len(member_ids))))
        for mid in member_ids:
            if len(chosen) >= n:
                break
            team = data.teams[mid]
            size = rng.choice((1, 2, 2, 2, 3, 3, 4)) if largest == 4 else rng.randint(1, largest)
            for pid in rng.sample(team, min(len(team), size, n - len(chosen))):
                chosen.append((mid, pid))
        return chosen
    if event.kind == EventKind.NETWORK_MEETING:
        pool = [(mid, pid) for mid in data.by_network.get(event.territorial_network_id, []) for pid in data.teams[mid]]
    else:
        pool = data.pool
    picks = rng.sample(pool, min(len(pool), n + len(chosen)))
    chosen += [p for p in picks if p[1] not in seen][: max(0, n - len(chosen))]
    return chosen


def _make_registrations(*, scale: float, rng: random.Random, data: _Data, events: list[Event],
                        ct: ContentType) -> tuple[dict[str, int], dict[int, list[Registration]]]:
    now = data.now
    registrable = [e for e in events if e.published and e.kind in REGISTRATION_KINDS]
    weights = [_SIZE[e.kind] * rng.uniform(0.5, 1.5) * (0.5 if e.starts_at > now else 1.0) for e in registrable]
    total = scaled(REGISTRATIONS, scale, minimum=100)
    factor = total / sum(weights)
    # The bench focal point takes part: the coming congress and the last three, their network's meetings
    # of the last two years and the coming ones, and a few webinars.
    congresses = sorted((e for e in registrable if e.kind == EventKind.CONGRESS), key=lambda e: e.starts_at)
    bench_network = data.members[data.bench_member_id].territorial_network_id
    past_congresses = [e for e in congresses if e.starts_at < now][-3:]
    bench_events = {e.pk for e in past_congresses + [e for e in congresses if e.starts_at > now]}
    bench_events |= {e.pk for e in registrable if e.kind == EventKind.NETWORK_MEETING
                     and e.territorial_network_id == bench_network and e.starts_at > now - timedelta(days=730)}
    webinars = [e for e in registrable if e.kind == EventKind.WEBINAR]
    bench_events |= {e.pk for e in webinars if e.starts_at > now} | {e.pk for e in webinars[-4:]}

    counts = {"event_registrations": 0, "event_registration_changes": 0}
    kept: dict[int, list[Registration]] = {}  # event -> registrations (for the surveys)
    pending: list[Registration] = []
    moves: list[list[tuple[str, str, str, int | None, datetime]]] = []

    def flush() -> None:
        with transaction.atomic(), timestamps_as_given(Registration):
            Registration.objects.bulk_create(pending, batch_size=BATCH)
            changes = [StateChange(content_type_id=ct.pk, object_id=reg.pk, workflow="event-registration",
                                   source=source, target=target,
                                   actor=actor, by_id=by, at=at)
                       for reg, path in zip(pending, moves, strict=True) for source, target, actor, by, at in path]
            StateChange.objects.bulk_create(changes, batch_size=BATCH * 2)
        counts["event_registrations"] += len(pending)
        counts["event_registration_changes"] += len(changes)
        pending.clear()
        moves.clear()

    staff = data.staff
    for event, weight in zip(registrable, weights, strict=True):
        situation = _situation(event, now)
        n = max(1, round(weight * factor))
        chosen = _participants(event=event, n=n, rng=rng, data=data, with_bench=event.pk in bench_events)
        if not chosen:
            continue
        lead = {EventKind.CONGRESS: 150, EventKind.NETWORK_MEETING: 60}.get(event.kind, 30)
        opens = min(event.starts_at - timedelta(days=lead), now - timedelta(days=7))
        closes = min(event.registration_closes_at or event.starts_at, event.starts_at, now)
        created = sorted(between(rng, opens, closes) for _ in chosen)
        regs_of_event: list[Registration] = []
        free: dict[int, dict[int, datetime | None]] = defaultdict(dict)  # member -> slot -> freed at (None: held)
        congress = event.covered_places_per_member > 0
        for (member_id, person_id), at in zip(chosen, created, strict=True):
            person = data.people[person_id]
            bench_person = person_id == data.bench_person_id
            state = pick(rng, _STATE_MIX[situation])
            if bench_person:
                state = R.CONFIRMED if situation == "future" else R.ATTENDED
            # Who registered: the delegate, the city's focal point or the secretariat (actor_for's three cases).
            focal = data.focal_user.get(member_id)
            options = [u for u in (person.user_id, focal) if u] or [rng.choice(staff)]
            registered_by = rng.choice(staff) if rng.random() < 0.08 else rng.choice(options)
            # A covered place: a free slot of an active member, unless they chose to come without one.
            slot = None
            if congress and data.members[member_id].status == MemberStatus.ACTIVE and (
                    bench_person or rng.random() > 0.1):
                slots = free[member_id]
                slot = next((k for k in range(1, event.covered_places_per_member + 1)
                             if k not in slots or (slots[k] is not None and slots[k] <= at)), None)
            arrival = departure = None
            if congress and (slot is not None or rng.random() < 0.4):
                arrival = event.local_starts_at.date() - timedelta(days=rng.choice((0, 1, 1, 2)))
                departure = event.local_ends_at.date() + timedelta(days=rng.choice((0, 1, 1)))
            path: list[tuple[str, str, str, int | None, datetime]] = []
            confirmer = (Actor.SYSTEM, None) if event.kind == EventKind.WEBINAR else (Actor.STAFF, rng.choice(staff))
            last = min(closes if situation == "future" else event.starts_at, now)
            confirmed_at = min(at + timedelta(days=rng.uniform(0.1, 5)), max(at, last))
            checked_in = None
            if state in (R.CONFIRMED, R.ATTENDED) or (state == R.CANCELLED and rng.random() < 0.4):
                path.append((R.PENDING, R.CONFIRMED, *confirmer, confirmed_at))
            if state == R.ATTENDED:
                checked_in = between(rng, max(confirmed_at, event.starts_at - timedelta(minutes=45)),
                                      min(event.starts_at + timedelta(hours=3), event.ends_at, now))
                path.append((R.CONFIRMED, R.ATTENDED, Actor.STAFF, rng.choice(staff), checked_in))
            cancelled_at = None
            if state == R.CANCELLED:
                source = path[-1][1] if path else R.PENDING
                begin = path[-1][4] if path else at
                cancelled_at = between(rng, begin, max(begin, min(event.starts_at, now)))
                who = rng.random()
                if who < 0.5 and person.user_id:
                    actor, by = Actor.PARTICIPANT, person.user_id
                elif who < 0.85 and focal:
                    actor, by = Actor.FOCAL_POINT, focal
                else:
                    actor, by = Actor.STAFF, rng.choice(staff)
                path.append((source, R.CANCELLED, actor, by, cancelled_at))
            if slot is not None:
                free[member_id][slot] = cancelled_at  # held for good, or free again once cancelled
            reg = Registration(
                event_id=event.pk, person_id=person_id, member_id=member_id, registered_by_id=registered_by,
                state=state, covered=slot is not None, covered_slot=None if state == R.CANCELLED else slot,
                arrival_on=arrival, departure_on=departure,
                hotel_nights=Registration.nights_between(arrival, departure) if slot is not None else 0,
                dietary_needs=rng.choice(_DIETS) if congress else "", checked_in_at=checked_in,
                created_at=at, updated_at=path[-1][4] if path else at,
            )
            pending.append(reg)
            moves.append(path)
            regs_of_event.append(reg)
        if event.capacity is not None:
            # Room for everybody who registered (cancelled ones included): no registration was refused.
            event.capacity = max(event.capacity, len(regs_of_event))
        elif event.kind != EventKind.WEBINAR:
            event.capacity = int(len(regs_of_event) * rng.uniform(1.0, 1.4)) // 10 * 10 + 10
        kept[event.pk] = regs_of_event
        if len(pending) >= 20_000:
            flush()
    if pending:
        flush()
    with transaction.atomic(), timestamps_as_given(Event):
        Event.objects.bulk_update(registrable, ["capacity"], batch_size=BATCH)
    return counts, kept


# --- Evaluation surveys ---------------------------------------------------------------------
def _make_surveys(*, rng: random.Random, data: _Data, events: list[Event], kept: dict[int, list[Registration]],
                  ct: ContentType) -> dict[str, int]:
    """Ended congresses, meetings and workshops, and some webinars: the questionnaire, its links sent
    after the end to the active registrations, and the answers of those who replied."""
    now = data.now
    subjects = [e for e in events if e.ends_at <= now and kept.get(e.pk)
                and (e.kind != EventKind.WEBINAR or rng.random() < 0.4)]
    questionnaires = []
    for event in subjects:
        sent = min(now, event.ends_at + timedelta(minutes=rng.randint(5, 60)))  # the sweep's next run after the end
        questionnaires.append(Questionnaire(
            title=f"Evaluación: {event.title}"[:200], subject_type_id=ct.pk, subject_id=event.pk,
            introduction="Ayúdanos a mejorar: son cinco preguntas.", anonymous=rng.random() < 0.85,
            send_after_end=True, closes_at=event.ends_at + timedelta(days=30), links_sent_at=sent,
            created_at=event.starts_at - timedelta(days=7),
        ))
    # The last event that ended, if within the month: its questionnaire was added afterwards (an hour ago)
    # and the survey-links sweep has not run since, so its next run sends the links.
    recent = max((e for e in subjects if e.ends_at > now - timedelta(days=30)), key=lambda e: e.ends_at, default=None)
    if recent is not None:
        k = subjects.index(recent)
        subjects.pop(k)
        late = questionnaires.pop(k)
        late.links_sent_at, late.created_at = None, now - timedelta(hours=1)
        questionnaires.append(late)
    # The coming congress has its questionnaire ready; its links go out when it ends.
    for event in events:
        if event.kind == EventKind.CONGRESS and event.starts_at > now and event.published:
            questionnaires.append(Questionnaire(
                title=f"Evaluación: {event.title}"[:200], subject_type_id=ct.pk, subject_id=event.pk,
                introduction="Ayúdanos a mejorar el congreso.", anonymous=True, send_after_end=True,
                closes_at=event.ends_at + timedelta(days=30), created_at=now - timedelta(days=3)))
    counts = dict.fromkeys(("event_surveys", "survey_questions", "survey_invitations", "survey_responses",
                            "survey_answers"), 0)
    with transaction.atomic():
        Questionnaire.objects.bulk_create(questionnaires, batch_size=BATCH)
        questions = []
        for q in questionnaires:
            questions += [
                Question(questionnaire_id=q.pk, order=1, kind=QuestionKind.RATING, text="Valoración general"),
                Question(questionnaire_id=q.pk, order=2, kind=QuestionKind.RATING,
                         text="Utilidad para el trabajo de tu ciudad"),
                Question(questionnaire_id=q.pk, order=3, kind=QuestionKind.SINGLE,
                         text="¿Participarás en la próxima edición?", choices=["Sí", "No", "Aún no lo sé"]),
                Question(questionnaire_id=q.pk, order=4, kind=QuestionKind.MULTIPLE, text="¿Qué fue lo más valioso?",
                         choices=_SURVEY_CHOICES, required=False),
                Question(questionnaire_id=q.pk, order=5, kind=QuestionKind.TEXT, text="Comentarios y sugerencias",
                         required=False),
            ]
        Question.objects.bulk_create(questions, batch_size=BATCH)
    counts["event_surveys"] = len(questionnaires)
    counts["survey_questions"] = len(questions)
    by_questionnaire = defaultdict(list)
    for question in questions:
        by_questionnaire[question.questionnaire_id].append(question)

    invitations: list[SurveyInvitation] = []
    answered: list[tuple[SurveyInvitation, Questionnaire]] = []

    def flush() -> None:
        with transaction.atomic():
            SurveyInvitation.objects.bulk_create(invitations, batch_size=BATCH)
            responses, answers = [], []
            for invitation, q in answered:
                responses.append(SurveyResponse(
                    questionnaire_id=q.pk, invitation_id=None if q.anonymous else invitation.pk,
                    member_id=None if q.anonymous else invitation.member_id,
                    submitted_on=timezone.localdate(invitation.answered_at)))
            SurveyResponse.objects.bulk_create(responses, batch_size=BATCH)
            for response, (_invitation, q) in zip(responses, answered, strict=True):
                rating = rng.choices((5, 4, 3, 2, 1), (35, 40, 15, 7, 3))[0]
                one, two, single, multiple, text = by_questionnaire[q.pk]
                answers.append(SurveyAnswer(response_id=response.pk, question_id=one.pk, rating=rating))
                answers.append(SurveyAnswer(response_id=response.pk, question_id=two.pk,
                                            rating=max(1, rating - rng.randint(0, 1))))
                answers.append(SurveyAnswer(response_id=response.pk, question_id=single.pk,
                                            choices=[rng.choice(single.choices)]))
                if rng.random() < 0.7:
                    answers.append(SurveyAnswer(response_id=response.pk, question_id=multiple.pk,
                                                choices=rng.sample(_SURVEY_CHOICES, rng.randint(1, 2))))
                if rng.random() < 0.3:
                    answers.append(SurveyAnswer(response_id=response.pk, question_id=text.pk,
                                                text=rng.choice(_SURVEY_COMMENTS)))
            SurveyAnswer.objects.bulk_create(answers, batch_size=BATCH * 2)
        counts["survey_invitations"] += len(invitations)
        counts["survey_responses"] += len(responses)
        counts["survey_answers"] += len(answers)
        invitations.clear()
        answered.clear()

    for q, event in zip(questionnaires, subjects, strict=False):  # the last ones have no links yet
        for reg in kept[event.pk]:
            if reg.state == R.CANCELLED:
                continue  # event_participants: the active registrations
            person = data.people[reg.person_id]
            invitation = SurveyInvitation(
                questionnaire_id=q.pk, email=person.email, name=person.name, language=person.language,
                user_id=person.user_id, person_id=person.pk, member_id=reg.member_id,
                token_hash=token_hash(f"{rng.getrandbits(128):032x}"), sent_at=q.links_sent_at,
            )
            replies = 0.4 if reg.state == R.ATTENDED else 0.05
            if rng.random() < replies:
                invitation.answered_at = between(rng, q.links_sent_at, min(q.closes_at, now))
                answered.append((invitation, q))
            invitations.append(invitation)
        if len(invitations) >= 20_000:
            flush()
    if invitations:
        flush()
    return counts


# --- Governance -----------------------------------------------------------------------------
def _agreement_history(rng: random.Random, held: datetime, now: datetime) -> tuple[str, list[tuple]]:
    """The final status and the notes that led there: [(at, status after, moved from or None)]."""
    age = (now - held).days
    if now - held < timedelta(days=1):
        return G.PENDING, []
    if age > 365:
        mix = ((G.DONE, 80), (G.CANCELLED, 15), (G.IN_PROGRESS, 3), (G.PENDING, 2))
    elif age > 120:
        mix = ((G.DONE, 45), (G.IN_PROGRESS, 25), (G.PENDING, 15), (G.CANCELLED, 15))
    else:
        mix = ((G.DONE, 15), (G.IN_PROGRESS, 35), (G.PENDING, 45), (G.CANCELLED, 5))
    status = pick(rng, mix)
    span = max(timedelta(hours=2), min(now - timedelta(hours=1), held + timedelta(days=300)) - held)
    first = held + span * rng.uniform(0.05, 0.5)
    second = first + (held + span - first) * rng.uniform(0.1, 1.0)
    if status == G.PENDING:
        return status, ([(first, G.PENDING, None)] if rng.random() < 0.3 else [])
    if status == G.IN_PROGRESS:
        notes = [(first, G.IN_PROGRESS, G.PENDING)]
        return status, notes + ([(second, G.IN_PROGRESS, None)] if rng.random() < 0.4 else [])
    if rng.random() < 0.5:
        return status, [(first, G.IN_PROGRESS, G.PENDING), (second, status, G.IN_PROGRESS)]
    return status, [(second, status, G.PENDING)]


def _make_governance(*, scale: float, rng: random.Random, data: _Data, sittings: list[_Sitting]) -> dict[str, int]:
    now = data.now
    today = timezone.localdate(now)
    staff = data.staff[0]
    with translation.override(settings.LANGUAGE_CODE):
        follow_up_title = gettext("Follow-up of agreements of earlier sessions")
    mayors = data.mayors or [(m, p) for m, team in data.teams.items() for p in team[:1]]
    board_size = min(len(mayors), 15)
    # A new board every two years; the executive committee is its first seven.
    boards: dict[int, list[tuple[int, int]]] = {}

    def board_of(year: int) -> list[tuple[int, int]]:
        term = year // 2
        if term not in boards:
            boards[term] = rng.sample(mayors, board_size)
        return boards[term]

    sessions, attendance, agenda, agreements, notes, changes = [], [], [], [], [], []
    agreement_life: list[tuple[Agreement, datetime, datetime | None]] = []  # (agreement, opened, closed)
    due_soon = 0
    last_held = max((s.held_at for s in sittings if s.held_at <= now), default=now)
    for s in sittings:
        session = BoardSession(body=s.body, kind=s.kind, number=s.number, held_at=s.held_at, time_zone=s.time_zone,
                               place=s.place, created_at=min(s.held_at - timedelta(days=14), now - timedelta(days=1)))
        sessions.append(session)
    ct = ContentType.objects.get_for_model(Agreement)
    with transaction.atomic(), timestamps_as_given(Agreement):
        BoardSession.objects.bulk_create(sessions, batch_size=BATCH)
        for session in sessions:
            agenda.append(AgendaItem(session_id=session.pk, order=1, title=follow_up_title, is_follow_up=True))
            for order, title in enumerate(rng.sample(_AGENDA[1:-1], rng.randint(1, 4)) + [_AGENDA[-1]], start=2):
                agenda.append(AgendaItem(session_id=session.pk, order=order, title=title))
            if session.held_at > now:
                continue  # called, not yet held: no quorum list or agreements yet
            board = board_of(session.held_at.year)
            if session.body == Body.GENERAL_ASSEMBLY:
                present = rng.sample(mayors, min(len(mayors), scaled(ASSEMBLY_ATTENDANCE, scale, minimum=10)))
                called = [(mid, pid, f"Representante de {data.members[mid].name}"[:200]) for mid, pid in present]
            else:
                team = board if session.body == Body.BOARD else board[:7]
                called = [(mid, pid, _CAPACITIES[k] if k < len(_CAPACITIES) else "Vocal")
                          for k, (mid, pid) in enumerate(team)]
            for _mid, pid, capacity in called:
                attendance.append(SessionAttendance(session_id=session.pk, person_id=pid, name=data.people[pid].name,
                                                    capacity=capacity, present=rng.random() < 0.85))
            low, high = ((1, 3) if session.kind == SessionKind.EXTRAORDINARY
                         else {Body.BOARD: (3, 8), Body.EXECUTIVE_COMMITTEE: (2, 6)}.get(session.body, (2, 5)))
            for sequence in range(1, rng.randint(low, high) + 1):
                status, history = _agreement_history(rng, session.held_at, now)
                due = None if rng.random() < 0.15 else session.held_at.date() + timedelta(days=rng.randint(30, 180))
                if session.held_at == last_held and status in (G.PENDING, G.IN_PROGRESS) and due_soon < 3:
                    due, due_soon = today + timedelta(days=2 + 2 * due_soon), due_soon + 1  # the reminder sweep's work
                text = rng.choice(_AGREEMENTS).format(topic=rng.choice(_TOPICS), year=session.held_at.year)
                agreement = Agreement(
                    session_id=session.pk, sequence=sequence, code=f"{session.code_prefix}-{sequence}", text=text,
                    responsible_id=None if rng.random() < 0.1 else rng.choice(called)[1], due_on=due, status=status,
                    updated_at=max((at for at, _after, moved in history if moved), default=session.held_at),
                )
                agreement.history = history
                agreements.append(agreement)
                closed = next((at for at, after, moved in history if moved and after in (G.DONE, G.CANCELLED)), None)
                agreement_life.append((agreement, session.held_at, closed))
        AgendaItem.objects.bulk_create(agenda, batch_size=BATCH)
        SessionAttendance.objects.bulk_create(attendance, batch_size=BATCH)
        Agreement.objects.bulk_create(agreements, batch_size=BATCH)
        for agreement in agreements:
            for at, after, moved_from in agreement.history:
                text = _NOTES[after]
                notes.append(AgreementNote(agreement_id=agreement.pk, written_on=timezone.localdate(at), text=text,
                                           status=after, by_id=staff, created_at=at))
                if moved_from:  # agreement_follow_up moved it through AGREEMENT_WORKFLOW (logged)
                    changes.append(StateChange(content_type_id=ct.pk, object_id=agreement.pk, workflow="agreement",
                                               source=moved_from,
                                               target=after, actor=Actor.STAFF, by_id=staff, comment=text, at=at))
        AgreementNote.objects.bulk_create(notes, batch_size=BATCH)
        StateChange.objects.bulk_create(changes, batch_size=BATCH)
        # board_session_prepare: each session, when created, listed the agreements of earlier sessions still open.
        carried = BoardSession.carried_agreements.through
        links = [carried(boardsession_id=session.pk, agreement_id=agreement.pk)
                 for session in sessions for agreement, opened, closed in agreement_life
                 if opened < session.created_at and (closed is None or closed > session.created_at)]
        carried.objects.bulk_create(links, batch_size=BATCH * 5)
    return {"board_sessions": len(sessions), "board_attendance": len(attendance), "agenda_items": len(agenda),
            "agreements": len(agreements), "agreement_notes": len(notes), "agreements_carried": len(links)}


# --- The generator --------------------------------------------------------------------------
def generate(*, scale: float, rng: random.Random, stdout=None) -> dict[str, int]:
    started = time.monotonic()
    now = timezone.now()
    data = _load(now)

    # One congress a year (and its general assembly), hosted by an active city; editions after any already there.
    active = [m for m in data.members.values() if m.status == MemberStatus.ACTIVE]
    taken = set(Event.objects.filter(kind=EventKind.CONGRESS, edition__isnull=False).values_list("edition", flat=True))
    years = _congress_years(now)
    base = max(taken) + 1 if taken else years[0] - 1998  # 2024 was the XXVI
    congresses = []
    tz_of = {n.pk: _NETWORK_TZ.get(n.slug, "Europe/Madrid") for n in data.networks}
    for k, year in enumerate(years):
        host = rng.choice(active)
        tz = ZoneInfo(tz_of.get(host.territorial_network_id, "Europe/Madrid"))
        venue = rng.choice(("Palacio de Congresos", "Centro de Convenciones", "Recinto Ferial")) + f" de {host.name}"
        congresses.append((year, base + k, host, tz, venue[:250]))
    congress_days = {year: (_congress_day(year) + timedelta(days=2), tz, venue)
                     for year, _edition, _host, tz, venue in congresses}

    sittings = _sittings(scale=scale, rng=rng, now=now, congress_days=congress_days)
    events = _make_events(scale=scale, rng=rng, data=data, sittings=sittings, congresses=congresses)
    programme = _programmes(events, rng)
    ct = ContentType.objects.get_for_model(Event)
    counts: dict[str, int] = {"events": len(events), "programme_sessions": len(programme)}
    reg_counts, kept = _make_registrations(scale=scale, rng=rng, data=data, events=events,
                                           ct=ContentType.objects.get_for_model(Registration))
    counts.update(reg_counts)
    counts.update(_make_surveys(rng=rng, data=data, events=events, kept=kept, ct=ct))
    counts.update(_make_governance(scale=scale, rng=rng, data=data, sittings=sittings))
    public_pages_changed()  # bulk inserts send no signals: drop any stored public page
    _log(stdout, "events: " + ", ".join(f"{v} {k}" for k, v in counts.items())
         + f" in {time.monotonic() - started:.1f}s")
    return counts


# --- Pages ----------------------------------------------------------------------------------
PAGES = [
    # Upcoming events, paginated: the count, the page of events (theme, host and network joined), and the
    # filter's networks and themes. Anonymous visitors get it from the public-page cache after the first.
    BenchPage("calendar", "/events/", max_queries=4),
]
