"""The access log (network.models.PersonalDataAccess): staff who open an application's PDF or one of
its documents without reviewing it, or a person's data download, are recorded; the applicant, the
city's people and the application's reviewers are not (it is their work)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from network.models import DataExport
from network.models import PersonalDataAccess
from programs.calls.services import reviews as review_services
from tests.factories import UserFactory
from tests.factories import focal_point_of

from .admin_factories import REVIEWER_PERMISSIONS
from .admin_factories import staff_without_superpowers
from .test_blind_everywhere import make_application

pytestmark = pytest.mark.django_db


def opened_by(user, application):
    client = Client()
    client.force_login(user)
    document = application.documents.get()
    assert client.get(reverse("programs:document", args=[application.reference, document.pk])).status_code == 200
    assert client.get(reverse("programs:application_pdf", args=[application.reference])).status_code == 200


def test_staff_reading_an_application_they_do_not_review_are_recorded_and_its_people_are_not():
    application = make_application(blind=False)
    lead = UserFactory(staff=True)
    reviewer = staff_without_superpowers(*REVIEWER_PERMISSIONS)
    curious = staff_without_superpowers(*REVIEWER_PERMISSIONS)
    review_services.review_assign(application=application, reviewer=reviewer, by=lead)

    opened_by(application.applicant, application)
    opened_by(focal_point_of(application.member), application)
    opened_by(reviewer, application)
    assert not PersonalDataAccess.objects.exists()

    opened_by(curious, application)
    log = list(PersonalDataAccess.objects.order_by("kind").values_list("by", "kind", "reference", "subject"))
    assert log == [(curious.pk, "application-document", application.reference, application.applicant_id),
                   (curious.pk, "application-pdf", application.reference, application.applicant_id)]


def test_the_log_is_read_in_the_admin_and_nobody_edits_it(admin_client):
    application = make_application(blind=False)
    opened_by(staff_without_superpowers(*REVIEWER_PERMISSIONS, name="Carla Curiosa"), application)
    page = admin_client.get(reverse("admin:network_personaldataaccess_changelist")).content.decode()
    assert "Carla Curiosa" in page and application.reference in page
    entry = PersonalDataAccess.objects.first()
    assert admin_client.post(reverse("admin:network_personaldataaccess_delete", args=[entry.pk]),
                             {"post": "yes"}).status_code == 403
    assert PersonalDataAccess.objects.exists()


def test_staff_opening_a_persons_data_download_are_recorded(admin_client):
    ana = UserFactory(email="ana@quito.gob.ec")
    export = DataExport.objects.create(user=ana, state=DataExport.State.DONE,
                                       file=ContentFile(b"PK\x05\x06" + b"\0" * 18, name="ana.zip"))
    response = admin_client.get(reverse("admin:network_dataexport_download", args=[export.pk]))
    assert response.status_code == 200
    assert PersonalDataAccess.objects.get().subject == ana


def test_staff_without_the_exports_permission_cannot_open_one(client):
    export = DataExport.objects.create(user=UserFactory(), state=DataExport.State.DONE,
                                       file=ContentFile(b"PK", name="x.zip"))
    client.force_login(staff_without_superpowers(*REVIEWER_PERMISSIONS))
    assert client.get(reverse("admin:network_dataexport_download", args=[export.pk])).status_code == 403
    assert not PersonalDataAccess.objects.exists()
