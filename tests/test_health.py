import pytest
from django.db import OperationalError
from django.db import connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_broker(client, settings):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == {"ok": True, "vendor": connection.vendor}
    expected_mode = "redis" if settings.REDIS_URL else "in-process"
    assert body["broker"]["mode"] == expected_mode
    assert body["broker"]["ok"] is True
    assert body["status"] == "ok"


def test_health_is_503_when_the_database_is_down(client, monkeypatch):
    from django.db.backends.base import base

    def broken_cursor(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(base.BaseDatabaseWrapper, "cursor", broken_cursor)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["database"]["ok"] is False
    assert response.json()["status"] == "down"


def test_health_reports_an_unreachable_broker_without_failing(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["broker"] == {"ok": False, "mode": "redis", "error": "ConnectionError"}
    assert response.json()["status"] == "degraded"


@pytest.mark.django_db
def test_people_get_a_status_page_and_machines_keep_the_json(client):
    page = client.get(reverse("status"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    text = page.content.decode()
    assert "Everything is working." in text and "E-mails waiting to go out" in text
    assert client.get(reverse("health")).json()["status"] == "ok"


@pytest.mark.django_db
def test_the_status_page_says_when_mail_is_stuck(client):
    from datetime import timedelta

    from django.utils import timezone

    from network.models import OutboxMessage

    OutboxMessage.objects.create(to=["a@example.org"], subject="x", text="y", created_at=timezone.now() - timedelta(hours=2))
    text = client.get(reverse("status"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "some background work is delayed" in text and "the oldest has waited 2" in text


def test_the_status_page_renders_when_the_database_is_down(client, monkeypatch):
    from network import health

    monkeypatch.setattr(health, "database_state", lambda connection: {"ok": False, "vendor": "x", "error": "Down"})
    page = client.get(reverse("status"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 503 and "not available right now" in page.content.decode()
