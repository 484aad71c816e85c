"""The good-practice bank: moderation through the workflow, the city's portal pages (and nobody
else's), files judged by their content, transfers, accent-insensitive search and the public pages."""

from itertools import product

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection  # noqa: F401  (read by a skipif condition)
from django.urls import reverse

from network.models import OutboxMessage
from network.models import StateChange
from network.models import SustainableDevelopmentGoal
from network.workflow import IllegalMove
from programs.knowledge.enums import PRACTICE_WORKFLOW
from programs.knowledge.enums import KnowledgeActor
from programs.knowledge.enums import PracticeState
from programs.knowledge.enums import TransferKind
from programs.knowledge.models import GoodPractice
from programs.knowledge.models import PracticeFile
from programs.knowledge.selectors import practice_search
from programs.knowledge.selectors import published_practices
from programs.knowledge.selectors import related_practices
from programs.knowledge.services import practices as services
from programs.knowledge.services.errors import PracticeLocked
from programs.knowledge.services.errors import SelfTransfer
from programs.knowledge.services.errors import TransferExists
from tests import files
from tests.factories import MemberFactory
from tests.factories import TerritorialNetworkFactory
from tests.factories import ThemeFactory
from tests.factories import UserFactory
from tests.factories import technician_of
from tests.portal import portal_page

from .factories_knowledge import PracticeFactory
from .factories_knowledge import WebinarFactory

pytestmark = pytest.mark.django_db

PNG = files.PNG
PDF = files.PDF

STATES = list(PracticeState)
ACTORS = list(KnowledgeActor)
LEGAL = {
    (PracticeState.DRAFT, PracticeState.IN_REVIEW, KnowledgeActor.MEMBER),
    (PracticeState.DRAFT, PracticeState.IN_REVIEW, KnowledgeActor.STAFF),
    (PracticeState.IN_REVIEW, PracticeState.PUBLISHED, KnowledgeActor.STAFF),
    (PracticeState.IN_REVIEW, PracticeState.DRAFT, KnowledgeActor.STAFF),
    (PracticeState.PUBLISHED, PracticeState.DRAFT, KnowledgeActor.STAFF),
}


# --- Workflow -------------------------------------------------------------------------------------
@pytest.mark.parametrize("source,target,actor", [
    (s, t, a) for s, t, a in product(STATES, STATES, ACTORS) if s != t
])
def test_every_move_of_the_practice_workflow(source, target, actor):
    practice = PracticeFactory(state=source)
    staff = UserFactory(staff=True)
    if (source, target, actor) in LEGAL:
        services.practice_move(practice=practice, to=target, actor=actor, by=staff, comment="ok")
        practice.refresh_from_db()
        assert practice.state == target
        change = StateChange.objects.get()
        assert (change.source, change.target, change.actor, change.by) == (source, target, actor, staff)
    else:
        with pytest.raises(IllegalMove):
            services.practice_move(practice=practice, to=target, actor=actor, by=staff)
        practice.refresh_from_db()
        assert practice.state == source
        assert not StateChange.objects.exists()



@pytest.fixture(autouse=True)
def _sdgs(db):
    """The SDG rows come from a migration; a transactional test run before may have flushed them."""
    from network.services import sdgs_ensure

    sdgs_ensure()

def test_the_table_is_what_the_tests_expect():
    assert {(m.source, m.target, a) for m in PRACTICE_WORKFLOW.moves for a in m.actors} == LEGAL


def test_sending_back_keeps_the_comment_and_tells_the_author():
    member = MemberFactory()
    author = technician_of(member)
    practice = services.practice_create(member=member, by=author, title="Bici pública", summary="Bicis.", year=2021)
    services.practice_submit(practice=practice, by=author)
    services.practice_move(practice=practice, to=PracticeState.DRAFT, actor=KnowledgeActor.STAFF,
                           by=UserFactory(staff=True), comment="Añadan resultados medibles.")
    practice.refresh_from_db()
    assert practice.review_comment == "Añadan resultados medibles."
    message = OutboxMessage.objects.get(topic="practice")
    assert message.to == [author.email] and "Añadan resultados medibles." in message.text
    services.practice_submit(practice=practice, by=author)
    services.practice_move(practice=practice, to=PracticeState.PUBLISHED, actor=KnowledgeActor.STAFF, by=None)
    practice.refresh_from_db()
    assert practice.review_comment == "" and practice.published_at is not None


def test_the_city_edits_drafts_only():
    practice = PracticeFactory(in_review=True)
    with pytest.raises(PracticeLocked):
        services.practice_update(practice=practice, by=None, title="Otro")
    services.practice_update(practice=practice, by=None, staff=True, title="Corregido por la secretaría")
    practice.refresh_from_db()
    assert practice.title == "Corregido por la secretaría"


# --- Transfers ------------------------------------------------------------------------------------------
def test_a_transfer_is_recorded_once_and_never_to_the_practice_city():
    practice = PracticeFactory()
    adopter = MemberFactory()
    services.practice_transfer_record(practice=practice, member=adopter, kind=TransferKind.ADAPTED, year=2023, by=None)
    with pytest.raises(TransferExists):
        services.practice_transfer_record(practice=practice, member=adopter, kind=TransferKind.ADOPTED, year=2024,
                                          by=None)
    with pytest.raises(SelfTransfer):
        services.practice_transfer_record(practice=practice, member=practice.member, kind=TransferKind.ADOPTED,
                                          year=2024, by=None)
    assert practice.transfers.count() == 1


# --- Files ------------------------------------------------------------------------------------------------
def test_files_are_judged_by_their_content():
    practice = PracticeFactory(draft=True)
    image = services.practice_file_add(practice=practice, upload=SimpleUploadedFile("foto.png", PNG), by=None)
    document = services.practice_file_add(practice=practice, upload=SimpleUploadedFile("informe.pdf", PDF), by=None)
    assert (image.kind, document.kind) == ("image", "document")
    with pytest.raises(ValidationError):
        services.practice_file_add(practice=practice, upload=SimpleUploadedFile("virus.pdf", b"MZ\x90\x00"), by=None)
    with pytest.raises(ValidationError):
        services.practice_file_add(practice=practice, upload=SimpleUploadedFile("foto.pdf", PNG), by=None)
    assert PracticeFile.objects.count() == 2


# --- Search -------------------------------------------------------------------------------------------------
@pytest.fixture
def bank():
    mobility = ThemeFactory(name="Movilidad urbana sostenible", name_pt="Mobilidade urbana sustentável",
                            slug="movilidad")
    return {
        "bici": PracticeFactory(title="Red de ciclovías y movilidad activa", summary="Ciclovías protegidas.",
                                themes=[mobility]),
        "presupuesto": PracticeFactory(title="Presupuesto participativo joven",
                                       summary="La participación de jóvenes en el presupuesto."),
        "porto": PracticeFactory(title="Orçamento participativo", summary="Participação cidadã desde 1989."),
        "borrador": PracticeFactory(draft=True, title="Movilidad eléctrica", summary="Borrador."),
    }


def titles(queryset) -> set[str]:
    return set(queryset.values_list("title", flat=True))


@pytest.mark.parametrize("query", ["movilidad", "movilidád", "MOVILIDAD", "Movilidad activa"])
def test_search_finds_mobility_with_or_without_accents(bank, query):
    assert titles(practice_search(published_practices(), query)) == {"Red de ciclovías y movilidad activa"}


@pytest.mark.parametrize("query", ["participacion", "participación", "PARTICIPACIÓN"])
def test_search_finds_participation_with_or_without_accents(bank, query):
    assert titles(practice_search(published_practices(), query)) >= {"Presupuesto participativo joven"}
    assert "Red de ciclovías y movilidad activa" not in titles(practice_search(published_practices(), query))


def test_search_matches_theme_names_in_any_language_and_partial_words(bank):
    assert titles(practice_search(published_practices(), "mobilidade")) == {"Red de ciclovías y movilidad activa"}
    assert titles(practice_search(published_practices(), "ciclov")) == {"Red de ciclovías y movilidad activa"}
    assert titles(practice_search(published_practices(), "participação")) >= {"Orçamento participativo"}


@pytest.mark.parametrize("query", ["ciclovia protegida", "activ", "'; drop table x --", "a:* | b", "\\ ' ! & |"])
def test_search_takes_any_text_a_visitor_types(bank, query):
    """Quotes, operators and backslashes are words to look for, never query syntax (no 500)."""
    found = titles(practice_search(published_practices(), query))
    assert found <= {"Red de ciclovías y movilidad activa", "Presupuesto participativo joven",
                     "Orçamento participativo"}


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the stored search document is PostgreSQL's")
def test_the_stored_search_document_follows_every_write(bank):
    """An edit through the service, and rows written in bulk (imports, the bench), are found by their new words."""
    services.practice_update(practice=bank["presupuesto"], by=None, staff=True, title="Compostaje barrial",
                             summary="Residuos orgánicos del barrio.")
    assert titles(practice_search(published_practices(), "compostaje")) == {"Compostaje barrial"}
    assert "Compostaje barrial" not in titles(practice_search(published_practices(), "presupuesto joven"))
    bulk = PracticeFactory.build(title="Huertas en azoteas", member=bank["bici"].member, slug="huertas-azoteas",
                                 state=PracticeState.PUBLISHED)
    bulk.search_text = bulk.build_search_text()
    GoodPractice.objects.bulk_create([bulk])
    assert titles(practice_search(published_practices(), "azoteas")) == {"Huertas en azoteas"}


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="ranking is PostgreSQL's")
def test_search_ranks_a_match_in_the_title_above_one_in_the_text(bank):
    PracticeFactory(title="Plan de barrios", summary="Movilidad activa, movilidad a pie y movilidad en bici.",
                    year=2025)
    PracticeFactory(title="Movilidad activa escolar", year=2019)
    ranked = list(practice_search(published_practices(), "movilidad activa").values_list("title", flat=True))
    assert ranked.index("Movilidad activa escolar") < ranked.index("Plan de barrios")
    newest_first = list(practice_search(published_practices(), "barrios").values_list("title", flat=True))
    assert newest_first[0] == "Plan de barrios"


def test_search_results_page_and_total_come_in_one_pass(client, django_assert_max_num_queries):
    for n in range(15):
        PracticeFactory(title=f"Huerto urbano {n:02d}", year=2000 + n)
    url = reverse("programs:practice_list")
    response = client.get(url, {"q": "huerto", "page": 2})
    assert response.context["page"].paginator.count == 15
    assert [p.title for p in response.context["page"].object_list] == ["Huerto urbano 02", "Huerto urbano 01",
                                                                      "Huerto urbano 00"]
    assert "15" in response.text
    assert client.get(url, {"q": "huerto", "page": 9}).context["page"].number == 2  # past the end: the last page


def test_search_never_shows_drafts(bank):
    assert "Movilidad eléctrica" not in titles(practice_search(published_practices(), "movilidad"))


# --- Public pages -----------------------------------------------------------------------------------------------
def test_the_bank_filters_by_theme_sdg_country_network_and_year(client):
    theme, network = ThemeFactory(slug="cuidados"), TerritorialNetworkFactory(slug="red-cono-sur")
    sdg = SustainableDevelopmentGoal.objects.get(number=5)
    target = PracticeFactory(member=MemberFactory(country="UY", territorial_network=network), year=2019,
                             themes=[theme], sdgs=[sdg], title="Sistema de cuidados")
    PracticeFactory(year=2019, title="Otra")
    url = reverse("programs:practice_list")
    for params in [{"theme": "cuidados"}, {"sdg": 5}, {"country": "UY"}, {"network": "red-cono-sur"},
                   {"year": 2019, "theme": "cuidados"}, {"q": "cuidados"}]:
        response = client.get(url, params)
        assert [p.title for p in response.context["page"].object_list] == [target.title], params


def test_the_bank_answers_htmx_with_the_results_only(client):
    PracticeFactory(title="Huertos urbanos")
    response = client.get(reverse("programs:practice_list"), {"q": "huertos"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "Huertos urbanos" in content and "<html" not in content


def test_each_card_links_its_themes_to_the_bank_filtered_by_theme_on_the_page_and_in_htmx_results(client):
    practice = PracticeFactory(title="Huertos urbanos")
    practice.themes.set([ThemeFactory(slug="agua", name="Agua"), ThemeFactory(slug="cuidados", name="Cuidados")])
    url = reverse("programs:practice_list")
    for response in (client.get(url, {"q": "huertos"}),
                     client.get(url, {"q": "huertos"}, HTTP_HX_REQUEST="true")):
        content = response.content.decode()
        assert f'href="{url}?theme=agua"' in content and f'href="{url}?theme=cuidados"' in content


def test_the_bank_is_cached_for_visitors_and_a_change_shows_at_once(client, django_assert_num_queries):
    practice = PracticeFactory(title="Huertos urbanos")
    url = reverse("programs:practice_list") + "?q=huertos"
    assert "Huertos urbanos" in client.get(url).text
    with django_assert_num_queries(0):  # a second visitor is served the stored page
        assert "Huertos urbanos" in type(client)().get(url).text
    practice.title = "Huertos urbanos comunitarios"
    practice.save()  # what the page shows changed: the stored page is dropped
    assert "Huertos urbanos comunitarios" in type(client)().get(url).text
    PracticeFactory(title="Huertos escolares")  # a new practice, with its themes, also drops it
    assert "Huertos escolares" in type(client)().get(url).text
    detail = reverse("programs:practice", kwargs={"slug": practice.slug})
    client.get(detail)
    services.practice_transfer_record(practice=practice, member=MemberFactory(name="Rosario"), kind="adopted",
                                      year=2025, by=None)
    assert "Rosario" in type(client)().get(detail).text
    signed_in = type(client)()
    signed_in.force_login(UserFactory())
    assert signed_in.get(url).context is not None  # signed in: rendered fresh, never from the store


@pytest.mark.parametrize("rows", [2, 20])
def test_practice_list_queries_do_not_grow(client, django_assert_max_num_queries, rows):
    theme = ThemeFactory()
    for _ in range(rows):
        practice = PracticeFactory(themes=[theme])
        services.practice_transfer_record(practice=practice, member=MemberFactory(), kind="adopted", year=2024,
                                          by=None)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("programs:practice_list"), {"q": "practica"})
    assert response.context["page"].paginator.count == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_practice_page_queries_do_not_grow_with_transfers(client, django_assert_max_num_queries, rows):
    theme = ThemeFactory()
    practice = PracticeFactory(themes=[theme])
    for _ in range(rows):
        services.practice_transfer_record(practice=practice, member=MemberFactory(), kind="adapted", year=2024,
                                          by=None)
        PracticeFactory(themes=[theme])
    with django_assert_max_num_queries(9):
        response = client.get(practice.get_absolute_url())
    assert len(response.context["transfers"]) == rows
    assert len(response.context["related"]) == min(rows, 3)


def test_related_practices_share_the_most_themes():
    a, b, c = ThemeFactory(), ThemeFactory(), ThemeFactory()
    practice = PracticeFactory(themes=[a, b])
    both = PracticeFactory(themes=[a, b], title="Ambos")
    one = PracticeFactory(themes=[b, c], title="Uno")
    PracticeFactory(themes=[c], title="Ninguno")
    PracticeFactory(themes=[a, b], draft=True)
    assert [p.title for p in related_practices(practice)] == [both.title, one.title]


@pytest.mark.parametrize("traits", [{"draft": True}, {"in_review": True}])
def test_unpublished_practices_have_no_public_page(client, traits):
    assert client.get(PracticeFactory(**traits).get_absolute_url()).status_code == 404


# --- The city's portal ----------------------------------------------------------------------------------------
@pytest.fixture
def city():
    member = MemberFactory(name="Rosario", slug="rosario")
    return member, technician_of(member)


def test_a_technician_writes_a_practice_adds_a_file_and_sends_it_for_review(client, city):
    member, user = city
    theme = ThemeFactory(slug="economia")
    client.force_login(user)
    response = client.post(reverse("programs:portal_practice_new", args=[member.slug]), {
        "title": "Mercados de cercanía", "summary": "Ferias de productores.", "body": "", "year": 2020,
        "themes": ["economia"], "sdgs": ["8", "11"]})
    practice = GoodPractice.objects.get()
    assert response.status_code == 302 and practice.member == member and practice.created_by == user
    assert list(practice.sdgs.values_list("number", flat=True)) == [8, 11]
    assert list(practice.themes.all()) == [theme]
    response = client.post(reverse("programs:portal_practice_file_add", args=[practice.pk]),
                           {"file": SimpleUploadedFile("feria.jpg", files.JPEG), "caption": "Feria"})
    assert response.status_code == 302 and practice.files.get().kind == "image"
    client.post(reverse("programs:portal_practice_submit", args=[practice.pk]))
    practice.refresh_from_db()
    assert practice.state == PracticeState.IN_REVIEW
    response = client.post(reverse("programs:portal_practice_edit", args=[practice.pk]), {
        "title": "Cambio", "summary": "x", "year": 2020, "themes": ["economia"]})
    assert response.status_code == 400
    practice.refresh_from_db()
    assert practice.title == "Mercados de cercanía"


def test_a_bad_file_is_refused_with_a_message(client, city):
    member, user = city
    practice = PracticeFactory(member=member, draft=True)
    client.force_login(user)
    response = client.post(reverse("programs:portal_practice_file_add", args=[practice.pk]),
                           {"file": SimpleUploadedFile("notas.pdf", b"hello")})
    assert response.status_code == 400 and response.context["file_form"].errors
    assert not practice.files.exists()


@pytest.mark.parametrize("rows", [2, 20])
def test_portal_practice_list_queries_do_not_grow(client, city, django_assert_max_num_queries, rows):
    member, user = city
    for _ in range(rows):
        PracticeFactory(member=member, draft=True, themes=[ThemeFactory()])
    client.force_login(user)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("programs:portal_practices", args=[member.slug]))
    assert len(response.context["practices"]) == rows


def id_taking_urls(practice, file):
    return [
        ("get", reverse("programs:portal_practice_edit", args=[practice.pk])),
        ("post", reverse("programs:portal_practice_edit", args=[practice.pk])),
        ("post", reverse("programs:portal_practice_submit", args=[practice.pk])),
        ("post", reverse("programs:portal_practice_file_add", args=[practice.pk])),
        ("post", reverse("programs:portal_practice_file_delete", args=[practice.pk, file.pk])),
        ("get", reverse("programs:portal_practices", args=[practice.member.slug])),
        ("get", reverse("programs:portal_practice_new", args=[practice.member.slug])),
        ("post", reverse("programs:portal_practice_new", args=[practice.member.slug])),
    ]


def test_another_citys_user_gets_404_on_every_id_taking_url(client, city):
    member, _user = city
    practice = PracticeFactory(member=member, draft=True)
    file = services.practice_file_add(practice=practice, upload=SimpleUploadedFile("a.png", PNG), by=None)
    client.force_login(technician_of(MemberFactory()))
    for method, url in id_taking_urls(practice, file):
        assert getattr(client, method)(url).status_code == 404, url
    practice.refresh_from_db()
    assert practice.state == PracticeState.DRAFT and practice.files.count() == 1


def test_a_file_of_another_practice_of_the_same_city_is_not_found_through_this_one(client, city):
    member, user = city
    mine, other = PracticeFactory(member=member, draft=True), PracticeFactory(draft=True)
    file = services.practice_file_add(practice=other, upload=SimpleUploadedFile("a.png", PNG), by=None)
    client.force_login(user)
    url = reverse("programs:portal_practice_file_delete", args=[mine.pk, file.pk])
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("rows", [2, 15])
def test_the_practices_panel_loads_in_a_fixed_number_of_queries(client, city, rows, django_assert_max_num_queries):
    """Each line in the reader's language, with nothing read again row by row: the city's practices
    (with how many cities adopted them), the practices it adopted and its webinars."""
    from programs.knowledge.models import PracticeTransfer

    member, user = city
    for n in range(rows):
        own = PracticeFactory(member=member, title=f"Práctica propia {n}", themes=[ThemeFactory()])
        own.title_en = f"Own practice {n}"
        own.save()
        PracticeTransfer.objects.create(practice=own, member=MemberFactory(), year=2025)
        adopted = PracticeFactory(title=f"Práctica ajena {n}", member=MemberFactory(name=f"Ciudad {n}"))
        PracticeTransfer.objects.create(practice=adopted, member=member, year=2024)
        WebinarFactory(presenting_member=member, title=f"Webinario {n}", title_en=f"Webinar {n}")
    client.force_login(user)
    # session, user, the city with the reader's roles, practices, webinars, adopted practices
    with django_assert_max_num_queries(6):
        response = client.get(reverse("portal:panel", args=[member.slug, "knowledge"]), HTTP_HX_REQUEST="true",
                              HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    shown = min(rows, 6)  # the newest six practices, four adopted ones, four webinars
    assert text.count("Own practice") == shown and text.count("adopted by 1 city") == shown
    assert text.count("Práctica ajena") == min(rows, 4) and text.count("· Ciudad ") == min(rows, 4)
    assert text.count(">Webinar ") == min(rows, 4) and "Webinario" not in text


def test_the_city_portal_page_shows_the_practices_panel(client, city):
    member, user = city
    PracticeFactory(member=member, title="Escuelas abiertas", draft=True)
    client.force_login(user)
    assert "Escuelas abiertas" in portal_page(client, reverse("portal:member", args=[member.slug])).text


def test_admin_send_back_action_asks_for_a_comment_and_moves_the_practice(client):
    client.force_login(UserFactory(staff=True))
    practice = PracticeFactory(in_review=True)
    url = reverse("admin:programs_goodpractice_changelist")
    page = client.post(url, {"action": "send_back", "_selected_action": [practice.pk]})
    assert page.status_code == 200 and "comment" in page.context["form"].fields
    client.post(url, {"action": "send_back", "_selected_action": [practice.pk], "apply": "1",
                      "comment": "Falta el presupuesto."})
    practice.refresh_from_db()
    assert (practice.state, practice.review_comment) == (PracticeState.DRAFT, "Falta el presupuesto.")


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="stems need PostgreSQL's dictionaries")
def test_on_postgresql_search_matches_word_stems(bank):
    found = titles(practice_search(published_practices(), "participativa"))
    assert {"Presupuesto participativo joven", "Orçamento participativo"} <= found


@pytest.mark.parametrize("word,root", [("participacion", "particip"), ("participativo", "particip"),
                                       ("ciudades", "ciudad"), ("movilidad", "movil"), ("ideas", "idea"),
                                       ("bus", "bus")])
def test_word_roots_of_the_partial_word_match(word, root):
    from programs.knowledge.selectors import word_root

    assert word_root(word) == root
