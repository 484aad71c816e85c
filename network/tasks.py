"""Thin Celery wrappers: load by id, call a service."""

from celery import shared_task

from . import services


@shared_task(bind=True, max_retries=8, acks_late=True)
def deliver_outbox_message(self, *, message_id: int) -> str:
    """Send one outbox message; a failure is retried with backoff and never sends twice."""
    try:
        return services.outbox_deliver(message_id=message_id)
    except services.DeliveryFailed as exc:
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 3600)) from exc


@shared_task
def refresh_dues_standing() -> dict:
    result = services.dues_standing_refresh()
    return {"in_arrears": result.marked_in_arrears, "restored": result.restored}
