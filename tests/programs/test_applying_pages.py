"""The applicant's pages: sign in and come back, autosave, documents, submit, receipt; and isolation."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.calls.enums import ApplicationState
from programs.calls.models import Application
from programs.calls.services import applications as services
from tests import files
from tests.factories import focal_point_of
from tests.factories import technician_of

from .conftest import answers_for

pytestmark = pytest.mark.django_db

PDF_BYTES = files.PDF


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def application(make_call, technician):
    call = make_call()
    draft = services.application_start(call=call, user=technician)
    return services.application_save_draft(application=draft, by=technician, answers=answers_for(call))


def test_visitor_is_asked_to_sign_in_and_comes_back_to_the_call(client, make_call):
    call = make_call()
    apply_url = reverse("programs:apply", kwargs={"slug": call.slug})
    response = client.get(apply_url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={apply_url}"


def test_starting_from_the_page_opens_the_draft_form(client, make_call, technician):
    call = make_call()
    client.force_login(technician)
    response = client.post(reverse("programs:apply", kwargs={"slug": call.slug}))
    application = Application.objects.get()
    assert response.url == reverse("programs:application_edit", kwargs={"reference": application.reference})
    page = client.get(response.url)
    assert page.status_code == 200 and 'name="results"' in page.text


def test_autosave_keeps_what_was_typed(client, application, technician):
    client.force_login(technician)
    response = client.post(reverse("programs:application_autosave", kwargs={"reference": application.reference}),
                           {"title": "Nuevo título", "results": "x" * 100, "started_year": "no sé"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    application.refresh_from_db()
    assert (application.data["title"], application.data["started_year"]) == ("Nuevo título", "no sé")


def test_an_older_autosave_arriving_late_does_not_undo_newer_typing(client, application, technician):
    """The tab's last words (edit 5) reach the server before an autosave sent earlier (edit 3)."""
    client.force_login(technician)
    url = reverse("programs:application_autosave", kwargs={"reference": application.reference})
    client.post(url, {"title": "Con oradores", "results": "Laura Suárez", "_page": "tab1", "_revision": "5"})
    client.post(url, {"title": "Sin oradores", "results": "", "_page": "tab1", "_revision": "3"})
    application.refresh_from_db()
    assert (application.data["title"], application.data["results"]) == ("Con oradores", "Laura Suárez")
    # Another tab (or the same form opened again) numbers its edits from scratch and is kept.
    client.post(url, {"title": "Otra pestaña", "_page": "tab2", "_revision": "1"})
    application.refresh_from_db()
    assert application.data["title"] == "Otra pestaña"


def test_submit_with_errors_shows_them_and_keeps_everything(client, application, technician):
    client.force_login(technician)
    huge = "palabra " * 2000
    response = client.post(reverse("programs:application_submit", kwargs={"reference": application.reference}),
                           {"title": "Título", "summary": huge, "results": "", "started_year": "31/02/2020"})
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) >= {"summary", "results", "started_year", "themes"}
    assert "Título" in response.text
    application.refresh_from_db()
    assert (application.state, application.data["summary"]) == (ApplicationState.DRAFT, huge)


def test_submit_leads_to_the_receipt(client, application, technician):
    client.force_login(technician)
    data = {**application.data, "themes": application.data["themes"]}
    response = client.post(reverse("programs:application_submit", kwargs={"reference": application.reference}), data)
    assert response.status_code == 302
    receipt = client.get(response.url)
    assert receipt.context["just_submitted"] is True
    assert application.reference in receipt.text
    who = application.person.full_name if application.person_id else technician.name
    assert who and who in receipt.text  # the receipt names the applicant, and their city
    if application.member_id:
        assert application.member.name in receipt.text.split('class="card receipt"')[1].split("</section>")[0]
    pdf = client.get(reverse("programs:application_pdf", kwargs={"reference": application.reference}))
    assert (pdf["Content-Type"], pdf.content[:5]) == ("application/pdf", b"%PDF-")


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("memoria.pdf", PDF_BYTES, True),
        ("memoria.docx", docx_bytes(), True),
        ("foto.png", files.PNG, True),
        ("foto.jpg", files.JPEG, True),
        ("programa.pdf", b"%PDF-1.7\n" + b"MZ\x90\x00" + b"\0" * 60, False),  # only starts like a PDF
        ("pagina.png", b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>", False),  # HTML in PNG clothes
        ("programa.exe", b"MZ\x90\x00" + b"\0" * 60, False),
        ("factura.pdf", b"MZ\x90\x00" + b"\0" * 60, False),  # a renamed executable
        ("memoria.docx", PDF_BYTES, False),  # the name lies about the content
        ("vacio.pdf", b"", False),
        ("notas.txt", b"hola", False),
    ],
)
def test_document_upload_checks_the_content(client, application, technician, name, content, accepted):
    client.force_login(technician)
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("programs:document_upload", kwargs={"reference": application.reference}),
                           {"file": upload})
    assert application.documents.count() == (1 if accepted else 0)
    assert response.status_code == (302 if accepted else 400)
    if not accepted:
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
        assert response.context["form"]["title"].value() == "Supermanzanas de barrio"  # the answers are still there


def test_too_large_document_is_refused(client, application, technician, settings):
    settings.UPLOAD_MAX_BYTES = 100
    client.force_login(technician)
    response = client.post(reverse("programs:document_upload", kwargs={"reference": application.reference}),
                           {"file": SimpleUploadedFile("grande.pdf", PDF_BYTES + b"0" * 200)})
    assert response.status_code == 400
    assert application.documents.count() == 0


def test_applicant_downloads_their_document(client, application, technician):
    client.force_login(technician)
    client.post(reverse("programs:document_upload", kwargs={"reference": application.reference}),
                {"file": SimpleUploadedFile("memoria.pdf", PDF_BYTES)})
    document = application.documents.get()
    response = client.get(reverse("programs:document", kwargs={"reference": application.reference,
                                                                "document_id": document.pk}))
    assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF_BYTES)


# --- One city's people never reach another city's applications -----------------------------------
def urls_of(application, document_id=1):
    ref = {"reference": application.reference}
    return [
        ("get", reverse("programs:application", kwargs=ref)),
        ("get", reverse("programs:application_edit", kwargs=ref)),
        ("get", reverse("programs:application_pdf", kwargs=ref)),
        ("post", reverse("programs:application_autosave", kwargs=ref)),
        ("post", reverse("programs:application_submit", kwargs=ref)),
        ("post", reverse("programs:application_withdraw", kwargs=ref)),
        ("post", reverse("programs:document_upload", kwargs=ref)),
        ("get", reverse("programs:document", kwargs={**ref, "document_id": document_id})),
        ("post", reverse("programs:document_delete", kwargs={**ref, "document_id": document_id})),
        ("get", reverse("programs:endorsement", kwargs=ref)),
    ]


def test_another_citys_people_get_404_on_every_application_url(client, application, technician, tunja):
    client.force_login(technician)
    client.post(reverse("programs:document_upload", kwargs={"reference": application.reference}),
                {"file": SimpleUploadedFile("memoria.pdf", PDF_BYTES)})
    document = application.documents.get()
    for outsider in (technician_of(tunja), focal_point_of(tunja)):
        client.force_login(outsider)
        for method, url in urls_of(application, document.pk):
            response = getattr(client, method)(url)
            assert response.status_code == 404, (outsider, url)
    application.refresh_from_db()
    assert (application.state, application.documents.count()) == (ApplicationState.DRAFT, 1)


def test_a_colleague_of_the_same_city_cannot_edit_the_draft(client, application, quito):
    client.force_login(technician_of(quito))
    assert client.get(reverse("programs:application_edit", kwargs={"reference": application.reference})).status_code == 404


def test_focal_point_of_the_city_reads_but_cannot_change(client, application, focal):
    client.force_login(focal)
    ref = {"reference": application.reference}
    assert client.get(reverse("programs:application", kwargs=ref)).status_code == 200
    assert client.post(reverse("programs:application_withdraw", kwargs=ref)).status_code == 404


def test_my_applications_lists_only_mine(client, application, technician, quito):
    other = technician_of(quito)
    services.application_start(call=application.call, user=other)
    client.force_login(technician)
    response = client.get(reverse("programs:my_applications"))
    assert [a.reference for a in response.context["applications"]] == [application.reference]


def test_my_applications_show_a_deadline_in_the_calls_zone_with_the_readers_own_time(client, make_call, technician):
    """A call of Mexico City closing at 23:59 there, read by a technician who chose Bogotá's time."""
    import zoneinfo
    from datetime import datetime

    closes = datetime(2030, 12, 12, 23, 59, tzinfo=zoneinfo.ZoneInfo("America/Mexico_City"))
    call = make_call(time_zone="America/Mexico_City", closes_at=closes)
    services.application_start(call=call, user=technician)
    technician.time_zone = "America/Bogota"
    technician.save(update_fields=["time_zone"])
    client.force_login(technician)
    page = client.get(reverse("programs:my_applications"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "12 Dic 2030, 23:59 <span class=\"call-zone\">(America/Mexico_City)</span>" in page
    assert "su hora: 13 Dic 2030, 00:59" in page


def test_focal_point_endorses_from_the_portal(client, make_call, technician, focal):
    call = make_call(requires_endorsement=True)
    draft = services.application_start(call=call, user=technician)
    services.application_save_draft(application=draft, by=technician, answers=answers_for(call))
    services.application_submit(application=draft, by=technician)
    client.force_login(focal)
    listing = client.get(reverse("programs:my_applications"))
    assert [a.reference for a in listing.context["endorsements"]] == [draft.reference]
    url = reverse("programs:endorsement", kwargs={"reference": draft.reference})
    empty_return = client.post(url, {"action": "return", "comment": ""})
    assert empty_return.status_code == 400
    client.post(url, {"action": "endorse"})
    draft.refresh_from_db()
    assert draft.state == ApplicationState.SUBMITTED


def test_autosave_after_the_session_expired_says_so(client, application):
    response = client.post(reverse("programs:application_autosave", kwargs={"reference": application.reference}),
                           {"title": "Escrito sin sesión"}, headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert "session" in response.text.lower() or "sesión" in response.text.lower()
    application.refresh_from_db()
    assert application.data["title"] == "Supermanzanas de barrio"
