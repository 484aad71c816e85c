"""Applications' old audit rows (ApplicationEvent) are carried into the one audit trail (StateChange)
by the migration, with who, as whom, when and why."""

from datetime import UTC
from datetime import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("programs", "0005_application_draft_revision"), ("network", "0005_action_plan")]
AFTER = [("programs", "0006_application_moves_in_the_one_audit_trail"), ("network", "0006_statechange_workflow")]


@pytest.mark.django_db(transaction=True)
def test_application_events_become_state_changes_of_the_application_workflow():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("network", "User").objects.create(email="ana@example.org")
    call = old.get_model("programs", "Call").objects.create(
        kind="prize", title="Premio", slug="premio", opens_at=datetime(2024, 1, 1, tzinfo=UTC), time_zone="UTC")
    application = old.get_model("programs", "Application").objects.create(
        call=call, applicant=user, reference="PRI-2024-AAAAAA", state="submitted")
    at = datetime(2024, 2, 1, 10, 0, tzinfo=UTC)
    old.get_model("programs", "ApplicationEvent").objects.create(
        application=application, source="draft", target="submitted", actor="applicant", by=user, comment="", at=at)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    rows = list(new.get_model("network", "StateChange").objects.values_list(
        "content_type__model", "object_id", "workflow", "source", "target", "actor", "by_id", "at"))
    assert rows == [("application", application.pk, "application", "draft", "submitted", "applicant", user.pk, at)]

    executor = MigrationExecutor(connection)  # back to where the other tests expect the schema
    executor.migrate(executor.loader.graph.leaf_nodes())
