"""Demo data of the knowledge area; called by programs.demo.load_demo. Idempotent (rows keyed by
slug; registrations by webinar and e-mail; transfers by practice and city); sends no mail.

A year of the monthly cycle of encounters (past webinars with recordings and attendance, the next
ones open for registration), thirty good practices of the network's cities with the cities that
adopted or adapted them, and a few international funding calls like the city-to-city cooperation
programme of seed 002. The cycle's webinars and the calls relayed in 2024 and 2025 are on fixed dates,
and the practices were published from March 2024 on, so the annual report has figures for those years."""

from __future__ import annotations

import zoneinfo
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

from django.db import transaction

from network.demo import CARE
from network.demo import CLIM
from network.demo import DIGI
from network.demo import ECON
from network.demo import GEND
from network.demo import GOV
from network.demo import HOUS
from network.demo import INNO
from network.demo import MOB
from network.demo import PLAN
from network.demo import PROX
from network.demo import RESI
from network.models import Member
from network.models import SustainableDevelopmentGoal
from network.models import Theme
from programs.calls.enums import CallKind
from programs.calls.enums import Eligibility
from programs.calls.models import Call
from programs.knowledge.enums import PracticeState
from programs.knowledge.enums import WebinarState
from programs.knowledge.models import FundingOpportunity
from programs.knowledge.models import GoodPractice
from programs.knowledge.models import PracticeTransfer
from programs.knowledge.models import Webinar
from programs.knowledge.models import WebinarRegistration
from programs.knowledge.services.practices import practice_refresh_search

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")


P, R, D = PracticeState.PUBLISHED, PracticeState.IN_REVIEW, PracticeState.DRAFT

# slug, city, year, themes, SDGs, title, summary, body, transfers [(city, kind, year)], state
PRACTICES: tuple[tuple, ...] = (
    ("manzanas-del-cuidado", "bogota", 2020, (CARE, GEND), (5, 10), "Manzanas del Cuidado",
     "Servicios de cuidado agrupados a menos de 20 minutos a pie: lavanderías, escuelas de formación y respiro "
     "para las personas cuidadoras, casi todas mujeres.",
     "El Sistema Distrital de Cuidado reconoce, redistribuye y reduce el trabajo de cuidado. Las manzanas reúnen "
     "en edificios públicos existentes los servicios para quienes cuidan y para quienes son cuidados.\n\n"
     "Resultados: más de 20 manzanas en funcionamiento y cientos de miles de atenciones al año.",
     (("montevideo", "adapted", 2022), ("ciudad-de-mexico", "adapted", 2023), ("san-jose", "adopted", 2024),
      ("general-san-martin", "adapted", 2025)), P),
    ("metrocable-medellin", "medellin", 2004, (MOB, INNO), (11, 10), "Metrocable: teleféricos integrados al metro",
     "Líneas de cable aéreo que conectan los barrios de ladera con el sistema metro, con una sola tarifa y "
     "proyectos urbanos integrales en cada estación.",
     "El cable reduce a minutos recorridos de más de una hora. Cada estación vino con biblioteca, espacio público "
     "y equipamientos: el transporte como palanca de inclusión.",
     (("la-paz", "adapted", 2014), ("ciudad-de-mexico", "adapted", 2021), ("quito", "adapted", 2023)), P),
    ("orcamento-participativo", "porto-alegre", 1989, (GOV, INNO), (16, 10), "Orçamento Participativo",
     "A população decide em assembleias de bairro e temáticas uma parte dos investimentos municipais.",
     "Ciclo anual de assembleias, conselho do orçamento e prestação de contas pública. Referência mundial de "
     "democracia participativa.",
     (("rosario", "adapted", 2002), ("belo-horizonte", "adapted", 1993), ("malaga", "adapted", 2018)), P),
    ("rede-integrada-transporte", "curitiba", 1974, (MOB, PLAN), (11, 13), "Rede Integrada de Transporte",
     "Canaletas exclusivas, estações-tubo e tarifa integrada: o BRT que inspirou dezenas de cidades.",
     "O plano diretor alinhou uso do solo e eixos estruturais de transporte; a rede integra linhas "
     "troncais e alimentadoras com uma tarifa única.",
     (("bogota", "adapted", 2000), ("guadalajara", "adapted", 2009), ("lima", "adapted", 2010)), P),
    ("superilles-barcelona", "barcelona", 2016, (PROX, MOB, CLIM), (11, 3, 13), "Supermanzanas de barrio",
     "Calles pacificadas dentro de grupos de manzanas: menos tráfico de paso, más sombra, juego y vida vecinal.",
     "Ejes verdes y plazas en cruces que antes eran de los coches; diseño con el vecindario y urbanismo táctico "
     "antes de la obra definitiva.",
     (("valladolid", "adapted", 2022), ("zaragoza", "adapted", 2023), ("quito", "adapted", 2024),
      ("durango", "adapted", 2025)), P),
    ("biciquito", "quito", 2012, (MOB,), (11, 3), "BiciQuito: bicicleta pública en altura",
     "Sistema de bicicleta pública gratuito para residentes, con estaciones junto al trolebús y ciclovías "
     "recreativas los domingos.",
     "La pendiente y la altura exigieron una red de estaciones cercanas al transporte masivo y bicicletas "
     "asistidas en los tramos más empinados.",
     (("tunja", "adopted", 2021), ("riobamba", "adapted", 2023)), P),
    ("plan-estrategico-rosario", "rosario", 1998, (PLAN, GOV), (11, 17), "Plan Estratégico Rosario Metropolitana",
     "Un plan concertado con la participación de más de cien instituciones que ordenó veinte años de proyectos de ciudad y región.",
     "Junta promotora público-privada, mesas temáticas y un sistema de seguimiento anual de proyectos.",
     (("cordoba-ar", "adapted", 2005), ("general-san-martin", "adapted", 2019), ("asuncion", "adopted", 2021)),
     P),
    ("mercados-campesinos-pasto", "pasto", 2019, (ECON,), (8, 2, 12), "Mercados campesinos de cercanía",
     "Ferias semanales en los barrios con productores del entorno rural: precio justo y alimentos frescos.",
     "La alcaldía cede espacio público, organiza la logística y forma a las asociaciones de productores en "
     "comercialización y pagos digitales.",
     (("riobamba", "adopted", 2022), ("tunja", "adapted", 2023)), P),
    ("ecociudad-agua-zaragoza", "zaragoza", 1997, (CLIM, RESI), (6, 13), "Zaragoza, ciudad ahorradora de agua",
     "Una alianza con la ciudadanía redujo el consumo doméstico de agua en casi un tercio en quince años.",
     "Campañas, tarifas progresivas, renovación de redes y compromiso de cien mil hogares y empresas.",
     (("lima", "adapted", 2016), ("la-paz", "adapted", 2018)), P),
    ("vivienda-cooperativa-montevideo", "montevideo", 2008, (HOUS,), (11, 1), "Cooperativas de vivienda por ayuda mutua",
     "Familias que construyen juntas sus viviendas sobre suelo público, con asistencia técnica y crédito.",
     "La cartera de tierras municipal cede suelo urbanizado; las cooperativas aportan horas de trabajo y "
     "gestionan el conjunto en propiedad colectiva.",
     (("asuncion", "adapted", 2019), ("san-salvador", "adapted", 2022)), P),
    ("mi-teleferico-la-paz", "la-paz", 2014, (MOB, RESI), (11, 9), "Red de teleféricos metropolitana",
     "Diez líneas de cable entre La Paz y El Alto: el mayor sistema urbano de teleféricos del mundo.",
     "Integración tarifaria progresiva y estaciones como centros de servicios barriales.",
     (), P),
    ("lisboa-bairros-prioritarios", "lisboa", 2011, (HOUS, GOV), (11, 10), "BIP/ZIP: bairros e zonas de intervenção prioritária",
     "Pequenos financiamentos anuais a projetos de associações locais nos bairros mais vulneráveis.",
     "Concurso anual com júri participado; as parcerias locais gerem os projetos e partilham resultados.",
     (("porto-alegre", "adapted", 2017), ("sao-paulo", "adapted", 2020)), P),
    ("granollers-ciudad-educadora", "granollers", 2015, (PROX, GOV), (4, 11), "Caminos escolares seguros",
     "Itinerarios pacificados para que niñas y niños vayan solos a la escuela, diseñados con ellos.",
     "Diagnóstico con el alumnado, comercios 'refugio' en el recorrido y cambios de señalización.",
     (("malaga", "adopted", 2019), ("merida", "adapted", 2022)), P),
    ("agencia-innovacion-sao-paulo", "sao-paulo", 2017, (INNO, DIGI), (9, 16), "(011).lab: laboratório de inovação em governo",
     "Um laboratório municipal que redesenha serviços públicos com servidores e cidadãos.",
     "Design de serviços, testes rápidos e formação de servidores; mais de 40 serviços redesenhados.",
     (("bogota", "adapted", 2020), ("montevideo", "adapted", 2021)), P),
    ("bh-resiliente", "belo-horizonte", 2016, (RESI, CLIM), (13, 11), "Estratégia de resiliência e alerta de chuvas",
     "Sistema de alerta de chuvas fortes por SMS e núcleos comunitários de defesa civil nas vilas.",
     "Mapeamento de risco com as comunidades, sirenes e mensagens georreferenciadas.",
     (("ciudad-de-guatemala", "adapted", 2020), ("tegucigalpa", "adapted", 2022)), P),
    ("valle-aburra-calidad-aire", "valle-de-aburra", 2017, (CLIM, GOV, MOB), (3, 11, 13),
     "Plan integral de gestión de la calidad del aire",
     "Diez municipios con un solo plan: episodios críticos, restricción vehicular y red de monitoreo ciudadano.",
     "Una autoridad metropolitana que coordina alcaldías, industria y transporte con datos abiertos en tiempo real.",
     (("lima", "adapted", 2019), ("santiago-de-chile", "adapted", 2020), ("guadalajara", "adapted", 2021)), P),
    ("santiago-consejo-estrategico", "consejo-estrategico-santiago", 2010, (PLAN, GOV), (17, 11),
     "Consejo estratégico público-privado",
     "Un consejo independiente que da continuidad a la estrategia de la ciudad más allá de cada gobierno.",
     "Estatutos, presupuesto compartido y un observatorio de indicadores que publica un informe anual.",
     (("bilbao-metropoli-30", "adapted", 2012),), P),
    ("bilbao-revitalizacion", "bilbao-metropoli-30", 1991, (PLAN, ECON), (8, 11), "Revitalización del Bilbao metropolitano",
     "La asociación público-privada que acompañó la transformación de la ría y de la economía metropolitana.",
     "Reflexión estratégica continua con más de cien socios, benchmarking y proyectos tractores.",
     (("valladolid", "adapted", 2008), ("rosario", "adapted", 2010)), P),
    ("mexico-cuidados-utopias", "ciudad-de-mexico", 2021, (CARE, GEND, PROX), (5, 3, 10), "Utopías: parques de bienestar",
     "Grandes equipamientos en zonas de rezago con deporte, cultura y servicios de cuidado gratuitos.",
     "Recuperación de predios abandonados con diseño participativo y gestión comunitaria.",
     (("guadalajara", "adapted", 2023),), P),
    ("guadalajara-mi-macro", "guadalajara", 2019, (MOB,), (11, 13), "Mi Macro Periférico",
     "Un BRT sobre el anillo periférico que conecta colonias populares con el tren ligero.",
     "Rediseño de la avenida con ciclovía, arbolado y cruces seguros además del carril exclusivo.",
     (), P),
    ("durango-centro-historico", "durango", 2018, (PROX, ECON), (11, 8), "Rescate del centro histórico para peatones",
     "Calles peatonales y comercio local en el centro, con mercado y corredores culturales.",
     "Acuerdos con comerciantes, obras por etapas y programación cultural los fines de semana.",
     (("merida", "adopted", 2021),), P),
    ("merida-ciudad-verde", "merida", 2019, (CLIM, RESI), (13, 15), "Plan de infraestructura verde urbana",
     "Corredores arbolados y parques de bolsillo contra el calor extremo, medidos con sensores de temperatura.",
     "Inventario del arbolado, viveros municipales y adopción de árboles por el vecindario.",
     (("guanajuato", "adapted", 2022),), P),
    ("panama-datos-abiertos", "panama", 2020, (DIGI, INNO), (16, 9), "Portal municipal de datos abiertos",
     "Presupuesto, compras y permisos en formatos abiertos, con un laboratorio de reutilización.",
     "Normativa de apertura por defecto, equipo de datos y jornadas con universidades.",
     (("san-salvador", "adopted", 2022), ("tegucigalpa", "adopted", 2023)), P),
    ("san-jose-barrios-seguros", "san-jose", 2018, (GEND, PROX), (5, 11, 16), "Auditorías de seguridad de las mujeres",
     "Recorridos de mujeres por sus barrios para decidir luminarias, paradas y usos del espacio público.",
     "Metodología de marcha exploratoria, mapa de puntos críticos y presupuesto asignado a las propuestas.",
     (("ciudad-de-guatemala", "adopted", 2021), ("bogota", "adapted", 2021)), P),
    # In review and drafts: what the secretariat and the cities see in the admin and the portal.
    ("tunja-movilidad-escolar", "tunja", 2023, (MOB, PROX), (11, 4), "Rutas escolares en bicicleta",
     "Grupos de estudiantes que van en bicicleta al colegio acompañados por monitores.",
     "Piloto en cinco colegios, con formación vial y préstamo de bicicletas.", (), R),
    ("riobamba-economia-circular", "riobamba", 2024, (ECON, CLIM), (12, 8), "Economía circular en los mercados",
     "Compostaje de los residuos orgánicos de los mercados municipales para huertos urbanos.",
     "Separación en origen con los comerciantes y una planta de compostaje a escala barrial.", (), R),
    ("cordoba-gobierno-abierto", "cordoba-ar", 2024, (INNO, DIGI), (16,), "Gobierno abierto en los centros vecinales",
     "Puntos digitales en los centros vecinales para hacer trámites y participar en consultas.",
     "", (), R),
    ("medellin-unidades-vida", "medellin", 2024, (PROX, CARE), (3, 11), "Unidades de Vida Articulada",
     "Antiguos tanques de agua convertidos en centros de encuentro, deporte y cultura en los barrios.",
     "", (), D),
    ("quito-movilidad-electrica", "quito", 2025, (MOB, CLIM), (7, 11, 13), "Buses eléctricos en el trolebús",
     "Sustitución de la flota diésel de los corredores por buses eléctricos.",
     "", (), D),
    ("santiago-vivienda-arriendo", "santiago-de-chile", 2023, (HOUS,), (11, 1), "Arriendo protegido municipal",
     "Viviendas municipales en arriendo a precio justo en barrios céntricos.",
     "", (), D),
)

# offset in months from this month (negative: past), city, title, practice slug, themes, attendance
WEBINARS: tuple[tuple, ...] = (
    (-8, "bogota", "Manzanas del Cuidado: cómo cuidar a quien cuida", "manzanas-del-cuidado", (CARE, GEND), 212),
    (-7, "medellin", "Cables aéreos y urbanismo social", "metrocable-medellin", (MOB, INNO), 187),
    (-6, "porto-alegre", "35 anos de Orçamento Participativo", "orcamento-participativo", (GOV, INNO), 143),
    (-5, "barcelona", "Supermanzanas: la calle para las personas", "superilles-barcelona", (PROX, MOB), 264),
    (-4, "valle-de-aburra", "Calidad del aire: gestión metropolitana", "valle-aburra-calidad-aire", (CLIM, GOV), 131),
    (-3, "lisboa", "Bairros prioritários: pequenos projetos, grandes mudanças", "lisboa-bairros-prioritarios",
     (HOUS, GOV), 98),
    (-2, "san-jose", "Ciudades seguras para las mujeres", "san-jose-barrios-seguros", (GEND, PROX), 156),
    (-1, "panama", "Datos abiertos municipales que la gente usa", "panama-datos-abiertos", (DIGI, INNO), 119),
    (1, "montevideo", "Vivienda cooperativa por ayuda mutua", "vivienda-cooperativa-montevideo", (HOUS,), None),
    (2, "belo-horizonte", "Alertas de lluvia y defensa civil comunitaria", "bh-resiliente", (RESI, CLIM), None),
    (3, "pasto", "Mercados campesinos: del campo al barrio", "mercados-campesinos-pasto", (ECON,), None),
    (4, "merida", "Infraestructura verde contra el calor extremo", "merida-ciudad-verde", (CLIM, RESI), None),
)

# The cycle in 2024 and 2025, first Thursday of the month: (year, month, city, title, practice slug, themes,
# attendance).
WEBINAR_HISTORY: tuple[tuple, ...] = (
    (2024, 2, "rosario", "Treinta años de planificación estratégica en Rosario", "plan-estrategico-rosario",
     (PLAN, GOV), 176),
    (2024, 4, "quito", "BiciQuito: bicicleta pública a 2.800 metros de altura", "biciquito", (MOB,), 142),
    (2024, 6, "zaragoza", "Zaragoza, ciudad ahorradora de agua", "ecociudad-agua-zaragoza", (CLIM, RESI), 121),
    (2024, 10, "granollers", "Caminos escolares seguros, diseñados con la infancia", "granollers-ciudad-educadora",
     (PROX, GOV), 97),
    (2025, 2, "sao-paulo", "(011).lab: innovación en el gobierno municipal", "agencia-innovacion-sao-paulo",
     (INNO, DIGI), 133),
    (2025, 4, "ciudad-de-mexico", "Utopías: parques de bienestar en zonas de rezago", "mexico-cuidados-utopias",
     (CARE, GEND), 205),
    (2025, 6, "bilbao-metropoli-30", "Treinta años de revitalización del Bilbao metropolitano",
     "bilbao-revitalizacion", (PLAN, ECON), 118),
    (2025, 9, "la-paz", "Mi Teleférico: la red de cable de La Paz y El Alto", "mi-teleferico-la-paz",
     (MOB, RESI), 164),
)

SUMMARIES = {row[0]: row[6] for row in PRACTICES}
# The bank published its practices from March 2024 on, one every six weeks or so.
BANK_OPENED = date(2024, 3, 1)

REGISTRANTS = (
    ("Lucía Fernández", "AR", "Universidad Nacional de Rosario"), ("João Pereira", "BR", "Prefeitura de Recife"),
    ("Marta Quispe", "BO", "Gobierno Autónomo Municipal de El Alto"), ("Diego Salazar", "CO", "Alcaldía de Cali"),
    ("Elena Rius", "ES", "Diputación de Barcelona"), ("Sofía Mena", "EC", "GAD de Cuenca"),
    ("Rafael Costa", "PT", "Câmara Municipal do Porto"), ("Valeria Ortiz", "MX", "Instituto de Planeación de León"),
    ("Tomás Aguirre", "CL", "Universidad de Chile"), ("Ana Gómez", "UY", "Intendencia de Canelones"),
    ("Carlos Herrera", "PE", "Municipalidad de Arequipa"), ("Paula Rojas", "CR", "Municipalidad de Heredia"),
)


def _first_thursday(month_start: date) -> date:
    return month_start + timedelta(days=(3 - month_start.weekday()) % 7)


def _month(today: date, offset: int) -> date:
    year, month = divmod(today.month - 1 + offset, 12)
    return date(today.year + year, month + 1, 1)


def _webinar_start(today: date, offset: int) -> datetime:
    day = _first_thursday(_month(today, offset))
    if offset > 0 and day <= today:
        day += timedelta(days=7)
    return datetime.combine(day, time(16, 0), tzinfo=MADRID)


def load_practices(*, members: dict[str, Member], themes: dict[str, Theme], sdgs: dict[int, SustainableDevelopmentGoal],
                   today: date) -> tuple[int, int]:
    created = transfers = 0
    for index, row in enumerate(PRACTICES):
        slug, city, year, theme_slugs, sdg_numbers, title, summary, body, adopted, state = row
        member = members.get(city)
        if member is None:
            continue
        published = datetime.combine(min(BANK_OPENED + timedelta(days=45 * index), today - timedelta(days=30)),
                                     time(10), tzinfo=MADRID)
        practice, new = GoodPractice.objects.get_or_create(slug=slug, defaults={
            "member": member, "year": year, "title": title, "summary": summary, "body": body, "state": state,
            "published_at": published if state == P else None,
            **({"created_at": published - timedelta(days=14)} if state == P else {}),
            "review_comment": "Añadan cifras de resultados y una imagen del proyecto."
            if slug == "quito-movilidad-electrica" else "",
        })
        if new:
            created += 1
            practice.themes.set([themes[t] for t in theme_slugs if t in themes])
            practice.sdgs.set([sdgs[n] for n in sdg_numbers if n in sdgs])
            practice_refresh_search(practice)
        for adopter_slug, kind, adopted_year in adopted:
            adopter = members.get(adopter_slug)
            if adopter is None or adopter.pk == member.pk:
                continue
            _t, made = PracticeTransfer.objects.get_or_create(practice=practice, member=adopter,
                                                              defaults={"kind": kind, "year": adopted_year})
            transfers += made
    return created, transfers


def load_webinars(*, members: dict[str, Member], themes: dict[str, Theme], today: date) -> tuple[int, int]:
    created = registrations = 0
    for index, (offset, city, title, practice_slug, theme_slugs, attendance) in enumerate(WEBINARS):
        starts_at = _webinar_start(today, offset)
        slug = f"{practice_slug}-{starts_at:%Y-%m}"
        past = offset < 0
        member = members.get(city)
        webinar, new = Webinar.objects.get_or_create(slug=slug, defaults={
            "title": title, "starts_at": starts_at, "presenting_member": member,
            "summary": f"{SUMMARIES.get(practice_slug, '')}\n\n{member.name if member else ''} cuenta qué "
                       "problema resolvía, cómo lo diseñó con la ciudadanía, qué resultados tuvo y qué aprendió. "
                       "Habrá tiempo para preguntas de otras ciudades.",
            "speakers": "Responsable técnico del proyecto\nModeración: Secretaría de la red",
            "online_url": f"https://meet.redportal.org/encuentros/{slug}",
            "capacity": 300 if index % 3 else 150,
            "state": WebinarState.HELD if past else WebinarState.SCHEDULED,
            "recording_url": f"https://videos.redportal.org/ciclo-encuentros/{slug}" if past else "",
            "attendance_count": attendance,
        })
        if new:
            created += 1
            webinar.themes.set([themes[t] for t in theme_slugs if t in themes])
            GoodPractice.objects.filter(slug=practice_slug, webinar__isnull=True).update(webinar=webinar)
        if not past:
            for n, (name, country, institution) in enumerate(REGISTRANTS[: 12 - 2 * offset]):
                email = f"{name.split()[0].lower()}.{n}@inscripciones.example.org"
                _r, made = WebinarRegistration.objects.get_or_create(
                    webinar=webinar, email=email,
                    defaults={"name": name, "country": country, "institution": institution,
                              "language": "pt-br" if country in ("BR", "PT") else "es"})
                registrations += made
    created += _webinar_history(members=members, themes=themes, today=today)
    # A draft being prepared by the secretariat (a proposal of the call, say).
    draft_start = _webinar_start(today, 5)
    _w, new = Webinar.objects.get_or_create(slug=f"rutas-escolares-bicicleta-{draft_start:%Y-%m}", defaults={
        "title": "Rutas escolares en bicicleta", "starts_at": draft_start, "presenting_member": members.get("tunja"),
        "state": WebinarState.DRAFT, "capacity": 200,
    })
    return created + new, registrations


def _webinar_history(*, members: dict[str, Member], themes: dict[str, Theme], today: date) -> int:
    """The past encounters of 2024 and 2025, each with its registrations (one unsubscribed) and attendance."""
    created = 0
    for year, month, city, title, practice_slug, theme_slugs, attendance in WEBINAR_HISTORY:
        starts_at = datetime.combine(_first_thursday(date(year, month, 1)), time(16, 0), tzinfo=MADRID)
        member = members.get(city)
        if starts_at.date() >= today or member is None:
            continue
        slug = f"{practice_slug}-{starts_at:%Y-%m}"
        webinar, new = Webinar.objects.get_or_create(slug=slug, defaults={
            "title": title, "starts_at": starts_at, "presenting_member": member,
            "summary": f"{SUMMARIES.get(practice_slug, '')}\n\n{member.name} cuenta cómo lo hizo y qué aprendió.",
            "speakers": "Responsable técnico del proyecto\nModeración: Secretaría de la red",
            "online_url": f"https://meet.redportal.org/encuentros/{slug}", "capacity": 300,
            "state": WebinarState.HELD, "recording_url": f"https://videos.redportal.org/ciclo-encuentros/{slug}",
            "attendance_count": attendance, "created_at": starts_at - timedelta(days=40),
        })
        if not new:
            continue
        created += 1
        webinar.themes.set([themes[t] for t in theme_slugs if t in themes])
        GoodPractice.objects.filter(slug=practice_slug, webinar__isnull=True).update(webinar=webinar)
        for n, (name, country, institution) in enumerate(REGISTRANTS[: 6 + month % 5]):
            registered_at = starts_at - timedelta(days=12 - n)
            WebinarRegistration.objects.create(
                webinar=webinar, email=f"{name.split()[0].lower()}.{n}@inscripciones.example.org", name=name,
                country=country, institution=institution, language="pt-br" if country in ("BR", "PT") else "es",
                registered_at=registered_at, cancelled_at=registered_at + timedelta(days=3) if n == 1 else None)
    return created


FUNDING = (
    ("iurc-cooperacion-ciudad-ciudad", "Cooperación ciudad a ciudad UE – América Latina", "Unión Europea",
     "International Urban and Regional Cooperation (IURC)", 40, (MOB, CLIM, ECON, INNO), (),
     "Ciudades de la UE y de Argentina, Brasil, Chile, Colombia, Perú y México de más de 100.000 habitantes",
     "Emparejamiento de una ciudad europea con una no europea durante 18 meses: hoja de ruta conjunta, 2 o 3 "
     "visitas técnicas y viajes de hasta 5 personas financiados.", "https://www.iuc.eu/"),
    ("euroclima-movilidad-urbana", "Movilidad urbana sostenible baja en carbono", "Euroclima",
     "Programa Euroclima – Movilidad urbana", 25, (MOB, CLIM),
     ("red-andina", "red-brasil", "red-centroamerica-y-caribe", "red-cono-sur", "red-mexicana"),
     "América Latina", "Asistencia técnica y cofinanciación de proyectos piloto de movilidad eléctrica y activa.",
     "https://www.euroclima.org/"),
    ("bid-ciudades-innovacion", "Ciudades inteligentes e innovación pública", "Banco Interamericano de Desarrollo",
     "BID Lab", 60, (DIGI, INNO), (), "Países miembros prestatarios del BID",
     "Financiación no reembolsable para pilotos de gobierno digital y datos abiertos en municipios.",
     "https://bidlab.org/"),
    ("urbact-redes-transferencia", "Redes de transferencia de buenas prácticas", "URBACT",
     "URBACT IV", 12, (PLAN, GOV, HOUS), ("red-iberica",), "Estados miembros de la UE",
     "Redes de ciudades europeas que adaptan una buena práctica probada en otra ciudad.", "https://urbact.eu/"),
    ("fondo-resiliencia-2024", "Fondo de resiliencia climática urbana", "Fondo Verde para el Clima",
     "Ventanilla de ciudades", -20, (RESI, CLIM), (), "Países en desarrollo",
     "Preparación de proyectos de adaptación en ciudades intermedias.", "https://www.greenclimate.fund/"),
)


# Calls relayed in 2024 and 2025, closed now: slug, title, funder, programme, relayed on, deadline, themes,
# territorial networks, regions, summary, link.
FUNDING_HISTORY = (
    ("iurc-emparejamientos-2024", "Cooperación ciudad a ciudad: emparejamientos 2024", "Unión Europea",
     "International Urban and Regional Cooperation (IURC)", date(2024, 1, 22), date(2024, 3, 4),
     (MOB, CLIM, ECON, INNO), (),
     ("Ciudades de la UE y de Argentina, Brasil, Chile, Colombia y Perú de más de 100.000 habitantes, o grupos "
      "de ciudades"),
     ("Emparejamiento de 18 meses: hoja de ruta conjunta, entre 2 y 3 visitas técnicas y viajes y alojamiento de "
      "hasta 5 personas financiados."), "https://www.iuc.eu/"),
    ("euroclima-ciudades-intermedias-2024", "Acción climática en ciudades intermedias", "Euroclima",
     "Programa Euroclima – Ciudades", date(2024, 5, 13), date(2024, 7, 15), (CLIM, RESI),
     ("red-andina", "red-brasil", "red-centroamerica-y-caribe", "red-cono-sur", "red-mexicana"), "América Latina",
     "Asistencia técnica para planes locales de adaptación y mitigación.", "https://www.euroclima.org/"),
    ("urbact-planificacion-integrada-2025", "Redes de planificación urbana integrada", "URBACT", "URBACT IV",
     date(2025, 1, 20), date(2025, 3, 31), (PLAN, GOV), ("red-iberica",), "Estados miembros de la UE",
     "Redes de ciudades europeas que preparan juntas un plan de acción integrado.", "https://urbact.eu/"),
    ("bid-vivienda-asequible-2025", "Vivienda asequible y regeneración de barrios",
     "Banco Interamericano de Desarrollo", "Desarrollo urbano y vivienda", date(2025, 6, 2), date(2025, 9, 30),
     (HOUS,), (), "Países miembros prestatarios del BID",
     ("Cooperación técnica no reembolsable para programas municipales de vivienda asequible y mejora de "
      "barrios."), "https://www.iadb.org/"),
)


def load_funding(*, themes: dict[str, Theme], today: date) -> int:
    from network.models import TerritorialNetwork

    networks = {n.slug: n for n in TerritorialNetwork.objects.all()}
    created = 0
    for slug, title, funder, programme, days, theme_slugs, network_slugs, regions, summary, url in FUNDING:
        opportunity, new = FundingOpportunity.objects.get_or_create(slug=slug, defaults={
            "title": title, "funder": funder, "programme": programme, "summary": summary, "url": url,
            "deadline": datetime.combine(today + timedelta(days=days), time(17, 0),
                                         tzinfo=zoneinfo.ZoneInfo("Europe/Brussels")),
            "time_zone": "Europe/Brussels", "eligible_regions": regions, "published": True,
        })
        if new:
            created += 1
            opportunity.themes.set([themes[t] for t in theme_slugs if t in themes])
            opportunity.territorial_networks.set([networks[n] for n in network_slugs if n in networks])
    brussels = zoneinfo.ZoneInfo("Europe/Brussels")
    for (slug, title, funder, programme, relayed, deadline, theme_slugs, network_slugs, regions, summary,
         url) in FUNDING_HISTORY:
        if deadline >= today:
            continue
        opportunity, new = FundingOpportunity.objects.get_or_create(slug=slug, defaults={
            "title": title, "funder": funder, "programme": programme, "summary": summary, "url": url,
            "deadline": datetime.combine(deadline, time(17, 0), tzinfo=brussels), "time_zone": "Europe/Brussels",
            "eligible_regions": regions, "published": True,
            "created_at": datetime.combine(relayed, time(10, 0), tzinfo=MADRID),
        })
        if new:
            created += 1
            opportunity.themes.set([themes[t] for t in theme_slugs if t in themes])
            opportunity.territorial_networks.set([networks[n] for n in network_slugs if n in networks])
    return created


def load_support_call(*, today: date) -> int:
    """The call through which a city asks the secretariat for help with a funding proposal (open all year)."""
    _call, created = Call.objects.get_or_create(slug="apoyo-propuestas-financiacion", defaults={
        "kind": CallKind.FUNDING_SUPPORT, "title": "Apoyo de la secretaría para propuestas de financiación",
        "summary": "Pida ayuda para preparar una propuesta a una convocatoria internacional.",
        "description": "La secretaría revisa su propuesta, ayuda a articular partenariados con otras ciudades de "
                       "la red y comparte propuestas exitosas de convocatorias anteriores.",
        "published": True, "opens_at": datetime.combine(today - timedelta(days=60), time(9), tzinfo=MADRID),
        "closes_at": None, "eligibility": Eligibility.MEMBERS,
    })
    return int(created)


@transaction.atomic
def load_demo(*, today: date) -> dict[str, int]:
    members = {m.slug: m for m in Member.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    sdgs = {s.number: s for s in SustainableDevelopmentGoal.objects.all()}
    practices, transfers = load_practices(members=members, themes=themes, sdgs=sdgs, today=today)
    webinars, registrations = load_webinars(members=members, themes=themes, today=today)
    return {
        "webinars_created": webinars,
        "webinar_registrations_created": registrations,
        "good_practices_created": practices,
        "practice_transfers_created": transfers,
        "funding_opportunities_created": load_funding(themes=themes, today=today),
        "support_calls_created": load_support_call(today=today),
    }
