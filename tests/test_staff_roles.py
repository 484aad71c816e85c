"""Staff see what their role allows, not everything.

A staff account with no permission used to open any city's portal page, any application with its
documents and receipt, enrolments, practices, microrredes and the scholarships page: the portal asked
`is_staff`. Now it asks the same model permissions as the admin (network.rules.holds), and the demo
ships the secretariat's roles as groups (network/staff_groups.py). Each role walks the same URLs and
opens exactly its own set."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from network.staff_groups import CAMPUS_CLERK
from network.staff_groups import COORDINATOR
from network.staff_groups import EVENTS_CLERK
from network.staff_groups import REVIEWER
from network.staff_groups import staff_groups_ensure
from programs.calls.models import ApplicationDocument
from tests import files
from tests.campus.factories import EditionFactory
from tests.campus.factories import apply
from tests.factories import MemberFactory
from tests.factories import UserFactory
from tests.factories import technician_of
from tests.programs.factories_knowledge import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_data(make_call_for_roles):
    member = MemberFactory(name="Quito", slug="quito")
    author = technician_of(member)
    application = make_call_for_roles(member, author)
    document = ApplicationDocument.objects.create(application=application, file=ContentFile(files.PDF, name="a.pdf"),
                                                  original_name="a.pdf", content_type="application/pdf",
                                                  size=len(files.PDF))
    enrolment = apply(EditionFactory(), technician_of(member))
    practice = PracticeFactory(member=member, draft=True)
    from tests.programs.factories_cooperation import make_microrred

    microrred = make_microrred(members=[member, *[MemberFactory() for _ in range(5)]])
    return {
        "city page": f"/portal/{member.slug}/",
        "application": f"/applications/{application.reference}/",
        "receipt PDF": f"/applications/{application.reference}/receipt.pdf",
        "document": f"/applications/{application.reference}/documents/{document.pk}/",
        "enrolment": reverse("campus:enrolment", args=[enrolment.pk]),
        "practice edit": reverse("programs:portal_practice_edit", args=[practice.pk]),
        "microrred": reverse("programs:coop_microrred", args=[microrred.pk]),
        "scholarships": reverse("campus:staff_scholarships"),
        "admin applications": reverse("admin:programs_application_changelist"),
        "admin enrolments": reverse("admin:campus_enrolment_changelist"),
        "admin registrations": reverse("admin:events_registration_changelist"),
        "admin members": reverse("admin:network_member_changelist"),
    }


@pytest.fixture
def make_call_for_roles(db):
    def make(member, author):
        from programs.calls.services import applications as services
        from tests.programs.factories import CallFactory

        call = CallFactory()
        draft = services.application_start(call=call, user=author, member=member)
        from programs.calls.models import Application

        Application.objects.filter(pk=draft.pk).update(state="submitted")
        draft.refresh_from_db()
        return draft
    return make


def staff_in(group_name: str | None):
    user = UserFactory(is_staff=True)
    if group_name:
        user.groups.add(staff_groups_ensure()[group_name])
    return user


ALLOWED = {
    None: set(),  # staff, no role: the admin's door, nothing behind it
    COORDINATOR.name: {"city page", "application", "receipt PDF", "document", "enrolment", "practice edit",
                       "microrred", "scholarships", "admin applications", "admin enrolments",
                       "admin registrations", "admin members"},
    REVIEWER.name: {"application", "receipt PDF", "document", "admin applications"},
    CAMPUS_CLERK.name: {"city page", "enrolment", "scholarships", "admin enrolments", "admin members"},
    EVENTS_CLERK.name: {"city page", "admin registrations", "admin members"},
}


@pytest.mark.parametrize("group", list(ALLOWED), ids=lambda g: g or "no role")
def test_each_staff_role_opens_exactly_its_own_pages(client, city_data, group):
    client.force_login(staff_in(group))
    opened = {name for name, url in city_data.items() if client.get(url).status_code == 200}
    assert opened == ALLOWED[group]
    refused = {name: client.get(url).status_code for name, url in city_data.items() if name not in opened}
    assert set(refused.values()) <= {302, 403, 404}, refused


def test_blind_review_holds_on_the_application_page_and_its_pdf_for_a_reviewer_but_not_the_coordination(client):
    import subprocess

    from programs.calls.models import Application
    from programs.calls.services import applications as services
    from tests.programs.factories import CallFactory

    member = MemberFactory(name="Riobamba", slug="riobamba")
    author = technician_of(member)
    author.name = "Rosa Quishpe"
    author.save()
    call = CallFactory(blind_review=True)
    draft = services.application_start(call=call, user=author, member=member)
    services.application_save_draft(application=draft, by=author, answers={
        "title": "Huertos de Riobamba", "summary": "Rosa Quishpe coordina los huertos urbanos de Riobamba."})
    Application.objects.filter(pk=draft.pk).update(state="submitted")
    page_url = f"/applications/{draft.reference}/"

    client.force_login(staff_in(REVIEWER.name))
    page = client.get(page_url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Riobamba" not in text and "Quishpe" not in text and author.email not in text
    assert "Blind review: who applied is hidden" in text and "Huertos de [—]" in text
    # Staff read it from the call's applications, not from "My applications" (they have none).
    import re

    breadcrumbs = re.search(r'<p class="breadcrumbs">(.*?)</p>', text, re.S).group(1)
    assert "My applications" not in breadcrumbs and "Applications to this call</a>" in breadcrumbs
    pdf = client.get(page_url + "receipt.pdf")
    pdf_text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True).stdout.decode()
    if pdf_text:
        assert "Riobamba" not in pdf_text and "Quishpe" not in pdf_text

    client.force_login(staff_in(COORDINATOR.name))
    text = client.get(page_url).content.decode()
    assert "Riobamba" in text and "Quishpe" in text
