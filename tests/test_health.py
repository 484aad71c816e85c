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
