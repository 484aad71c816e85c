import pytest
from django.urls import reverse

from campus.enums import EnrolmentState
from campus.models import Certificate
from campus.models import Enrolment
from campus.services import enrolments as services
from campus.services.certificates import certificate_verify
from campus.services.certificates import code_is_well_formed
from campus.services.certificates import code_new
from tests.campus.factories import EditionFactory
from tests.campus.factories import apply
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(django_capture_on_commit_callbacks):
    edition = EditionFactory()
    enrolment = apply(edition, UserFactory(name="Lucía Fernández"))
    Enrolment.objects.filter(pk=enrolment.pk).update(state=EnrolmentState.ENROLLED)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_complete(enrolment=enrolment, by=UserFactory(staff=True))
    return Certificate.objects.get(enrolment=enrolment)


def test_codes_are_unique_and_carry_their_check():
    codes = {code_new() for _ in range(200)}
    assert len(codes) == 200
    assert all(code_is_well_formed(c) for c in codes)


def test_valid_code_is_confirmed(certificate):
    result = certificate_verify(certificate.code)
    assert (result.status, result.certificate) == ("valid", certificate)


def test_code_is_accepted_without_dashes_and_in_lower_case(certificate):
    assert certificate_verify(certificate.code.replace("-", "").lower()).status == "valid"


def test_well_formed_code_never_issued_is_unknown(certificate):
    assert certificate_verify(code_new()).status == "unknown"


def test_tampered_code_is_detected(certificate):
    body = certificate.code[0]
    replacement = "A" if body != "A" else "B"
    tampered = replacement + certificate.code[1:]
    assert certificate_verify(tampered).status == "invalid"
    assert certificate_verify("hello").status == "invalid"


def test_completion_renders_the_pdf_in_private_storage(certificate):
    assert certificate.pdf.name == f"campus/certificates/{certificate.code}.pdf"
    assert certificate.pdf.open("rb").read(5) == b"%PDF-"
    assert certificate.rendered_at is not None


def test_verification_pages(client, certificate):
    valid = client.get(reverse("campus:verify_code", kwargs={"code": certificate.code}))
    assert valid.status_code == 200
    assert "Lucía Fernández" in valid.content.decode()
    assert client.get(reverse("campus:verify_code", kwargs={"code": code_new()})).status_code == 404
    tampered = "Z" + certificate.code[1:] if certificate.code[0] != "Z" else "Y" + certificate.code[1:]
    assert client.get(reverse("campus:verify_code", kwargs={"code": tampered})).status_code == 404
    assert client.get(reverse("campus:verify") + "?code=" + certificate.code).status_code == 302


def test_certificate_download_for_student_focal_point_and_staff_only(client, certificate):
    url = reverse("campus:certificate", kwargs={"pk": certificate.enrolment_id})
    client.force_login(certificate.enrolment.user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(staff=True))
    assert client.get(url).status_code == 200


def test_my_courses_links_the_enrolment_and_its_certificate(client, certificate):
    """The row a student reads: the course leads to their enrolment, "Certificate (PDF)" downloads it."""
    enrolment = certificate.enrolment
    client.force_login(enrolment.user)
    page = client.get(reverse("campus:my_courses"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<a href="{reverse("campus:enrolment", kwargs={"pk": enrolment.pk})}">' in page
    assert f'<a href="{reverse("campus:certificate", kwargs={"pk": enrolment.pk})}">Certificate (PDF)</a>' in page
