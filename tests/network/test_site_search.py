"""The site search (/search/, network.search): one box in every page's header, searching members,
calls, funding, events, webinars, good practices, courses and capsules at once, accent- and
case-insensitive, in the visitor's language, grouped by kind; only what the public lists show; a
fixed number of queries whatever the data; any input gives a normal page."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from network.registry import DuplicateRegistration
from network.search import MAX_QUERY_LENGTH
from network.search import MAX_WORDS
from network.search import PER_KIND
from network.search import SEARCH_KINDS
from network.search import SearchKind
from network.search import clean_query
from network.search import register_search_kind
from network.search import search_site
from tests.campus.factories import CapsuleFactory
from tests.campus.factories import CourseFactory
from tests.campus.factories import EditionFactory
from tests.events.factories import EventFactory
from tests.factories import MemberFactory
from tests.factories import ThemeFactory
from tests.programs.factories import CallFactory
from tests.programs.factories_knowledge import FundingFactory
from tests.programs.factories_knowledge import PracticeFactory
from tests.programs.factories_knowledge import WebinarFactory

pytestmark = pytest.mark.django_db

SEARCH = "/search/"
KINDS = ["members", "calls", "funding", "events", "webinars", "practices", "courses", "capsules"]
ANONYMOUS_BOUND = len(
    KINDS
)  # one query per kind, whatever the rows: nothing else on the page reads the database


def search(client, query, **headers):
    return client.get(SEARCH, {"q": query}, headers=headers)


@pytest.fixture
def english(client):
    """The page's texts are asserted in English, the source language (the others are translated later)."""
    client.cookies["portal_language"] = "en"
    return client


def groups(response) -> dict[str, list[str]]:
    return {group.key: [hit.title for hit in group.hits] for group in response.context["site_search"].groups}


def one_of_each(word: str, *, theme=None) -> None:
    """A public row of every kind whose title holds `word` (and its private twins, never found)."""
    theme = theme or ThemeFactory()
    MemberFactory(name=f"{word} del Norte")
    CallFactory(title=f"Convocatoria {word}")
    FundingFactory(title=f"Fondo {word}")
    EventFactory(title=f"Encuentro {word}")
    WebinarFactory(title=f"Webinar {word}")
    PracticeFactory(title=f"Práctica {word}")
    CourseFactory(title=f"Curso {word}")
    CapsuleFactory(title=f"Cápsula {word}", theme=theme)


# --- The page ------------------------------------------------------------------------------------------
def test_search_url_is_public_and_named():
    assert reverse("network:search") == SEARCH


def test_every_kind_is_registered_in_order():
    from network.search import ordered_kinds

    assert [kind.key for kind in ordered_kinds()] == KINDS


def test_a_second_registration_of_a_kind_is_refused():
    with pytest.raises(DuplicateRegistration):
        register_search_kind(SearchKind(key="calls", label="Calls", order=1, search=lambda *a, **k: ([], 0)))
    assert SEARCH_KINDS.get("calls").order == 20


@pytest.mark.parametrize("path", ["/", "/members/", "/calls/", "/practices/", "/events/", "/campus/", SEARCH])
def test_the_header_has_the_search_box_on_every_page(client, path):
    html = client.get(path).content.decode()
    header = html.split('<header class="site-header')[1].split("</header>")[0]
    assert 'role="search"' in header and 'action="/search/"' in header and 'method="get"' in header
    assert (
        '<label for="site-search-q"' in header
        and 'name="q"' in header
        and f'maxlength="{MAX_QUERY_LENGTH}"' in header
    )


def test_the_header_box_holds_the_query_on_the_results_page(client):
    html = search(client, "Bogotá").content.decode()
    assert 'id="site-search-q" name="q" value="Bogotá"' in html
    assert 'id="search-page-q" name="q" value="Bogotá"' in html


def test_an_empty_query_explains_the_search_without_reading_the_database(
    english, client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(SEARCH)
    assert response.status_code == 200
    assert not response.context["site_search"].searched
    assert "What you can search" in response.content.decode()


def test_punctuation_alone_is_not_searched_and_says_so(english, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = search(client, " %%% -- ¿? ")
    assert response.status_code == 200 and "Type a word to search for" in response.content.decode()


def test_nothing_found_gives_ideas_and_links(english, client):
    one_of_each("Agua")
    response = search(client, "xyzzy")
    html = response.content.decode()
    assert response.status_code == 200 and groups(response) == {}
    assert "Nothing found for “xyzzy”" in html and "Some ideas:" in html
    assert (
        f'href="{reverse("programs:practice_list")}"' in html
        and f'href="{reverse("network:directory")}"' in html
    )


# --- Accents, case, languages ------------------------------------------------------------------------------
def test_accents_and_case_do_not_matter(client):
    MemberFactory(name="Bogotá", slug="bogota", country="CO")
    EventFactory(title="XXVII Congreso · Bogotá", city="Bogotá")
    CallFactory(title="Movilidad sostenible en ciudades intermedias")
    CourseFactory(title="movilidad urbana")
    for query in ("Bogota", "bogotá", "BOGOTA", "bogo"):
        assert groups(search(client, query)) == {
            "members": ["Bogotá"],
            "events": ["XXVII Congreso · Bogotá"],
        }, query
    for query in ("movilidad", "Movilidad", "MOVILIDÁD", "movil"):
        assert groups(search(client, query)) == {
            "calls": ["Movilidad sostenible en ciudades intermedias"],
            "courses": ["movilidad urbana"],
        }, query


def test_every_word_must_match(client):
    CallFactory(title="Agua y saneamiento")
    CallFactory(title="Agua potable")
    assert groups(search(client, "agua saneamiento")) == {"calls": ["Agua y saneamiento"]}


def test_a_summary_and_a_city_are_searched_too(client):
    EventFactory(title="Asamblea general", summary="", city="Medellín")
    WebinarFactory(title="Encuentro", summary="La huerta comunitaria del barrio")
    assert groups(search(client, "medellin")) == {"events": ["Asamblea general"]}
    assert groups(search(client, "huerta")) == {"webinars": ["Encuentro"]}


def test_an_english_visitor_finds_and_reads_the_english_title(client):
    CallFactory(title="Convocatoria de movilidad urbana", title_en="Urban mobility call")
    CallFactory(title="Agua para todos")  # not translated: shown in its original language, marked so
    client.cookies["portal_language"] = "en"
    for query in ("mobility", "movilidad"):
        response = search(client, query)
        assert groups(response) == {"calls": ["Urban mobility call"]}, query
        (hit,) = response.context["site_search"].groups[0].hits
        assert hit.lang == ""
    response = search(client, "agua")
    (hit,) = response.context["site_search"].groups[0].hits
    assert (hit.title, hit.lang) == ("Agua para todos", "es")
    html = response.content.decode()
    assert 'lang="es">Agua para todos</a>' in html and "in Español" in html


def test_a_spanish_visitor_reads_the_spanish_title_found_by_its_english_words(client):
    CourseFactory(title="Planificación estratégica", title_en="Strategic planning")
    response = search(client, "strategic")
    assert groups(response) == {"courses": ["Planificación estratégica"]}


def test_the_practice_bank_is_searched_in_every_language(client):
    PracticeFactory(title="Huertos urbanos", title_pt_br="Hortas urbanas", title_en="Urban gardens")
    client.cookies["portal_language"] = "pt-br"
    for query in ("huertos", "hortas", "gardens"):
        assert groups(search(client, query)) == {"practices": ["Hortas urbanas"]}, query


# --- Grouping, counts, order ------------------------------------------------------------------------------
def test_results_are_grouped_by_kind_in_order_with_counts(english, client):
    one_of_each("Agua")
    response = search(client, "agua")
    result = response.context["site_search"]
    assert [(group.key, group.total, len(group.hits)) for group in result.groups] == [
        (key, 1, 1) for key in KINDS
    ]
    assert result.total == len(KINDS)
    assert "8 results for “agua”" in response.content.decode()


def test_a_kind_shows_its_first_results_and_links_to_its_own_list_for_the_rest(english, client):
    for n in range(PER_KIND + 2):
        PracticeFactory(title=f"Agua {n}", year=2010 + n)
    for n in range(PER_KIND + 1):
        MemberFactory(name=f"Aguas Claras {n}")
    for n in range(PER_KIND + 3):
        CallFactory(title=f"Agua {n}")
    result = search(client, "agua").context["site_search"]
    by_key = {group.key: group for group in result.groups}
    practices, members, calls = by_key["practices"], by_key["members"], by_key["calls"]
    assert (practices.total, len(practices.hits)) == (PER_KIND + 2, PER_KIND)
    assert (
        practices.more_url == "/practices/?q=agua"
        and practices.more_label == f"See all {PER_KIND + 2} in the practice bank"
    )
    assert (members.total, members.more_url) == (PER_KIND + 1, "/members/?q=agua")
    assert (calls.total, len(calls.hits), calls.more_url) == (
        PER_KIND + 3,
        PER_KIND,
        "",
    )  # the call list has no search


def test_the_see_all_link_counts_what_the_list_shows(client):
    for n in range(PER_KIND + 2):
        PracticeFactory(title=f"Movilidad {n}")
        MemberFactory(name=f"Movilidad {n}")
    MemberFactory(name="Movilidad antigua", former=True)  # the directory lists former members only when asked
    result = search(client, "Movilidad").context["site_search"]
    for group in result.groups:
        listed = client.get(group.more_url).context["page"].paginator.count
        assert listed == group.total, group.key


def test_open_calls_come_before_upcoming_and_closed_ones(english, client):
    CallFactory(title="Agua cerrada", closed=True)
    CallFactory(title="Agua próxima", scheduled=True)
    CallFactory(title="Agua abierta")
    hits = search(client, "agua").context["site_search"].groups[0].hits
    assert [(hit.title, hit.status) for hit in hits] == [
        ("Agua abierta", "Open"),
        ("Agua próxima", "Scheduled"),
        ("Agua cerrada", "Closed"),
    ]


# --- Only public data --------------------------------------------------------------------------------------
def test_nothing_private_is_ever_found(client):
    from campus.models import Capsule
    from programs.knowledge.enums import PracticeState

    theme = ThemeFactory()
    MemberFactory(name="Secreto prospecto", prospect=True)
    MemberFactory(name="Secreto antiguo", former=True)
    CallFactory(title="Secreto borrador", unpublished=True)
    FundingFactory(title="Secreto sin publicar", published=False)
    FundingFactory(title="Secreto vencido", deadline=timezone.now() - timedelta(days=1))
    EventFactory(title="Secreto no publicado", published=False)
    WebinarFactory(title="Secreto borrador", draft=True)
    WebinarFactory(title="Secreto cancelado", state="cancelled")
    PracticeFactory(title="Secreto borrador", state=PracticeState.DRAFT)
    PracticeFactory(title="Secreto en revisión", state=PracticeState.IN_REVIEW)
    CourseFactory(title="Secreto no publicado", published=False)
    Capsule.objects.create(
        title="Secreto no publicada",
        slug="secreto",
        url="https://example.org",
        duration_minutes=5,
        theme=theme,
        published=False,
    )
    response = search(client, "secreto")
    assert groups(response) == {}
    assert "Secreto" not in response.content.decode().split("<main")[1]


def test_a_webinars_calendar_entry_is_found_once_as_a_webinar(client):
    webinar = WebinarFactory(title="Agua en la ciudad")
    assert webinar.calendar_event is not None  # events keep a calendar entry of every public webinar
    assert groups(search(client, "agua")) == {"webinars": ["Agua en la ciudad"]}


# --- What each result says --------------------------------------------------------------------------------
MEXICO = "America/Mexico_City"
CLOSES = datetime(2030, 12, 12, 23, 59, tzinfo=zoneinfo.ZoneInfo(MEXICO))  # 06:59 of the 13th in Madrid


def test_a_moment_is_shown_in_the_objects_own_zone(client, settings):
    settings.TIME_ZONE = "Europe/Madrid"
    CallFactory(title="Agua de México", time_zone=MEXICO, closes_at=CLOSES)
    EventFactory(
        title="Agua en Monterrey", time_zone=MEXICO, starts_at=CLOSES, ends_at=CLOSES + timedelta(hours=2)
    )
    with timezone.override("America/Sao_Paulo"):
        html = search(client, "agua").content.decode().split("<main")[1]
    assert html.count(f'12 Dic 2030, 23:59 <span class="call-zone">({MEXICO})</span>') == 2, html
    assert "06:59" not in html and "02:59" not in html


def test_each_result_has_its_short_line(client):
    from campus.models import Capsule

    quito = MemberFactory(name="Quito", country="EC")
    MemberFactory(name="Agua Dulce", country="EC", territorial_network__name="Red Andina")
    PracticeFactory(title="Agua limpia", member=quito, year=2021)
    WebinarFactory(title="Agua y barrios", presenting_member=quito)
    course = CourseFactory(title="Agua y territorio")
    edition = EditionFactory(course=course)
    CapsuleFactory(
        title="Agua en 10 minutos", duration_minutes=10, theme=ThemeFactory(name="Agua", name_en="Water")
    )
    client.cookies["portal_language"] = "en"
    result = search(client, "agua").context["site_search"]
    by_key = {group.key: group.hits[0] for group in result.groups}
    assert by_key["members"].detail == "Ecuador · Red Andina"
    assert by_key["practices"].detail == "Quito · Ecuador · 2021"
    assert by_key["webinars"].detail == "Quito" and by_key["webinars"].status == "Upcoming"
    assert (by_key["courses"].when, by_key["courses"].when_label) == (edition.starts_on, "Next edition")
    assert by_key["capsules"].detail == "Video · 10 min · Water"
    capsule = Capsule.objects.get(title="Agua en 10 minutos")
    assert by_key["capsules"].url == f"/campus/capsules/#capsule-{capsule.slug}"


# --- Fast at any size -------------------------------------------------------------------------------------
@pytest.mark.parametrize("rows", [2, 20])
def test_the_search_runs_one_query_per_kind_at_any_size(client, django_assert_max_num_queries, rows):
    theme = ThemeFactory()
    for _ in range(rows):
        one_of_each("Agua", theme=theme)
    with django_assert_max_num_queries(ANONYMOUS_BOUND):
        response = search(client, "agua")
    assert [group.total for group in response.context["site_search"].groups] == [rows] * len(KINDS)


@pytest.mark.parametrize("rows", [2, 20])
def test_a_signed_in_search_adds_only_the_session_and_user(
    client, django_assert_max_num_queries, rows, technician
):
    theme = ThemeFactory()
    for _ in range(rows):
        one_of_each("Agua", theme=theme)
    client.force_login(technician)
    with django_assert_max_num_queries(ANONYMOUS_BOUND + 2):
        response = search(client, "agua")
    assert response.status_code == 200


# --- Hostile input ----------------------------------------------------------------------------------------
HOSTILE = [
    "\x00",
    "a\x00b",
    "agua\x00",
    "%00",
    "\r\n",
    "\u202eagua",
    "😀" * 3,
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%",
    "_",
    "\\",
    "'",
    '"',
    "&",
    "|",
    "!",
    ":*",
    "a:* & b",
    "agua & !x",
    "(agua",
    "ñ" * 5000,
    "agua " * 2000,
    "x" * 10_000,
    "-",
    "...",
    "9" * 30,
    "1e999",
    "NaN",
    "\t\x0b\x0c",
    "\ufeff",
    "a" * (MAX_QUERY_LENGTH + 1),
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_input_gives_a_normal_page(client, value):
    one_of_each("Agua")
    response = search(client, value)
    assert response.status_code == 200
    html = response.content.decode()
    assert "\x00" not in html and "<script>alert" not in html


def test_several_q_values_and_htmx_requests_give_a_normal_page(client):
    assert client.get(SEARCH + "?q=agua&q=%00").status_code == 200
    assert client.get(SEARCH, {"q": "agua"}, headers={"HX-Request": "true"}).status_code == 200


def test_only_get_is_answered(client):
    assert client.post(SEARCH, {"q": "agua"}).status_code == 405


def test_a_long_query_is_cut_and_the_page_says_so(english, client):
    CallFactory(title="Agua potable")
    response = search(client, "agua " + "potable " * 30)
    result = response.context["site_search"]
    assert result.query.shortened and len(result.query.text.split()) == MAX_WORDS
    assert groups(response) == {"calls": ["Agua potable"]}
    assert "A search is cut to" in response.content.decode()


# --- clean_query ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "text", "terms", "shortened"),
    [
        ("  Bogotá   D.C. ", "Bogotá D.C.", "Bogotá D.C", False),
        ("a\x00b", "a b", "a b", False),
        ("\u202eagua", "agua", "agua", False),
        ("¿agua?", "¿agua?", "agua", False),
        ("% -- ...", "% -- ...", "", False),
        (None, "", "", False),
        (["agua"], "", "", False),
        ("x" * (MAX_QUERY_LENGTH + 5), "x" * MAX_QUERY_LENGTH, "x" * MAX_QUERY_LENGTH, True),
        (
            " ".join(str(n) for n in range(MAX_WORDS + 3)),
            " ".join(str(n) for n in range(MAX_WORDS)),
            " ".join(str(n) for n in range(MAX_WORDS)),
            True,
        ),
    ],
)
def test_clean_query(raw, text, terms, shortened):
    assert clean_query(raw) == type(clean_query(""))(text=text, terms=terms, shortened=shortened)


def test_search_site_runs_in_the_language_it_is_given():
    CallFactory(title="Convocatoria de agua", title_en="Water call")
    assert [hit.title for hit in search_site("agua", language="en").groups[0].hits] == ["Water call"]
    assert [hit.title for hit in search_site("water", language="es").groups[0].hits] == [
        "Convocatoria de agua"
    ]


# --- PostgreSQL -------------------------------------------------------------------------------------------
postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="full-text search is PostgreSQL's"
)


@postgres_only
def test_postgres_finds_other_forms_of_a_word(client):
    CallFactory(title="Ciudades sostenibles")
    CourseFactory(title="Participación ciudadana")
    assert groups(search(client, "ciudad sostenible")) == {"calls": ["Ciudades sostenibles"]}
    assert groups(search(client, "participativo")) == {"courses": ["Participación ciudadana"]}


@postgres_only
def test_the_stored_document_follows_every_change_of_the_text(client):
    """The document the search matches and ranks is kept by the database: a title changed in the
    admin (a save), a row written in bulk or updated in place is found by its new words only."""
    from network.search import search_texts_rebuild
    from programs.calls.models import Call

    call = CallFactory(title="Convocatoria de agua")
    call.title = "Convocatoria de huertos"
    call.save()
    assert groups(search(client, "huertos")) == {"calls": ["Convocatoria de huertos"]}
    Call.objects.filter(pk=call.pk).update(search_text="")
    assert groups(search(client, "huertos")) == {}
    Call.objects.filter(pk=call.pk).update(title="Convocatoria de bicicletas")
    search_texts_rebuild(Call.objects.filter(pk=call.pk))
    assert groups(search(client, "bicicletas")) == {"calls": ["Convocatoria de bicicletas"]}


@postgres_only
@pytest.mark.parametrize(
    "table",
    [
        "programs_call",
        "programs_webinar",
        "programs_fundingopportunity",
        "events_event",
        "campus_course",
        "campus_capsule",
    ],
)
def test_postgres_serves_the_match_from_the_gin_index(table):
    from django.apps import apps
    from django.db import transaction

    from network.search import text_search

    model = next(m for m in apps.get_models() if m._meta.db_table == table)
    queryset = text_search(model.objects.all(), "agua movilidad").values("pk")
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"{table}_search_doc_idx" in plan, plan
