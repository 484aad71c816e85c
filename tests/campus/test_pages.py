import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campus.enums import EnrolmentState
from campus.enums import ScholarshipState
from campus.models import CapsuleCompletion
from campus.models import Enrolment
from campus.models import FinalProject
from campus.services import enrolments as services
from network.enums import MemberStatus
from tests.campus.factories import CapsuleFactory
from tests.campus.factories import CourseFactory
from tests.campus.factories import EditionFactory
from tests.campus.factories import StrategyFactory
from tests.campus.factories import apply
from tests.factories import MemberFactory
from tests.factories import UserFactory
from tests.factories import focal_point_of
from tests.factories import technician_of
from tests.portal import portal_page

pytestmark = pytest.mark.django_db
from tests.files import PDF  # noqa: E402


def test_catalogue_shows_courses_next_edition_and_the_scholarship_rule(client):
    edition = EditionFactory(course__title="Movilidad Urbana Sostenible")
    StrategyFactory.create_batch(3)
    page = client.get(reverse("campus:catalogue")).content.decode()
    assert "Movilidad Urbana Sostenible" in page
    assert edition.roman in page
    assert "scholarship" in page.lower() or "beca" in page.lower()
    assert '<strong>3</strong>' in page


def test_each_course_card_shows_its_soonest_edition_not_ended_with_its_seats(client):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    course = CourseFactory(title="Planificación Estratégica")
    EditionFactory(course=course, number=1, past=True)
    running = EditionFactory(course=course, number=7, seats=25, fee=0,
                             starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=20))
    EditionFactory(course=course, number=8, starts_on=today + timedelta(days=100), ends_on=today + timedelta(days=150))
    EditionFactory(course=course, number=6, published=False, starts_on=today - timedelta(days=30),
                   ends_on=today + timedelta(days=30))
    Enrolment.objects.filter(pk=apply(running, UserFactory()).pk).update(state=EnrolmentState.ADMITTED)
    apply(running, UserFactory())  # applied: not a seat yet
    other = EditionFactory(course__title="Movilidad Urbana", number=3, seats=12)
    page = client.get(reverse("campus:catalogue")).content.decode()
    planning = page.split("Planificación Estratégica", 1)[1].split("</article>", 1)[0]
    assert "VII ·" in planning and "VIII" not in planning and "VI ·" not in planning
    assert "1 of 25 taken" in planning or "1 de 25" in planning
    mobility = page.split("Movilidad Urbana", 1)[1].split("</article>", 1)[0]
    assert f"{other.roman} ·" in mobility and ("0 of 12" in mobility or "0 de 12" in mobility)


def test_course_page_links_to_enrolment_while_the_call_is_open(client):
    edition = EditionFactory()
    page = client.get(reverse("campus:course", kwargs={"slug": edition.course.slug})).content.decode()
    assert reverse("campus:enrol", kwargs={"slug": edition.course.slug, "number": edition.number}) in page


def test_unpublished_course_is_404(client):
    course = CourseFactory(published=False)
    assert client.get(reverse("campus:course", kwargs={"slug": course.slug})).status_code == 404


def test_enrol_page_with_scholarship_creates_the_enrolment(client):
    edition = EditionFactory()
    user = technician_of(MemberFactory())
    client.force_login(user)
    url = reverse("campus:enrol", kwargs={"slug": edition.course.slug, "number": edition.number})
    assert client.get(url).status_code == 200
    response = client.post(url, {"position": "Técnico", "motivation": "Planificar mejor", "scholarship": "on"})
    enrolment = Enrolment.objects.get(user=user)
    assert response.url == reverse("campus:enrolment", kwargs={"pk": enrolment.pk})
    assert enrolment.scholarship == ScholarshipState.REQUESTED


def test_enrol_page_refuses_a_scholarship_for_a_member_in_arrears_and_keeps_the_input(client):
    edition = EditionFactory()
    member = MemberFactory(status=MemberStatus.IN_ARREARS, name="Villa Morosa")
    client.force_login(technician_of(member))
    url = reverse("campus:enrol", kwargs={"slug": edition.course.slug, "number": edition.number})
    response = client.post(url, {"position": "Técnico", "motivation": "Planificar mejor", "scholarship": "on"},
                           headers={"accept-language": "en"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Planificar mejor" in page
    assert '<ul class="errorlist' in page and "Villa Morosa is in arrears" in page
    assert not Enrolment.objects.exists()


def test_enrol_page_shows_missing_answers(client):
    edition = EditionFactory()
    client.force_login(UserFactory())
    url = reverse("campus:enrol", kwargs={"slug": edition.course.slug, "number": edition.number})
    response = client.post(url, {"position": "", "motivation": ""})
    assert response.status_code == 200
    assert not Enrolment.objects.exists()


# --- Other people's things are 404 ------------------------------------------------------------------
@pytest.fixture
def enrolled():
    edition = EditionFactory()
    member = MemberFactory()
    enrolment = apply(edition, technician_of(member))
    Enrolment.objects.filter(pk=enrolment.pk).update(state=EnrolmentState.ENROLLED)
    enrolment.refresh_from_db()
    return enrolment


@pytest.mark.parametrize("name", ["campus:enrolment", "campus:certificate", "campus:project_document"])
def test_another_citys_user_gets_404(client, enrolled, name):
    client.force_login(technician_of(MemberFactory()))
    assert client.get(reverse(name, kwargs={"pk": enrolled.pk})).status_code == 404


def test_a_colleague_who_is_not_focal_point_gets_404(client, enrolled):
    client.force_login(technician_of(enrolled.member))
    assert client.get(reverse("campus:enrolment", kwargs={"pk": enrolled.pk})).status_code == 404


def test_focal_point_of_the_city_sees_the_enrolment_but_cannot_act(client, enrolled):
    client.force_login(focal_point_of(enrolled.member))
    assert client.get(reverse("campus:enrolment", kwargs={"pk": enrolled.pk})).status_code == 200
    url = reverse("campus:enrolment_action", kwargs={"pk": enrolled.pk, "action": "withdraw"})
    assert client.post(url).status_code == 404


def test_student_hands_in_the_final_project_and_downloads_it(client, enrolled):
    client.force_login(enrolled.user)
    url = reverse("campus:enrolment", kwargs={"pk": enrolled.pk})
    response = client.post(url, {"title": "Estrategia Quito 2040", "city": "Quito", "summary": "Una ciudad próxima.",
                                 "document": SimpleUploadedFile("estrategia.pdf", PDF, "application/pdf")})
    assert response.status_code == 302
    project = FinalProject.objects.get(enrolment=enrolled)
    assert (project.title, project.grade, project.member) == ("Estrategia Quito 2040", "pending", enrolled.member)
    download = client.get(reverse("campus:project_document", kwargs={"pk": enrolled.pk}))
    assert b"".join(download.streaming_content) == PDF
    client.force_login(technician_of(MemberFactory()))
    assert client.get(reverse("campus:project_document", kwargs={"pk": enrolled.pk})).status_code == 404


def test_student_confirms_and_withdraws(client):
    edition = EditionFactory()
    enrolment = apply(edition, UserFactory())
    services.enrolment_admit(enrolment=enrolment, by=UserFactory(staff=True))
    client.force_login(enrolment.user)
    client.post(reverse("campus:enrolment_action", kwargs={"pk": enrolment.pk, "action": "confirm"}))
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.ENROLLED
    client.post(reverse("campus:enrolment_action", kwargs={"pk": enrolment.pk, "action": "withdraw"}))
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.DROPPED


def test_capsule_marked_done_once_and_counted(client):
    capsule = CapsuleFactory()
    user = UserFactory()
    client.force_login(user)
    url = reverse("campus:capsule_done", kwargs={"slug": capsule.slug})
    client.post(url)
    client.post(url)
    assert CapsuleCompletion.objects.filter(capsule=capsule).count() == 1
    page = client.get(reverse("campus:capsules"), headers={"accept-language": "en"}).content.decode()
    assert "Done by 1 person" in page
    client.post(url, {"undo": "1"})
    assert CapsuleCompletion.objects.count() == 0


def test_my_courses_and_portal_panel_for_the_focal_point(client, enrolled):
    focal = focal_point_of(enrolled.member)
    client.force_login(focal)
    page = client.get(reverse("campus:my_courses")).content.decode()
    assert enrolled.student_name in page
    portal = portal_page(client, reverse("portal:member", kwargs={"slug": enrolled.member.slug})).text
    assert "campus-panel-title" in portal
    assert enrolled.student_name in portal


def test_staff_scholarship_page_is_for_staff(client):
    client.force_login(UserFactory())
    assert client.get(reverse("campus:staff_scholarships")).status_code == 302
    client.force_login(UserFactory(staff=True))
    assert client.get(reverse("campus:staff_scholarships")).status_code == 200


def test_strategies_filter_by_city(client):
    rosario = MemberFactory(name="Rosario")
    StrategyFactory(member=rosario, title="Rosario 2030")
    StrategyFactory(title="Otra")
    page = client.get(reverse("campus:strategies"), {"member": rosario.slug}).content.decode()
    assert "Rosario 2030" in page and "Otra" not in page


def test_portal_panel_shows_a_technician_only_their_own_enrolments(client, enrolled):
    colleague = technician_of(enrolled.member)
    client.force_login(colleague)
    portal = portal_page(client, reverse("portal:member", kwargs={"slug": enrolled.member.slug})).panels["campus"]
    assert enrolled.student_name not in portal.text
    client.force_login(enrolled.user)
    portal = portal_page(client, reverse("portal:member", kwargs={"slug": enrolled.member.slug})).text
    assert "campus-panel-title" in portal


def test_portal_panel_shows_the_newest_rows_with_totals_over_every_enrolment(client):
    from decimal import Decimal

    from campus.selectors import PORTAL_PANEL_ROWS

    member = MemberFactory()
    count = PORTAL_PANEL_ROWS + 3
    for _ in range(count):
        apply(EditionFactory(), technician_of(member))
    Enrolment.objects.filter(member=member).update(scholarship=ScholarshipState.GRANTED,
                                                   scholarship_amount=Decimal("100"))
    client.force_login(focal_point_of(member))
    page = portal_page(client, reverse("portal:member", kwargs={"slug": member.slug}))
    panel = page.panel("campus")
    assert len(panel["enrolments"]) == PORTAL_PANEL_ROWS and panel["more"] == 3
    assert panel["scholarships"] == count and panel["scholarship_amount"] == Decimal("100") * count
    assert "3 more enrolments" in page.text or "3 inscripciones más" in page.text
