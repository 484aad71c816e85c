"""Demo data of the events app: the XXVI congress in Zaragoza with its programme and registrations,
the coming congress, meetings of each territorial network (some held in 2024 and 2025), board sessions
with agreements in every state, and evaluation surveys with answers. Idempotent: keyed by slugs,
numbers and e-mails."""

from __future__ import annotations

import hashlib
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from events.enums import AGREEMENT_WORKFLOW
from events.enums import REGISTRATION_WORKFLOW
from events.enums import Actor
from events.enums import AgreementStatus
from events.enums import Body
from events.enums import EventKind
from events.enums import QuestionKind
from events.enums import RegistrationState
from events.enums import SessionKind
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
from events.models import SurveyInvitation
from events.models.surveys import token_hash
from events.services.governance import board_session_prepare
from events.services.surveys import survey_submit
from network.demo.translations import add_translations
from network.enums import RoleKind
from network.models import Member
from network.models import Person
from network.models import Role
from network.models import TerritorialNetwork
from network.models import Theme
from network.models import User

MADRID = ZoneInfo("Europe/Madrid")
STAFF_EMAIL = "staff@demo.redportal.org"

# A demo survey link that is still unanswered (for trying the questionnaire page).
DEMO_SURVEY_TOKEN = "demo-encuesta-congreso-xxvi"

CONGRESS_XXVI_PROGRAMME = [
    # day offset, start, end, room, title, speakers, language
    (0, "09:00", "10:00", "Auditorio", "Acreditación y café de bienvenida", "", "es"),
    (0, "10:00", "11:00", "Auditorio", "Inauguración del XXVI Congreso", "Alcaldía de Zaragoza; Presidencia de la red", "es"),
    (0, "11:30", "13:00", "Auditorio", "Conferencia: La energía de las ciudades", "Ponente invitada del Observatorio Urbano", "es"),
    (0, "15:00", "16:30", "Sala Ebro", "Panel: Comunidades energéticas locales", "Barcelona; Lisboa; Medellín", "es"),
    (0, "15:00", "16:30", "Sala Moncayo", "Taller: Rehabilitación energética de barrios", "Valladolid; Bilbao Metrópoli-30", "es"),
    (1, "09:30", "11:00", "Auditorio", "Panel: Innovación pública y transición digital", "São Paulo; Rosario; Mérida", "es/pt"),
    (1, "11:30", "13:00", "Sala Ebro", "Experiencias de ciudades socias (I)", "Quito; Montevideo; Guadalajara", "es"),
    (1, "11:30", "13:00", "Sala Moncayo", "Experiencias de ciudades socias (II)", "Belo Horizonte; Panamá; Málaga", "es/pt"),
    (1, "16:00", "19:00", "Salida desde la sede", "Visitas técnicas: Etopía y Ecociudad Valdespartera", "Ayuntamiento de Zaragoza", "es"),
    (2, "09:30", "11:00", "Auditorio", "Encuentros de las redes territoriales", "Coordinaciones de las seis redes", "es"),
    (2, "11:30", "12:30", "Auditorio", "Asamblea General", "Secretaría General", "es"),
    (2, "12:30", "14:00", "Auditorio", "Declaración de Zaragoza y clausura", "Presidencia de la red", "es"),
]

# Members sending delegates to the XXVI congress: (slug, delegates); the first two of an active member are covered.
CONGRESS_XXVI_DELEGATES = [("zaragoza", 3), ("barcelona", 2), ("medellin", 2), ("quito", 3), ("rosario", 2),
                           ("sao-paulo", 2), ("merida", 2), ("lisboa", 1), ("montevideo", 2), ("panama", 2),
                           ("la-paz", 1), ("valladolid", 2)]
CONGRESS_XXVII_DELEGATES = [("bogota", 2), ("quito", 3), ("barcelona", 1), ("rosario", 2)]

NETWORK_MEETINGS = {
    # slug: (time zone, host member slug, title of the past meeting, title of the next one)
    "red-andina": ("America/Bogota", "quito", "Encuentro de la Red Andina en Quito",
                   "Encuentro de la Red Andina: ciudades de montaña"),
    "red-brasil": ("America/Sao_Paulo", "belo-horizonte", "Encontro da Rede Brasil em Belo Horizonte",
                   "Encontro da Rede Brasil: habitação e clima"),
    "red-centroamerica-y-caribe": ("America/Panama", "panama", "Encuentro de la Red Centroamérica y Caribe",
                                   "Encuentro de la Red Centroamérica y Caribe: resiliencia"),
    "red-cono-sur": ("America/Argentina/Buenos_Aires", "rosario", "Encuentro de la Red Cono Sur en Rosario",
                     "Encuentro de la Red Cono Sur: economía local"),
    "red-iberica": ("Europe/Madrid", "barcelona", "Encuentro de la Red Ibérica en Barcelona",
                    "Encuentro de la Red Ibérica: agenda urbana europea"),
    "red-mexicana": ("America/Mexico_City", "merida", "Encuentro de la Red Mexicana en Mérida",
                     "Encuentro de la Red Mexicana: planeación de largo plazo"),
}


# Meetings already held in the years of the demo action plans (2024, 2025), with fixed dates:
# slug, network slug, host member slug, time zone, first day, title.
PAST_NETWORK_MEETINGS = [
    ("red-iberica-encuentro-malaga-2024", "red-iberica", "malaga", "Europe/Madrid", date(2024, 3, 14),
     "Encuentro de la Red Ibérica en Málaga"),
    ("red-cono-sur-encuentro-montevideo-2024", "red-cono-sur", "montevideo", "America/Montevideo",
     date(2024, 10, 17), "Encuentro de la Red Cono Sur en Montevideo"),
    ("red-mexicana-encuentro-durango-2025", "red-mexicana", "durango", "America/Mexico_City", date(2025, 4, 24),
     "Encuentro de la Red Mexicana en Durango"),
    ("red-andina-encuentro-medellin-2025", "red-andina", "medellin", "America/Bogota", date(2025, 9, 11),
     "Encuentro de la Red Andina en Medellín"),
]
MEETING_SURVEY_SLUG = "red-andina-encuentro-medellin-2025"


def _at(day: date, hhmm: str, tz: ZoneInfo) -> datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tz)


def _event(slug: str, **values) -> Event:
    event, _created = Event.objects.update_or_create(slug=slug, defaults=values)
    return event


def _programme(event: Event, rows) -> None:
    if event.sessions.exists():
        return
    first_day = event.local_starts_at.date()
    ProgrammeSession.objects.bulk_create([
        ProgrammeSession(event=event, starts_at=_at(first_day + timedelta(days=offset), start, event.tz),
                         ends_at=_at(first_day + timedelta(days=offset), end, event.tz), room=room, title=title,
                         speakers=speakers, language=language)
        for offset, start, end, room, title, speakers, language in rows
    ])


def _people_of(member: Member, count: int) -> list[Person]:
    roles = (Role.objects.filter(member=member).select_related("person")
             .order_by("kind", "person__last_name", "pk"))
    seen, people = set(), []
    for role in roles:
        if role.person_id not in seen and role.kind != RoleKind.FOCAL_POINT:
            seen.add(role.person_id)
            people.append(role.person)
    for role in roles:  # focal points last
        if role.person_id not in seen:
            seen.add(role.person_id)
            people.append(role.person)
    return people[:count]


def _register(event: Event, delegates, *, staff: User | None, final_state: str, diets=()) -> int:
    """Registrations as the service would leave them (slots, audit rows), without sending mail."""
    created = 0
    for slug, count in delegates:
        member = Member.objects.filter(slug=slug).first()
        if member is None:
            continue
        for index, person in enumerate(_people_of(member, count)):
            if Registration.objects.filter(event=event, person=person).exists():
                continue
            covered = event.covered_places_per_member > index and member.is_active_member
            arrival = event.local_starts_at.date() - timedelta(days=1)
            departure = event.local_ends_at.date() + timedelta(days=1)
            registration = Registration.objects.create(
                event=event, member=member, person=person, registered_by=staff, covered=covered,
                covered_slot=index + 1 if covered else None, arrival_on=arrival, departure_on=departure,
                hotel_nights=(departure - arrival).days if covered else 0,
                dietary_needs=diets[(created + index) % len(diets)] if diets else "",
                created_at=event.starts_at - timedelta(days=40 - created % 30),
            )
            created += 1
            if final_state in (RegistrationState.CONFIRMED, RegistrationState.ATTENDED):
                REGISTRATION_WORKFLOW.move(obj=registration, to=RegistrationState.CONFIRMED, actor=Actor.STAFF,
                                           by=staff, now=registration.created_at + timedelta(days=2))
            if final_state == RegistrationState.ATTENDED and created % 7:
                registration.checked_in_at = event.starts_at
                REGISTRATION_WORKFLOW.move(obj=registration, to=RegistrationState.ATTENDED, actor=Actor.STAFF,
                                           by=staff, now=event.starts_at, extra_fields=["checked_in_at"])
    return created


def _next_july(today: date) -> date:
    year = today.year if today < date(today.year, 6, 1) else today.year + 1
    return date(year, 7, 1)


def load_congresses(*, today: date, staff: User | None) -> tuple[Event, Event]:
    zaragoza = Member.objects.filter(slug="zaragoza").first()
    innovation = Theme.objects.filter(slug="innovacion-publica").first()
    xxvi = _event(
        "congreso-xxvi-zaragoza", kind=EventKind.CONGRESS, edition=26, title="XXVI Congreso · Zaragoza",
        motto="Innovación Urbana Sostenible: La energía de las ciudades", theme=innovation, host_member=zaragoza,
        summary="El congreso anual reúne a todas las ciudades y entidades socias durante tres días.",
        description=("La organización cubre el alojamiento, los traslados internos y la manutención de dos "
                     "representantes de cada ciudad o entidad socia."),
        venue="Palacio de Congresos de Zaragoza", city="Zaragoza", time_zone="Europe/Madrid",
        starts_at=datetime(2024, 7, 3, 9, 0, tzinfo=MADRID), ends_at=datetime(2024, 7, 5, 14, 0, tzinfo=MADRID),
        capacity=400, covered_places_per_member=2, registration_open=False, published=True,
    )
    _programme(xxvi, CONGRESS_XXVI_PROGRAMME)
    _register(xxvi, CONGRESS_XXVI_DELEGATES, staff=staff, final_state=RegistrationState.ATTENDED,
              diets=("", "Vegetariana", "", "Sin gluten", "", "", "Vegana", ""))

    bogota = Member.objects.filter(slug="bogota").first()
    first_day = _next_july(today)
    bogota_tz = ZoneInfo("America/Bogota")
    xxvii = _event(
        "congreso-xxvii-bogota", kind=EventKind.CONGRESS, edition=27, title="XXVII Congreso · Bogotá",
        motto="Ciudades que cuidan: planificación para el bienestar", theme=Theme.objects.filter(
            slug="sistemas-de-cuidados").first(), host_member=bogota,
        summary="Tres días de intercambio entre las ciudades socias sobre los sistemas de cuidados.",
        venue="Ágora Bogotá, Centro de Convenciones", city="Bogotá", time_zone="America/Bogota",
        starts_at=datetime.combine(first_day, time(9, 0), bogota_tz),
        ends_at=datetime.combine(first_day + timedelta(days=2), time(14, 0), bogota_tz),
        capacity=450, covered_places_per_member=2, registration_open=True,
        registration_closes_at=datetime.combine(first_day - timedelta(days=14), time(23, 59), bogota_tz),
        published=True,
    )
    add_translations(xxvii, {
        "title_pt_br": "XXVII Congresso · Bogotá", "title_en": "XXVII Congress · Bogotá",
        "motto_pt_br": "Cidades que cuidam: planejamento para o bem-estar",
        "motto_en": "Cities that care: planning for well-being",
        "summary_pt_br": "Três dias de intercâmbio entre as cidades associadas sobre os sistemas de cuidados.",
        "summary_en": "Three days of exchange between the member cities on care systems.",
    })
    _programme(xxvii, [
        (0, "09:00", "10:30", "Auditorio principal", "Inauguración del XXVII Congreso", "Alcaldía de Bogotá", "es"),
        (0, "11:00", "13:00", "Auditorio principal", "Conferencia: el Sistema Distrital de Cuidado",
         "Secretaría Distrital de la Mujer", "es"),
        (1, "09:30", "12:30", "Salas 1–3", "Talleres por redes territoriales", "Coordinaciones de red", "es/pt"),
        (1, "15:00", "18:00", "Manzanas del Cuidado", "Visitas técnicas", "Alcaldía de Bogotá", "es"),
        (2, "10:00", "13:30", "Auditorio principal", "Asamblea General y clausura", "Presidencia de la red", "es"),
    ])
    _register(xxvii, CONGRESS_XXVII_DELEGATES, staff=staff, final_state=RegistrationState.PENDING)
    confirmed = Registration.objects.filter(event=xxvii, state=RegistrationState.PENDING, member__slug="quito")[:2]
    for registration in confirmed:
        REGISTRATION_WORKFLOW.move(obj=registration, to=RegistrationState.CONFIRMED, actor=Actor.STAFF, by=staff)
    return xxvi, xxvii


def load_network_meetings(*, today: date, staff: User | None) -> int:
    count = 0
    for index, (slug, (tz_name, host_slug, past_title, next_title)) in enumerate(NETWORK_MEETINGS.items()):
        network = TerritorialNetwork.objects.filter(slug=slug).first()
        if network is None:
            continue
        tz = ZoneInfo(tz_name)
        host = Member.objects.filter(slug=host_slug).first()
        past_day = today - timedelta(days=60 + 20 * index)
        next_day = today + timedelta(days=25 + 17 * index)
        past = _event(f"{slug}-encuentro-{past_day.year}", kind=EventKind.NETWORK_MEETING, title=past_title,
                      territorial_network=network, host_member=host, city=host.name if host else "",
                      venue="Sede del gobierno local", time_zone=tz_name,
                      starts_at=datetime.combine(past_day, time(9, 30), tz),
                      ends_at=datetime.combine(past_day + timedelta(days=1), time(14, 0), tz),
                      registration_open=False, published=True,
                      summary="Encuentro anual de la red territorial: prioridades regionales y agenda de incidencia.")
        upcoming = _event(f"{slug}-encuentro-proximo", kind=EventKind.NETWORK_MEETING, title=next_title,
                          territorial_network=network, time_zone=tz_name, online_url="https://meet.example.org/"
                          + slug, starts_at=datetime.combine(next_day, time(16, 0), tz),
                          ends_at=datetime.combine(next_day, time(18, 0), tz), registration_open=True,
                          published=True, summary="Reunión en línea de las ciudades de la red.")
        members = list(network.members.filter(status="active").order_by("name")[:4])
        _register(past, [(m.slug, 1) for m in members], staff=staff, final_state=RegistrationState.ATTENDED)
        _register(upcoming, [(m.slug, 1) for m in members[:2]], staff=staff, final_state=RegistrationState.PENDING)
        count += 2
    for slug, network_slug, host_slug, tz_name, first_day, title in PAST_NETWORK_MEETINGS:
        network = TerritorialNetwork.objects.filter(slug=network_slug).first()
        if network is None:
            continue
        tz = ZoneInfo(tz_name)
        host = Member.objects.filter(slug=host_slug).first()
        event = _event(slug, kind=EventKind.NETWORK_MEETING, title=title, territorial_network=network,
                       host_member=host, city=host.name if host else "", venue="Sede del gobierno local",
                       time_zone=tz_name, starts_at=datetime.combine(first_day, time(9, 30), tz),
                       ends_at=datetime.combine(first_day + timedelta(days=1), time(14, 0), tz),
                       registration_open=False, published=True,
                       summary="Encuentro anual de la red territorial: prioridades regionales y agenda de incidencia.")
        others = network.members.filter(status="active").exclude(slug=host_slug).order_by("name")[:4]
        delegates = [(host_slug, 2)] + [(m.slug, 1) for m in others]  # the host city sends two
        _register(event, delegates, staff=staff, final_state=RegistrationState.ATTENDED)
        count += 1
    # The monthly webinar is a webinar of the knowledge cycle; the calendar shows it by itself.
    from programs.knowledge.models import Webinar

    webinar_day = today + timedelta(days=12)
    webinar, _created = Webinar.objects.update_or_create(slug="ciclo-de-encuentros-vivienda", defaults={
        "title": "Ciclo de Encuentros: vivienda asequible", "time_zone": "Europe/Madrid",
        "online_url": "https://meet.example.org/ciclo", "starts_at": datetime.combine(webinar_day, time(17, 0), MADRID),
        "duration_minutes": 90, "state": "scheduled",
        "summary": "Webinar mensual abierto: una ciudad socia presenta su buena práctica."})
    theme = Theme.objects.filter(slug="derecho-a-la-vivienda").first()
    if theme is not None:
        webinar.themes.add(theme)
    return count


def load_board_sessions(*, today: date, staff: User | None) -> int:
    mx = ZoneInfo("America/Mexico_City")
    people = list(Person.objects.filter(roles__kind=RoleKind.FOCAL_POINT).order_by("pk").distinct()[:6])
    if not people:
        return 0
    sessions_data = [
        (Body.BOARD, SessionKind.ORDINARY, 11, datetime(2023, 11, 23, 17, 0, tzinfo=mx), "Sede de la Secretaría",
         ["Lectura y aprobación del acta anterior", "Evaluación de las líneas de acción", "Asuntos generales"]),
        (Body.BOARD, SessionKind.ORDINARY, 12, datetime(2023, 12, 14, 17, 0, tzinfo=mx), "Sede de la Secretaría",
         ["Presupuesto del ejercicio siguiente", "Candidaturas a sede del congreso", "Asuntos generales"]),
        (Body.BOARD, SessionKind.ORDINARY, 13, datetime(2024, 5, 16, 17, 0, tzinfo=mx), "En línea",
         ["Preparación del XXVI Congreso en Zaragoza", "Memoria de actividades y cuentas de 2023", "Asuntos generales"]),
        (Body.BOARD, SessionKind.ORDINARY, 14, datetime(2025, 5, 22, 17, 0, tzinfo=mx), "Sede de la Secretaría",
         ["Seguimiento del plan de acción 2025", "Presupuesto y auditoría", "Evaluación de las actividades"]),
        (Body.EXECUTIVE_COMMITTEE, SessionKind.ORDINARY, 1, datetime.combine(today - timedelta(days=30), time(16, 0), MADRID),
         "En línea", ["Seguimiento del plan de acción", "Preparación del XXVII Congreso"]),
    ]
    created_sessions = []
    for body, kind, number, held_at, place, agenda in sessions_data:
        session = BoardSession.objects.filter(body=body, kind=kind, number=number).first()
        if session is None:
            session = BoardSession.objects.create(body=body, kind=kind, number=number, held_at=held_at, place=place,
                                                  time_zone="America/Mexico_City" if body == Body.BOARD else "Europe/Madrid")
            board_session_prepare(session=session)
            for order, title in enumerate(agenda, start=2):
                AgendaItem.objects.create(session=session, order=order, title=title)
            for index, person in enumerate(people[:5]):
                SessionAttendance.objects.get_or_create(
                    session=session, name=person.full_name,
                    defaults={"person": person, "capacity": "Presidencia" if index == 0 else "Vocal",
                              "present": index != 4})
        created_sessions.append(session)
    eleventh, twelfth, thirteenth, fourteenth, committee = created_sessions
    agreements = [
        # session, text, responsible index, due (days from today, or a date), final status, notes
        (eleventh, "Entregar a la Junta Directiva un informe parcial de la evaluación del plan de acción.", 0,
         date(2023, 12, 10), AgreementStatus.DONE,
         [(date(2023, 12, 5), "El informe preliminar fue remitido a los integrantes de la Junta.", AgreementStatus.DONE)]),
        (eleventh, "Investigar el estado de los dos asuntos administrativos pendientes y proponer una solución.", 1,
         today - timedelta(days=5), AgreementStatus.IN_PROGRESS,
         [(date(2024, 1, 20), "Se ha solicitado la documentación a la entidad bancaria.", AgreementStatus.IN_PROGRESS)]),
        (eleventh, "Celebrar la duodécima sesión ordinaria el 14 de diciembre en la sede.", 2, date(2023, 12, 14),
         AgreementStatus.DONE, [(date(2023, 12, 1), "Convocatoria enviada.", AgreementStatus.DONE)]),
        (twelfth, "Aprobar el presupuesto con la actualización de cuotas propuesta por la Secretaría.", 0,
         today + timedelta(days=4), AgreementStatus.PENDING, []),
        (twelfth, "Lanzar la convocatoria de candidaturas para el XXVIII Congreso.", 3, today + timedelta(days=40),
         AgreementStatus.IN_PROGRESS, [(today - timedelta(days=10), "Bases redactadas; pendientes de revisión.",
                                        AgreementStatus.IN_PROGRESS)]),
        (twelfth, "Estudiar una sede alternativa para la Asamblea General.", 4, None, AgreementStatus.CANCELLED,
         [(date(2024, 2, 1), "La Asamblea se celebrará durante el Congreso.", AgreementStatus.CANCELLED)]),
        (committee, "Reforzar la comunicación con y entre las redes territoriales.", 1, today + timedelta(days=60),
         AgreementStatus.PENDING, []),
        (thirteenth, ("Aprobar la memoria de actividades y la memoria económica de 2023 y elevarlas a la Asamblea "
          "General."), 2, date(2024, 7, 5), AgreementStatus.DONE,
         [(date(2024, 7, 5), "Aprobadas por la Asamblea General celebrada durante el XXVI Congreso en Zaragoza.",
           AgreementStatus.DONE)]),
        (thirteenth, ("Acompañar a las ciudades argentinas en el pago de las cuotas, dadas las dificultades de las "
          "transferencias internacionales."), 3, None, AgreementStatus.IN_PROGRESS,
         [(date(2024, 9, 12), "Rosario y Córdoba pagarán a través de una cuenta en euros; falta General San Martín.",
           AgreementStatus.IN_PROGRESS)]),
        (fourteenth, ("Aprobar un presupuesto anual equilibrado para 2025 y encargar la auditoría de las cuentas de "
          "2024."), 0, date(2025, 6, 30), AgreementStatus.DONE,
         [(date(2025, 6, 27), "Presupuesto aprobado y auditoría encargada.", AgreementStatus.DONE)]),
        (fourteenth, ("Enviar cuestionarios de evaluación a las personas participantes en los encuentros de las "
          "redes territoriales."), 4, date(2025, 9, 30), AgreementStatus.DONE,
         [(date(2025, 9, 15), "Cuestionario enviado tras el Encuentro de la Red Andina en Medellín.",
           AgreementStatus.DONE)]),
        (fourteenth, "Publicar las memorias y el informe de auditoría en la sección de transparencia de la web.", 5,
         None, AgreementStatus.PENDING, []),
    ]
    for session, text, who, due, status, notes in agreements:
        agreement = Agreement.objects.filter(session=session, text=text).first()
        if agreement is not None:
            continue
        sequence = session.agreements.count() + 1
        agreement = Agreement.objects.create(session=session, sequence=sequence, code=f"{session.code_prefix}-{sequence}",
                                             text=text, responsible=people[who % len(people)], due_on=due)
        for written_on, note, note_status in notes:
            if note_status != agreement.status:
                AGREEMENT_WORKFLOW.move(obj=agreement, to=note_status, actor=Actor.STAFF, by=staff)
            AgreementNote.objects.create(agreement=agreement, written_on=written_on, text=note, status=note_status,
                                         by=staff)
    for session in created_sessions:  # agreements of earlier sessions still open are followed up
        board_session_prepare(session=session)
    return len(created_sessions)


SURVEY_RATINGS = [5, 4, 5, 3, 4, 5, 4, 2, 5, 4]
SURVEY_CHOICES = ["Ponencias", "Visitas técnicas", "Encuentros entre ciudades", "Organización y logística"]
SURVEY_COMMENTS = ["Muy útiles las visitas técnicas a Valdespartera.", "", "Más tiempo para el intercambio entre ciudades.",
                   "", "Excelente organización.", "Sería bueno tener traducción simultánea al portugués.", "",
                   "Las sesiones paralelas coincidieron con temas que nos interesaban a la vez.", "",
                   "Propongo un espacio específico para las ciudades pequeñas.", "",
                   "Gracias a Zaragoza por la acogida.", "", "El programa llegó tarde; mejor con un mes de antelación.",
                   "", "Me llevo contactos para una futura microrred.", ""]


def load_survey(xxvi: Event) -> int:
    ct = ContentType.objects.get_for_model(Event)
    questionnaire, created = Questionnaire.objects.get_or_create(
        subject_type=ct, subject_id=xxvi.pk, title="Evaluación del XXVI Congreso",
        defaults={"introduction": "Ayúdanos a mejorar el próximo congreso: son cinco preguntas.", "anonymous": True,
                  "send_after_end": True, "links_sent_at": xxvi.ends_at},
    )
    if not created:
        return questionnaire.responses.count()
    questions = [
        Question.objects.create(questionnaire=questionnaire, order=1, kind=QuestionKind.RATING,
                                text="Valoración general del congreso"),
        Question.objects.create(questionnaire=questionnaire, order=2, kind=QuestionKind.RATING,
                                text="Utilidad para el trabajo de tu ciudad"),
        Question.objects.create(questionnaire=questionnaire, order=3, kind=QuestionKind.SINGLE,
                                text="¿Participarás en el próximo congreso?", choices=["Sí", "No", "Aún no lo sé"]),
        Question.objects.create(questionnaire=questionnaire, order=4, kind=QuestionKind.MULTIPLE,
                                text="¿Qué fue lo más valioso?", choices=SURVEY_CHOICES, required=False),
        Question.objects.create(questionnaire=questionnaire, order=5, kind=QuestionKind.TEXT,
                                text="Comentarios y sugerencias", required=False),
    ]
    registrations = list(Registration.objects.filter(event=xxvi).select_related("person").order_by("pk"))
    answered = 0
    for index, registration in enumerate(registrations):
        person = registration.person
        if not person.email:
            continue
        token = DEMO_SURVEY_TOKEN if index == 0 else hashlib.sha256(f"demo-survey:{person.pk}".encode()).hexdigest()[:32]
        SurveyInvitation.objects.create(
            questionnaire=questionnaire, email=person.email.lower(), name=person.full_name, language=person.language,
            person=person, member=registration.member, user=person.user, token_hash=token_hash(token),
            sent_at=xxvi.ends_at,
        )
        if index == 0 or index % 3 == 2:
            continue  # not everybody answers
        rating = SURVEY_RATINGS[index % len(SURVEY_RATINGS)]
        survey_submit(token=token, now=xxvi.ends_at + timedelta(days=2), answers={
            questions[0].pk: rating, questions[1].pk: max(rating - (index % 2), 1),
            questions[2].pk: ["Sí", "Sí", "Aún no lo sé", "No"][index % 4],
            questions[3].pk: SURVEY_CHOICES[index % 3: index % 3 + 2],
            questions[4].pk: SURVEY_COMMENTS[index % len(SURVEY_COMMENTS)],
        })
        answered += 1
    return answered


MEETING_SURVEY_RATINGS = [5, 4, 4, 5, 3, 4]


def load_meeting_survey() -> int:
    """The evaluation of a 2025 network meeting (the 2025 plan asks for questionnaires after each meeting)."""
    event = Event.objects.filter(slug=MEETING_SURVEY_SLUG).first()
    if event is None:
        return 0
    questionnaire, created = Questionnaire.objects.get_or_create(
        subject_type=ContentType.objects.get_for_model(Event), subject_id=event.pk,
        title="Evaluación del Encuentro de la Red Andina en Medellín",
        defaults={"introduction": "Tres preguntas para mejorar los próximos encuentros de la red.", "anonymous": True,
                  "send_after_end": True, "links_sent_at": event.ends_at},
    )
    if not created:
        return questionnaire.responses.count()
    general = Question.objects.create(questionnaire=questionnaire, order=1, kind=QuestionKind.RATING,
                                      text="Valoración general del encuentro")
    useful = Question.objects.create(questionnaire=questionnaire, order=2, kind=QuestionKind.RATING,
                                     text="Utilidad para el trabajo de tu ciudad")
    comments = Question.objects.create(questionnaire=questionnaire, order=3, kind=QuestionKind.TEXT,
                                       text="Comentarios y sugerencias", required=False)
    registrations = list(Registration.objects.filter(event=event).select_related("person").order_by("pk"))
    answered = 0
    for index, registration in enumerate(registrations):
        person = registration.person
        if not person.email:
            continue
        token = hashlib.sha256(f"demo-meeting-survey:{person.pk}".encode()).hexdigest()[:32]
        SurveyInvitation.objects.create(
            questionnaire=questionnaire, email=person.email.lower(), name=person.full_name, language=person.language,
            person=person, member=registration.member, user=person.user, token_hash=token_hash(token),
            sent_at=event.ends_at,
        )
        if index % 4 == 3:
            continue  # not everybody answers
        rating = MEETING_SURVEY_RATINGS[index % len(MEETING_SURVEY_RATINGS)]
        survey_submit(token=token, now=event.ends_at + timedelta(days=3), answers={
            general.pk: rating, useful.pk: max(rating - index % 2, 1),
            comments.pk: "Muy útil conocer los proyectos de movilidad de Medellín." if index == 0 else "",
        })
        answered += 1
    return answered


def load_demo(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    with transaction.atomic():
        xxvi, _xxvii = load_congresses(today=today, staff=staff)
        meetings = load_network_meetings(today=today, staff=staff)
        sessions = load_board_sessions(today=today, staff=staff)
        load_survey(xxvi)
        load_meeting_survey()
    return {
        "events": Event.objects.count(),
        "network_meetings": meetings,
        "event_registrations": Registration.objects.count(),
        "board_sessions": sessions,
        "agreements": Agreement.objects.count(),
        "survey_responses": Questionnaire.objects.filter(subject_id=xxvi.pk).first().responses.count(),
    }



# Dates that network.demo.freshness moves forward when the demo has gone stale.
DATED = {
    "events.Event": ["starts_at", "ends_at", "registration_closes_at", "created_at"],
    "events.ProgrammeSession": ["starts_at", "ends_at"],
    "events.Registration": ["arrival_on", "departure_on", "checked_in_at", "created_at"],
    "events.BoardSession": ["held_at", "created_at"],
    "events.Agreement": ["due_on"],
    "events.AgreementNote": ["written_on", "created_at"],
    "events.Questionnaire": ["closes_at", "links_sent_at", "created_at"],
    "events.SurveyInvitation": ["sent_at", "answered_at"],
    "events.SurveyResponse": ["submitted_on"],
}
