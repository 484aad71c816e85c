"""The network's share of the benchmark data set, pages and timings (see bench/__init__.py).

At scale 1: 2,000 members across the six territorial networks, 40,000 people with their roles,
logins for focal points and many technicians, ten years of dues. Bulk inserts: the services would
take hours, and the rows are the same (search keys are computed as Member.save computes them).
"""

from __future__ import annotations

import random
import time
from contextlib import contextmanager
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from bench.registry import PUBLIC
from bench.registry import SIGNED_IN
from bench.registry import BenchPage
from bench.registry import BenchTiming
from network.enums import Language
from network.enums import MemberKind
from network.enums import MemberStatus
from network.enums import RoleKind
from network.models import Dues
from network.models import Member
from network.models import Person
from network.models import Role
from network.models import TerritorialNetwork
from network.models import Theme
from network.models import User

BENCH_STAFF_EMAIL = "bench-staff@bench.example.org"
BENCH_MEMBER_EMAIL = "bench-focal@bench.example.org"
BENCH_PASSWORD = "bench-portal-2026"
BATCH = 2000

YEARS = 10

# Per scale unit.
MEMBERS = 2000
PEOPLE = 40000
STAFF = 12

_PREFIXES = ("San", "Santa", "Villa", "Puerto", "Nueva", "Ciudad de", "Valle de", "Santo", "Río", "Monte",
             "Bahía de", "Villa Nueva de", "Campo", "Alto", "Vila", "São", "Porto", "La", "El", "Las")
_ROOTS = ("Aurora", "Esperanza", "Bogotá", "Ríos", "Lagos", "Montes", "Palmas", "Olivos", "Cedros", "Flores",
          "Pinos", "Rosario", "Victoria", "Concepción", "Trinidad", "Paz", "Luz", "Mar", "Sol", "Piedras",
          "Álamos", "Robles", "Colinas", "Arenas", "Fuentes", "Torres", "Nogales", "Sauces", "Jardim", "Serra",
          "Vista Alegre", "Bela Vista", "Horizonte", "Miraflores", "Guadalupe", "Carmen", "Mercedes",
          "Dolores", "Pilar", "Cruz")
_SUFFIXES = ("", "", "", " del Norte", " del Sur", " Alta", " Baja", " de Oriente", " del Valle", " Nueva")
_FIRST = ("Ana", "Luis", "María", "José", "Carmen", "Juan", "Lucía", "Pedro", "Sofía", "Diego", "Elena", "Jorge",
          "Paula", "Andrés", "Laura", "Miguel", "Isabel", "Carlos", "Marta", "João", "Beatriz", "Rafael",
          "Camila", "Tomás", "Valentina", "Mateo", "Daniela", "Gabriel", "Inés", "Raúl")
_LAST = ("García", "Rodríguez", "Martínez", "López", "González", "Pérez", "Sánchez", "Ramírez", "Torres",
         "Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Morales", "Ortiz", "Silva", "Souza", "Costa", "Oliveira",
         "Castro", "Vargas", "Romero", "Herrera", "Medina", "Aguilar", "Mendoza", "Rojas", "Navarro", "Vega")
_STATUS_WEIGHTS = ((MemberStatus.ACTIVE, 74), (MemberStatus.IN_ARREARS, 10), (MemberStatus.SUSPENDED, 4),
                   (MemberStatus.FORMER, 6), (MemberStatus.PROSPECT, 6))
_KIND_WEIGHTS = ((MemberKind.CITY, 85), (MemberKind.METROPOLITAN_AREA, 8), (MemberKind.ENTITY, 7))


def scaled(per_unit: int, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(per_unit * scale))


def pick(rng: random.Random, weighted) -> str:
    """One value of (value, weight) pairs, by weight."""
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A moment between `start` and `end` (`start` when the range is empty)."""
    if end <= start:
        return start
    return start + timedelta(seconds=rng.uniform(0, (end - start).total_seconds()))


@contextmanager
def timestamps_as_given(*models):
    """Let bulk inserts keep the created/updated dates the generator chose (auto_now* off)."""
    saved = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def bench_member() -> Member:
    """The member of the bench focal point (a city with a full team and many applications)."""
    return Member.objects.get(roles__person__user__email=BENCH_MEMBER_EMAIL, roles__kind=RoleKind.FOCAL_POINT)


def _log(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def generate(*, scale: float, rng: random.Random, stdout=None) -> dict[str, int]:
    from network.demo import LoadStats
    from network.demo import load_territorial_networks
    from network.demo import load_themes

    started = time.monotonic()
    today = timezone.localdate()
    with transaction.atomic():
        themes = list(load_themes(LoadStats()).values())
        networks = list(load_territorial_networks(LoadStats()).values())
    password = make_password(BENCH_PASSWORD)  # one hash for every bench login: hashing 20,000 takes hours

    # --- Members -------------------------------------------------------------------------------
    n_members = max(scaled(MEMBERS, scale), 2 * len(networks))
    members: list[Member] = []
    used_slugs = set(Member.objects.values_list("slug", flat=True))
    for i in range(n_members):
        network = networks[i % len(networks)]
        country = rng.choice(list(network.countries)).code
        name = f"{rng.choice(_PREFIXES)} {rng.choice(_ROOTS)}{rng.choice(_SUFFIXES)}"
        slug = f"bench-{i + 1:05d}"
        if slug in used_slugs:
            continue
        status = MemberStatus.ACTIVE if i == 0 else pick(rng, _STATUS_WEIGHTS)
        joined = None if status == MemberStatus.PROSPECT else today - timedelta(days=rng.randint(200, 365 * 25))
        member = Member(
            name=name, slug=slug, kind=pick(rng, _KIND_WEIGHTS), country=country, territorial_network=network,
            population=int(rng.lognormvariate(12, 1.3)) + 1000, status=status, joined_on=joined,
            website=f"https://{slug}.example.org", description=f"{name}: municipio socio de la red.",
            latitude=Decimal(f"{rng.uniform(-40, 40):.6f}"), longitude=Decimal(f"{rng.uniform(-100, -40):.6f}"),
        )
        member.search_text = member.build_search_text()
        member.created_at = member.updated_at = timezone.now()
        members.append(member)
    with transaction.atomic(), timestamps_as_given(Member):
        Member.objects.bulk_create(members, batch_size=BATCH)
        through = Member.themes.through
        through.objects.bulk_create(
            [through(member_id=m.pk, theme_id=t.pk) for m in members for t in rng.sample(themes, rng.randint(1, 4))],
            batch_size=BATCH * 5,
        )
        for network in networks:
            if network.coordinating_member_id is None:
                network.coordinating_member = next(m for m in members if m.territorial_network_id == network.pk)
                network.save(update_fields=["coordinating_member"])

    # --- Dues: one row a year since joining (at most ten years) --------------------------------
    dues = []
    for m in members:
        if m.joined_on is None:
            continue
        amount = Decimal(min(20000, max(500, (m.population or 0) // 200)))
        for year in range(max(m.joined_on.year, today.year - 9), today.year + 1):
            unpaid = year == today.year and m.status in (MemberStatus.IN_ARREARS, MemberStatus.SUSPENDED)
            paid = None if unpaid or (year == today.year and rng.random() < 0.3) else date(year, rng.randint(1, 6), 15)
            dues.append(Dues(member_id=m.pk, year=year, amount=amount, invoiced_on=date(year, 1, 15), paid_on=paid))
    with transaction.atomic():
        Dues.objects.bulk_create(dues, batch_size=BATCH * 2)

    # --- People, roles and logins --------------------------------------------------------------
    n_people = max(scaled(PEOPLE, scale), 4 * len(members))
    per_member = n_people // len(members)
    people: list[Person] = []
    roles: list[tuple[int, str]] = []  # (member pk, kind), parallel to people
    users: list[User] = []
    bench_login_made = False
    for m in members:
        slots = [RoleKind.MAYOR, RoleKind.FOCAL_POINT, RoleKind.OFFICIAL]
        if rng.random() < 0.5:
            slots.append(RoleKind.FOCAL_POINT)
        slots += [RoleKind.TECHNICIAN] * max(0, per_member - len(slots))
        portuguese = m.country.code in ("BR", "PT")
        for kind in slots:
            index = len(people) + 1
            first_focal = m is members[0] and kind == RoleKind.FOCAL_POINT and not bench_login_made
            email = BENCH_MEMBER_EMAIL if first_focal else f"person-{index:06d}@bench.example.org"
            bench_login_made = bench_login_made or first_focal
            person = Person(
                first_name=rng.choice(_FIRST), last_name=f"{rng.choice(_LAST)} {rng.choice(_LAST)}", email=email,
                position=RoleKind(kind).label, language=Language.PT_BR if portuguese else Language.ES,
            )
            if kind == RoleKind.FOCAL_POINT or (kind == RoleKind.TECHNICIAN and rng.random() < 0.45):
                user = User(email=email, name=f"{person.first_name} {person.last_name}", password=password,
                            language=person.language)
                users.append(user)
                person.user = user
            people.append(person)
            roles.append((m.pk, kind))
    staff = [User(email=BENCH_STAFF_EMAIL, name=f"Bench staff · scale {scale:g}", password=password,
                  is_staff=True, is_superuser=True)]
    staff += [User(email=f"reviewer-{i:02d}@bench.example.org", name=f"Revisor {i}", password=password,
                   is_staff=True) for i in range(1, STAFF)]
    with transaction.atomic():
        User.objects.bulk_create(users + staff, batch_size=BATCH)
        for person in people:
            person.user_id = person.user.pk if person.user else None
        Person.objects.bulk_create(people, batch_size=BATCH)
        since = today - timedelta(days=400)
        Role.objects.bulk_create(
            [Role(person_id=p.pk, member_id=mid, kind=kind, since=since) for p, (mid, kind) in zip(people, roles,
                                                                                                  strict=True)],
            batch_size=BATCH * 2,
        )
    plans, activities = _plans(rng=rng, today=today, responsible=[p.pk for p in people[:50]])
    _log(stdout, f"network: {len(members)} members, {len(people)} people, {len(users)} logins, "
                 f"{len(dues)} dues, {plans} action plans in {time.monotonic() - started:.1f}s")
    return {"members": len(members), "people": len(people), "logins": len(users) + len(staff), "dues": len(dues),
            "themes": len(themes), "territorial_networks": len(networks), "action_plans": plans,
            "plan_activities": activities}


# Ten years of action plans: seven lines a year with the figure groups of every app, activities at
# stages that advance with the year's age (past years mostly evaluated, the current one under way).
_LINES = (
    ("Espacios de cooperación técnica para el aprendizaje en red", ["microrredes", "mentorships", "pairings"]),
    ("Acompañamiento técnico y convocatorias", ["calls", "funding"]),
    ("Gestión del conocimiento", ["webinars", "practices"]),
    ("Campus de Estrategias Urbanas", ["campus"]),
    ("Congresos y encuentros", ["congress", "meetings", "surveys"]),
    ("Gobernanza", ["agreements"]),
    ("Red de miembros", ["members"]),
)


def _plans(*, rng: random.Random, today: date, responsible: list[int]) -> tuple[int, int]:
    from network.plan.enums import Stage
    from network.plan.models import ActionLine
    from network.plan.models import ActionPlan
    from network.plan.models import Activity

    stages = list(Stage.values)
    plans = [ActionPlan(year=year, title=f"Plan de acción {year}", introduction="Objetivos y actividades del año.")
             for year in range(today.year - YEARS + 1, today.year + 1)
             if not ActionPlan.objects.filter(year=year).exists()]
    with transaction.atomic():
        ActionPlan.objects.bulk_create(plans)
        lines = [ActionLine(plan=plan, position=i, title=title, objective="Objetivo de la línea.", figure_groups=groups)
                 for plan in plans for i, (title, groups) in enumerate(_LINES, start=1)]
        ActionLine.objects.bulk_create(lines)
        activities = []
        for line in lines:
            age = today.year - line.plan.year
            for k in range(1, rng.randint(2, 5) + 1):
                low = min(len(stages) - 1, 2 + age)  # older years are further along the scale
                stage = stages[rng.randint(max(0, low - 2), min(len(stages) - 1, low + 1))]
                activities.append(Activity(line=line, position=k, description=f"Actividad {k} de la línea {line.position}",
                                           stage=stage, responsible_id=rng.choice(responsible) if responsible else None))
        Activity.objects.bulk_create(activities, batch_size=BATCH)
    return len(plans), len(activities)


# --- Pages -----------------------------------------------------------------------------------
def _member_page() -> str:
    return bench_member().get_absolute_url()


def _filtered_directory() -> str:
    member = bench_member()
    network = TerritorialNetwork.objects.get(pk=member.territorial_network_id)
    theme = Theme.objects.filter(members=member).order_by("slug").first()
    word = member.name.split()[-1].lower()
    return f"/members/?q={word}&network={network.slug}&theme={theme.slug}"


# The site search (/search/): words of every kind's titles, cities, with and without accents, a miss.
SITE_SEARCH_QUERIES = (
    "movilidad", "movilidad sostenible", "bogota", "Bogotá", "congreso", "vivienda", "participacion ciudadana",
    "clima", "acción climática", "agua", "quito", "género", "cuidados", "economia circular", "digital", "curso",
    "webinar", "encuentro", "red andina", "gobernanza", "mobilidade", "urban", "planificación", "xyzzy inexistente",
)


def _site_searches() -> list[str]:
    from urllib.parse import urlencode

    return [f"/search/?{urlencode({'q': q})}" for q in SITE_SEARCH_QUERIES[1:]]


PAGES = [
    # figures, networks, + one query per app's upcoming provider and per programme section
    BenchPage("home", "/", max_queries=12),
    BenchPage("member directory", "/members/", max_queries=6),
    BenchPage("member directory, filtered + search", _filtered_directory, max_queries=11),
    BenchPage("member page", _member_page, max_queries=4),
    # One query per kind of the site search (members, calls, funding, events, webinars, practices, courses,
    # capsules), each with its count in the same query; never cached (every query a page of its own).
    BenchPage("site search", "/search/?q=movilidad", max_queries=8, rotate=_site_searches),
    # The city page is a shell; each of its panels loads on its own (htmx), and is measured on its own.
    BenchPage("portal dashboard", "/portal/", login="member", group=SIGNED_IN, max_queries=5),
    BenchPage("admin member changelist", "/admin/network/member/", login="staff", group=SIGNED_IN,
              max_queries=8),
]

# The panels' query bounds (each panel's own tests assert the same at two sizes), with the reader's
# roles read once (who may see the panel).
PANEL_QUERIES = {"dues": 5, "upcoming": 12, "team": 7, "cooperation": 10, "campus": 8, "knowledge": 9, "funding": 6,
                 "events": 6}


def _panel_path(key: str):
    return lambda: f"/portal/{bench_member().slug}/panels/{key}/"


def _panel_pages() -> list[BenchPage]:
    from network.portal_panels import ordered_panels

    return [BenchPage(f"portal panel: {panel.key}", _panel_path(panel.key), login="member", group=SIGNED_IN,
                      htmx=True, max_queries=PANEL_QUERIES.get(panel.key, 12)) for panel in ordered_panels()]


PAGES += _panel_pages()
assert all(page.group in (PUBLIC, SIGNED_IN) for page in PAGES)


# --- Timings ---------------------------------------------------------------------------------
SWEEP_TARGET_SECONDS = 30.0


def _sweep_runs() -> dict:
    """Both sweep rows at once: the first run after forgetting what was sent, then a second run."""
    from bench import dataset
    from network.enums import OutboxState
    from network.models import OutboxMessage
    from network.models import SentNotice
    from network.sweeps import run_sweeps
    from programs.calls.models import ReminderSent

    # Forget the notices of an earlier bench run so the first sweep does its full work again: only
    # in a database the bench filled itself. Receipts stay: they went out when each application was
    # sent (the data set records them), and the receipts catch-up job sends only those a lost task
    # missed.
    dataset.require()
    ReminderSent.objects.all().delete()
    SentNotice.objects.exclude(key__startswith="receipt:").delete()
    # Mail an interrupted earlier run left undelivered (a run waits for its worker to deliver what
    # it queued): not this run's work, and the outbox catch-up would count it in the second run.
    OutboxMessage.objects.filter(state__in=[OutboxState.QUEUED, OutboxState.SENDING, OutboxState.FAILED]).delete()
    now = timezone.now()
    started = time.perf_counter()
    first = run_sweeps(now=now)
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    second = run_sweeps(now=now)
    second_seconds = time.perf_counter() - started
    return {"first": first, "first_seconds": first_seconds, "second": second, "second_seconds": second_seconds}


_sweep_cache: dict = {}


def _sweep_first() -> dict:
    _sweep_cache.update(_sweep_runs())
    sent = sum(_sweep_cache["first"].values())
    return {"seconds": _sweep_cache["first_seconds"], "ok": _sweep_cache["first_seconds"] < SWEEP_TARGET_SECONDS,
            "detail": f"{sent} notices sent", "jobs": _sweep_cache["first"]}


def _sweep_second() -> dict:
    sent = sum(_sweep_cache["second"].values())
    return {"seconds": _sweep_cache["second_seconds"],
            "ok": sent == 0 and _sweep_cache["second_seconds"] < SWEEP_TARGET_SECONDS,
            "detail": f"{sent} notices sent", "jobs": _sweep_cache["second"]}


REPORT_RATIO_TARGET = 1.2
_report_cache: dict = {}


def _report_runs() -> dict:
    """The annual report of the largest year (the plan year with the most applications sent), rendered
    as the Celery worker renders it (figures, chapters, PDF, stored file); then WeasyPrint alone on
    the saved HTML of the same report."""
    from django.apps import apps
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from network.pdf import html_to_pdf
    from network.plan.models import ActionPlan
    from network.plan.models import ReportRun
    from network.plan.tasks import render_report
    from network.plan.tasks import report_html

    years = set(ActionPlan.objects.values_list("year", flat=True))
    sent = (apps.get_model("programs", "Application").objects.filter(submitted_at__isnull=False)
            .annotate(y=ExtractYear("submitted_at")).values_list("y").annotate(n=Count("pk")).order_by("-n"))
    year = next((y for y, _n in sent if y in years), max(years))
    run = ReportRun.objects.create(year=year, language="es", requested_by=User.objects.get(email=BENCH_STAFF_EMAIL))
    try:
        started = time.perf_counter()
        render_report.apply(kwargs={"run_id": run.pk}).get()
        total = time.perf_counter() - started
        run.refresh_from_db()
        size = run.file.size
        html = report_html(run)
        started = time.perf_counter()
        html_to_pdf(html)
        weasy = time.perf_counter() - started
    finally:
        if run.file:
            run.file.delete(save=False)
        run.delete()
    return {"year": year, "total": total, "weasy": weasy, "bytes": size}


def _report_pdf() -> dict:
    _report_cache.update(_report_runs())
    return {"seconds": _report_cache["total"], "ok": None,
            "detail": f"{_report_cache['year']}, {_report_cache['bytes'] // 1024} KB", **_report_cache}


def _report_ratio() -> dict:
    ratio = _report_cache["total"] / _report_cache["weasy"]
    return {"seconds": _report_cache["weasy"], "ok": ratio <= REPORT_RATIO_TARGET,
            "detail": f"WeasyPrint alone {_report_cache['weasy']:.2f} s; report {ratio:.2f}×", "ratio": ratio}


TIMINGS = [
    BenchTiming("annual report PDF (largest year)", _report_pdf, target="measured", order=5),
    BenchTiming("report PDF / WeasyPrint alone", _report_ratio, target=f"≤ {REPORT_RATIO_TARGET:g}×", order=6),
    BenchTiming("sweep, first run", _sweep_first, target=f"< {SWEEP_TARGET_SECONDS:g} s", order=10),
    BenchTiming("sweep, second run sends nothing", _sweep_second, target="0 sent", order=11),
]
