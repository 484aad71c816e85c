"""Personal data through its whole life (network.privacy): every model with a personal field is
declared; a person's export holds every declared field of theirs in every app, with their files;
erasure anonymises them across every app in one go, and the annual report's figures do not move."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone

from network.models import OutboxMessage
from network.models import Person
from network.models import User
from network.privacy import Fate
from network.privacy import declarations
from network.privacy import erase
from network.privacy import export_data
from network.privacy import export_zip
from network.privacy import subject_for
from tests import files
from tests.factories import MemberFactory
from tests.factories import technician_of

pytestmark = pytest.mark.django_db

# Field names that hold a person's data wherever they appear (besides links to a login or a person
# and e-mail fields).
PERSONAL_NAMES = {"first_name", "last_name", "position", "phone", "dietary_needs", "accessibility_needs",
                  "holder_name", "author_name", "scholarship_reason"}
OUR_APPS = {"network", "programs", "campus", "events"}
NOT_A_PERSON = {"network.privacynotice"}  # the organisation responsible, and its office address


def personal_fields(model) -> set[str]:
    """The fields of `model` that name or point to a person."""
    person_model = apps.get_model("network", "Person")
    found = set()
    for field in model._meta.concrete_fields:
        related = getattr(field, "related_model", None)
        text = isinstance(field, models.CharField | models.TextField)
        if related in (User, person_model) or isinstance(field, models.EmailField) or (
                text and field.name in PERSONAL_NAMES):
            found.add(field.name)
    if found and any(f.name == "name" for f in model._meta.concrete_fields):
        found.add("name")  # beside a person's link or address, a name is a person's name
    return found


def test_every_model_with_a_personal_field_is_declared_with_each_of_its_personal_fields():
    declared = {d.label: set(d.fields) for d in declarations()}
    missing = {}
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or model._meta.proxy or model.__name__.startswith("Historical") \
                or model._meta.label_lower in NOT_A_PERSON:
            continue
        fields = personal_fields(model)
        if fields - declared.get(model._meta.label_lower, set()):
            missing[model._meta.label_lower] = sorted(fields - declared.get(model._meta.label_lower, set()))
    assert missing == {}, "declare these in the app's personal_data.py (network.privacy)"


def test_every_kept_field_says_why():
    for declaration in declarations():
        for name, fate in declaration.fields.items():
            assert fate.fate != Fate.KEEP or str(fate.reason), (declaration.label, name)
        assert str(declaration.purpose), declaration.label


# --- A person with data in every app -------------------------------------------------------------
@pytest.fixture
def ana(django_capture_on_commit_callbacks):
    from campus.models import Certificate
    from campus.models import FinalProject
    from events.models import Registration
    from events.models import SurveyInvitation
    from network import services
    from programs.calls.models import ApplicationDocument
    from programs.calls.services import applications as application_services
    from programs.knowledge.models import WebinarRegistration
    from tests.campus.factories import EditionFactory
    from tests.campus.factories import apply
    from tests.events.factories import EventFactory
    from tests.events.factories import questionnaire_for
    from tests.factories import focal_point_of
    from tests.programs.factories import CallFactory
    from tests.programs.factories_knowledge import WebinarFactory

    city = MemberFactory(name="Quito", slug="quito")
    user = technician_of(city, email="ana.quishpe@quito.gob.ec")
    user.name = "Ana Quishpe"
    user.save()
    person = user.person
    Person.objects.filter(pk=person.pk).update(first_name="Ana", last_name="Quishpe", position="Técnica de movilidad")

    with django_capture_on_commit_callbacks(execute=True):
        application = application_services.application_start(call=CallFactory(), user=user, member=city)
        ApplicationDocument.objects.create(application=application, file=ContentFile(files.PDF, name="plan.pdf"),
                                           original_name="plan.pdf", content_type="application/pdf",
                                           size=len(files.PDF))
        edition = EditionFactory()
        enrolment = apply(edition, user, member=city)
        FinalProject.objects.create(edition=edition, enrolment=enrolment, author_name="Ana Quishpe",
                                    title="Estrategia de movilidad", city="Quito", member=city, summary="…",
                                    document=ContentFile(files.PDF, name="estrategia.pdf"))
        from campus.services.certificates import code_new

        Certificate.objects.create(enrolment=enrolment, code=code_new(), holder_name="Ana Quishpe",
                                   issued_on=timezone.localdate(), pdf=ContentFile(files.PDF, name="c.pdf"),
                                   rendered_at=timezone.now())
        event = EventFactory(starts_at=timezone.now() + timedelta(days=20))
        Registration.objects.create(event=event, person=person, member=city, registered_by=user,
                                    dietary_needs="Sin gluten", accessibility_needs="Silla de ruedas")
        WebinarRegistration.objects.create(webinar=WebinarFactory(), name="Ana Quishpe",
                                           email="ana.quishpe@quito.gob.ec", institution="Municipio de Quito",
                                           token="t" * 32)
        SurveyInvitation.objects.create(questionnaire=questionnaire_for(event), email="ana.quishpe@quito.gob.ec",
                                        name="Ana Quishpe", user=user, person=person, member=city,
                                        token_hash="h" * 64)
        other_city = MemberFactory(name="Cuenca", slug="cuenca")
        services.invitation_create(member=other_city, by=focal_point_of(other_city), email="ana.quishpe@quito.gob.ec")
    return user


def test_the_export_holds_every_declared_field_of_hers_in_every_app(ana):
    data = export_data(subject_for(ana))
    assert set(data) == {"network", "programs", "campus", "events"}
    expected = {"network": {"user", "person", "invitation", "outboxmessage"},
                "programs": {"application", "applicationdocument", "webinarregistration"},
                "campus": {"enrolment", "finalproject", "certificate"},
                "events": {"registration", "surveyinvitation"}}
    for app_label, model_names in expected.items():
        assert model_names <= set(data[app_label]), app_label
    for declaration in declarations():
        rows = data.get(declaration.model._meta.app_label, {}).get(declaration.model._meta.model_name, [])
        for row in rows:
            assert set(declaration.fields) <= set(row), declaration.label  # every declared field, each row
    assert data["events"]["registration"][0]["dietary_needs"] == "Sin gluten"
    assert data["network"]["person"][0]["position"] == "Técnica de movilidad"


def test_the_export_is_a_zip_of_one_json_per_app_and_her_files(ana):
    archive = zipfile.ZipFile(io.BytesIO(export_zip(subject_for(ana))))
    names = archive.namelist()
    assert {"network.json", "programs.json", "campus.json", "events.json", "README.txt"} <= set(names)
    assert json.loads(archive.read("campus.json"))["certificate"][0]["holder_name"] == "Ana Quishpe"
    uploaded = [name for name in names if name.startswith("files/")]
    assert any(name.startswith("files/campus/certificate/") for name in uploaded)
    assert any(name.startswith("files/campus/finalproject/") for name in uploaded)
    assert any(name.startswith("files/programs/applicationdocument/") for name in uploaded)
    assert all(archive.read(name) == files.PDF for name in uploaded)


def figures_now(year):
    from network.plan.figures import figures_for_year

    return [(group.key, [(f.key, f.value) for f in group.figures]) for group in figures_for_year(year=year)]


def every_text_value() -> str:
    """Every declared field's value in the database, as one text to search."""
    values = []
    for declaration in declarations():
        for row in declaration.model._default_manager.values(*[
                declaration.model._meta.get_field(name).attname for name in declaration.fields]):
            values += [str(value) for value in row.values()]
    return " ".join(values)


def test_erasure_anonymises_her_everywhere_and_leaves_the_reports_figures_as_they_were(ana, client):
    from campus.models import Certificate

    year = timezone.localdate().year
    before = figures_now(year)
    assert "Quishpe" in every_text_value()
    erase(subject_for(ana))

    assert figures_now(year) == before
    text = every_text_value()
    assert "Quishpe" not in text and "ana.quishpe" not in text and "Sin gluten" not in text
    assert not OutboxMessage.objects.filter(text__icontains="ana.quishpe").exists()
    assert not OutboxMessage.objects.filter(to__icontains="ana.quishpe").exists()
    ana.refresh_from_db()
    assert not ana.is_active and not ana.has_usable_password() and ana.email.endswith("@erased.invalid")
    assert not client.login(email="ana.quishpe@quito.gob.ec", password="x")
    # The certificate keeps verifying, as issued to a former participant.
    certificate = Certificate.objects.get(enrolment__user=ana)
    page = client.get(f"/campus/verify/{certificate.code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "A former participant" in page.content.decode()
    assert not certificate.pdf
    # The same pseudonym in every app, from which nobody can tell who it was.
    person = Person.objects.get(user=ana)
    assert person.first_name.startswith("anon-") and person.email == ana.email
    assert not Person.history.filter(id=person.pk).exists()  # the change history kept copies


def test_erasing_twice_changes_nothing_more(ana):
    erase(subject_for(ana))
    ana.refresh_from_db()
    snapshot = every_text_value()
    erase(subject_for(ana))
    assert every_text_value() == snapshot
    assert settings.SECRET_KEY  # the pseudonym is keyed; nothing else to compare
