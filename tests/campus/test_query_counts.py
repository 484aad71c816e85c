"""The catalogue, the strategies, My courses and the staff lists run a fixed number of queries."""

import pytest
from django.urls import reverse

from campus.enums import EnrolmentState
from campus.models import Enrolment
from campus.services import enrolments as services
from tests.campus.factories import CapsuleFactory
from tests.campus.factories import EditionFactory
from tests.campus.factories import StrategyFactory
from tests.campus.factories import apply
from tests.factories import MemberFactory
from tests.factories import ThemeFactory
from tests.factories import UserFactory
from tests.factories import focal_point_of
from tests.factories import technician_of

pytestmark = pytest.mark.django_db
SIZES = [2, 20]


def _courses(n):
    theme = ThemeFactory()
    for _ in range(n):
        edition = EditionFactory()
        edition.course.themes.add(theme)
        CapsuleFactory()


def _enrolments(n, member):
    staff = UserFactory(staff=True)
    for i in range(n):
        edition = EditionFactory(seats=50)
        enrolment = apply(edition, technician_of(member), scholarship=True)
        if i % 2:
            services.enrolment_admit(enrolment=enrolment, by=staff)
    return staff


@pytest.mark.parametrize("size", SIZES)
def test_catalogue(client, django_assert_max_num_queries, size):
    _courses(size)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("campus:catalogue")).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_course_page(client, django_assert_max_num_queries, size):
    edition = EditionFactory()
    for number in range(size):
        EditionFactory(course=edition.course, past=True, number=100 + number)
    StrategyFactory.create_batch(size, edition=edition)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("campus:course", kwargs={"slug": edition.course.slug})).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_strategies(client, django_assert_max_num_queries, size):
    theme = ThemeFactory()
    for project in StrategyFactory.create_batch(size, member=MemberFactory()):
        project.themes.add(theme)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("campus:strategies")).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_capsules(client, django_assert_max_num_queries, size):
    CapsuleFactory.create_batch(size)
    client.force_login(UserFactory())
    with django_assert_max_num_queries(6):
        assert client.get(reverse("campus:capsules")).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_my_courses_of_a_focal_point(client, django_assert_max_num_queries, size):
    member = MemberFactory()
    _enrolments(size, member)
    client.force_login(focal_point_of(member))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("campus:my_courses")).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_staff_scholarship_totals(client, django_assert_max_num_queries, size):
    staff = _enrolments(size, MemberFactory())
    client.force_login(staff)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("campus:staff_scholarships")).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_admin_enrolment_list(client, django_assert_max_num_queries, size):
    staff = _enrolments(size, MemberFactory())
    Enrolment.objects.filter(state=EnrolmentState.APPLIED).update(state=EnrolmentState.APPLIED)
    client.force_login(staff)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("admin:campus_enrolment_changelist")).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_admin_edition_list(client, django_assert_max_num_queries, size):
    staff = _enrolments(size, MemberFactory())
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("admin:campus_edition_changelist")).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_portal_panel(client, django_assert_max_num_queries, size):
    member = MemberFactory()
    _enrolments(size, member)
    client.force_login(focal_point_of(member))
    url = reverse("portal:panel", kwargs={"slug": member.slug, "key": "campus"})
    # sign-in (2), the city with the reader's roles, the panel's totals and its rows
    with django_assert_max_num_queries(5):
        response = client.get(url, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    rows = response.context["panel"]["enrolments"]
    assert response.status_code == 200 and rows
    # Each row as the table shows it, in English: the student, the course, its edition, the state.
    for enrolment in rows:
        assert enrolment.student_name in response.text and enrolment.edition.course.title in response.text
    states = {enrolment.get_state_display() for enrolment in rows}
    assert len(states) == 2 and all(f">{state}<" in response.text for state in states)  # applied, admitted
    assert "Requested" in response.text or "Granted" in response.text  # the scholarship, in English
