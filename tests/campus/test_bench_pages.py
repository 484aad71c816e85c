"""The course catalogue the benchmark measures: cached for anonymous visitors, dropped when what it
shows changes, never served to signed-in people; paginated, with a flat number of queries."""

import pytest
from django.urls import reverse

from bench.campus import PAGES
from campus.models import Course
from campus.models import Edition
from campus.services import enrolments as services
from network.page_cache import public_pages_changed
from tests.campus.factories import CapsuleFactory
from tests.campus.factories import EditionFactory
from tests.campus.factories import apply
from tests.factories import MemberFactory
from tests.factories import UserFactory
from tests.factories import technician_of

pytestmark = pytest.mark.django_db
URL = "/campus/"


@pytest.fixture(autouse=True)
def _fresh_pages():
    public_pages_changed()  # a new version: no page stored by an earlier test is used


def test_the_bench_page_is_the_catalogue():
    assert [(page.name, page.url_path()) for page in PAGES] == [("course catalogue", reverse("campus:catalogue"))]


def test_second_anonymous_visit_is_served_from_the_cache(client, django_assert_num_queries):
    EditionFactory(course__title="Movilidad Urbana Sostenible")
    assert b"Movilidad Urbana Sostenible" in client.get(URL).content
    with django_assert_num_queries(0):
        second = type(client)().get(URL)
    assert second.status_code == 200 and b"Movilidad Urbana Sostenible" in second.content


def test_saving_what_the_page_shows_drops_the_cached_page(client):
    def visit() -> str:  # a new anonymous visitor each time, reading English
        return type(client)().get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    edition = EditionFactory(course__title="Movilidad Urbana Sostenible", seats=35)
    first = visit()
    assert "Movilidad Urbana Sostenible" in first and "0 of 35 taken" in first
    course = edition.course
    course.title = "Movilidad Urbana Sostenible y Segura"
    course.save()
    assert "Movilidad Urbana Sostenible y Segura" in visit()
    edition.seats = 40
    edition.save()
    assert "0 of 40 taken" in visit()
    enrolment = apply(edition, technician_of(MemberFactory()))
    services.enrolment_admit(enrolment=enrolment, by=UserFactory(staff=True))  # an enrolment takes a seat
    assert "1 of 40 taken" in visit()
    CapsuleFactory(title="Cápsula nueva de vivienda")
    assert "Cápsula nueva de vivienda" in visit()


def test_signed_in_visitors_are_not_served_the_cached_page(client):
    EditionFactory(course__title="Movilidad Urbana Sostenible")
    client.get(URL)  # stored for anonymous visitors
    Course.objects.update(title="Gobernanza metropolitana")  # an update sends no signal: the copy stays
    assert b"Movilidad Urbana Sostenible" in type(client)().get(URL).content
    client.force_login(UserFactory())
    page = client.get(URL)
    assert b"Gobernanza metropolitana" in page.content and b"Movilidad Urbana Sostenible" not in page.content
    assert "Cookie" in page["Vary"]


def test_the_catalogue_is_paginated_by_kind_with_a_flat_query_count(client, django_assert_max_num_queries):
    for i in range(30):
        EditionFactory(course__title=f"Curso {i:02d}", course__order=i)
    with django_assert_max_num_queries(PAGES[0].max_queries):
        first = client.get(URL).content.decode()
    with django_assert_max_num_queries(PAGES[0].max_queries):
        second = client.get(URL + "?page=2").content.decode()
    assert "Curso 00" in first and "Curso 23" in first and "Curso 24" not in first
    assert "Curso 24" in second and "Curso 29" in second and "Curso 00" not in second
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert Edition.objects.count() == 30
