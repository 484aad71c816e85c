"""Demo data: the network's territorial networks, themes, members, dues, people and demo logins.

Everything here is plain data at module level plus small loaders. `load_demo()` is idempotent:
rows are keyed by slug, e-mail or (member, year) and saved only when a value differs, so a
second run creates nothing, changes nothing and adds no history rows. The data is
deterministic for a given `today`: dues cover the last three years relative to it.

The member cities are the real ones named in the source documents (seeds 000–004) plus other
Ibero-American cities of such networks. People are fictional; their names are drawn from a
seeded generator so they are stable from run to run.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import timedelta
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import models
from django.db import transaction
from django.utils import timezone

from network import services
from network.enums import Currency
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
from network.text import search_key

# --- Themes ------------------------------------------------------------------------------
# slug, Spanish, Portuguese, English, SDG numbers, description (Spanish),
# technician's field of work (Spanish, Portuguese) used to build job titles.
THEMES: tuple[dict[str, Any], ...] = (
    {
        "slug": "movilidad-urbana-sostenible",
        "name": "Movilidad urbana sostenible",
        "name_pt": "Mobilidade urbana sustentável",
        "name_en": "Sustainable urban mobility",
        "sdgs": (11, 13, 3),
        "description": "Transporte público, movilidad activa y logística urbana para ciudades "
        "más accesibles, seguras y bajas en emisiones.",
        "area": ("Movilidad", "Mobilidade"),
    },
    {
        "slug": "sistemas-de-cuidados",
        "name": "Sistemas de cuidados",
        "name_pt": "Sistemas de cuidados",
        "name_en": "Care systems",
        "sdgs": (5, 10, 3),
        "description": "Políticas y servicios municipales que reconocen, reducen y redistribuyen "
        "el trabajo de cuidados.",
        "area": ("Cuidados", "Cuidados"),
    },
    {
        "slug": "accion-climatica",
        "name": "Acción climática",
        "name_pt": "Ação climática",
        "name_en": "Climate action",
        "sdgs": (13, 11, 7),
        "description": "Planes de mitigación y adaptación al cambio climático, transición "
        "energética y soluciones basadas en la naturaleza.",
        "area": ("Acción Climática", "Ação Climática"),
    },
    {
        "slug": "gobernanza-metropolitana",
        "name": "Gobernanza metropolitana",
        "name_pt": "Governança metropolitana",
        "name_en": "Metropolitan governance",
        "sdgs": (11, 16, 17),
        "description": "Coordinación supramunicipal de la planificación y la gestión de "
        "servicios en las áreas metropolitanas.",
        "area": ("Gobernanza Metropolitana", "Governança Metropolitana"),
    },
    {
        "slug": "derecho-a-la-vivienda",
        "name": "Derecho a la vivienda",
        "name_pt": "Direito à moradia",
        "name_en": "Right to housing",
        "sdgs": (11, 1, 10),
        "description": "Vivienda asequible, mejoramiento de barrios y políticas de suelo para "
        "garantizar el derecho a la vivienda.",
        "area": ("Vivienda", "Habitação"),
    },
    {
        "slug": "innovacion-publica",
        "name": "Innovación pública",
        "name_pt": "Inovação pública",
        "name_en": "Public innovation",
        "sdgs": (16, 9, 17),
        "description": "Laboratorios de innovación, compra pública innovadora y nuevas formas "
        "de colaboración entre gobierno local y ciudadanía.",
        "area": ("Innovación Pública", "Inovação Pública"),
    },
    {
        "slug": "transicion-digital",
        "name": "Transición digital",
        "name_pt": "Transição digital",
        "name_en": "Digital transition",
        "sdgs": (9, 11, 16),
        "description": "Gobierno digital, datos abiertos, inclusión digital y uso ético de la "
        "tecnología en la gestión urbana.",
        "area": ("Transformación Digital", "Transformação Digital"),
    },
    {
        "slug": "economia-local",
        "name": "Economía local",
        "name_pt": "Economia local",
        "name_en": "Local economy",
        "sdgs": (8, 1, 10),
        "description": "Desarrollo económico local, empleo, economía social y solidaria y "
        "apoyo al comercio de proximidad.",
        "area": ("Desarrollo Económico Local", "Desenvolvimento Econômico Local"),
    },
    {
        "slug": "perspectiva-de-genero",
        "name": "Perspectiva de género",
        "name_pt": "Perspectiva de gênero",
        "name_en": "Gender perspective",
        "sdgs": (5, 10, 11),
        "description": "Transversalización del enfoque de género en la planificación y la "
        "gestión municipal.",
        "area": ("Igualdad de Género", "Igualdade de Gênero"),
    },
    {
        "slug": "planificacion-estrategica-urbana",
        "name": "Planificación estratégica urbana",
        "name_pt": "Planejamento estratégico urbano",
        "name_en": "Strategic urban planning",
        "sdgs": (11, 16, 17),
        "description": "Diseño y gestión, con los actores sociales, de los planes y proyectos "
        "estratégicos de la ciudad.",
        "area": ("Planificación Estratégica", "Planejamento Estratégico"),
    },
    {
        "slug": "resiliencia-urbana",
        "name": "Resiliencia urbana",
        "name_pt": "Resiliência urbana",
        "name_en": "Urban resilience",
        "sdgs": (11, 13, 1),
        "description": "Gestión del riesgo de desastres y capacidad de la ciudad para "
        "anticipar, resistir y recuperarse de crisis.",
        "area": ("Gestión de Riesgos y Resiliencia", "Resiliência Urbana"),
    },
    {
        "slug": "ciudad-proxima",
        "name": "Ciudad próxima",
        "name_pt": "Cidade de proximidade",
        "name_en": "Proximity city",
        "sdgs": (11, 3, 13),
        "description": "Barrios completos donde los servicios cotidianos están a pocos minutos "
        "a pie o en bicicleta.",
        "area": ("Urbanismo de Proximidad", "Urbanismo de Proximidade"),
    },
)

THEME_AREAS: dict[str, tuple[str, str]] = {theme["slug"]: theme["area"] for theme in THEMES}

# --- Territorial networks ----------------------------------------------------------------
# The coordinating member is set once the members exist.
TERRITORIAL_NETWORKS: tuple[dict[str, Any], ...] = (
    {
        "slug": "red-andina",
        "name": "Red Andina",
        "countries": ("CO", "EC", "PE", "BO", "VE"),
        "coordinator": "quito",
        "description": "Reúne a las ciudades socias de Colombia, Ecuador, Perú, Bolivia y "
        "Venezuela. Sus encuentros abordan la planificación de ciudades de montaña, la "
        "movilidad sostenible en contextos de fuerte pendiente, la gestión del riesgo y el "
        "desarrollo económico local, y sirven para acordar una agenda de incidencia regional "
        "común.",
    },
    {
        "slug": "red-brasil",
        "name": "Red Brasil",
        "countries": ("BR",),
        "coordinator": "belo-horizonte",
        "description": "Agrupa a las ciudades brasileñas de la red. Trabaja en portugués sobre "
        "planificación estratégica, vivienda, resiliencia climática e innovación pública, y "
        "conecta la experiencia de las grandes metrópolis brasileñas con el resto de "
        "Iberoamérica.",
    },
    {
        "slug": "red-centroamerica-y-caribe",
        "name": "Red Centroamérica y Caribe",
        "countries": ("PA", "CR", "GT", "SV", "HN", "NI", "DO", "CU", "PR"),
        "coordinator": "consejo-estrategico-santiago",
        "description": "Integra a las ciudades y entidades de Centroamérica y el Caribe. Su "
        "agenda prioriza la resiliencia frente a desastres naturales, la gobernanza "
        "metropolitana de las capitales, el derecho a la vivienda y la economía local, con "
        "encuentros rotativos entre los países de la región.",
    },
    {
        "slug": "red-cono-sur",
        "name": "Red Cono Sur",
        "countries": ("AR", "CL", "UY", "PY"),
        "coordinator": "rosario",
        "description": "Reúne a las ciudades de Argentina, Chile, Uruguay y Paraguay, con una "
        "larga tradición en planificación estratégica urbana. Comparte experiencias sobre "
        "economía local, sistemas de cuidados, movilidad y participación ciudadana.",
    },
    {
        "slug": "red-iberica",
        "name": "Red Ibérica",
        "countries": ("ES", "PT", "AD"),
        "coordinator": "barcelona",
        "description": "Agrupa a las ciudades, áreas metropolitanas y entidades de España, "
        "Portugal y Andorra. Actúa como puente con la agenda urbana europea y sus programas de "
        "cooperación ciudad-ciudad, y trabaja en acción climática, vivienda y ciudad próxima.",
    },
    {
        "slug": "red-mexicana",
        "name": "Red Mexicana",
        "countries": ("MX",),
        "coordinator": "merida",
        "description": "Reúne a los municipios mexicanos socios y a sus institutos municipales "
        "de planeación. Su agenda se centra en la planeación de largo plazo, la movilidad "
        "sostenible y la coordinación metropolitana entre municipios.",
    },
)

NETWORK_OF_COUNTRY: dict[str, str] = {
    country: network["slug"] for network in TERRITORIAL_NETWORKS for country in network["countries"]
}

# --- Members -----------------------------------------------------------------------------
CITY = MemberKind.CITY
METRO = MemberKind.METROPOLITAN_AREA
ENTITY = MemberKind.ENTITY

ACTIVE = MemberStatus.ACTIVE
IN_ARREARS = MemberStatus.IN_ARREARS
SUSPENDED = MemberStatus.SUSPENDED
FORMER = MemberStatus.FORMER
PROSPECT = MemberStatus.PROSPECT

# Theme slugs, short.
MOB, CARE = "movilidad-urbana-sostenible", "sistemas-de-cuidados"
CLIM, GOV = "accion-climatica", "gobernanza-metropolitana"
HOUS, INNO = "derecho-a-la-vivienda", "innovacion-publica"
DIGI, ECON = "transicion-digital", "economia-local"
GEND, PLAN = "perspectiva-de-genero", "planificacion-estrategica-urbana"
RESI, PROX = "resiliencia-urbana", "ciudad-proxima"


@dataclass(frozen=True)
class DemoMember:
    slug: str
    name: str
    country: str
    kind: str
    population: int
    joined_on: date | None
    website: str
    latitude: str
    longitude: str
    themes: tuple[str, ...]
    status: str = ACTIVE
    description: str = ""
    focal_points: int = 1  # one or two
    # Active member whose dues for the current year have not been invoiced yet (no Dues row).
    not_invoiced_this_year: bool = False

    @property
    def email_domain(self) -> str:
        host = self.website.split("://", 1)[-1].split("/", 1)[0]
        return host.removeprefix("www.")


# fmt: off
MEMBERS: tuple[DemoMember, ...] = (
    # Red Andina
    DemoMember("medellin", "Medellín", "CO", CITY, 2_616_000, date(1994, 5, 20),
               "https://www.medellin.gov.co", "6.244203", "-75.581212", (MOB, INNO, PLAN),
               description="Ciudad socia de la Microrred de Movilidad Sostenible."),
    DemoMember("bogota", "Bogotá", "CO", CITY, 7_907_000, date(1993, 10, 15), "https://bogota.gov.co",
               "4.710989", "-74.072092", (CARE, GEND, GOV), focal_points=2),
    DemoMember("pasto", "Pasto", "CO", CITY, 392_000, date(2016, 6, 1), "https://www.pasto.gov.co",
               "1.213611", "-77.281111", (ECON, PLAN),
               description="Ciudad socia de la Microrred de Economía Local."),
    DemoMember("tunja", "Tunja", "CO", CITY, 180_000, date(2019, 3, 14), "https://www.tunja-boyaca.gov.co",
               "5.535278", "-73.367778", (MOB, PLAN),
               description="Ciudad socia de la Microrred de Movilidad Sostenible."),
    DemoMember("valle-de-aburra", "Área Metropolitana del Valle de Aburrá", "CO", METRO, 4_100_000,
               date(2012, 9, 27), "https://www.metropol.gov.co", "6.252500", "-75.567000", (GOV, MOB, CLIM),
               not_invoiced_this_year=True),
    DemoMember("quito", "Quito", "EC", CITY, 2_800_000, date(1995, 11, 8), "https://www.quito.gob.ec",
               "-0.180653", "-78.467838", (MOB, RESI, CLIM),
               description="Distrito Metropolitano; ciudad socia de la Microrred de Movilidad Sostenible."),
    DemoMember("riobamba", "Riobamba", "EC", CITY, 264_000, date(2018, 4, 23),
               "https://www.gadmriobamba.gob.ec", "-1.664350", "-78.654646", (ECON, PLAN),
               description="Ciudad socia de la Microrred de Economía Local."),
    DemoMember("lima", "Lima", "PE", CITY, 9_700_000, date(1997, 7, 2), "https://www.munlima.gob.pe",
               "-12.046374", "-77.042793", (GOV, HOUS, RESI)),
    DemoMember("la-paz", "La Paz", "BO", CITY, 755_000, date(2001, 5, 16), "https://www.lapaz.bo",
               "-16.489689", "-68.119294", (RESI, PLAN), status=IN_ARREARS),
    # Red Brasil
    DemoMember("sao-paulo", "São Paulo", "BR", CITY, 11_450_000, date(1999, 10, 6),
               "https://www.prefeitura.sp.gov.br", "-23.550520", "-46.633308", (ECON, HOUS, DIGI),
               focal_points=2,
               description="Ciudad socia de la Microrred de Economía Local."),
    DemoMember("belo-horizonte", "Belo Horizonte", "BR", CITY, 2_315_000, date(2002, 8, 19),
               "https://prefeitura.pbh.gov.br", "-19.916681", "-43.934493", (PLAN, INNO)),
    DemoMember("porto-alegre", "Porto Alegre", "BR", CITY, 1_332_000, date(2003, 3, 10),
               "https://prefeitura.poa.br", "-30.034647", "-51.217658", (RESI, CLIM), status=IN_ARREARS),
    DemoMember("curitiba", "Curitiba", "BR", CITY, 1_773_000, None, "https://www.curitiba.pr.gov.br",
               "-25.428954", "-49.267137", (MOB, CLIM), status=PROSPECT),
    # Red Centroamérica y Caribe
    DemoMember("panama", "Panamá", "PA", CITY, 1_086_000, date(2008, 2, 12), "https://www.mupa.gob.pa",
               "8.982379", "-79.519870", (ECON, RESI),
               description="Ciudad socia de la Microrred de Economía Local."),
    DemoMember("consejo-estrategico-santiago", "Consejo Estratégico de Santiago", "DO", ENTITY, 1_074_000,
               date(2006, 11, 30), "https://www.ces.org.do", "19.451200", "-70.697000", (MOB, PLAN, GOV),
               description="Consejo para el desarrollo estratégico de Santiago de los Caballeros "
                           "(República Dominicana); socio de la Microrred de Movilidad Sostenible."),
    DemoMember("san-jose", "San José", "CR", CITY, 352_000, date(2004, 6, 21), "https://www.msj.go.cr",
               "9.928069", "-84.090725", (CLIM, PROX)),
    DemoMember("ciudad-de-guatemala", "Ciudad de Guatemala", "GT", CITY, 1_221_000, date(2000, 9, 4),
               "https://www.muniguate.com", "14.634915", "-90.506882", (GOV, HOUS)),
    DemoMember("san-salvador", "San Salvador", "SV", CITY, 240_000, date(2005, 4, 18),
               "https://www.sansalvador.gob.sv", "13.692940", "-89.218191", (INNO, ECON), status=SUSPENDED),
    DemoMember("tegucigalpa", "Tegucigalpa", "HN", CITY, 1_276_000, date(2009, 10, 26), "https://www.amdc.hn",
               "14.072275", "-87.192136", (RESI, HOUS), status=IN_ARREARS),
    # Red Cono Sur
    DemoMember("rosario", "Rosario", "AR", CITY, 1_000_000, date(1993, 10, 15), "https://www.rosario.gob.ar",
               "-32.944243", "-60.650539", (ECON, PLAN, INNO),
               description="Ciudad socia de la Microrred de Economía Local."),
    DemoMember("cordoba-ar", "Córdoba", "AR", CITY, 1_505_000, date(1995, 4, 3), "https://cordoba.gob.ar",
               "-31.420083", "-64.188776", (MOB, DIGI),
               description="Ciudad socia de la Microrred de Movilidad Sostenible."),
    DemoMember("general-san-martin", "General San Martín", "AR", CITY, 422_000, date(2014, 5, 7),
               "https://www.sanmartin.gov.ar", "-34.575000", "-58.537500", (ECON, GEND),
               description="Partido del Gran Buenos Aires; socio de la Microrred de Economía Local."),
    DemoMember("montevideo", "Montevideo", "UY", CITY, 1_320_000, date(1994, 3, 22),
               "https://montevideo.gub.uy", "-34.901113", "-56.164531", (CARE, GEND, HOUS)),
    DemoMember("santiago-de-chile", "Santiago de Chile", "CL", CITY, 503_000, date(1996, 8, 13),
               "https://www.munistgo.cl", "-33.448890", "-70.669265", (HOUS, PROX)),
    DemoMember("asuncion", "Asunción", "PY", CITY, 462_000, date(2007, 7, 9), "https://www.asuncion.gov.py",
               "-25.263740", "-57.575926", (PLAN, RESI), status=IN_ARREARS),
    # Red Ibérica
    DemoMember("zaragoza", "Zaragoza", "ES", CITY, 686_000, date(1998, 2, 26), "https://www.zaragoza.es",
               "41.648823", "-0.889085", (MOB, CLIM, INNO),
               description="Sede del XXVI Congreso (2024, «Innovación Urbana Sostenible: la energía de las "
                           "ciudades») y socia de la Microrred de Movilidad Sostenible."),
    DemoMember("barcelona", "Barcelona", "ES", CITY, 1_660_000, date(1993, 10, 15),
               "https://www.barcelona.cat", "41.385064", "2.173403", (CARE, HOUS, PROX, CLIM), focal_points=2,
               description="Ciudad fundadora; su Ayuntamiento apoya el programa de Microrredes de "
                           "Estrategias Urbanas."),
    DemoMember("area-metropolitana-barcelona", "Área Metropolitana de Barcelona", "ES", METRO, 3_300_000,
               date(2011, 5, 24), "https://www.amb.cat", "41.379700", "2.143900", (GOV, MOB, CLIM)),
    DemoMember("granollers", "Granollers", "ES", CITY, 62_500, date(2010, 10, 5),
               "https://www.granollers.cat", "41.607900", "2.287300", (ECON, PLAN, GEND),
               not_invoiced_this_year=True),
    DemoMember("lisboa", "Lisboa", "PT", CITY, 545_000, date(1997, 11, 17), "https://www.lisboa.pt",
               "38.722252", "-9.139337", (CLIM, DIGI)),
    DemoMember("malaga", "Málaga", "ES", CITY, 591_000, date(2005, 9, 29), "https://www.malaga.eu",
               "36.721261", "-4.421266", (INNO, DIGI, ECON)),
    DemoMember("valladolid", "Valladolid", "ES", CITY, 298_000, date(1995, 6, 12),
               "https://www.valladolid.es", "41.652251", "-4.724532", (MOB, PLAN), status=FORMER),
    DemoMember("bilbao-metropoli-30", "Bilbao Metropoli-30", "ES", ENTITY, 875_000, date(1996, 1, 31),
               "https://www.bm30.eus", "43.263013", "-2.934985", (PLAN, GOV, INNO),
               description="Asociación para la revitalización del Bilbao metropolitano."),
    # Red Mexicana
    DemoMember("merida", "Mérida", "MX", CITY, 995_000, date(2003, 9, 15), "https://www.merida.gob.mx",
               "20.967370", "-89.592586", (MOB, CLIM, PLAN),
               description="Ciudad socia de la Microrred de Movilidad Sostenible."),
    DemoMember("durango", "Durango", "MX", CITY, 688_000, date(2012, 4, 19),
               "https://www.municipiodurango.gob.mx", "24.027720", "-104.653176", (PLAN, ECON),
               description="Sede del seminario presencial de la XIX edición de la Especialización en "
                           "Pensamiento Estratégico Urbano (2024)."),
    DemoMember("guanajuato", "Guanajuato", "MX", CITY, 194_500, date(2025, 3, 12),
               "https://www.guanajuatocapital.gob.mx", "21.019015", "-101.257359", (PLAN, PROX),
               description="Municipio socio a través de su Instituto Municipal de Planeación (IMPLAN)."),
    DemoMember("ciudad-de-mexico", "Ciudad de México", "MX", CITY, 9_209_000, date(1993, 10, 15),
               "https://www.cdmx.gob.mx", "19.432608", "-99.133209", (CARE, MOB, RESI)),
    DemoMember("guadalajara", "Guadalajara", "MX", CITY, 1_385_000, None, "https://guadalajara.gob.mx",
               "20.659698", "-103.349609", (MOB, GOV), status=PROSPECT),
)
# fmt: on

# Statuses whose members belong to the network today and keep a team with focal points.
TEAM_STATUSES = (ACTIVE, IN_ARREARS, SUSPENDED)

# --- Demo logins -------------------------------------------------------------------------
STAFF_EMAIL = "staff@demo.redportal.org"
FOCAL_EMAIL = "focal@demo.redportal.org"
TECHNICIAN_EMAIL = "tecnico@demo.redportal.org"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    name: str
    label: str  # shown by the load_demo command
    is_staff: bool = False
    member: str = ""  # slug of the member whose person this login is
    role: str = ""
    first_name: str = ""
    last_name: str = ""
    position: str = ""


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(STAFF_EMAIL, "Secretaría (demo)", "staff", is_staff=True),
    DemoLogin(
        FOCAL_EMAIL, "Catalina Restrepo", "focal point", member="medellin", role=RoleKind.FOCAL_POINT,
        first_name="Catalina", last_name="Restrepo Uribe",
        position="Directora de Planeación Estratégica y Relaciones Internacionales",
    ),
    DemoLogin(
        TECHNICIAN_EMAIL, "Andrés Guerrero", "technician", member="quito", role=RoleKind.TECHNICIAN,
        first_name="Andrés", last_name="Guerrero Paredes", position="Técnico de Movilidad Sostenible",
    ),
)

# --- Fictional names ---------------------------------------------------------------------
# (first name, gender) — gender picks the job title's form.
NAMES_ES: tuple[tuple[str, str], ...] = (
    ("María José", "f"), ("Ana Lucía", "f"), ("Carolina", "f"), ("Daniela", "f"), ("Laura", "f"),
    ("Paula", "f"), ("Valentina", "f"), ("Gabriela", "f"), ("Lucía", "f"), ("Mariana", "f"),
    ("Natalia", "f"), ("Patricia", "f"), ("Sofía", "f"), ("Verónica", "f"), ("Claudia", "f"),
    ("Adriana", "f"), ("Beatriz", "f"), ("Silvia", "f"), ("Elena", "f"), ("Marta", "f"),
    ("Rocío", "f"), ("Inés", "f"), ("Lorena", "f"), ("Ximena", "f"), ("Alejandra", "f"),
    ("Fernanda", "f"), ("Julieta", "f"), ("Teresa", "f"), ("Camila", "f"), ("Isabel", "f"),
    ("Juan Carlos", "m"), ("Andrés", "m"), ("Diego", "m"), ("Fernando", "m"), ("Jorge", "m"),
    ("Luis", "m"), ("Miguel Ángel", "m"), ("Pablo", "m"), ("Ricardo", "m"), ("Sergio", "m"),
    ("Alejandro", "m"), ("Carlos", "m"), ("Daniel", "m"), ("Eduardo", "m"), ("Francisco", "m"),
    ("Gonzalo", "m"), ("Javier", "m"), ("Manuel", "m"), ("Martín", "m"), ("Óscar", "m"),
    ("Raúl", "m"), ("Roberto", "m"), ("Santiago", "m"), ("Tomás", "m"), ("Víctor", "m"),
    ("Hernán", "m"), ("Mauricio", "m"), ("Rodrigo", "m"), ("Esteban", "m"), ("Ignacio", "m"),
)
SURNAMES_ES: tuple[str, ...] = (
    "García", "Rodríguez", "Martínez", "López", "González", "Hernández", "Pérez", "Sánchez",
    "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Morales", "Ortiz", "Castro",
    "Vargas", "Romero", "Herrera", "Medina", "Aguilar", "Rojas", "Mendoza", "Guzmán", "Navarro",
    "Ruiz", "Álvarez", "Moreno", "Jiménez", "Castillo", "Cabrera", "Salazar", "Pineda",
    "Cordero", "Villalobos", "Ibarra", "Fuentes", "Peña", "Cárdenas", "Bustos", "Quintero",
    "Echeverría", "Arce", "Montoya", "Zapata", "Ospina", "Benítez", "Acosta", "Sosa",
)
NAMES_PT: tuple[tuple[str, str], ...] = (
    ("Ana Paula", "f"), ("Beatriz", "f"), ("Camila", "f"), ("Fernanda", "f"), ("Juliana", "f"),
    ("Luciana", "f"), ("Mariana", "f"), ("Patrícia", "f"), ("Renata", "f"), ("Tatiana", "f"),
    ("Aline", "f"), ("Carla", "f"), ("Débora", "f"), ("Gabriela", "f"), ("Helena", "f"),
    ("Larissa", "f"), ("Letícia", "f"), ("Márcia", "f"), ("Raquel", "f"), ("Sílvia", "f"),
    ("André", "m"), ("Bruno", "m"), ("Carlos Eduardo", "m"), ("Daniel", "m"), ("Eduardo", "m"),
    ("Felipe", "m"), ("Gustavo", "m"), ("João Pedro", "m"), ("Leonardo", "m"), ("Lucas", "m"),
    ("Marcelo", "m"), ("Paulo", "m"), ("Rafael", "m"), ("Ricardo", "m"), ("Rodrigo", "m"),
    ("Thiago", "m"), ("Vinícius", "m"), ("Fábio", "m"), ("Henrique", "m"), ("Sérgio", "m"),
)
SURNAMES_PT: tuple[str, ...] = (
    "Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Rodrigues", "Almeida",
    "Nascimento", "Lima", "Araújo", "Fernandes", "Carvalho", "Gomes", "Martins", "Rocha",
    "Ribeiro", "Barbosa", "Teixeira", "Moreira", "Cardoso", "Correia", "Mendes", "Freitas",
    "Cavalcanti", "Monteiro", "Moura", "Azevedo", "Pinto", "Batista",
)

PORTUGUESE_SPEAKING = ("BR", "PT")

# Job titles: (masculine, feminine).
MAYOR_TITLES: dict[str, tuple[str, str]] = {
    "AR": ("Intendente", "Intendenta"),
    "UY": ("Intendente", "Intendenta"),
    "PY": ("Intendente", "Intendenta"),
    "MX": ("Presidente Municipal", "Presidenta Municipal"),
    "BR": ("Prefeito", "Prefeita"),
    "PT": ("Presidente da Câmara Municipal", "Presidente da Câmara Municipal"),
}
DEFAULT_MAYOR_TITLE = ("Alcalde", "Alcaldesa")
OFFICIAL_TITLES: dict[str, tuple[str, str]] = {
    "ES": ("Concejal de Urbanismo", "Concejala de Urbanismo"),
    "PT": ("Vereador do Urbanismo", "Vereadora do Urbanismo"),
    "BR": ("Secretário Municipal de Planejamento", "Secretária Municipal de Planejamento"),
    "CO": ("Secretario de Planeación", "Secretaria de Planeación"),
    "MX": (
        "Director del Instituto Municipal de Planeación",
        "Directora del Instituto Municipal de Planeación",
    ),
}
DEFAULT_OFFICIAL_TITLE = ("Secretario de Planificación", "Secretaria de Planificación")
HEAD_OF_ORGANISATION_TITLE = ("Director general", "Directora general")
FOCAL_POINT_TITLES_ES = (
    ("Director de Relaciones Internacionales", "Directora de Relaciones Internacionales"),
    ("Coordinador de Planificación Estratégica", "Coordinadora de Planificación Estratégica"),
)
FOCAL_POINT_TITLES_PT = (
    ("Coordenador de Relações Internacionais", "Coordenadora de Relações Internacionais"),
    ("Assessor de Planejamento Estratégico", "Assessora de Planejamento Estratégico"),
)
FOCAL_POINT_TITLE_ENTITY = ("Coordinador técnico", "Coordinadora técnica")


# --- Helpers -----------------------------------------------------------------------------
@dataclass
class LoadStats:
    created: int = 0
    updated: int = 0
    changed: list[str] = field(default_factory=list)


def _stable(key: str, modulo: int) -> int:
    """A number in [0, modulo) that depends only on `key` (not on hash randomization)."""
    return zlib.crc32(key.encode()) % modulo


def _same(current: Any, wanted: Any) -> bool:
    if isinstance(wanted, (list, tuple)):  # CountryField(multiple=True) returns Country objects
        return sorted(str(getattr(c, "code", c)) for c in current or ()) == sorted(map(str, wanted))
    if isinstance(current, models.Model) or isinstance(wanted, models.Model):
        return getattr(current, "pk", current) == getattr(wanted, "pk", wanted)
    return current == wanted


def _upsert(
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    stats: LoadStats,
    *,
    create_only: dict[str, Any] | None = None,
) -> models.Model:
    """get-or-create by `lookup`, then save only the `values` that differ (no save if none do).

    Unlike update_or_create this does not save unchanged rows, so re-running the loader adds no
    history records. `create_only` values are used only when the row is created.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values, **(create_only or {}))
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        stats.created += 1
        return obj
    changed = [name for name, value in values.items() if not _same(getattr(obj, name), value)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        stats.updated += 1
        stats.changed.append(f"{model.__name__} {obj}: {', '.join(changed)}")
    return obj


def _set_m2m(manager: Any, wanted: list[models.Model] | list[int], stats: LoadStats, label: str) -> None:
    """Set a many-to-many relation; counts as an update only if an existing relation changed."""
    wanted_pks = {getattr(item, "pk", item) for item in wanted}
    current = set(manager.values_list("pk", flat=True))
    if current != wanted_pks:
        manager.set(list(wanted_pks))
        if current:
            stats.updated += 1
            stats.changed.append(label)


# --- Loaders -----------------------------------------------------------------------------
def load_themes(stats: LoadStats) -> dict[str, Theme]:
    services.sdgs_ensure()  # a migration creates them, but a flushed database has none
    themes: dict[str, Theme] = {}
    for data in THEMES:
        theme = _upsert(
            Theme,
            {"slug": data["slug"]},
            {
                "name": data["name"],
                "name_pt": data["name_pt"],
                "name_en": data["name_en"],
                "description": data["description"],
            },
            stats,
        )
        _set_m2m(theme.sdgs, list(data["sdgs"]), stats, f"Theme {theme.slug}: sdgs")
        themes[theme.slug] = theme
    return themes


def load_territorial_networks(stats: LoadStats) -> dict[str, TerritorialNetwork]:
    networks: dict[str, TerritorialNetwork] = {}
    for data in TERRITORIAL_NETWORKS:
        networks[data["slug"]] = _upsert(
            TerritorialNetwork,
            {"slug": data["slug"]},
            {"name": data["name"], "description": data["description"], "countries": list(data["countries"])},
            stats,
        )
    return networks


def load_members(
    stats: LoadStats, *, themes: dict[str, Theme], networks: dict[str, TerritorialNetwork]
) -> dict[str, Member]:
    members: dict[str, Member] = {}
    for data in MEMBERS:
        member = _upsert(
            Member,
            {"slug": data.slug},
            {
                "name": data.name,
                "kind": data.kind,
                "country": data.country,
                "territorial_network": networks[NETWORK_OF_COUNTRY[data.country]],
                "population": data.population,
                "status": data.status,
                "joined_on": data.joined_on,
                "website": data.website,
                "description": data.description,
                "latitude": Decimal(data.latitude),
                "longitude": Decimal(data.longitude),
            },
            stats,
        )
        _set_m2m(member.themes, [themes[slug] for slug in data.themes], stats, f"Member {data.slug}: themes")
        members[data.slug] = member
    return members


def set_coordinators(
    stats: LoadStats, *, networks: dict[str, TerritorialNetwork], members: dict[str, Member]
) -> None:
    for data in TERRITORIAL_NETWORKS:
        _upsert(
            TerritorialNetwork,
            {"slug": data["slug"]},
            {"coordinating_member": members[data["coordinator"]]},
            stats,
        )


def dues_amount(data: DemoMember) -> tuple[Decimal, str]:
    """Yearly dues by population band; Ibero-European members pay in EUR, the Americas in USD."""
    if data.kind == ENTITY:
        amount = 3_000
    else:
        bands = ((100_000, 1_500), (300_000, 2_500), (700_000, 4_000), (1_500_000, 6_000), (3_000_000, 8_000),
                 (6_000_000, 10_000))
        amount = next((fee for limit, fee in bands if data.population < limit), 12_000)
    currency = Currency.EUR if data.country in ("ES", "PT", "AD") else Currency.USD
    return Decimal(amount), currency


def _dues_rows(data: DemoMember, *, today: date) -> list[dict[str, Any]]:
    """The dues rows a member should have for the last three years, consistent with its status."""
    if data.status == PROSPECT or data.joined_on is None:
        return []
    amount, currency = dues_amount(data)
    grace = services.dues_grace_date(today.year)
    rows: list[dict[str, Any]] = []
    for year in range(today.year - 2, today.year + 1):
        if year < data.joined_on.year:
            continue
        key = f"{data.slug}:{year}"
        invoiced_on = date(year, 1, 10) + timedelta(days=_stable(key + ":invoice", 40))  # 10 Jan – 18 Feb
        paid_on: date | None
        notes = ""
        if year == today.year:
            if data.not_invoiced_this_year and data.status == ACTIVE:
                continue
            if data.status in (SUSPENDED, FORMER):
                continue  # no invoice while suspended, none after leaving
            # Paid within the grace period; "pending" if that day is still to come.
            invoiced_on = min(invoiced_on, grace)
            paid_on = min(invoiced_on + timedelta(days=7 + _stable(key + ":paid", 35)), grace)
            if data.status == IN_ARREARS:
                paid_on = None
            if invoiced_on > today:
                continue  # not invoiced yet
            if paid_on is not None and paid_on > today:
                paid_on = None
        else:
            # Past years: active members paid, some of them late; the others owe.
            paid_on = invoiced_on + timedelta(days=10 + _stable(key + ":paid", 150))
            if data.status == FORMER and year > today.year - 2:
                continue
            if data.status == FORMER:
                notes = "Última cuota antes de causar baja en la red."
            if data.status == IN_ARREARS and year == today.year - 1:
                paid_on, notes = None, "Impagada. Recordatorios enviados en abril y septiembre."
            if data.status == SUSPENDED:
                paid_on, notes = None, "Impagada; membresía suspendida por el Comité Ejecutivo."
            if paid_on is not None and paid_on > today:
                paid_on = None
        rows.append(
            {"year": year, "amount": amount, "currency": currency, "invoiced_on": invoiced_on,
             "paid_on": paid_on, "notes": notes}
        )
    return rows


def load_dues(stats: LoadStats, *, members: dict[str, Member], today: date) -> int:
    count = 0
    for data in MEMBERS:
        for row in _dues_rows(data, today=today):
            year = row.pop("year")
            _upsert(Dues, {"member": members[data.slug], "year": year}, row, stats)
            count += 1
    return count


def load_users(stats: LoadStats) -> dict[str, User]:
    """The demo logins; the password is set only when a login is created."""
    users: dict[str, User] = {}
    for login in DEMO_LOGINS:
        user = User.objects.filter(email__iexact=login.email).first()
        if user is None:
            user = User.objects.create_user(
                login.email,
                settings.DEMO_PASSWORD,
                name=login.name,
                is_staff=login.is_staff,
                is_superuser=login.is_staff,
            )
            stats.created += 1
        else:
            wanted = {
                "name": login.name,
                "is_staff": login.is_staff,
                "is_superuser": login.is_staff,
                "is_active": True,
            }
            changed = [name for name, value in wanted.items() if getattr(user, name) != value]
            if changed:
                for name in changed:
                    setattr(user, name, wanted[name])
                user.save(update_fields=changed)
                stats.updated += 1
                stats.changed.append(f"User {user.email}: {', '.join(changed)}")
        address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if address is None:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            stats.created += 1
        elif not (address.verified and address.primary):
            address.verified = address.primary = True
            address.save(update_fields=["verified", "primary"])
            stats.updated += 1
            stats.changed.append(f"EmailAddress {address.email}: verified, primary")
        users[login.email] = user
    return users


@dataclass(frozen=True)
class DemoPerson:
    member: str
    kind: str
    first_name: str
    last_name: str
    email: str
    position: str
    language: str
    user_email: str = ""


def _title(titles: tuple[str, str], gender: str) -> str:
    return titles[1] if gender == "f" else titles[0]


def _team_slots(data: DemoMember) -> list[str]:
    """Role kinds of the people a member has, in order: 2 for former/prospect, 3–4 for the rest."""
    head = RoleKind.MAYOR if data.kind == CITY else RoleKind.OFFICIAL
    if data.status not in TEAM_STATUSES:
        return [RoleKind.OFFICIAL, RoleKind.TECHNICIAN]
    slots = [head, *[RoleKind.FOCAL_POINT] * data.focal_points, RoleKind.TECHNICIAN]
    if len(slots) < 4:
        extra = _stable(data.slug + ":extra", 3)
        if extra == 1:
            slots.append(RoleKind.TECHNICIAN)
        elif extra == 2 and data.kind == CITY:
            slots.append(RoleKind.OFFICIAL)
    return slots


def _position(data: DemoMember, kind: str, gender: str, index: int, portuguese: bool) -> str:
    if kind == RoleKind.MAYOR:
        return f"{_title(MAYOR_TITLES.get(data.country, DEFAULT_MAYOR_TITLE), gender)} de {data.name}"
    if kind == RoleKind.OFFICIAL:
        if data.kind != CITY:  # the head of an entity or metropolitan agency
            return _title(HEAD_OF_ORGANISATION_TITLE, gender)
        return _title(OFFICIAL_TITLES.get(data.country, DEFAULT_OFFICIAL_TITLE), gender)
    if kind == RoleKind.FOCAL_POINT:
        if data.kind == ENTITY:
            return _title(FOCAL_POINT_TITLE_ENTITY, gender)
        titles = FOCAL_POINT_TITLES_PT if portuguese else FOCAL_POINT_TITLES_ES
        return _title(titles[index % 2], gender)
    # Technician: field of work from the member's themes (first technician → first theme).
    area = THEME_AREAS[data.themes[index % len(data.themes)]][1 if portuguese else 0]
    return f"{'Técnica' if gender == 'f' else 'Técnico'} de {area}"


def demo_people() -> list[DemoPerson]:
    """Every demo person, deterministic: names come from a generator seeded by member and slot."""
    overrides = {(login.member, login.role): login for login in DEMO_LOGINS if login.member}
    people: list[DemoPerson] = []
    used_emails: set[str] = set()
    for data in MEMBERS:
        portuguese = data.country in PORTUGUESE_SPEAKING
        language = Language.PT_BR if portuguese else Language.ES
        first_names, surnames = (NAMES_PT, SURNAMES_PT) if portuguese else (NAMES_ES, SURNAMES_ES)
        per_kind: dict[str, int] = {}
        for slot, kind in enumerate(_team_slots(data)):
            index = per_kind.get(kind, 0)
            per_kind[kind] = index + 1
            login = overrides.get((data.slug, kind)) if index == 0 else None
            if login is not None:
                people.append(
                    DemoPerson(
                        data.slug, kind, login.first_name, login.last_name, login.email, login.position,
                        language, user_email=login.email,
                    )
                )
                continue
            rng = random.Random(f"{data.slug}:{slot}")
            while True:
                first_name, gender = rng.choice(first_names)
                first_surname, second_surname = rng.sample(surnames, 2)
                local = ".".join(search_key(part).split()[0] for part in (first_name, first_surname))
                email = f"{local}@{data.email_domain}"
                if email not in used_emails:
                    break
            used_emails.add(email)
            people.append(
                DemoPerson(data.slug, kind, first_name, f"{first_surname} {second_surname}", email,
                           _position(data, kind, gender, index, portuguese), language)
            )
    return people


def load_people(stats: LoadStats, *, members: dict[str, Member], users: dict[str, User], today: date) -> int:
    """People keyed by e-mail, each with one role; returns how many (= roles)."""
    people = demo_people()
    for spec in people:
        person = _upsert(
            Person,
            {"email": spec.email},
            {
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "position": spec.position,
                "language": spec.language,
                **({"user": users[spec.user_email]} if spec.user_email else {}),
            },
            stats,
        )
        member = members[spec.member]
        # Roles began one to four years ago (a former member's before it left), not before joining.
        first_year_back = 2 if member.status == FORMER else 1
        years_back = first_year_back + _stable(spec.email, 4)
        since = date(today.year - years_back, 1 + _stable(spec.email + ":m", 12), 1)
        if member.joined_on and since < member.joined_on:
            since = member.joined_on
        role_key = {"person": person, "member": member, "kind": spec.kind}
        _upsert(Role, role_key, {}, stats, create_only={"since": since})
    return len(people)


# --- Entry point -------------------------------------------------------------------------
def load_demo(*, today: date | None = None) -> dict[str, int]:
    """Load (or bring back) the demo data. Idempotent; returns counts of the demo objects.

    The counts are of the demo data set (equal to the table totals on a fresh database);
    "created" and "updated" say what this run wrote, and "status_changes" what the final
    dues-standing refresh changed (0 when the demo statuses are consistent with the dues).
    """
    today = today or timezone.localdate()
    stats = LoadStats()
    with transaction.atomic():
        themes = load_themes(stats)
        networks = load_territorial_networks(stats)
        members = load_members(stats, themes=themes, networks=networks)
        set_coordinators(stats, networks=networks, members=members)
        users = load_users(stats)
        people = load_people(stats, members=members, users=users, today=today)
        dues = load_dues(stats, members=members, today=today)
        refresh = services.dues_standing_refresh(today=today)
    return {
        "members": len(members),
        "territorial_networks": len(networks),
        "themes": len(themes),
        "people": people,
        "roles": people,  # one role per demo person
        "dues": dues,
        "users": len(users),
        "created": stats.created,
        "updated": stats.updated,
        "status_changes": len(refresh.marked_in_arrears) + len(refresh.restored),
    }


# Dates that network.demo.freshness moves forward when the demo has gone stale (dues and roles are
# by year and stay).
DATED = {"network.StateChange": ["@at"]}
