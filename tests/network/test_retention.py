"""Retention (network.retention): per kind of personal record, a period staff set in the admin; the
daily job removes what is due once a day, however often and from however many workers it is called,
and the privacy page lists every period."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from network.enums import OutboxState
from network.models import DataExport
from network.models import OutboxMessage
from network.models import PersonalDataAccess
from network.models import RetentionPeriod
from network.models import RetentionRun
from network.retention import retention_kinds
from network.retention import retention_run
from network.sweeps import run_sweeps
from tests import files
from tests.concurrency import run_together
from tests.factories import MemberFactory
from tests.factories import UserFactory
from tests.factories import technician_of

pytestmark = pytest.mark.django_db

KINDS = {"draft-applications", "rejected-applications", "webinar-guests", "event-needs", "outbox-bodies",
         "login-records", "data-exports", "access-log"}


def ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def records(django_capture_on_commit_callbacks):
    """One record of every kind whose time has passed, and one of each whose time has not."""
    from events.models import Registration
    from programs.calls.enums import ApplicationState
    from programs.calls.models import Application
    from programs.calls.models import ApplicationDocument
    from programs.calls.services import applications as application_services
    from programs.knowledge.models import WebinarRegistration
    from tests.events.factories import EventFactory
    from tests.programs.factories import CallFactory
    from tests.programs.factories_knowledge import WebinarFactory

    city = MemberFactory()
    ana = technician_of(city, email="ana@quito.gob.ec")
    made = {}

    def application(state, closed_days_ago, decided_days_ago=None):
        call = CallFactory()
        draft = application_services.application_start(call=call, user=ana, member=city)
        document = ApplicationDocument.objects.create(
            application=draft, file=ContentFile(files.PDF, name="plan.pdf"), original_name="plan.pdf",
            content_type="application/pdf", size=len(files.PDF))
        type(call).objects.filter(pk=call.pk).update(opens_at=ago(closed_days_ago + 30), closes_at=ago(closed_days_ago))
        Application.objects.filter(pk=draft.pk).update(
            state=state, data={"summary": "Ana Quishpe coordina"},
            decided_at=ago(decided_days_ago) if decided_days_ago else None,
            submitted_at=None if state == ApplicationState.DRAFT else ago(closed_days_ago + 1))
        return draft, document

    with django_capture_on_commit_callbacks(execute=True):
        made["old_draft"], made["old_draft_document"] = application(ApplicationState.DRAFT, 200)
        made["new_draft"], _ = application(ApplicationState.DRAFT, 10)
        made["old_rejected"], made["old_rejected_document"] = application(ApplicationState.REJECTED, 800, 760)
        made["new_rejected"], _ = application(ApplicationState.REJECTED, 40, 30)
        made["accepted"], _ = application(ApplicationState.ACCEPTED, 800, 760)

        old_webinar, new_webinar = WebinarFactory(starts_at=ago(100)), WebinarFactory(starts_at=ago(10))
        for webinar, email in ((old_webinar, "old@example.org"), (new_webinar, "new@example.org")):
            WebinarRegistration.objects.create(webinar=webinar, name="Luis Pérez", email=email,
                                               institution="Municipio", token=email)
        for days in (40, 5):
            event = EventFactory(starts_at=ago(days + 1), ends_at=ago(days))
            Registration.objects.create(event=event, person=ana.person, member=city, registered_by=ana,
                                        dietary_needs="Sin gluten", accessibility_needs="Silla de ruedas")
        for days in (400, 30):
            OutboxMessage.objects.create(to=["ana@quito.gob.ec"], subject=f"Aviso {days}", text="Hola Ana",
                                         html="<p>Hola Ana</p>", state=OutboxState.SENT, created_at=ago(days))
        OutboxMessage.objects.create(to=["ana@quito.gob.ec"], subject="Retenido", text="Hola Ana",
                                     state=OutboxState.HELD, created_at=ago(400))
        for days in (40, 1):
            session = SessionStore()
            session.create()
            Session.objects.filter(session_key=session.session_key).update(expire_date=ago(days))
        for days in (8, 1):
            export = DataExport.objects.create(user=ana, state=DataExport.State.DONE,
                                               file=ContentFile(b"PK", name="export.zip"))
            DataExport.objects.filter(pk=export.pk).update(requested_at=ago(days))
            made[f"export_{days}"] = export
        staff = UserFactory(is_staff=True)
        for days in (800, 10):
            PersonalDataAccess.objects.create(by=staff, kind=PersonalDataAccess.Kind.DATA_EXPORT,
                                              reference="export", subject=ana, at=ago(days))
    return made


def test_every_kind_the_issue_names_is_declared_with_a_default():
    assert {kind.key for kind in retention_kinds()} == KINDS
    assert all(kind.default_days > 0 and str(kind.label) and str(kind.action) for kind in retention_kinds())


def test_the_daily_run_removes_what_is_due_and_nothing_else(records, django_capture_on_commit_callbacks):
    from events.models import Registration
    from programs.calls.models import Application
    from programs.knowledge.models import WebinarRegistration

    old_draft_file = records["old_draft_document"].file.name
    storage = records["old_draft_document"].file.storage
    assert storage.exists(old_draft_file)
    with django_capture_on_commit_callbacks(execute=True):
        removed = retention_run()
    assert removed == {key: 1 for key in KINDS}

    assert not Application.objects.filter(pk=records["old_draft"].pk).exists()
    assert not storage.exists(old_draft_file)
    assert Application.objects.filter(pk=records["new_draft"].pk).exists()
    rejected = Application.objects.get(pk=records["old_rejected"].pk)
    assert rejected.state == "rejected" and rejected.data == {} and not rejected.documents.exists()  # still counted
    assert not storage.exists(records["old_rejected_document"].file.name)
    assert Application.objects.get(pk=records["new_rejected"].pk).data
    assert Application.objects.get(pk=records["accepted"].pk).data  # the network's record of what it funded

    assert list(WebinarRegistration.objects.order_by("email").values_list("name", flat=True)) == ["Luis Pérez", "—"]
    assert WebinarRegistration.objects.count() == 2  # the webinar's figures keep counting it
    assert not WebinarRegistration.objects.filter(email="old@example.org").exists()
    assert sorted(Registration.objects.values_list("dietary_needs", flat=True)) == ["", "Sin gluten"]
    assert Registration.objects.count() == 2

    bodies = dict(OutboxMessage.objects.values_list("subject", "text"))
    assert bodies == {"Aviso 400": "", "Aviso 30": "Hola Ana", "Retenido": "Hola Ana"}  # a held one is not sent yet
    assert OutboxMessage.objects.get(subject="Aviso 400").to == ["ana@quito.gob.ec"]  # proof it was sent
    assert Session.objects.count() == 1
    assert list(DataExport.objects.values_list("pk", flat=True)) == [records["export_1"].pk]
    assert PersonalDataAccess.objects.count() == 1


def test_run_twice_the_same_day_it_removes_once_and_the_next_day_finds_nothing(records):
    first = retention_run()
    assert sum(first.values()) == len(KINDS)
    assert retention_run() is None  # today's run has happened
    assert run_sweeps()["personal-data-retention"] == 0  # nor does the periodic sweep run it again
    assert RetentionRun.objects.count() == 1
    tomorrow = retention_run(now=timezone.now() + timedelta(days=1))
    assert tomorrow == {key: 0 for key in KINDS}
    assert RetentionRun.objects.count() == 2


def test_a_period_set_in_the_admin_is_the_one_applied(records, admin_client):
    admin_client.get(reverse("admin:network_retentionperiod_changelist"))  # the kinds get their rows
    assert RetentionPeriod.objects.count() == len(KINDS)
    period = RetentionPeriod.objects.get(kind="event-needs")
    response = admin_client.post(reverse("admin:network_retentionperiod_changelist"), {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": str(period.pk), "form-0-days": "60",
        "_save": "Save"})
    assert response.status_code == 302
    assert RetentionPeriod.objects.get(kind="event-needs").days == 60
    removed = retention_run()
    assert removed["event-needs"] == 0  # the event ended 40 days ago: kept for 60


def test_a_period_cannot_be_zero(admin_client):
    admin_client.get(reverse("admin:network_retentionperiod_changelist"))
    period = RetentionPeriod.objects.get(kind="event-needs")
    response = admin_client.post(reverse("admin:network_retentionperiod_changelist"), {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": str(period.pk), "form-0-days": "0",
        "_save": "Save"})
    assert response.status_code == 200 and response.context["cl"].formset.errors
    assert RetentionPeriod.objects.get(kind="event-needs").days == 30


def test_the_privacy_page_lists_every_period_as_set(client, admin_client):
    admin_client.get(reverse("admin:network_retentionperiod_changelist"))
    RetentionPeriod.objects.filter(kind="webinar-guests").update(days=45)
    page = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "How long it is kept" in page
    assert "Webinar registrations made without an account" in page and "45 days after the webinar" in page
    assert "180 days after their call closes" in page


def test_a_failed_run_leaves_nothing_half_done_and_is_tried_again(records, monkeypatch):
    from network.retention import RETENTION
    from programs.calls.models import Application

    def broken(cutoff):
        raise RuntimeError("disk full")

    monkeypatch.setitem(RETENTION._items, "webinar-guests", replace(RETENTION.get("webinar-guests"), purge=broken))
    with pytest.raises(RuntimeError):
        retention_run()
    assert Application.objects.filter(pk=records["old_draft"].pk).exists()  # rolled back with the rest
    assert not RetentionRun.objects.exists()  # the day is not claimed: the next sweep tries again
    monkeypatch.undo()
    assert sum(retention_run().values()) == len(KINDS)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_run_it_once():
    from network.models import OutboxMessage

    for _ in range(3):
        OutboxMessage.objects.create(to=["a@example.org"], subject="x", text="body", state=OutboxState.SENT,
                                     created_at=ago(400))
    outcomes = run_together([lambda: retention_run(), lambda: retention_run()], timeout=30)
    assert sorted(outcome is None for outcome in outcomes) == [False, True]
    assert [o for o in outcomes if o][0]["outbox-bodies"] == 3
    assert RetentionRun.objects.count() == 1


def test_a_first_run_over_more_records_than_a_statement_may_carry_parameters_empties_them_all():
    """On a database that held years of decisions before retention existed, the first run meets more
    rejected applications than one SQL statement may name (65,535 parameters on PostgreSQL with its
    prepared statements): it reaches them all, without naming them one by one."""
    from programs.calls.enums import ApplicationState
    from programs.calls.models import Application
    from tests.programs.factories import CallFactory

    city = MemberFactory()
    ana = technician_of(city, email="ana@quito.gob.ec")
    call = CallFactory()
    count = 65_600
    first = Application.objects.create(call=call, member=city, applicant=ana, reference="OLD-0",
                                       state=ApplicationState.REJECTED, data={"summary": "Ana Quishpe coordina"},
                                       submitted_at=ago(801), decided_at=ago(800))
    # The others as copies of the first, made by the database (creating them one by one takes minutes).
    table = Application._meta.db_table
    columns = [f.column for f in Application._meta.concrete_fields if f.column not in ("id", "reference")]
    listed = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count - 1}) "
            f"INSERT INTO {table} (reference, {listed}) SELECT 'OLD-' || n.i, {listed} FROM {table}, n "
            f"WHERE {table}.id = {first.pk}")
    assert Application.objects.filter(state=ApplicationState.REJECTED).count() == count
    removed = retention_run()
    assert removed["rejected-applications"] == count
    assert not Application.objects.exclude(data={}).exists()
