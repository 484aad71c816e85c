"""Checks behind /health/."""

from __future__ import annotations

from django.conf import settings


def database_state(connection) -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means the database cannot serve pages
        return {"ok": False, "vendor": connection.vendor, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def broker_state() -> dict:
    if not settings.REDIS_URL:
        return {"ok": True, "mode": "in-process"}
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except redis.RedisError as exc:
        return {"ok": False, "mode": "redis", "error": exc.__class__.__name__}
    return {"ok": True, "mode": "redis"}


def outbox_state() -> dict:
    """How many e-mails wait to go out, and since when (a long wait means delivery is stuck)."""
    from django.db.models import Min

    from .enums import OutboxState
    from .models import OutboxMessage

    waiting = OutboxMessage.objects.filter(state__in=(OutboxState.QUEUED, OutboxState.SENDING))
    figures = waiting.aggregate(oldest=Min("created_at"))
    return {"waiting": waiting.count(), "oldest": figures["oldest"]}
