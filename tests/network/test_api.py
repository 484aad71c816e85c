"""The read API (/api/v1/): public data only, the reader's language, conditional answers, partner keys
and rate limits, a fixed number of queries per endpoint at any data size."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.api import keys as api_keys
from network.models import PartnerKey
from network.services import sdgs_ensure
from programs.knowledge.models import PracticeTransfer
from tests.campus.factories import CourseFactory
from tests.campus.factories import EditionFactory
from tests.events.factories import EventFactory
from tests.factories import MemberFactory
from tests.factories import ThemeFactory
from tests.factories import UserFactory
from tests.programs.factories import CallFactory
from tests.programs.factories_knowledge import PracticeFactory
from tests.programs.factories_knowledge import WebinarFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = ["members", "territorial-networks", "themes", "calls", "events", "webinars", "practices", "courses",
             "reports", "figures"]


@pytest.fixture(autouse=True)
def _sdgs(db):
    """The 17 SDGs come with a migration, which a transactional test before this one may have flushed."""
    sdgs_ensure()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def api(client, path, **headers):
    response = client.get(f"/api/v1/{path}", **headers)
    assert response.status_code == 200, response.content[:400]
    return response.json()


def results(client, path, **headers):
    data = api(client, path, **headers)
    return data["results"] if isinstance(data, dict) and "results" in data else data


def slugs(client, path, **headers):
    return [row["slug"] for row in results(client, path, **headers)]


def some_of_everything(n: int = 1):
    theme = ThemeFactory()
    for _ in range(n):
        member = MemberFactory(themes=[theme])
        CallFactory(themes=[theme])
        EventFactory(theme=theme, host_member=member)
        WebinarFactory(presenting_member=member, themes=[theme])
        practice = PracticeFactory(member=member, themes=[theme], sdgs=[11])
        PracticeTransfer.objects.create(practice=practice, member=MemberFactory(), year=2024)
        EditionFactory(course=CourseFactory(published=True))


def test_every_endpoint_answers_with_public_data(client):
    some_of_everything()
    for endpoint in ENDPOINTS:
        api(client, f"{endpoint}/")


def test_what_is_not_public_is_neither_listed_nor_found(client):
    member = MemberFactory(slug="bogota")
    MemberFactory(slug="prospecta", prospect=True)
    CallFactory(slug="abierta")
    CallFactory(slug="borrador", unpublished=True)
    PracticeFactory(slug="publicada", member=member)
    PracticeFactory(slug="en-borrador", member=member, draft=True)
    WebinarFactory(slug="programado", presenting_member=member)
    WebinarFactory(slug="sin-publicar", presenting_member=member, draft=True)
    EventFactory(slug="encuentro")
    EventFactory(slug="oculto", published=False)
    CourseFactory(slug="curso", published=True)
    CourseFactory(slug="curso-oculto", published=False)

    for endpoint, shown, hidden in [("members", "bogota", "prospecta"), ("calls", "abierta", "borrador"),
                                    ("practices", "publicada", "en-borrador"),
                                    ("webinars", "programado", "sin-publicar"), ("events", "encuentro", "oculto"),
                                    ("courses", "curso", "curso-oculto")]:
        listed = slugs(client, f"{endpoint}/")
        assert shown in listed and hidden not in listed, endpoint
        assert client.get(f"/api/v1/{endpoint}/{shown}/").status_code == 200
        assert client.get(f"/api/v1/{endpoint}/{hidden}/").status_code == 404, endpoint


def test_private_fields_never_leave(client):
    """The webinar's and the event's meeting links go to registered people only; notes on transfers,
    review comments and who recorded them stay in the admin."""
    member = MemberFactory()
    WebinarFactory(slug="w", presenting_member=member, online_url="https://meet.example.org/secreto")
    EventFactory(slug="e", online_url="https://meet.example.org/secreto")
    practice = PracticeFactory(slug="p", member=member, review_comment="Falta la ficha técnica")
    PracticeTransfer.objects.create(practice=practice, member=MemberFactory(), year=2024, notes="Nota interna")
    for path in ["webinars/", "webinars/w/", "events/", "events/e/", "practices/", "practices/p/"]:
        body = client.get(f"/api/v1/{path}").content.decode()
        assert "secreto" not in body and "Nota interna" not in body and "ficha técnica" not in body, path


def test_translated_fields_follow_accept_language_and_lang(client):
    CallFactory(slug="huertos", title="Huertos urbanos", title_en="Urban gardens", title_pt_br="Hortas urbanas")
    CallFactory(slug="solo", title="Solo en español")
    english = {row["slug"]: row["title"] for row in results(client, "calls/", HTTP_ACCEPT_LANGUAGE="en")}
    assert english == {"huertos": "Urban gardens", "solo": "Solo en español"}
    response = client.get("/api/v1/calls/huertos/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en" and "Accept-Language" in response["Vary"]
    assert api(client, "calls/huertos/?lang=pt-br")["title"] == "Hortas urbanas"
    assert api(client, "calls/huertos/", HTTP_ACCEPT_LANGUAGE="es")["title"] == "Huertos urbanos"


def test_moments_are_given_in_the_records_own_zone(client, settings):
    settings.TIME_ZONE = "Europe/Madrid"
    closes = datetime(2030, 3, 1, 23, 59, tzinfo=ZoneInfo("America/Mexico_City"))
    CallFactory(slug="mx", time_zone="America/Mexico_City", closes_at=closes)
    call = api(client, "calls/mx/", HTTP_ACCEPT_LANGUAGE="pt-br")
    assert call["closes_at"] == "2030-03-01T23:59:00-06:00" and call["time_zone"] == "America/Mexico_City"


def test_lists_filter_the_way_the_public_pages_do(client):
    theme = ThemeFactory(slug="movilidad")
    CallFactory(slug="abierta", themes=[theme])
    CallFactory(slug="otra")
    CallFactory(slug="cerrada", closed=True)
    assert set(slugs(client, "calls/")) == {"abierta", "otra"}
    assert slugs(client, "calls/?status=closed") == ["cerrada"]
    assert slugs(client, "calls/?theme=movilidad") == ["abierta"]
    MemberFactory(slug="bogota", name="Bogotá", country="CO")
    MemberFactory(slug="lisboa", name="Lisboa", country="PT")
    assert slugs(client, "members/?q=bogota") == ["bogota"]
    assert slugs(client, "members/?country=PT") == ["lisboa"]
    PracticeFactory(slug="ciclovias", title="Ciclovías recreativas")
    PracticeFactory(slug="huertos", title="Huertos urbanos")
    assert slugs(client, "practices/?q=ciclovia") == ["ciclovias"]


@pytest.mark.parametrize("path", ["calls/?status=nonsense", "members/?country=XX", "practices/?year=abc",
                                  "events/?kind=%00", "webinars/?when=tomorrow"])
def test_a_bad_filter_value_is_a_400_that_names_the_field(client, path):
    response = client.get(f"/api/v1/{path}")
    assert response.status_code == 400
    field = path.split("?")[1].split("=")[0]
    assert field in response.json()


@pytest.mark.parametrize("page", ["0", "-1", "abc", "10" * 20, "1e9"])
def test_a_page_past_the_end_or_not_a_number_is_a_404(client, page):
    MemberFactory()
    response = client.get(f"/api/v1/members/?page={page}")
    assert response.status_code == 404 and "detail" in response.json()


def test_pages_say_the_total_and_link_the_next_one(client):
    for _ in range(3):
        MemberFactory()
    data = api(client, "members/?page_size=2")
    assert data["count"] == 3 and len(data["results"]) == 2 and "page=2" in data["next"]
    assert len(api(client, "members/?page_size=100000")["results"]) == 3  # capped at 200, not refused
    assert client.get("/api/v1/members/?page_size=0").status_code == 400


def test_every_answer_has_an_etag_and_a_matching_one_is_a_304(client):
    CallFactory(slug="a")
    first = client.get("/api/v1/calls/")
    assert first["ETag"] and "public" in first["Cache-Control"] and first["Access-Control-Allow-Origin"] == "*"
    again = client.get("/api/v1/calls/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    CallFactory(slug="b")
    changed = client.get("/api/v1/calls/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    english = client.get("/api/v1/calls/", HTTP_ACCEPT_LANGUAGE="en")
    assert english["ETag"] != client.get("/api/v1/calls/", HTTP_ACCEPT_LANGUAGE="es")["ETag"]


def test_practices_carry_the_cities_that_adopted_them(client):
    adopter = MemberFactory(slug="quito", name="Quito")
    practice = PracticeFactory(slug="metrocable")
    PracticeTransfer.objects.create(practice=practice, member=adopter, year=2023, kind="adapted")
    transfers = api(client, "practices/metrocable/")["transfers"]
    assert transfers == [{"member": {"slug": "quito", "name": "Quito", "country": "CO"}, "kind": "adapted",
                          "kind_label": "Adaptada", "year": 2023}]


def test_courses_carry_their_published_editions_only(client):
    course = CourseFactory(slug="movilidad", published=True)
    EditionFactory(course=course, number=1)
    EditionFactory(course=course, number=2, published=False)
    assert [e["number"] for e in api(client, "courses/movilidad/")["editions"]] == [1]


def test_figures_of_a_year_are_aggregates_without_personal_data(client):
    member = MemberFactory(name="Medellín")
    PracticeFactory(member=member)
    years = api(client, "figures/")
    this_year = years[0]["year"]
    groups = api(client, f"figures/{this_year}/")["groups"]
    keys = {group["key"] for group in groups}
    assert {"members", "calls", "practices"} <= keys
    members = next(group for group in groups if group["key"] == "members")
    assert all(isinstance(figure["value"], (int, float)) for figure in members["figures"])
    assert client.get("/api/v1/figures/1999/").status_code == 404


# --- Partner keys and rate limits ------------------------------------------------------------------
def issue(name="Observatorio", rate=600) -> str:
    return api_keys.partner_key_issue(key=PartnerKey(name=name, requests_per_minute=rate))


def test_keys_are_stored_hashed_and_work_in_either_header(client):
    raw = issue()
    key = PartnerKey.objects.get()
    assert raw not in (key.digest, key.prefix) and raw.startswith(f"rp_{key.prefix}_")
    assert client.get("/api/v1/themes/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    assert client.get("/api/v1/themes/", HTTP_X_API_KEY=raw).status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None


@pytest.mark.parametrize("sent", ["rp_deadbeef_nope", "nonsense", "Bearer", "rp_" + "x" * 300])
def test_a_wrong_key_is_refused_not_ignored(client, sent):
    issue()
    response = client.get("/api/v1/themes/", HTTP_AUTHORIZATION=f"Bearer {sent}")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_key_stops_working_at_once(client):
    raw = issue()
    assert api_keys.partner_key_revoke(key=PartnerKey.objects.get()) is True
    assert client.get("/api/v1/themes/", HTTP_X_API_KEY=raw).status_code == 401
    assert api_keys.partner_key_revoke(key=PartnerKey.objects.get()) is False


def test_anonymous_use_is_rate_limited_and_a_key_raises_the_limit(client, settings):
    settings.API_ANONYMOUS_RATE = "3/min"
    for _ in range(3):
        assert client.get("/api/v1/themes/").status_code == 200
    limited = client.get("/api/v1/themes/")
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    raw = issue(rate=5)
    for _ in range(5):
        assert client.get("/api/v1/themes/", HTTP_X_API_KEY=raw).status_code == 200
    assert client.get("/api/v1/themes/", HTTP_X_API_KEY=raw).status_code == 429


def test_staff_issue_a_key_in_the_admin_and_see_it_once(admin_client):
    response = admin_client.post(reverse("admin:network_partnerkey_add"),
                                 {"name": "Observatorio urbano", "contact_email": "obs@example.org",
                                  "requests_per_minute": 1200}, follow=True)
    key = PartnerKey.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    assert any(f"rp_{key.prefix}_" in m for m in shown)
    raw = next(m for m in shown if "rp_" in m).split("<code>")[1].split("</code>")[0]
    assert api_keys.partner_key_for(raw) == key
    admin_client.post(reverse("admin:network_partnerkey_changelist"),
                      {"action": "revoke", "_selected_action": [key.pk]})
    assert api_keys.partner_key_for(raw) is None
    page = admin_client.get(reverse("admin:network_partnerkey_change", args=[key.pk])).content.decode()
    assert "rp_" + key.prefix + "_" not in page  # never shown again


def test_a_clerk_without_the_permission_cannot_issue_keys(client):
    clerk = UserFactory(is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse("admin:network_partnerkey_add")).status_code == 403


# --- The contract and its cost ---------------------------------------------------------------------
def test_the_schema_is_openapi_3_1_and_documents_every_endpoint(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    for endpoint in ENDPOINTS:
        assert f"/api/v1/{endpoint}/" in schema["paths"], endpoint
    assert "partnerKey" in schema["components"]["securitySchemes"]


def test_the_docs_page_loads_nothing_from_elsewhere(client):
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page and "/static/" in page
    assert "https://" not in page.replace("https://swagger.io", "") and "cdn" not in page.lower()


def detail_slug(client, endpoint):
    rows = results(client, f"{endpoint}/")
    return rows[0]["slug"] if rows and "slug" in rows[0] else None


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_endpoint_costs_the_same_queries_at_two_sizes(client, endpoint):
    counts = []
    paths = [f"{endpoint}/"]
    for added in (2, 10):  # 2 of everything, then 12
        some_of_everything(added)
        paths = paths[:1]
        if endpoint == "figures":
            paths.append(results(client, "figures/")[0]["url"].split("/api/v1/")[1])
        elif endpoint != "reports":
            paths.append(f"{endpoint}/{detail_slug(client, endpoint)}/")
        counted = []
        for path in paths:
            with CaptureQueriesContext(connection) as queries:
                api(client, path)
            counted.append(len(queries))
        counts.append(counted)
    assert counts[0] == counts[1], counts
    # A page of a list: its count, its rows and one query per related list shown (themes, transfers …);
    # the year's figures run each programme's fixed set of aggregates.
    assert max(counts[1]) <= (45 if endpoint == "figures" else 7), counts


def test_the_schema_is_rate_limited_and_conditional_like_the_endpoints(client, settings):
    settings.API_ANONYMOUS_RATE = "2/min"
    first = client.get("/api/schema/?format=json")
    assert first.status_code == 200 and first["ETag"]
    assert client.get("/api/schema/?format=json", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get("/api/schema/?format=json").status_code == 429


def test_a_client_cannot_escape_the_limit_by_writing_its_own_forwarded_address(client, settings):
    settings.API_ANONYMOUS_RATE = "2/min"
    for n in range(2):
        assert client.get("/api/v1/themes/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code == 200
    assert client.get("/api/v1/themes/", HTTP_X_FORWARDED_FOR="10.0.0.99").status_code == 429
