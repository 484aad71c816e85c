"""Blind review holds on every page, file, export and e-mail a reviewer can reach: the admin's
application and review pages, the list, the history, the documents' names and downloads, the
applications export and the e-mail that asks for a review. The coordination (a superuser here)
reads everything."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from network.models import OutboxMessage
from programs.calls.models import ApplicationDocument
from programs.calls.services import applications as application_services
from programs.calls.services import reviews as review_services
from tests import files
from tests.factories import MemberFactory
from tests.factories import ThemeFactory
from tests.factories import UserFactory
from tests.factories import technician_of

from .admin_factories import REVIEWER_PERMISSIONS
from .admin_factories import SecretariatCallFactory
from .admin_factories import staff_without_superpowers

pytestmark = pytest.mark.django_db
APPLICATIONS = reverse("admin:programs_application_changelist")
NAMES = ("Riobamba", "Quishpe", "rosa@riobamba.gob.ec")


def english(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def lead():
    return UserFactory(staff=True, name="Laura Lead")  # staff and superuser: runs the calls


@pytest.fixture
def reviewer():
    return staff_without_superpowers(*REVIEWER_PERMISSIONS, name="Rita Revisora", language="en")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return english(client)


def make_application(*, blind: bool):
    member = MemberFactory(name="Riobamba", slug="riobamba")
    applicant = technician_of(member, email="rosa@riobamba.gob.ec")
    applicant.name = "Rosa Quishpe"
    applicant.save()
    call = SecretariatCallFactory(blind=blind)
    call.themes.set([ThemeFactory(name="Movilidad", slug="movilidad")])
    application = application_services.application_start(call=call, user=applicant, member=member)
    application_services.application_save_draft(application=application, by=applicant, answers={
        "title": "Ciclovías de Riobamba", "summary": "Rosa Quishpe coordina la red de Riobamba.",
        "role": "mentee", "themes": ["movilidad"], "objectives": "Que Riobamba aprenda de otra ciudad."})
    ApplicationDocument.objects.create(
        application=application, file=ContentFile(files.PDF, name="plan.pdf"),
        original_name="Plan de movilidad de Riobamba.pdf", content_type="application/pdf", size=len(files.PDF))
    return application_services.application_submit(application=application, by=applicant)


def named(text: str) -> set[str]:
    return {name for name in NAMES if name.lower() in text.lower()}


def test_the_admin_pages_a_reviewer_reaches_never_name_who_applied_to_a_blind_call(lead, reviewer):
    application = make_application(blind=True)
    review = review_services.review_assign(application=application, reviewer=reviewer, by=lead)
    as_reviewer, as_lead = signed_in(reviewer), signed_in(lead)
    pages = {
        "list": APPLICATIONS,
        "application": reverse("admin:programs_application_change", args=[application.pk]),
        "history": reverse("admin:programs_application_history", args=[application.pk]),
        "review": reverse("admin:programs_review_change", args=[review.pk]),
        "my reviews": reverse("admin:programs_review_changelist"),
    }
    for name, url in pages.items():
        response = as_reviewer.get(url)
        assert response.status_code == 200, name
        assert named(response.content.decode()) == set(), name
    application_page = strip_tags(as_reviewer.get(pages["application"]).content.decode())
    assert "Ciclovías de [—]" in application_page
    assert "[—] coordina la red de [—]." in application_page  # the answers, scrubbed
    assert "Plan de movilidad de [—].pdf" in application_page  # the document's name
    review_page = strip_tags(as_reviewer.get(pages["review"]).content.decode())
    assert "Que [—] aprenda de otra ciudad." in review_page and "Plan de movilidad de [—].pdf" in review_page

    assert named(as_lead.get(pages["application"]).content.decode()) == set(NAMES)


def test_a_blind_reviewer_downloads_the_document_under_a_scrubbed_name(lead, reviewer):
    application = make_application(blind=True)
    document = application.documents.get()
    url = reverse("programs:document", kwargs={"reference": application.reference, "document_id": document.pk})
    response = signed_in(reviewer).get(url)
    assert response.status_code == 200
    assert "Riobamba" not in response["Content-Disposition"]
    assert "Riobamba" in signed_in(lead).get(url)["Content-Disposition"]


def export(client: Client, application, fmt: str):
    return client.post(APPLICATIONS, {"action": f"export_{fmt}", "_selected_action": [application.pk]})


def test_the_applications_export_keeps_blind_review_for_a_reviewer_and_not_for_the_coordination(lead, reviewer):
    application = make_application(blind=True)
    review_services.review_assign(application=application, reviewer=reviewer, by=lead)
    response = export(signed_in(reviewer), application, "csv")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Reference", "Call", "Title", "Member", "Applicant"]
    assert rows[1][0] == application.reference
    assert rows[1][2:5] == ["Ciclovías de [—]", "[—]", "[—]"]
    assert named(response.content.decode("utf-8-sig")) == set()

    full = export(signed_in(lead), application, "csv").content.decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(full)))[1]
    assert row[2:5] == ["Ciclovías de Riobamba", "Riobamba", "rosa@riobamba.gob.ec"]

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(export(signed_in(reviewer), application, "xlsx").content))
    cells = [str(cell.value) for row in workbook.active.iter_rows() for cell in row]
    assert "Ciclovías de [—]" in cells and named(" ".join(cells)) == set()


def test_the_review_request_e_mail_says_only_what_the_reviewer_may_read(lead, reviewer):
    blind = make_application(blind=True)
    review_services.review_assign(application=blind, reviewer=reviewer, by=lead)
    mail = OutboxMessage.objects.get(topic="review", related_reference=blind.reference)
    assert mail.to == [reviewer.email] and blind.reference in mail.subject
    body = mail.text + mail.html
    assert "Ciclovías de [—]" in body and named(body) == set()
    assert reverse("admin:programs_review_change", args=[blind.reviews.get().pk]) in body
    assert "This call has blind review: who applied is not shown to you." in mail.text


def test_a_call_that_is_not_blind_names_the_city_in_the_review_request(lead, reviewer):
    open_application = make_application(blind=False)
    review_services.review_assign(application=open_application, reviewer=reviewer, by=lead)
    mail = OutboxMessage.objects.get(topic="review", related_reference=open_application.reference)
    assert "Riobamba" in mail.text and "blind review" not in mail.text


def test_the_reviewer_choice_lists_only_staff_who_may_review(lead, reviewer):
    make_application(blind=False)
    other_staff = staff_without_superpowers("programs.view_application", name="Otto Otro", email="otto@example.org")
    technician = UserFactory(name="Tina Técnica", email="tina@example.org")
    response = signed_in(lead).get(reverse("admin:autocomplete"), {
        "app_label": "programs", "model_name": "review", "field_name": "reviewer", "term": ""})
    assert response.status_code == 200
    listed = {row["text"] for row in response.json()["results"]}
    assert "Rita Revisora" in listed and "Laura Lead" in listed  # a reviewer; a superuser
    assert "Otto Otro" not in listed and "Tina Técnica" not in listed
