"""Demo action plans: the 2024 action lines of seed 000 and the 2025 plan structure of seed 004,
with activities at every stage, so the demo report is a complete document. Idempotent."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from network.models import Person
from network.plan.enums import Stage
from network.plan.models import ActionLine
from network.plan.models import ActionPlan
from network.plan.models import Activity
from network.plan.models import ActivityLink

S = Stage

PLAN_2024 = (
    "Líneas de acción 2024",
    "En 2024 la red sigue firme en su objetivo de fortalecer, a través del trabajo en red, la capacidad de las "
    "ciudades para implementar estrategias y proyectos que les permitan enfrentar los desafíos de la realidad urbana.",
    [
        ("Espacios de cooperación técnica para el aprendizaje en red",
         "Encontrar nuevas respuestas a los desafíos urbanos mediante el intercambio entre pares.",
         ["microrredes", "mentorships", "webinars", "pairings"],
         [("Convocatoria anual de Microrredes de Estrategias Urbanas (quinta edición)", S.EVALUATION),
          ("Programa de Mentoría entre ciudades, convocatoria abierta todo el año", S.EXECUTION),
          ("Ciclo de Encuentros Iberoamericanos: un webinario al mes", S.EXECUTION),
          ("Cooperación ciudad a ciudad con ciudades europeas (hermanamientos)", S.BUDGETING)]),
        ("Acompañamiento técnico",
         "Fortalecer capacidades para incorporar la dimensión supramunicipal en la planificación local.",
         ["calls"],
         [("Programa de cooperación con apoyo de la Diputación de Barcelona", S.EXECUTION),
          ("Asistencia técnica a necesidades específicas de planificación", S.PROGRAMMING)]),
        ("Acceso a recursos de la cooperación internacional",
         "Informar de las convocatorias internacionales y apoyar la presentación de propuestas.",
         ["funding"],
         [("Difusión periódica de convocatorias de financiación", S.EXECUTION),
          ("Acción formativa sobre cooperación internacional y alianzas público-privadas", S.PLANNING)]),
        ("Campus de Estrategias Urbanas",
         "Formar profesionales capaces de diseñar y gestionar planes y proyectos estratégicos.",
         ["campus"],
         [("XIX edición de la Especialización en Pensamiento Estratégico Urbano, seminario en Durango", S.EVALUATION),
          ("Cursos de especialización online (tres cursos en 2024)", S.EXECUTION),
          ("Formación ad-hoc a demanda de socios e instituciones", S.PROGRAMMING),
          ("Cápsulas formativas autogestionadas", S.EXECUTION)]),
        ("Congresos y encuentros",
         "Compartir experiencias y aprendizajes sobre una temática relevante para la red.",
         ["congress", "meetings", "surveys", "members"],
         [("XXVI Congreso en Zaragoza: Innovación Urbana Sostenible", S.EVALUATION),
          ("Encuentros de las seis redes territoriales", S.EXECUTION)]),
        ("Gestión del conocimiento y visibilidad",
         "Producir y difundir conocimiento sobre la planificación estratégica urbana.",
         ["practices"],
         [("Observatorio del Pensamiento Estratégico Urbano: sistematización de resultados", S.BUDGETING),
          ("Banco de buenas prácticas y blog de las ciudades", S.EXECUTION),
          ("Renovación de la web y las redes sociales", S.NONE)]),
        ("Gobernanza",
         "Seguimiento del plan por los órganos de gobierno y rendición de cuentas.",
         ["agreements"],
         [("Sesiones de la Junta Directiva y del Comité Ejecutivo con seguimiento de acuerdos", S.EXECUTION),
          ("Seguimiento del pago de cuotas de los socios", S.EXECUTION)]),
    ],
)

PLAN_2025 = (
    "Plan de acción 2025",
    "Objetivos y principales actividades del año.",
    [
        ("Fortalecer los valores compartidos y las capacidades de los gobiernos locales", "", ["campus"],
         [("Ofrecer formación presencial y virtual a las ciudades miembros, en especial a las nuevas", S.EXECUTION),
          ("Continuar con la oferta de cursos del aula virtual", S.PROGRAMMING)]),
        ("Dar difusión y reconocimiento a proyectos e iniciativas locales", "", ["practices", "calls"],
         [("Convocatoria del premio a buenas prácticas con jurado internacional", S.BUDGETING),
          ("Reuniones en línea para intercambiar experiencias", S.PLANNING)]),
        ("Crear instancias de debate y aprendizaje regionales", "", ["meetings", "mentorships"],
         [("Encuentros o congresos nacionales de las redes territoriales", S.PLANNING),
          ("Favorecer la mentoría entre ciudades", S.PROGRAMMING)]),
        ("Promover proyectos conjuntos e impulsar visitas de estudio", "", ["pairings", "microrredes"],
         [("Compartir buenas prácticas de proyectos conjuntos", S.NONE),
          ("Organizar visitas de estudio entre ciudades de la red", S.NONE)]),
        ("Mejora continuada de la gobernanza", "", ["agreements", "congress"],
         [("Convocar como mínimo tres reuniones del Comité Ejecutivo", S.PROGRAMMING),
          ("Lanzar la convocatoria de candidaturas a sede del congreso", S.PLANNING)]),
        ("Evaluación del trabajo realizado y rendición de cuentas", "", ["surveys", "members"],
         [("Presupuesto anual equilibrado y auditorías", S.PLANNING),
          ("Cuestionarios de evaluación a participantes de actividades y encuentros", S.NONE)]),
    ],
)


@transaction.atomic
def _load_plan(year: int, spec, responsible: list[Person]) -> int:
    title, introduction, lines = spec
    plan, created = ActionPlan.objects.get_or_create(year=year, defaults={"title": title, "introduction": introduction})
    if not created:
        return 0
    count = 0
    for position, (line_title, objective, groups, activities) in enumerate(lines, start=1):
        line = ActionLine.objects.create(plan=plan, position=position, title=line_title, objective=objective,
                                         figure_groups=groups)
        for index, (description, stage) in enumerate(activities, start=1):
            person = responsible[(position + index) % len(responsible)] if responsible else None
            Activity.objects.create(line=line, position=index, description=description, stage=stage,
                                    responsible=person)
            count += 1
    return count


# What carries each demo activity out: (plan year, start of the activity's description, model label,
# lookup). Rows are found in the other apps' demo data by label (network imports none of them);
# the year's rows only, at most LINKS_PER_ACTIVITY of each.
LINKS = (
    (2024, "Convocatoria anual de Microrredes", "programs.Call", {"kind": "microrred", "opens_at__year": 2024}),
    (2024, "Convocatoria anual de Microrredes", "programs.Microrred", {"year": 2024}),
    (2024, "Programa de Mentoría", "programs.Call", {"kind": "mentorship"}),
    (2024, "Programa de Mentoría", "programs.Mentorship", {"started_at__year": 2024}),
    (2024, "Ciclo de Encuentros Iberoamericanos", "programs.Webinar", {"starts_at__year": 2024}),
    (2024, "Cooperación ciudad a ciudad", "programs.CityPairing", {"starts_on__year__lte": 2024}),
    (2024, "Difusión periódica de convocatorias", "programs.FundingOpportunity", {"created_at__year": 2024}),
    (2024, "XIX edición de la Especialización", "campus.Edition",
     {"course__kind": "specialization", "year": 2024}),
    (2024, "Cursos de especialización online", "campus.Edition", {"course__kind": "online_course", "year": 2024}),
    (2024, "XXVI Congreso en Zaragoza", "events.Event", {"kind": "congress", "starts_at__year": 2024}),
    (2024, "XXVI Congreso en Zaragoza", "events.Questionnaire", {"links_sent_at__year": 2024}),
    (2024, "Encuentros de las seis redes territoriales", "events.Event",
     {"kind": "network_meeting", "starts_at__year": 2024}),
    (2024, "Banco de buenas prácticas", "programs.GoodPractice", {"state": "published", "published_at__year": 2024}),
    (2024, "Sesiones de la Junta Directiva", "events.BoardSession", {"held_at__year": 2024}),
    (2025, "Ofrecer formación presencial y virtual", "campus.Edition", {"year": 2025}),
    (2025, "Convocatoria del premio a buenas prácticas", "programs.Call", {"kind": "prize"}),
    (2025, "Reuniones en línea para intercambiar experiencias", "programs.Webinar", {"starts_at__year": 2025}),
    (2025, "Encuentros o congresos nacionales", "events.Event", {"kind": "network_meeting", "starts_at__year": 2025}),
    (2025, "Favorecer la mentoría entre ciudades", "programs.Mentorship", {"started_at__year": 2025}),
    (2025, "Convocar como mínimo tres reuniones", "events.BoardSession", {"held_at__year": 2025}),
    (2025, "Lanzar la convocatoria de candidaturas a sede del congreso", "programs.Call", {"kind": "congress_host"}),
    (2025, "Cuestionarios de evaluación", "events.Questionnaire", {"links_sent_at__year": 2025}),
)
LINKS_PER_ACTIVITY = 4


@transaction.atomic
def _link_activities() -> int:
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    count = 0
    for year, description, label, lookup in LINKS:
        activity = Activity.objects.filter(line__plan__year=year, description__startswith=description).first()
        try:
            model = apps.get_model(label)
        except LookupError:  # an app left out of this installation
            continue
        if activity is None:
            continue
        content_type = ContentType.objects.get_for_model(model)
        for pk in model.objects.filter(**lookup).order_by("pk").values_list("pk", flat=True)[:LINKS_PER_ACTIVITY]:
            _link, created = ActivityLink.objects.get_or_create(activity=activity, content_type=content_type,
                                                                object_id=pk)
            count += created
    return count


def load_demo(*, today: date | None = None) -> dict[str, int]:
    responsible = list(Person.objects.order_by("pk")[:4])
    activities = _load_plan(2024, PLAN_2024, responsible) + _load_plan(2025, PLAN_2025, responsible)
    return {"plan_activities": activities, "activity_links": _link_activities()}
