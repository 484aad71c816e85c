"""The cache of anonymous public pages: per language, dropped when data changes, never for signed-in
people, and every visitor gets their own CSRF token."""

import re

import pytest
from django.core.cache import caches
from django.test import override_settings

from network.models import Member
from network.page_cache import VERSION_KEY
from network.page_cache import public_pages_changed
from tests.factories import MemberFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _fresh_pages():
    public_pages_changed()  # a new version: no page stored by an earlier test is used


def test_second_anonymous_visit_is_served_from_the_cache(client, django_assert_num_queries):
    MemberFactory(name="Quito")
    first = client.get("/members/", HTTP_ACCEPT_LANGUAGE="es")
    assert b"Quito" in first.content
    fresh = type(client)()
    with django_assert_num_queries(0):
        second = fresh.get("/members/", HTTP_ACCEPT_LANGUAGE="es")
    assert second.status_code == 200 and b"Quito" in second.content
    assert "Cookie" in second["Vary"]


def test_each_language_has_its_own_copy(client):
    MemberFactory(name="Quito")
    spanish = client.get("/members/", HTTP_ACCEPT_LANGUAGE="es").content
    english = type(client)().get("/members/", HTTP_ACCEPT_LANGUAGE="en").content
    assert b'lang="es"' in spanish and b'lang="en"' in english


def test_a_change_to_the_data_drops_the_cached_pages(client):
    member = MemberFactory(name="Quito")
    client.get("/members/")
    member.name = "San Francisco de Quito"
    member.save()
    assert b"San Francisco de Quito" in type(client)().get("/members/").content
    # many-to-many changes count too
    version = caches["pages"].get(VERSION_KEY)
    member.themes.clear()
    assert caches["pages"].get(VERSION_KEY) > version


def test_signed_in_people_never_get_or_fill_the_cache(client):
    MemberFactory(name="Quito")
    client.force_login(UserFactory())
    client.get("/members/")  # signed in: not stored …
    Member.objects.update(name="Cambiado")  # (an update sends no signal: only a fresh render shows it)
    assert b"Cambiado" in type(client)().get("/members/").content  # … so the visitor's page is fresh
    Member.objects.update(name="Otra vez")
    assert b"Otra vez" in client.get("/members/").content  # and a stored copy is never served to them


def test_visitors_do_not_share_csrf_tokens(client):
    MemberFactory(name="Quito")
    first = client.get("/members/")
    second_client = type(client)()
    second = second_client.get("/members/")
    token_1, token_2 = TOKEN.search(first.content.decode())[1], TOKEN.search(second.content.decode())[1]
    assert token_1 != token_2
    assert "csrftoken" in second.cookies  # the cached page still gives the visitor their CSRF cookie
    assert b"\x00csrf\x00" not in second.content


@override_settings(PUBLIC_PAGE_CACHE=False)
def test_the_cache_can_be_switched_off(client):
    MemberFactory(name="Quito")
    client.get("/members/")
    Member.objects.update(name="Cambiado")
    assert b"Cambiado" in type(client)().get("/members/").content


# Nothing listens on port 1: the portal's own Redis settings, pointed at a dead server.
UNREACHABLE_CACHE = {alias: {"BACKEND": "network.cache.DegradingRedisCache", "LOCATION": "redis://127.0.0.1:1/0",
                             "OPTIONS": {"WHEN_DOWN": when_down}}
                     for alias, when_down in (("default", "memory"), ("pages", "miss"))}


def _public_urls() -> list[str]:
    """Every public page of the demo portal: the lists, and one page of each kind of object."""
    from campus.models import Course
    from events.models import Event
    from network.models import TerritorialNetwork
    from programs.calls.models import Call
    from programs.cooperation.models import Microrred
    from programs.knowledge.models import GoodPractice
    from programs.knowledge.models import Webinar

    def first(queryset, url):
        obj = queryset.order_by("pk").first()
        assert obj is not None, f"the demo has no {queryset.model.__name__}"
        return url.format(obj=obj)

    return [
        "/", "/members/", "/members/?q=bogota&country=CO", "/calls/", "/calls/feed.json", "/calls/deadlines.ics",
        "/microrredes/", "/webinars/", "/practices/", "/practices/?q=movilidad+sostenible", "/funding/",
        "/campus/", "/campus/strategies/", "/campus/capsules/", "/campus/verify/", "/events/", "/events/feed.ics",
        "/search/?q=bogota", "/search/?q=movilidad+sostenible",
        first(Member.objects.filter(status="active"), "/members/{obj.slug}/"),
        first(TerritorialNetwork.objects.all(), "/networks/{obj.slug}/"),
        first(Call.objects.filter(published=True), "/calls/{obj.slug}/"),
        first(Microrred.objects.all(), "/microrredes/{obj.slug}/"),
        first(Webinar.objects.exclude(state="draft"), "/webinars/{obj.slug}/"),
        first(GoodPractice.objects.filter(state="published"), "/practices/{obj.slug}/"),
        first(Course.objects.filter(published=True), "/campus/{obj.slug}/"),
        first(Event.objects.filter(published=True, webinar__isnull=True), "/events/{obj.slug}/"),
    ]


def test_every_public_page_answers_when_the_cache_server_is_down(client, caplog):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    urls = _public_urls()
    with override_settings(CACHES=UNREACHABLE_CACHE):
        statuses = {url: client.get(url).status_code for url in urls}
        member = Member.objects.order_by("pk").first()
        member.name += " (editado)"
        member.save()  # dropping the stored pages fails open too
    assert statuses == {url: 200 for url in urls}
    assert caplog.text.count("Redis cache unreachable") <= 2  # once per alias and minute, not once per call


def test_a_bulk_change_made_by_a_service_shows_on_the_next_anonymous_visit(client):
    from events.services.registrations import events_registration_open_set
    from tests.events.factories import EventFactory

    event = EventFactory(published=True, registration_open=True)
    url = f"/events/{event.slug}/"
    assert "Sign in to register" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    events_registration_open_set(events=[event], open=False)  # a bulk update: no model signal
    assert "Sign in to register" not in type(client)().get(url, HTTP_ACCEPT_LANGUAGE="en").text
