"""My account → My data: a person downloads everything about them (prepared in the background) and
asks to be erased; staff confirm and the erasure runs across every app; the privacy page says who
is responsible, what is kept and what erasure does."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from network.models import DataExport
from network.models import ErasureRequest
from network.models import PrivacyNotice
from tests.factories import PASSWORD
from tests.factories import MemberFactory
from tests.factories import UserFactory
from tests.factories import technician_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    user = technician_of(MemberFactory(name="Quito"), email="ana@quito.gob.ec")
    user.name = "Ana Quishpe"
    user.save()
    return user


def test_a_person_prepares_and_downloads_her_data_and_nobody_else_can(client, ana,
                                                                      django_capture_on_commit_callbacks):
    client.force_login(ana)
    page = client.get(reverse("my_data"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "Prepare my download" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("my_data_export"))
        client.post(reverse("my_data_export"))  # a double click: one download
    export = DataExport.objects.get(user=ana)
    assert export.state == DataExport.State.DONE and export.progress == 100
    listed = client.get(reverse("my_data_exports"), HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    assert "Download (ZIP)" in listed.content.decode() and "hx-trigger" not in listed.content.decode()
    download = client.get(reverse("my_data_download", args=[export.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert json.loads(archive.read("network.json"))["user"][0]["email"] == "ana@quito.gob.ec"

    client.force_login(UserFactory())
    assert client.get(reverse("my_data_download", args=[export.pk])).status_code == 404


def test_the_page_polls_while_the_download_is_prepared(client, ana):
    client.force_login(ana)
    client.post(reverse("my_data_export"))  # not committed in this test: the task has not run
    page = client.get(reverse("my_data"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'hx-trigger="every 2s"' in page and "<progress" in page


def test_erasure_needs_the_box_ticked_then_waits_for_the_secretariat(client, ana):
    client.force_login(ana)
    client.post(reverse("my_data_erase"), {"reason": "Cambio de trabajo"})
    assert not ErasureRequest.objects.exists()
    client.post(reverse("my_data_erase"), {"reason": "Cambio de trabajo", "confirm": "yes"})
    client.post(reverse("my_data_erase"), {"confirm": "yes"})  # twice: one request
    request = ErasureRequest.objects.get()
    assert request.state == ErasureRequest.State.PENDING and request.reason == "Cambio de trabajo"
    page = client.get(reverse("my_data"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You asked to be erased on" in page


def test_staff_confirm_an_erasure_from_the_admin_and_the_login_is_closed(client, ana):
    from network.privacy import erasure_request

    request = erasure_request(user=ana)
    client.force_login(UserFactory(staff=True))
    client.post(reverse("admin:network_erasurerequest_changelist"),
                {"action": "erase_now", "_selected_action": [request.pk]})
    request.refresh_from_db()
    ana.refresh_from_db()
    assert request.state == ErasureRequest.State.DONE and request.decided_at is not None
    assert not ana.is_active and "Quishpe" not in ana.name and ana.email.endswith("@erased.invalid")
    client.logout()
    assert not client.login(email="ana@quito.gob.ec", password=PASSWORD)


def test_staff_turn_a_request_down_saying_why_and_the_person_reads_it(client, ana):
    from network.privacy import erasure_request

    request = erasure_request(user=ana)
    client.force_login(UserFactory(staff=True))
    url = reverse("admin:network_erasurerequest_change", args=[request.pk])
    client.post(url, {"answer": "Hay un expediente de subvención abierto hasta 2027."})
    request.refresh_from_db()
    assert request.state == ErasureRequest.State.REFUSED
    client.force_login(ana)
    page = client.get(reverse("my_data"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Hay un expediente de subvención abierto hasta 2027." in page and "Ask to be erased" in page


@pytest.mark.parametrize(("language", "title"), [("es", "Cómo usa el portal los datos personales"),
                                                  ("pt-br", "Como o portal usa os dados pessoais"),
                                                  ("en", "How the portal uses personal data")])
def test_the_privacy_page_says_who_is_responsible_and_what_is_kept_in_each_language(client, language, title):
    PrivacyNotice.objects.create(controller="Secretaría de la Red, Calle Mayor 1, Madrid",
                                 contact_email="privacidad@red.example.org", text="Texto en español.",
                                 text_en="Text in English.")
    page = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert title in page
    assert "Secretaría de la Red, Calle Mayor 1, Madrid" in page and "privacidad@red.example.org" in page
    assert ("Text in English." if language == "en" else "Texto en español.") in page
    home = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'href="{reverse("privacy")}"' in home  # in the footer of every page
