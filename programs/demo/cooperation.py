"""Demo data of the cooperation area; called by programs.demo.load_demo. Idempotent (keyed by slug,
reference or mentee and theme), written through the services like staff would.

- The two microrredes of the fifth edition (2024) from seed 001, formed from the accepted
  applications of the "microrredes-2024" call, with their real cities and a monthly calendar.
- Earlier editions since the 2020 pilot, and the editions after 2024 up to today (one running now
  with Quito, so the demo technician sees upcoming sessions), so the since-2020 figures are real.
- Mentorships in every state (Riobamba's request from the mentoring call, matched with Bogotá).
- One city pairing (Zaragoza – Medellín) with its roadmap, visits and delegations.
- The programme's history on fixed dates (so the annual report has figures for 2024 and 2025): three
  completed mentorships and the Málaga – Córdoba pairing of 2024–2025, created only once their dates
  have passed.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from network.enums import MemberStatus
from network.enums import RoleKind
from network.models import Member
from network.models import Person
from network.models import Theme
from programs.calls.enums import Actor
from programs.calls.enums import ApplicationState
from programs.calls.models import Application
from programs.calls.models import Call
from programs.calls.services.transitions import application_transition
from programs.cooperation.enums import MICRORRED_MAX_MEMBERS
from programs.cooperation.enums import AttendanceAnswer
from programs.cooperation.enums import MentorshipState
from programs.cooperation.enums import PairingState
from programs.cooperation.models import CityPairing
from programs.cooperation.models import Mentorship
from programs.cooperation.models import Microrred
from programs.cooperation.models import MicrorredDocument
from programs.cooperation.models import SessionAttendance
from programs.cooperation.models import add_months
from programs.cooperation.services import mentorships as mentorship_services
from programs.cooperation.services import pairings as pairing_services
from programs.cooperation.services.microrredes import microrred_create
from programs.cooperation.services.microrredes import microrred_form

MADRID = "Europe/Madrid"
LINK = "https://meet.demo.redportal.org/microrred-"

# (slug, title, theme, start, members) of the fifth edition, from seed 001.
FIFTH_EDITION = (
    ("microrred-economia-local-2024", "Microrred de Economía Local", "economia-local", date(2024, 6, 2),
     ("general-san-martin", "panama", "pasto", "riobamba", "rosario", "sao-paulo")),
    ("microrred-movilidad-sostenible-2024", "Microrred de Movilidad Sostenible", "movilidad-urbana-sostenible",
     date(2024, 6, 18), ("cordoba-ar", "medellin", "merida", "quito", "tunja", "zaragoza",
                         "consejo-estrategico-santiago")),
)

# Earlier editions: (edition, year, start month, [(theme slug, title)]).
EARLIER_EDITIONS = (
    (1, 2020, 10, [("planificacion-estrategica-urbana", "Grupo de trabajo de Planificación Estratégica"),
                   ("resiliencia-urbana", "Grupo de trabajo de Resiliencia Urbana")]),
    (2, 2021, 4, [("sistemas-de-cuidados", "Microrred de Sistemas de Cuidados"),
                  ("gobernanza-metropolitana", "Microrred de Gobernanza Metropolitana"),
                  ("transicion-digital", "Microrred de Transición Digital")]),
    (3, 2022, 3, [("derecho-a-la-vivienda", "Microrred de Derecho a la Vivienda"),
                  ("accion-climatica", "Microrred de Acción Climática"),
                  ("perspectiva-de-genero", "Microrred de Perspectiva de Género")]),
    (4, 2023, 3, [("innovacion-publica", "Microrred de Innovación Pública"),
                  ("ciudad-proxima", "Microrred de Ciudad Próxima"),
                  ("economia-local", "Microrred de Economía Local")]),
)
LATER_THEMES = (("accion-climatica", "Microrred de Acción Climática"),
                ("sistemas-de-cuidados", "Microrred de Sistemas de Cuidados"),
                ("transicion-digital", "Microrred de Transición Digital"),
                ("gobernanza-metropolitana", "Microrred de Gobernanza Metropolitana"))

AGENDAS = (
    "Presentación de las ciudades y de sus desafíos en el ámbito; acuerdos de funcionamiento.",
    "Diagnóstico compartido: cada ciudad presenta su situación con datos y actores clave.",
    "Experiencias inspiradoras: dos ciudades presentan una buena práctica y debate.",
    "Taller de soluciones: del desafío a las líneas de acción.",
    "Visita virtual a un proyecto y conversación con su equipo técnico.",
    "Conclusiones, compromisos de cada ciudad y evaluación de la microrred.",
)


def _members() -> dict[str, Member]:
    return {m.slug: m for m in Member.objects.all()}


def _technicians(member: Member) -> list[Person]:
    people = [r.person for r in member.roles.filter(kind=RoleKind.TECHNICIAN).select_related("person").order_by("pk")]
    return people[:2] or [r.person for r in member.roles.select_related("person").order_by("pk")[:1]]


def _coordinator() -> Person | None:
    return Person.objects.filter(roles__member__slug="barcelona", roles__kind=RoleKind.FOCAL_POINT).order_by("pk").first()


def _dress(microrred: Microrred, *, today: date) -> None:
    """Agenda, minutes, attendance and documents on the sessions that have taken place."""
    now = timezone.now()
    member_ids = list(microrred.participations.order_by("member__name").values_list("member_id", flat=True))
    for session in microrred.sessions.order_by("number"):
        session.agenda = AGENDAS[(session.number - 1) % len(AGENDAS)]
        if session.starts_at < now:
            session.minutes = (f"Participan {len(member_ids) - (session.number % 2)} ciudades. "
                               "Se comparten avances y se acuerdan los próximos pasos.")
        session.save(update_fields=["agenda", "minutes"])
        for index, member_id in enumerate(member_ids):
            attendance = SessionAttendance.objects.get(session=session, member_id=member_id)
            if session.starts_at < now:
                attendance.attended = not (session.number % 2 and index == len(member_ids) - 1)
                attendance.answer = AttendanceAnswer.CONFIRMED if attendance.attended else AttendanceAnswer.DECLINED
            elif session.starts_at < now + timedelta(days=40) and index % 3 == 0:
                attendance.answer = AttendanceAnswer.CONFIRMED
            attendance.save(update_fields=["attended", "answer"])
    if microrred.ends_on < today and not microrred.documents.exists():
        MicrorredDocument.objects.create(
            microrred=microrred, title=f"Documento de conclusiones — {microrred.title}", public=True,
            url=f"https://demo.redportal.org/publicaciones/{microrred.slug}.pdf")
        MicrorredDocument.objects.create(
            microrred=microrred, session=microrred.sessions.order_by("number").first(),
            title="Presentaciones de la primera sesión", url=f"https://demo.redportal.org/docs/{microrred.slug}-1.pdf")


def _form_fifth_edition(members: dict[str, Member], themes: dict[str, Theme], today: date) -> int:
    call = Call.objects.filter(slug="microrredes-2024").first()
    made = 0
    for slug, title, theme_slug, starts_on, city_slugs in FIFTH_EDITION:
        if Microrred.objects.filter(slug=slug).exists() or theme_slug not in themes:
            continue
        applications = list(Application.objects.filter(call=call, member__slug__in=city_slugs,
                                                        state=ApplicationState.ACCEPTED)) if call else []
        common = {"theme": themes[theme_slug], "title": title, "edition": 5, "year": 2024, "starts_on": starts_on,
                  "session_time": time(16, 0), "time_zone": MADRID, "coordinator": _coordinator(),
                  "online_link": LINK + slug, "slug": slug,
                  "summary": "Técnicos y técnicas responsables del ámbito en cada ciudad se reúnen cada mes durante "
                             "seis meses para inspirarse, aprender y compartir desafíos, experiencias y soluciones."}
        if call and len({a.member_id for a in applications}) == len(city_slugs):
            microrred = microrred_form(call=call, applications=applications, **common)
        else:
            microrred = microrred_create(members=[members[s] for s in city_slugs if s in members], **common)
        for participation in microrred.participations.select_related("member"):
            participation.technicians.add(*_technicians(participation.member))
        _dress(microrred, today=today)
        made += 1
    return made


def _pick(members: dict[str, Member], theme_slug: str, *, offset: int, size: int, must: tuple[str, ...] = ()) -> list[Member]:
    """Cities for a demo microrred: those working on the theme first, then others, deterministically."""
    current = [m for m in members.values() if m.status in (MemberStatus.ACTIVE, MemberStatus.IN_ARREARS,
                                                           MemberStatus.FORMER)]
    current.sort(key=lambda m: m.slug)
    with_theme = [m for m in current if m.themes.filter(slug=theme_slug).exists()]
    others = [m for m in current if m not in with_theme]
    rotated = others[offset % len(others):] + others[:offset % len(others)] if others else []
    chosen = [members[s] for s in must if s in members]
    for member in with_theme + rotated:
        if len(chosen) >= size:
            break
        if member not in chosen:
            chosen.append(member)
    return chosen


def _make(members, themes, *, edition: int, year: int, starts_on: date, theme_slug: str, title: str, index: int,
          today: date, must: tuple[str, ...] = ()) -> int:
    slug = slugify(f"{title} {year}")
    if Microrred.objects.filter(slug=slug).exists() or theme_slug not in themes:
        return 0
    size = 6 + (index + edition) % (MICRORRED_MAX_MEMBERS - 5)
    chosen = _pick(members, theme_slug, offset=edition * 7 + index * 3, size=size, must=must)
    microrred = microrred_create(
        theme=themes[theme_slug], members=chosen, title=title, edition=edition, year=year, starts_on=starts_on,
        technicians={m.pk: _technicians(m) for m in chosen}, session_time=time(16, 0), time_zone=MADRID,
        coordinator=_coordinator(), online_link=LINK + slug, slug=slug,
        summary="Grupo de ciudades que trabaja durante seis meses en un ámbito de la estrategia urbana.",
    )
    _dress(microrred, today=today)
    return 1


def _microrredes(today: date) -> int:
    members = _members()
    themes = {t.slug: t for t in Theme.objects.all()}
    made = _form_fifth_edition(members, themes, today)
    for edition, year, month, groups in EARLIER_EDITIONS:
        for index, (theme_slug, title) in enumerate(groups):
            made += _make(members, themes, edition=edition, year=year, starts_on=date(year, month, 5 + index * 7),
                          theme_slug=theme_slug, title=title, index=index, today=today)
    # After 2024: one edition a year; this year's first microrred is running now, with Quito.
    for year in range(2025, today.year + 1):
        edition = 5 + year - 2024
        if year == today.year:
            start = add_months(today.replace(day=10), -2)
            made += _make(members, themes, edition=edition, year=year, starts_on=start,
                          theme_slug=LATER_THEMES[0][0], title=LATER_THEMES[0][1], index=0, today=today,
                          must=("quito", "lisboa", "san-jose"))
            made += _make(members, themes, edition=edition, year=year,
                          starts_on=add_months(today.replace(day=20), 1), theme_slug=LATER_THEMES[1][0],
                          title=LATER_THEMES[1][1], index=1, today=today)
        else:
            for index, (theme_slug, title) in enumerate(LATER_THEMES[2:]):
                made += _make(members, themes, edition=edition, year=year, starts_on=date(year, 4, 8 + index * 7),
                              theme_slug=theme_slug, title=title, index=index, today=today)
    return made


# --- Mentorships ---------------------------------------------------------------------------------
def _at(day: date, hour: int = 11) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(MADRID))


def _mentorships(today: date) -> int:
    members = _members()
    themes = {t.slug: t for t in Theme.objects.all()}
    made = 0

    def walk(mentorship: Mentorship, steps, start: date) -> None:
        for n, (state, mentor) in enumerate(steps, start=1):
            if state == MentorshipState.COMPLETED:
                mentorship.mentee_report = ("Diseñamos un plan piloto y lo presentamos al gabinete municipal; "
                                            "el acompañamiento nos ahorró meses de trabajo.")
                mentorship.mentor_report = ("Compartimos nuestra experiencia y aprendimos de la mirada de otra "
                                            "ciudad sobre nuestro propio modelo.")
                mentorship.save(update_fields=["mentee_report", "mentor_report"])
            mentorship_services.mentorship_move(mentorship=mentorship, to=state, mentor=mentor, by=None, notify=False,
                                                now=_at(start + timedelta(days=20 * n)))
            if state == MentorshipState.IN_PROGRESS:
                for k, topic in enumerate(("Sesión de arranque: objetivos y calendario",
                                           "Visita virtual al modelo de la ciudad mentora",
                                           "Revisión del plan piloto")):
                    mentorship_services.mentorship_session_add(
                        mentorship=mentorship, starts_at=_at(start + timedelta(days=20 * n + 30 * (k + 1)), 16),
                        topic=topic)

    # Riobamba's request through the all-year mentoring call, accepted and matched with Bogotá.
    request = Application.objects.filter(call__slug="programa-mentoria", member__slug="riobamba").first()
    if request and not Mentorship.objects.filter(application=request).exists():
        if request.state in (ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW):
            application_transition(application=request, to=ApplicationState.ACCEPTED, actor=Actor.STAFF,
                                   now=_at(today - timedelta(days=75)))
        mentorship = mentorship_services.mentorship_from_application(application=request,
                                                                     now=_at(today - timedelta(days=70)), notify=False)
        if mentorship and "bogota" in members:
            walk(mentorship, [(MentorshipState.MATCHED, members["bogota"]), (MentorshipState.IN_PROGRESS, None)],
                 today - timedelta(days=70))
            made += 1

    specs = (
        ("tunja", "movilidad-urbana-sostenible", "medellin", MentorshipState.COMPLETED, 400,
         "Diseñar la red de ciclorrutas y su gobernanza con la comunidad universitaria."),
        ("guanajuato", "planificacion-estrategica-urbana", "durango", MentorshipState.MATCHED, 40,
         "Poner en marcha el Instituto Municipal de Planeación y su primer plan estratégico."),
        ("pasto", "gobernanza-metropolitana", None, MentorshipState.REQUESTED, 12,
         "Coordinar con los municipios vecinos la movilidad y el uso del suelo."),
        ("san-jose", "derecho-a-la-vivienda", "montevideo", MentorshipState.CANCELLED, 200,
         "Crear un programa de vivienda cooperativa en el centro de la ciudad."),
    )
    paths = {
        MentorshipState.COMPLETED: [MentorshipState.MATCHED, MentorshipState.IN_PROGRESS, MentorshipState.COMPLETED],
        MentorshipState.MATCHED: [MentorshipState.MATCHED],
        MentorshipState.REQUESTED: [],
        MentorshipState.CANCELLED: [MentorshipState.MATCHED, MentorshipState.CANCELLED],
    }
    for mentee_slug, theme_slug, mentor_slug, final, days_ago, objectives in specs:
        if mentee_slug not in members or theme_slug not in themes:
            continue
        if Mentorship.objects.filter(mentee=members[mentee_slug], theme=themes[theme_slug]).exists():
            continue
        start = today - timedelta(days=days_ago)
        mentorship = mentorship_services.mentorship_request(mentee=members[mentee_slug], theme=themes[theme_slug],
                                                            objectives=objectives, now=_at(start), notify=False)
        mentor = members.get(mentor_slug) if mentor_slug else None
        walk(mentorship, [(s, mentor if s == MentorshipState.MATCHED else None) for s in paths[final]], start)
        made += 1
    return made


# Completed mentorships on fixed dates: (mentee, theme, mentor, requested, matched, started, completed,
# objectives, session topics).
MENTORSHIP_HISTORY = (
    ("tegucigalpa", "resiliencia-urbana", "belo-horizonte", date(2024, 2, 5), date(2024, 3, 4), date(2024, 4, 8),
     date(2024, 11, 25),
     "Poner en marcha un sistema de alerta temprana de lluvias con los comités comunitarios de los barrios de ladera.",
     ("Diagnóstico de riesgos de los barrios de ladera", "El sistema de alertas por SMS de Belo Horizonte",
      "Protocolo con los comités comunitarios")),
    ("general-san-martin", "sistemas-de-cuidados", "bogota", date(2024, 9, 16), date(2024, 10, 14),
     date(2024, 11, 18), date(2025, 6, 30),
     "Diseñar una red de centros de cuidado de proximidad en los barrios del partido.",
     ("Mapa de la demanda de cuidados del partido", "Visita virtual a una Manzana del Cuidado",
      "Modelo de gestión y financiación de los centros")),
    ("durango", "ciudad-proxima", "barcelona", date(2025, 2, 10), date(2025, 3, 10), date(2025, 4, 7),
     date(2025, 12, 15),
     "Pacificar las calles del centro histórico con un modelo de supermanzanas adaptado a la ciudad.",
     ("Diagnóstico de movilidad del centro histórico", "Urbanismo táctico: de la prueba a la obra",
      "Participación vecinal y comercio local")),
)


def _mentorship_history(today: date) -> int:
    members = _members()
    themes = {t.slug: t for t in Theme.objects.all()}
    made = 0
    for mentee, theme, mentor, requested, matched, started, completed, objectives, topics in MENTORSHIP_HISTORY:
        if completed >= today or mentee not in members or mentor not in members or theme not in themes:
            continue
        if Mentorship.objects.filter(mentee=members[mentee], theme=themes[theme]).exists():
            continue
        mentorship = mentorship_services.mentorship_request(mentee=members[mentee], theme=themes[theme],
                                                            objectives=objectives, now=_at(requested), notify=False)
        mentorship_services.mentorship_move(mentorship=mentorship, to=MentorshipState.MATCHED, mentor=members[mentor],
                                            by=None, notify=False, now=_at(matched))
        mentorship_services.mentorship_move(mentorship=mentorship, to=MentorshipState.IN_PROGRESS, by=None,
                                            notify=False, now=_at(started))
        for k, topic in enumerate(topics):
            mentorship_services.mentorship_session_add(mentorship=mentorship, topic=topic,
                                                       starts_at=_at(started + timedelta(days=7 + 45 * k), 16))
        mentorship.mentee_report = ("Definimos el proyecto con el acompañamiento de la ciudad mentora y lo "
                                    "presentamos al gobierno municipal para su puesta en marcha.")
        mentorship.mentor_report = "Compartimos nuestro modelo y sus aprendizajes, también lo que no funcionó."
        mentorship.save(update_fields=["mentee_report", "mentor_report"])
        mentorship_services.mentorship_move(mentorship=mentorship, to=MentorshipState.COMPLETED, by=None,
                                            notify=False, now=_at(completed))
        made += 1
    return made


# --- Pairing -------------------------------------------------------------------------------------
def _pairing_history(today: date) -> int:
    """The Málaga – Córdoba pairing (February 2024 to July 2025, completed), with two visits."""
    members = _members()
    theme = Theme.objects.filter(slug="transicion-digital").first()
    start = date(2024, 2, 1)
    if not theme or not {"malaga", "cordoba-ar"} <= members.keys() or add_months(start, 18) > today:
        return 0
    malaga, cordoba = members["malaga"], members["cordoba-ar"]
    if CityPairing.objects.filter(city_a=malaga, city_b=cordoba).exists():
        return 0
    with transaction.atomic():
        pairing = pairing_services.pairing_create(
            title="Málaga – Córdoba: ciudad inteligente y eficiencia energética en edificios públicos",
            city_a=malaga, city_b=cordoba, theme=theme, starts_on=start, now=_at(date(2024, 1, 15)),
            roadmap=("Hoja de ruta conjunta: inventario energético de los edificios municipales, plataforma de "
                     "datos urbanos compartida, un piloto de gestión inteligente del alumbrado en cada ciudad y "
                     "un manual de buenas prácticas para las ciudades de la red."))
        pairing_services.pairing_move(pairing=pairing, to=PairingState.ACTIVE, by=None, now=_at(start))
        for title, months in (("Inventario energético de los edificios municipales", 4),
                              ("Plataforma de datos urbanos compartida", 10),
                              ("Piloto de alumbrado inteligente y manual de buenas prácticas", 18)):
            pairing_services.milestone_add(pairing=pairing, title=title, progress=100,
                                           due_on=add_months(start, months) - timedelta(days=1))
        first = pairing_services.visit_add(
            pairing=pairing, host=cordoba, place="Córdoba — Centro de monitoreo urbano y Palacio 6 de Julio",
            starts_on=date(2024, 10, 14), ends_on=date(2024, 10, 17),
            programme="Centro de monitoreo, edificios municipales rehabilitados y taller sobre datos abiertos.")
        for name, position, funded in (("Rocío Navas Ortega", "Directora del Área de Innovación y Digitalización", True),
                                       ("Sergio Molina Ruiz", "Jefe de Servicio de Eficiencia Energética", True),
                                       ("Carmen Lozano Vera", "Técnica de la Agencia de la Energía", True),
                                       ("Álvaro Ramos Gil", "Polo de Contenidos Digitales de Málaga", True),
                                       ("Inés Castaño Prieto", "Universidad de Málaga", False)):
            pairing_services.traveller_add(visit=first, name=name, position=position, member=malaga, funded=funded)
        second = pairing_services.visit_add(
            pairing=pairing, host=malaga, place="Málaga — Ayuntamiento y Polo de Contenidos Digitales",
            starts_on=date(2025, 5, 19), ends_on=date(2025, 5, 22),
            programme="Gestión inteligente del alumbrado, plataforma de ciudad y edificios municipales eficientes.")
        for name, position in (("Federico Paz Ledesma", "Secretario de Modernización"),
                               ("Lucía Barrionuevo Sosa", "Directora de Eficiencia Energética"),
                               ("Martín Aguirre Ferreyra", "Técnico de Alumbrado Público"),
                               ("Valeria Ceballos Ruiz", "Responsable de Datos Abiertos")):
            pairing_services.traveller_add(visit=second, name=name, position=position, member=cordoba)
        pairing_services.pairing_move(pairing=pairing, to=PairingState.COMPLETED, by=None,
                                      now=_at(add_months(start, 18) - timedelta(days=1)))
    return 1


def _pairing(today: date) -> int:
    members = _members()
    theme = Theme.objects.filter(slug="movilidad-urbana-sostenible").first()
    if not theme or not {"zaragoza", "medellin"} <= members.keys():
        return 0
    if CityPairing.objects.filter(city_a=members["zaragoza"], city_b=members["medellin"]).exists():
        return 0
    zaragoza, medellin = members["zaragoza"], members["medellin"]
    start = add_months(today.replace(day=1), -8)
    with transaction.atomic():
        pairing = pairing_services.pairing_create(
            title="Zaragoza – Medellín: movilidad eléctrica y regeneración de ejes urbanos", city_a=zaragoza,
            city_b=medellin, theme=theme, starts_on=start,
            roadmap=("Hoja de ruta conjunta: diagnóstico compartido de los ejes urbanos, intercambio sobre "
                     "electrificación del transporte público, un proyecto piloto en cada ciudad y la difusión de "
                     "resultados en el congreso anual de la red."))
        pairing_services.pairing_move(pairing=pairing, to=PairingState.ACTIVE, by=None)
        for title, months, progress in (("Diagnóstico compartido de los ejes urbanos", 3, 100),
                                        ("Plan de electrificación del transporte público", 8, 70),
                                        ("Proyecto piloto en cada ciudad", 14, 20),
                                        ("Difusión de resultados y evaluación", 18, 0)):
            pairing_services.milestone_add(pairing=pairing, title=title, due_on=add_months(start, months) - timedelta(days=1),
                                           progress=progress)
        first = pairing_services.visit_add(
            pairing=pairing, host=medellin, place="Medellín — Metro de Medellín y corredor de la Avenida 80",
            starts_on=add_months(start, 4), ends_on=add_months(start, 4) + timedelta(days=3),
            programme="Recorrido por el metrocable y el tranvía de Ayacucho; taller con la Secretaría de Movilidad.")
        for name, position in (("Elena Navarro Ruiz", "Jefa del Servicio de Movilidad Urbana"),
                               ("Javier Castillo Peña", "Técnico de Planificación de Transporte"),
                               ("Marta Gómez Arce", "Concejala de Movilidad"),
                               ("Pablo Ortiz Medina", "Responsable de Relaciones Internacionales"),
                               ("Lucía Herrera Sosa", "Clúster de automoción de Aragón")):
            pairing_services.traveller_add(visit=first, name=name, position=position, member=zaragoza)
        second = pairing_services.visit_add(
            pairing=pairing, host=zaragoza, place="Zaragoza — Tranvía y eje de la Avenida Cesáreo Alierta",
            starts_on=add_months(start, 10), ends_on=add_months(start, 10) + timedelta(days=3),
            programme="Visita al tranvía, a la electrificación de la flota de autobuses y al eje regenerado.")
        for name, position in (("Carolina Restrepo Zapata", "Subsecretaria de Movilidad"),
                               ("Andrés Ospina Quintero", "Profesional de proyectos de transporte"),
                               ("Natalia Montoya Arce", "Agencia de Cooperación e Inversión de Medellín")):
            pairing_services.traveller_add(visit=second, name=name, position=position, member=medellin)
    return 1


@transaction.atomic
def load_demo(*, today: date) -> dict[str, int]:
    return {
        "microrredes_created": _microrredes(today),
        "mentorships_created": _mentorships(today) + _mentorship_history(today),
        "pairings_created": _pairing(today) + _pairing_history(today),
        "microrredes": Microrred.objects.count(),
    }
