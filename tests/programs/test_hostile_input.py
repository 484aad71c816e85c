"""Odd and hostile input answers with a clear error, never a 500, and loses nothing typed.

Each case here answered 500 in an outside audit (issue 17): a calendar month far outside any year,
an autosave counter beyond the database's integer range, a NUL byte in an application's answers on
PostgreSQL, upload names of 250–300 characters, and an SDG id of 10^26 on SQLite."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from network.services import sdgs_ensure
from programs.calls.enums import ApplicationState
from programs.calls.services import applications as services
from programs.knowledge.models import GoodPractice
from tests import files
from tests.factories import MemberFactory
from tests.factories import ThemeFactory
from tests.factories import technician_of
from tests.programs.factories_knowledge import PracticeFactory

from .conftest import answers_for

pytestmark = pytest.mark.django_db

PDF_BYTES = files.PDF


@pytest.mark.parametrize("month", ["99999999999999999999-1", "9999-12", "0001-01", "2026-13", "x", "2026-00",
                                   "-5-3"])
def test_a_month_outside_the_calendar_answers_400_with_this_months_calendar_and_says_why(client, month):
    response = client.get("/events/", {"view": "month", "month": month})
    assert response.status_code == 400
    assert response.context["grid"] is not None
    assert "is not a month of the calendar" in " ".join(str(m) for m in response.context["messages"]) or \
        "no es un mes del calendario" in response.text


def test_the_first_and_last_months_of_the_calendar_answer(client):
    for month in ("1900-01", "2200-12"):
        assert client.get("/events/", {"view": "month", "month": month}).status_code == 200


@pytest.fixture
def draft(make_call, quito):
    call = make_call()
    author = technician_of(quito)
    return services.application_start(call=call, user=author), author


@pytest.mark.parametrize("revision", ["2147483648", str(10**26), "-1", "1e9", "9" * 5000])
def test_an_autosave_counter_out_of_range_still_saves_the_draft(client, draft, revision):
    application, author = draft
    client.force_login(author)
    response = client.post(reverse("programs:application_autosave", kwargs={"reference": application.reference}),
                           {"title": "Guardado", "_page": "p1", "_revision": revision}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.data["title"] == "Guardado"


def test_a_nul_byte_in_every_answer_is_dropped_and_the_rest_of_what_was_typed_is_kept(client, draft):
    application, author = draft
    client.force_login(author)
    answers = answers_for(application.call)
    typed = {name: ([v + "\x00" for v in value] if isinstance(value, list) else f"{value}\x00")
             for name, value in answers.items()}
    url = {name: reverse(f"programs:{name}", kwargs={"reference": application.reference})
           for name in ("application_autosave", "application_edit", "application_submit")}
    assert client.post(url["application_autosave"], {**typed, "_page": "p\x00"},
                       headers={"HX-Request": "true"}).status_code == 200
    assert client.post(url["application_edit"], typed).status_code == 302
    application.refresh_from_db()
    assert application.data["title"] == answers["title"]  # the title, without the NUL
    response = client.post(url["application_submit"], typed)
    assert response.status_code in (302, 400)
    application.refresh_from_db()
    assert "\x00" not in str(application.data)
    if response.status_code == 302:
        assert application.state == ApplicationState.SUBMITTED


@pytest.mark.parametrize("length", [250, 300])
def test_an_application_document_with_a_very_long_name_is_kept_under_a_short_safe_name(client, draft, length):
    application, author = draft
    client.force_login(author)
    name = "á" * (length - 4) + ".pdf"
    response = client.post(reverse("programs:document_upload", kwargs={"reference": application.reference}),
                           {"file": SimpleUploadedFile(name, PDF_BYTES)})
    assert response.status_code == 302
    document = application.documents.get()
    assert len(document.file.name) <= 300 and document.file.name.endswith(".pdf")
    assert document.original_name.endswith(".pdf") and len(document.original_name) <= 200


@pytest.mark.parametrize("name", ["x" * 296 + ".png", "../../etc/" + "y" * 260 + ".png", "\u202eevil.png"])
def test_a_practice_image_with_a_long_or_odd_name_is_kept_under_a_safe_name(client, name):
    member = MemberFactory()
    practice = PracticeFactory(member=member, draft=True)
    client.force_login(technician_of(member))
    image = files.PNG
    response = client.post(reverse("programs:portal_practice_file_add", args=[practice.pk]),
                           {"file": SimpleUploadedFile(name, image), "caption": "Foto"})
    assert response.status_code == 302
    stored = practice.files.get()
    assert len(stored.file.name) <= 300 and ".." not in stored.file.name and stored.file.name.endswith(".png")


def test_an_sdg_id_of_ten_to_the_26_is_a_form_error_that_keeps_what_was_typed(client):
    sdgs_ensure()
    member = MemberFactory()
    ThemeFactory(slug="economia")
    client.force_login(technician_of(member))
    response = client.post(reverse("programs:portal_practice_new", args=[member.slug]), {
        "title": "Mercados de cercanía", "summary": "Ferias.", "body": "", "year": 2020, "themes": ["economia"],
        "sdgs": [str(10**26)]})
    assert response.status_code == 400
    assert response.context["form"].errors["sdgs"]
    assert 'value="Mercados de cercanía"' in response.text
    assert not GoodPractice.objects.exists()


def test_a_public_practice_image_is_stored_re_encoded_and_html_dressed_as_a_png_is_refused(client):
    from PIL import Image

    member = MemberFactory()
    practice = PracticeFactory(member=member, draft=True)
    client.force_login(technician_of(member))
    url = reverse("programs:portal_practice_file_add", args=[practice.pk])
    smuggled = files.PNG + b"<script>alert(document.cookie)</script>"  # bytes after the image's end
    assert client.post(url, {"file": SimpleUploadedFile("feria.png", smuggled), "caption": "Feria"}).status_code == 302
    stored = practice.files.get().file.open("rb").read()
    assert b"<script>" not in stored and stored.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(stored)).size == (16, 12)
    html = b"\x89PNG\r\n\x1a\n<html><body onload=alert(1)></body></html>"
    response = client.post(url, {"file": SimpleUploadedFile("portada.png", html)})
    assert response.status_code == 400 and practice.files.count() == 1
