"""Guarantees that need the real database server or broker (skipped with a reason elsewhere)."""


import time

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from network import services
from network.enums import RoleKind
from network.models import Role
from tests.concurrency import run_together
from tests.factories import MemberFactory
from tests.factories import focal_point_of

needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (REDIS_URL)")


@needs_postgres
@pytest.mark.django_db
def test_search_forgives_a_typo_on_postgres(client):
    MemberFactory(name="Medellín", country="CO")
    MemberFactory(name="Montevideo", country="UY")
    response = client.get(reverse("network:directory"), {"q": "medelin"})
    assert [m.name for m in response.context["page"].object_list] == ["Medellín"]


@needs_postgres
@pytest.mark.django_db
def test_trigram_index_serves_the_search_on_postgres():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'member_search_trgm_idx'")
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_focal_points_removing_each_other_at_once_leave_one():
    city = MemberFactory()
    first, second = focal_point_of(city), focal_point_of(city)

    def remove(actor, target):
        def act():
            services.team_member_remove(member=city, person=target.person, by=actor)
            return "removed"

        return act

    outcomes = run_together([remove(first, second), remove(second, first)], timeout=30)
    refusals = ("PortalError", "NotAllowed")  # the last focal point, or no longer a focal point at all
    assert sorted("refused" if outcome in refusals else outcome for outcome in outcomes) == ["refused", "removed"]
    assert Role.objects.filter(member=city, kind=RoleKind.FOCAL_POINT).count() == 1


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_task_sent_through_redis_is_run_by_a_worker(mailoutbox):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app
    from network.models import OutboxMessage
    from network.tasks import deliver_outbox_message

    message = OutboxMessage.objects.create(to=["a@quito.gob.ec"], subject="Hola", text="Texto")
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            deliver_outbox_message.delay(message_id=message.pk)
            for _ in range(100):
                message.refresh_from_db()
                if message.state == "sent":
                    break
                time.sleep(0.2)
            assert message.state == "sent"
    finally:
        app.conf.task_always_eager = True
    assert [m.subject for m in mailoutbox] == ["Hola"]
