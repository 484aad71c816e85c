"""Campus demo data from seed 000: the annual specialization (XIX edition with its seminar in Durango
and the earlier editions with their final projects, about 500 strategies since 2005), the online
courses of 2024 and 2025 with their students and their next editions, ad-hoc training, eight
capsules. Idempotent; called by `load_demo`."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from campus.enums import CapsuleFormat
from campus.enums import CourseKind
from campus.enums import EnrolmentState
from campus.enums import Modality
from campus.enums import ProjectGrade
from campus.enums import roman
from campus.models import AdhocTraining
from campus.models import Capsule
from campus.models import Course
from campus.models import Edition
from campus.models import Enrolment
from campus.models import FinalProject
from network.demo.translations import add_translations
from network.demo import NAMES_ES
from network.demo import STAFF_EMAIL
from network.demo import SURNAMES_ES
from network.demo import TECHNICIAN_EMAIL
from network.enums import RoleKind
from network.models import Member
from network.models import Role
from network.models import Theme
from network.models import User
from programs.calls.enums import Actor as CallActor
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.enums import Eligibility
from programs.calls.models import Application
from programs.calls.models import Call
from programs.calls.services.transitions import application_transition

MADRID = ZoneInfo("Europe/Madrid")
SPECIALIZATION = "especializacion-pensamiento-estrategico-urbano"

COURSES = [
    dict(slug=SPECIALIZATION, kind=CourseKind.SPECIALIZATION, order=1, modality=Modality.BLENDED,
         title="Especialización en Pensamiento Estratégico Urbano", duration_weeks=40, hours=300,
         requires_final_project=True, languages="Español",
         summary="Forma profesionales capaces de diseñar y gestionar, con los actores sociales, los planes y "
                 "proyectos estratégicos de su ciudad. Incluye un seminario presencial en una ciudad de la red.",
         description="Impartida desde 2005, ha aportado a las ciudades de Iberoamérica cerca de 500 estrategias "
                     "urbanas. Cada estudiante elabora, como proyecto final, la estrategia urbana de su ciudad.\n\n"
                     "El seminario presencial se realiza en una de las ciudades de la red, que se propone como sede.",
         themes=("planificacion-estrategica-urbana", "gobernanza-metropolitana")),
    dict(slug="perspectiva-genero-cuidados-planificacion", kind=CourseKind.ONLINE_COURSE, order=2,
         title="La perspectiva de género y cuidados en la planificación estratégica urbana", duration_weeks=6,
         hours=60, languages="Español",
         summary="Cómo incorporar el enfoque de género y los sistemas de cuidados en los planes estratégicos.",
         description="Curso en línea de seis semanas sobre la transversalización del género en la gestión "
                     "municipal y el diseño de sistemas locales de cuidados.",
         themes=("perspectiva-de-genero", "sistemas-de-cuidados")),
    dict(slug="ciudades-hexagonales-innovacion", kind=CourseKind.ONLINE_COURSE, order=3,
         title="Ciudades hexagonales: cómo impulsar un ecosistema de innovación pública y urbana",
         title_pt_br="Cidades hexagonais: como impulsionar um ecossistema de inovação pública e urbana",
         summary_pt_br="Ferramentas para articular governo, academia, empresas e cidadania na inovação urbana.",
         title_en="Hexagonal cities: building an ecosystem of public and urban innovation",
         summary_en="Tools to bring government, academia, business and citizens together in urban innovation.",
         duration_weeks=8, hours=80, languages="Español, Português",
         summary="Herramientas para articular gobierno, academia, empresa y ciudadanía en la innovación urbana.",
         description="Curso en línea de ocho semanas sobre ecosistemas de innovación pública, distritos de "
                     "innovación y laboratorios urbanos.",
         themes=("innovacion-publica", "transicion-digital")),
    dict(slug="movilidad-urbana-sostenible", kind=CourseKind.ONLINE_COURSE, order=4,
         title="Movilidad Urbana Sostenible", duration_weeks=7, hours=70, languages="Español",
         summary="Planificar la movilidad de la ciudad próxima: transporte público, movilidad activa, datos.",
         description="Curso en línea de siete semanas sobre planes de movilidad urbana sostenible y su "
                     "relación con el modelo de ciudad próxima.",
         themes=("movilidad-urbana-sostenible", "ciudad-proxima")),
    dict(slug="formacion-ad-hoc", kind=CourseKind.ADHOC, order=5, modality=Modality.BLENDED,
         title="Formación ad-hoc para socios e instituciones", duration_weeks=None, hours=None,
         languages="Español, Português",
         summary="Acciones formativas diseñadas a medida de las necesidades de una ciudad o institución.",
         description="Diseñamos e impartimos acciones formativas para fortalecer las capacidades técnicas "
                     "vinculadas a la estrategia urbana. Solicítela con el formulario abierto todo el año.",
         themes=("planificacion-estrategica-urbana",)),
]

CAPSULES = [
    ("Qué es una estrategia urbana", "planificacion-estrategica-urbana", CapsuleFormat.VIDEO, 18),
    ("Gobernanza metropolitana en diez ideas", "gobernanza-metropolitana", CapsuleFormat.VIDEO, 22),
    ("La ciudad próxima: barrios de 15 minutos", "ciudad-proxima", CapsuleFormat.VIDEO, 15),
    ("Movilidad sostenible: del plan al proyecto", "movilidad-urbana-sostenible", CapsuleFormat.DOCUMENT, 30),
    ("Transversalizar el género en la gestión municipal", "perspectiva-de-genero", CapsuleFormat.VIDEO, 25),
    ("Sistemas locales de cuidados", "sistemas-de-cuidados", CapsuleFormat.DOCUMENT, 20),
    ("Indicadores para seguir un plan estratégico", "planificacion-estrategica-urbana", CapsuleFormat.DOCUMENT, 35),
    ("Participación ciudadana en la planificación", "innovacion-publica", CapsuleFormat.VIDEO, 20),
]

ONLINE_COURSES = ("perspectiva-genero-cuidados-planificacion", "ciudades-hexagonales-innovacion",
                  "movilidad-urbana-sostenible")
# Students of the finished online editions: the member cities whose technicians took each course.
ONLINE_STUDENTS = {
    ("perspectiva-genero-cuidados-planificacion", 2024): ("bogota", "montevideo", "barcelona"),
    ("ciudades-hexagonales-innovacion", 2024): ("malaga", "rosario", "sao-paulo"),
    ("movilidad-urbana-sostenible", 2024): ("zaragoza", "cordoba-ar", "merida", "la-paz"),
    ("perspectiva-genero-cuidados-planificacion", 2025): ("ciudad-de-mexico", "general-san-martin", "granollers"),
    ("ciudades-hexagonales-innovacion", 2025): ("lisboa", "belo-horizonte", "guanajuato"),
    ("movilidad-urbana-sostenible", 2025): ("tunja", "valle-de-aburra", "consejo-estrategico-santiago"),
}

# Seminar host cities of the specialization's editions (I … XIX); XIX in Durango (seed 000).
HOSTS = ("barcelona", "rosario", "medellin", "zaragoza", "belo-horizonte", "quito", "malaga", "merida",
         "porto-alegre", "bogota", "montevideo", "san-jose", "curitiba", "granollers", "lima", "guadalajara",
         "santiago-de-chile", "panama", "durango")
STRATEGY_THEMES = ("planificacion-estrategica-urbana", "movilidad-urbana-sostenible", "gobernanza-metropolitana",
                   "ciudad-proxima", "accion-climatica", "derecho-a-la-vivienda", "innovacion-publica",
                   "economia-local", "perspectiva-de-genero", "resiliencia-urbana")
STRATEGY_TITLES = ("Plan Estratégico {city} {year}", "{city} {year}: ciudad próxima y productiva",
                   "Estrategia de resiliencia urbana de {city}", "{city} metropolitana: gobernanza y territorio",
                   "Estrategia de movilidad sostenible de {city}", "Visión {city} {year}")


def _edition_year(number: int) -> int:
    return 2004 + number + (1 if number >= 16 else 0)  # no edition in 2020


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=MADRID)


def _call(slug: str, **values) -> Call:
    call, _created = Call.objects.get_or_create(slug=slug, defaults={"published": True, **values})
    return call


def _student(member: Member, index: int) -> User:
    """A technician of the member (given a login without a usable password)."""
    preference = {RoleKind.TECHNICIAN: 0, RoleKind.OFFICIAL: 1, RoleKind.MAYOR: 2, RoleKind.FOCAL_POINT: 3}
    roles = sorted(Role.objects.filter(member=member).select_related("person__user"),
                   key=lambda role: (preference.get(role.kind, 9), role.pk))
    person = roles[index % len(roles)].person
    if person.user_id:
        return person.user
    user, _created = User.objects.get_or_create(
        email=person.email.lower(),
        defaults={"name": person.full_name, "language": person.language, "password": make_password(None)})
    person.user = user
    person.save(update_fields=["user"])
    return user


def _courses(themes: dict[str, Theme]) -> dict[str, Course]:
    courses = {}
    for data in COURSES:
        data = dict(data)
        slugs = data.pop("themes")
        translations = {key: data.pop(key) for key in list(data) if key.endswith(("_pt_br", "_en"))}
        course, created = Course.objects.get_or_create(slug=data["slug"], defaults=data)
        add_translations(course, translations)
        if created:
            course.themes.set([themes[s] for s in slugs if s in themes])
        courses[course.slug] = course
    return courses


def _edition(course: Course, number: int, **values) -> Edition:
    edition, _created = Edition.objects.get_or_create(course=course, number=number, defaults=values)
    return edition


def _strategies(edition: Edition, members: list[Member], themes: dict[str, Theme], count: int) -> int:
    if edition.projects.exists():
        return 0
    projects = []
    for i in range(count):
        member = members[(edition.number * 7 + i * 3) % len(members)]
        first, _gender = NAMES_ES[(edition.number * 11 + i) % len(NAMES_ES)]
        last = SURNAMES_ES[(edition.number * 5 + i * 3) % len(SURNAMES_ES)]
        title = STRATEGY_TITLES[(i + edition.number) % len(STRATEGY_TITLES)].format(
            city=member.name, year=edition.year + 10 + i % 3 * 5)
        projects.append(FinalProject(
            edition=edition, author_name=f"{first} {last}", title=title, city=member.name, member=member,
            summary=f"Estrategia urbana elaborada en la {edition.roman} edición para {member.name}.",
            grade=ProjectGrade.PASS, submitted_at=_at(edition.ends_on, 12),
            graded_at=_at(edition.ends_on + timedelta(days=20), 12)))
    FinalProject.objects.bulk_create(projects)
    through = FinalProject.themes.through
    links = []
    for i, project in enumerate(edition.projects.order_by("pk")):
        theme = themes.get(STRATEGY_THEMES[(i + edition.number) % len(STRATEGY_THEMES)])
        if theme:
            links.append(through(finalproject_id=project.pk, theme_id=theme.pk))
    through.objects.bulk_create(links)
    return count


def _student_journey(edition: Edition, user: User, staff: User, *, final: str, scholarship: bool,
                     project: tuple[str, str] | None, when: datetime) -> None:
    """Through the services, with the dates of the edition."""
    from campus.services import enrolments as services
    from campus.services.projects import project_grade
    from campus.services.projects import project_submit

    if Enrolment.objects.filter(edition=edition, user=user).exists():
        return
    enrolment = services.enrolment_apply(edition=edition, user=user, position="Técnico de planificación",
                                         motivation="Quiero formular la estrategia urbana de mi ciudad.",
                                         scholarship=scholarship, now=when)
    if final == EnrolmentState.APPLIED:
        return
    enrolment = services.enrolment_admit(enrolment=enrolment, by=staff, now=when + timedelta(days=20))
    if final == EnrolmentState.ADMITTED:
        return
    services.enrolment_confirm(enrolment=enrolment, by=user, now=when + timedelta(days=22))
    if project:
        title, city = project
        fp = project_submit(enrolment=enrolment, by=user, title=title, city=city,
                            summary=f"La estrategia urbana de {city} hacia 2040.",
                            now=_at(edition.ends_on - timedelta(days=10)))
        project_grade(project=fp, grade=ProjectGrade.PASS, feedback="Excelente diagnóstico y cartera de proyectos.",
                      by=staff, now=_at(edition.ends_on))
    if final == EnrolmentState.COMPLETED:
        services.enrolment_complete(enrolment=enrolment, by=staff, now=_at(edition.ends_on + timedelta(days=1)))


@transaction.atomic
def load_demo(*, today: date | None = None) -> dict[str, int]:
    """The history is loaded through the services; the mails they write are kept in the outbox as
    discarded (nobody should be told today that they were admitted in 2010)."""
    from network.enums import OutboxState
    from network.models import OutboxMessage

    last_message = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    counts = _load_demo(today=today)
    OutboxMessage.objects.filter(pk__gt=last_message, topic="campus").update(state=OutboxState.DISCARDED)
    return counts


def _load_demo(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    themes = {t.slug: t for t in Theme.objects.all()}
    members = {m.slug: m for m in Member.objects.all()}
    if not members:
        return {}
    courses = _courses(themes)
    staff = User.objects.filter(email=STAFF_EMAIL).first() or User.objects.filter(is_staff=True).first()
    city_members = sorted((m for m in members.values() if m.kind == "city"), key=lambda m: m.slug)

    # The specialization: I … XVIII with their strategies, XIX (2024, seminar in Durango), XX open.
    spec = courses[SPECIALIZATION]
    strategies = 0
    for number in range(1, 20):
        year = _edition_year(number)
        host = members.get(HOSTS[number - 1])
        starts = date(year, 5, 6) if number == 19 else date(year, 4, 1)
        values = dict(year=year, starts_on=starts, ends_on=date(year + 1, 2, 28), seats=40, fee=Decimal("1800"),
                      hours=300, seminar_host=host, teaching_team="Dirección académica del campus\n"
                      "Equipo docente de la red")
        if number == 19:
            values.update(seminar_starts_on=date(2024, 10, 7), seminar_ends_on=date(2024, 10, 11),
                          enrolment_call=_call(
                              "matricula-especializacion-xix", kind=CallKind.COURSE_ENROLMENT,
                              title="Matrícula — Especialización en Pensamiento Estratégico Urbano, XIX edición",
                              opens_at=_at(date(2024, 2, 1)), closes_at=_at(date(2024, 4, 15), 23),
                              eligibility=Eligibility.ANYONE))
        edition = _edition(spec, number, **values)
        strategies += _strategies(edition, city_members, themes, 22 if number == 19 else 26)

    xix = Edition.objects.get(course=spec, number=19)
    technician = User.objects.filter(email=TECHNICIAN_EMAIL).first()
    if technician and staff:
        _student_journey(xix, technician, staff, final=EnrolmentState.COMPLETED, scholarship=True,
                         project=("Quito 2040: ciudad próxima y metropolitana", "Quito"),
                         when=_at(date(2024, 3, 1)))
        medellin = members.get("medellin")
        if medellin:
            for index in range(2):
                _student_journey(xix, _student(medellin, index), staff, final=EnrolmentState.COMPLETED,
                                 scholarship=True, when=_at(date(2024, 3, 2 + index)),
                                 project=(f"Medellín {2040 + index * 5}: territorio y cuidados", "Medellín"))

    xx_start = today + timedelta(days=80)
    xx = _edition(spec, 20, year=xx_start.year, starts_on=xx_start, ends_on=xx_start + timedelta(days=300),
                  seats=40, fee=Decimal("1800"), hours=300,
                  teaching_team="Dirección académica del campus\nEquipo docente de la red",
                  enrolment_call=_call(
                      "matricula-especializacion-xx", kind=CallKind.COURSE_ENROLMENT,
                      title="Matrícula — Especialización en Pensamiento Estratégico Urbano, XX edición",
                      summary="Los socios activos pueden postular a una beca del 100 %.",
                      opens_at=_at(today - timedelta(days=10)), closes_at=_at(today + timedelta(days=45), 23),
                      eligibility=Eligibility.ANYONE),
                  host_call=_call(
                      "sede-seminario-especializacion-xx", kind=CallKind.SEMINAR_HOST,
                      title="Sede del seminario presencial — Especialización, XX edición",
                      summary="Las ciudades socias pueden proponerse como sede del seminario presencial.",
                      opens_at=_at(today - timedelta(days=20)), closes_at=_at(today + timedelta(days=30), 23),
                      eligibility=Eligibility.ACTIVE_MEMBERS))
    for index, slug in enumerate(("rosario", "merida")):
        member = members.get(slug)
        if member and not Application.objects.filter(call=xx.host_call, member=member).exists():
            applicant = _student(member, 0)
            application = Application.objects.create(
                call=xx.host_call, reference=f"SEM-{xx.year}-D{index + 1:04d}", applicant=applicant,
                person=getattr(applicant, "person", None), member=member, title=f"{member.name}, sede del seminario",
                data={"title": f"{member.name}, sede del seminario", "summary": "Ofrecemos la sede y las visitas.",
                      "seminar_starts_on": (xx_start + timedelta(days=150)).isoformat(),
                      "seminar_ends_on": (xx_start + timedelta(days=154)).isoformat(),
                      "venue": "Centro de convenciones municipal", "support": "Salas, visitas técnicas y traslados."})
            application_transition(application=application, to=ApplicationState.SUBMITTED,
                                   actor=CallActor.APPLICANT, by=applicant,
                                   now=timezone.now() - timedelta(days=3 - index))
    medellin = members.get("medellin")
    if medellin and staff:
        _student_journey(xx, _student(medellin, 2), staff, final=EnrolmentState.APPLIED, scholarship=True,
                         project=None, when=timezone.now() - timedelta(days=2))

    # The online courses: the 2024 edition (I) and the 2025 one (II), finished, with their students
    # (seeds 000 and 004: "continuar con la oferta de cursos del aula virtual"), and the next one (III),
    # open for enrolment.
    for index, slug in enumerate(ONLINE_COURSES):
        course = courses[slug]
        weeks = course.duration_weeks or 6
        for number, year in ((1, 2024), (2, 2025)):
            start = date(year, 3 + index * 3, 4)
            call = _call(f"matricula-{slug}-{year}", kind=CallKind.COURSE_ENROLMENT,
                         title=f"Matrícula — {course.title}, {roman(number)} edición",
                         opens_at=_at(start - timedelta(days=60)), closes_at=_at(start - timedelta(days=14), 23),
                         eligibility=Eligibility.ANYONE)
            past = _edition(course, number, year=year, starts_on=start, ends_on=start + timedelta(weeks=weeks),
                            seats=35, fee=Decimal("450"), hours=course.hours, enrolment_call=call)
            if past.starts_on != start:
                continue  # a database loaded before the 2025 editions: its edition II is the upcoming one
            if past.enrolment_call_id is None:
                past.enrolment_call = call
                past.save(update_fields=["enrolment_call"])
            for order, city in enumerate(ONLINE_STUDENTS[slug, year]):
                member = members.get(city)
                if member and staff:
                    _student_journey(past, _student(member, 0), staff, final=EnrolmentState.COMPLETED,
                                     scholarship=member.is_active_member, project=None,
                                     when=_at(start - timedelta(days=40 - order)))
        start = today + timedelta(days=30 + index * 45)
        nxt = _edition(course, 3, year=start.year, starts_on=start, ends_on=start + timedelta(weeks=weeks), seats=35,
                       fee=Decimal("450"), hours=course.hours, enrolment_call=_call(
                           f"matricula-{slug}-3", kind=CallKind.COURSE_ENROLMENT,
                           title=f"Matrícula — {course.title}, III edición",
                           opens_at=_at(today - timedelta(days=5)), closes_at=_at(start - timedelta(days=7), 23),
                           eligibility=Eligibility.ANYONE))
        if staff and medellin and slug == "movilidad-urbana-sostenible" and technician:
            _student_journey(nxt, technician, staff, final=EnrolmentState.ADMITTED, scholarship=True, project=None,
                             when=timezone.now() - timedelta(days=3))

    # Ad-hoc training: the all-year request form and one request followed to delivery.
    adhoc_call = _call("formacion-ad-hoc", kind=CallKind.ADHOC_TRAINING,
                       title="Formación ad-hoc: solicite una acción formativa a medida",
                       summary="Para socios y otras instituciones interesadas, durante todo el año.",
                       opens_at=_at(date(2024, 1, 8)), closes_at=None, eligibility=Eligibility.ANYONE)
    bm30 = members.get("bilbao-metropoli-30")
    if bm30 and not Application.objects.filter(call=adhoc_call).exists():
        applicant = _student(bm30, 0)
        data = {"title": "Planificación supramunicipal para equipos técnicos", "institution": bm30.name,
                "participants": 25, "summary": "Formación para incorporar la dimensión supramunicipal.",
                "needs": "Metodologías de planificación metropolitana y gobernanza multinivel."}
        application = Application.objects.create(call=adhoc_call, reference="ADH-2024-D0001", applicant=applicant,
                                                 member=bm30, title=data["title"], data=data)
        application_transition(application=application, to=ApplicationState.SUBMITTED, actor=CallActor.APPLICANT,
                               by=applicant, now=_at(date(2024, 7, 10)))
        AdhocTraining.objects.create(application=application, institution=bm30.name, state="delivered",
                                     course=courses["formacion-ad-hoc"], notes="Impartida en noviembre de 2024.")

    for order, (title, theme, fmt, minutes) in enumerate(CAPSULES, start=1):
        if theme in themes:
            Capsule.objects.get_or_create(slug=f"capsula-{order}", defaults=dict(
                title=title, theme=themes[theme], format=fmt, duration_minutes=minutes, order=order,
                url=f"https://campus.example.org/capsulas/{order}",
                summary="Una cápsula breve, asincrónica y autogestionada."))
    return {"courses": Course.objects.count(), "editions": Edition.objects.count(),
            "strategies": FinalProject.objects.filter(grade=ProjectGrade.PASS).count(),
            "capsules": Capsule.objects.count()}


# Dates that network.demo.freshness moves forward when the demo has gone stale.
DATED = {
    "campus.Edition": ["starts_on", "ends_on", "seminar_starts_on", "seminar_ends_on"],
    "campus.Enrolment": ["applied_at", "admitted_at", "completed_at"],
    "campus.FinalProject": ["graded_at", "submitted_at"],
    "campus.Certificate": ["issued_on", "rendered_at"],
}
