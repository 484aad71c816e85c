"""Demo calls from the seeds, some open and some decided. Idempotent; called by `load_demo`."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from network.demo.translations import add_translations
from network.enums import RoleKind
from network.models import Member
from network.models import Role
from network.models import Theme
from network.models import User
from programs.calls.enums import Actor
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.enums import Eligibility
from programs.calls.models import Application
from programs.calls.models import Call
from programs.calls.services.transitions import application_transition

MADRID = "Europe/Madrid"


@dataclass(frozen=True)
class DemoCall:
    slug: str
    kind: str
    title: str
    summary: str
    description: str
    themes: tuple[str, ...]
    opens: datetime
    closes: datetime | None
    time_zone: str = MADRID
    eligibility: str = Eligibility.MEMBERS
    population_min: int | None = None
    max_per_member: int | None = None
    requires_endorsement: bool = False
    places: int | None = None
    resolved: bool = False
    applications: tuple[tuple[str, str, dict], ...] = field(default=())  # (member slug, final state, answers)
    translations: dict = field(default_factory=dict)  # title_pt_br, summary_en …: the demo's translated calls


def _at(day: date, hour: int, minute: int = 0, zone: str = MADRID) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(zone))


def demo_calls(today: date) -> list[DemoCall]:
    microrred_members_local = ("general-san-martin", "panama", "pasto", "riobamba", "rosario", "sao-paulo")
    microrred_members_mobility = ("cordoba-ar", "medellin", "merida", "quito", "tunja", "zaragoza",
                                  "consejo-estrategico-santiago")

    def microrred_answer(theme: str, challenge: str) -> dict:
        return {"title": f"Microrred de {theme}", "summary": challenge, "themes": [],
                "challenge": challenge, "technician_name": "", "technician_email": ""}

    return [
        DemoCall(
            slug="microrredes-2024",
            kind=CallKind.MICRORRED,
            title="Microrredes de Estrategias Urbanas — quinta edición 2024",
            summary="Grupos de 6 a 8 ciudades que trabajan seis meses en un ámbito de la estrategia urbana.",
            description=(
                "Espacios de colaboración y trabajo en red entre ciudades para encontrar nuevas respuestas a los "
                "desafíos urbanos a través del intercambio entre pares. Cada microrred reúne entre 6 y 8 ciudades "
                "durante 6 meses, con reuniones mensuales de los equipos técnicos responsables del ámbito."
            ),
            themes=("economia-local", "movilidad-urbana-sostenible"),
            opens=_at(date(2024, 1, 15), 9),
            closes=_at(date(2024, 3, 31), 23, 59),
            resolved=True,
            applications=tuple(
                [(slug, ApplicationState.ACCEPTED, microrred_answer("Economía Local",
                  "Reactivar la economía de proximidad y el empleo local.")) for slug in microrred_members_local]
                + [(slug, ApplicationState.ACCEPTED, microrred_answer("Movilidad Sostenible",
                   "Reducir el uso del vehículo privado y mejorar el transporte público."))
                   for slug in microrred_members_mobility]
                + [("lima", ApplicationState.REJECTED, microrred_answer("Vivienda", "Acceso a vivienda asequible."))]
            ),
        ),
        DemoCall(
            slug="programa-mentoria",
            kind=CallKind.MENTORSHIP,
            title="Programa de Mentoría entre ciudades",
            summary="Convocatoria abierta todo el año: una ciudad con experiencia asesora a otra.",
            description=(
                "Modelo de cooperación bilateral que promueve la transferencia de conocimiento entre pares. "
                "Las ciudades de la red pueden mentorizar a otras en los ámbitos en los que tienen buenas "
                "prácticas, y pueden solicitar una mentoría en cualquier momento."
            ),
            themes=("movilidad-urbana-sostenible", "sistemas-de-cuidados", "gobernanza-metropolitana"),
            opens=_at(date(2024, 1, 1), 0),
            closes=None,
            applications=(
                ("riobamba", ApplicationState.SUBMITTED, {
                    "title": "Mentoría en sistemas de cuidados", "summary": "Diseñar el sistema local de cuidados.",
                    "role": "mentee", "themes": ["sistemas-de-cuidados"],
                    "objectives": "Mapa de servicios y un plan piloto en dos barrios."}),
                ("bogota", ApplicationState.ACCEPTED, {
                    "title": "Bogotá ofrece mentoría en cuidados", "summary": "Manzanas del Cuidado.",
                    "role": "mentor", "themes": ["sistemas-de-cuidados"],
                    "objectives": "Compartir el modelo de Manzanas del Cuidado."}),
            ),
        ),
        DemoCall(
            slug="ciclo-encuentros-buenas-practicas",
            kind=CallKind.WEBINAR_PROPOSAL,
            title="Ciclo de Encuentros Iberoamericanos: proponga una buena práctica",
            summary="Presente un proyecto de su ciudad en el webinario mensual, abierto al público.",
            description=(
                "Cada mes la red realiza un encuentro abierto para compartir desafíos y soluciones urbanas. "
                "Las ciudades y entidades socias pueden proponer una buena práctica para presentarla."
            ),
            themes=("innovacion-publica", "transicion-digital", "accion-climatica"),
            opens=_at(today - timedelta(days=25), 9),
            closes=_at(today + timedelta(days=18), 23, 59),
        ),
        DemoCall(
            slug="becas-especializacion-xx",
            kind=CallKind.SCHOLARSHIP,
            title="Becas 100 % — Especialización en Pensamiento Estratégico Urbano, XX edición",
            summary="Los socios activos pueden postular a una beca del 100 % para la especialización anual.",
            description=(
                "La especialización forma profesionales capaces de diseñar y gestionar planes y proyectos "
                "estratégicos urbanos. Incluye un seminario presencial en una ciudad de la red. Las personas de "
                "socios activos pueden pedir una beca que cubre el 100 % de la matrícula."
            ),
            themes=("planificacion-estrategica-urbana",),
            opens=_at(today - timedelta(days=10), 9),
            closes=_at(today + timedelta(days=45), 23, 59),
            eligibility=Eligibility.ACTIVE_MEMBERS,
            places=30,
        ),
        DemoCall(
            slug="congreso-xxvii-experiencias",
            kind=CallKind.CONGRESS_EXPERIENCE,
            title="XXVII Congreso: presente una experiencia de su ciudad",
            summary="Como máximo 3 experiencias por ciudad, avaladas por el gobierno municipal.",
            translations={
                "title_pt_br": "XXVII Congresso: apresente uma experiência da sua cidade",
                "summary_pt_br": "No máximo 3 experiências por cidade, com o aval do governo municipal.",
                "title_en": "XXVII Congress: present an experience of your city",
                "summary_en": "At most 3 experiences per city, endorsed by the city government.",
            },
            description=(
                "El congreso anual reúne durante tres días a las ciudades y entidades de la red. Cada ciudad puede "
                "presentar hasta tres experiencias, que deben contar con el aval de su gobierno municipal (punto "
                "focal) antes del cierre."
            ),
            themes=("accion-climatica", "movilidad-urbana-sostenible", "derecho-a-la-vivienda"),
            opens=_at(today - timedelta(days=30), 9, zone="America/Mexico_City"),
            closes=_at(today + timedelta(days=9), 23, 59, zone="America/Mexico_City"),
            time_zone="America/Mexico_City",
            max_per_member=3,
            requires_endorsement=True,
            applications=(
                ("zaragoza", ApplicationState.SUBMITTED, {
                    "title": "Anillo verde de Zaragoza", "summary": "Corredor verde y ciclista alrededor de la ciudad.",
                    "themes": ["accion-climatica"], "started_year": 2016,
                    "results": "30 km de corredor y 12 % más desplazamientos en bicicleta."}),
                ("medellin", ApplicationState.AWAITING_ENDORSEMENT, {
                    "title": "Corredores verdes de Medellín", "summary": "Reducción de la isla de calor.",
                    "themes": ["accion-climatica"], "started_year": 2016,
                    "results": "Dos grados menos de temperatura en los corredores."}),
            ),
        ),
        DemoCall(
            slug="cooperacion-ciudad-ciudad-ue",
            kind=CallKind.PAIRING,
            title="Cooperación ciudad-ciudad con la Unión Europea (18 meses)",
            summary="Una ciudad europea y una no europea, hoja de ruta conjunta, 2–3 visitas técnicas.",
            description=(
                "Programa de cooperación urbana internacional que une ciudades europeas con ciudades del mundo "
                "para compartir soluciones a problemas comunes. Financia viajes y alojamiento de hasta 5 personas "
                "por visita. Pueden participar ciudades de más de 100.000 habitantes o un conjunto de ellas "
                "representado por un municipio."
            ),
            themes=("movilidad-urbana-sostenible", "economia-local", "accion-climatica"),
            opens=_at(date(2026, 1, 12), 9),
            closes=_at(date(2026, 3, 4), 23, 59),
            population_min=100_000,
            resolved=True,
            applications=(
                ("guanajuato", ApplicationState.ACCEPTED, {
                    "title": "Guanajuato–Ancona", "summary": "Patrimonio y movilidad en centros históricos.",
                    "partner_city": "Ancona", "themes": ["movilidad-urbana-sostenible"],
                    "objectives": "Plan de movilidad del centro histórico."}),
                ("cordoba-ar", ApplicationState.WAITLISTED, {
                    "title": "Córdoba–Valencia", "summary": "Economía circular.", "partner_city": "Valencia",
                    "themes": ["economia-local"], "objectives": "Red de mercados circulares."}),
            ),
        ),
        DemoCall(
            slug="sede-congreso-xxviii",
            kind=CallKind.CONGRESS_HOST,
            title="Candidaturas para acoger el XXVIII Congreso",
            summary="Las ciudades socias pueden proponerse como sede del congreso anual.",
            description="La ciudad sede ofrece espacios, apoyo logístico y un programa de visitas técnicas.",
            themes=("planificacion-estrategica-urbana",),
            opens=_at(today + timedelta(days=14), 9),
            closes=_at(today + timedelta(days=75), 23, 59),
            eligibility=Eligibility.ACTIVE_MEMBERS,
        ),
    ]


def _applicant_for(member: Member, *, kind: str) -> User:
    """A person of the member with that role (or any), given a login without a usable password."""
    roles = Role.objects.filter(member=member).select_related("person", "person__user").order_by("pk")
    role = roles.filter(kind=kind).first() or roles.first()
    person = role.person
    if person.user_id:
        return person.user
    user, _created = User.objects.get_or_create(
        email=person.email.lower(),
        defaults={"name": person.full_name, "language": person.language, "password": make_password(None)},
    )
    person.user = user
    person.save(update_fields=["user"])
    return user


def _load_applications(call: Call, spec: DemoCall, members: dict[str, Member]) -> int:
    created = 0
    submitted_at = spec.opens + timedelta(days=5)
    for index, (slug, final_state, answers) in enumerate(spec.applications, start=1):
        member = members.get(slug)
        if member is None:
            continue
        reference = f"{call.kind.replace('_', '')[:3].upper()}-{spec.opens:%Y}-D{index:04d}-{call.pk}"
        if Application.objects.filter(reference=reference).exists():
            continue
        waits = final_state == ApplicationState.AWAITING_ENDORSEMENT
        applicant = _applicant_for(member, kind=RoleKind.TECHNICIAN if waits else RoleKind.FOCAL_POINT)
        application = Application.objects.create(
            call=call, reference=reference, applicant=applicant, person=getattr(applicant, "person", None),
            member=member, title=answers.get("title", ""), data=answers,
        )
        at = submitted_at + timedelta(hours=index * 7)
        first = ApplicationState.AWAITING_ENDORSEMENT if waits else ApplicationState.SUBMITTED
        application_transition(application=application, to=first, actor=Actor.APPLICANT, by=applicant, now=at)
        if final_state in (ApplicationState.ACCEPTED, ApplicationState.REJECTED, ApplicationState.WAITLISTED):
            decided = (spec.closes or at) + timedelta(days=10)
            application_transition(application=application, to=final_state, actor=Actor.STAFF, now=decided)
        created += 1
    return created


@transaction.atomic
def load_demo(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    members = {m.slug: m for m in Member.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    calls = applications = 0
    for spec in demo_calls(today):
        call, created = Call.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "kind": spec.kind, "title": spec.title, "summary": spec.summary, "description": spec.description,
                "published": True, "opens_at": spec.opens, "closes_at": spec.closes, "time_zone": spec.time_zone,
                "eligibility": spec.eligibility, "population_min": spec.population_min,
                "max_per_member": spec.max_per_member, "requires_endorsement": spec.requires_endorsement,
                "places": spec.places,
                "resolved_at": (spec.closes + timedelta(days=12)) if spec.resolved and spec.closes else None,
            },
        )
        if created:
            call.themes.set([themes[s] for s in spec.themes if s in themes])
        add_translations(call, spec.translations)
        calls += 1
        applications += _load_applications(call, spec, members)
    counts = {"calls": calls, "applications_created": applications}
    from programs.demo import cooperation
    from programs.demo import knowledge

    counts.update(cooperation.load_demo(today=today))
    counts.update(knowledge.load_demo(today=today))
    return counts


# Dates that network.demo.freshness moves forward when the demo has gone stale.
DATED = {
    "programs.Call": ["opens_at", "closes_at", "resolved_at", "created_at"],
    "programs.Application": ["endorsed_at", "submitted_at", "decided_at", "pending_decided_at", "created_at"],
    "programs.Microrred": ["starts_on", "created_at"],
    "programs.MicrorredParticipation": ["joined_at"],
    "programs.MicrorredSession": ["starts_at", "ends_at"],
    "programs.SessionAttendance": ["answered_at"],
    "programs.MicrorredDocument": ["added_at"],
    "programs.Mentorship": ["matched_at", "started_at", "ended_at", "created_at"],
    "programs.MentorshipSession": ["starts_at"],
    "programs.CityPairing": ["starts_on", "created_at"],
    "programs.PairingMilestone": ["due_on"],
    "programs.PairingVisit": ["starts_on", "ends_on"],
    "programs.Webinar": ["starts_at", "created_at"],
    "programs.WebinarRegistration": ["registered_at", "cancelled_at"],
    "programs.GoodPractice": ["published_at", "created_at"],
    "programs.FundingOpportunity": ["deadline", "created_at"],
}
