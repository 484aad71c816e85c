"""Thin Celery wrappers: load by id, call a service."""

from celery import shared_task

from . import services


@shared_task(bind=True, max_retries=8, acks_late=True)
def deliver_outbox_message(self, *, message_id: int) -> str:
    """Send one outbox message; a failure is retried with backoff and never sends twice."""
    try:
        return services.outbox_deliver(message_id=message_id)
    except services.DeliveryFailed as exc:
        if self.request.is_eager:
            return "failed"  # in-process (no broker): the catch-up job retries it when it is due
        countdown = services.outbox_retry_delay(self.request.retries + 1).total_seconds()
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(acks_late=True, ignore_result=True)
def deliver_outbox_messages(*, message_ids: list[int]) -> None:
    """Send a batch (queuing one task per message cost more than sending it, in a 9,000-reminder
    sweep); a message that fails is retried on its own by `deliver_outbox_message`. Running a batch
    twice sends nothing twice: delivery skips messages already sent."""
    for message_id in message_ids:
        try:
            services.outbox_deliver(message_id=message_id)
        except services.DeliveryFailed:
            deliver_outbox_message.apply_async(kwargs={"message_id": message_id}, countdown=30)


@shared_task(ignore_result=True)
def outbox_catch_up() -> int:
    """Every minute: send what is overdue (a task lost with the broker, a worker killed mid-send)."""
    return services.outbox_catch_up()


@shared_task
def refresh_dues_standing() -> dict:
    result = services.dues_standing_refresh()
    return {"in_arrears": result.marked_in_arrears, "restored": result.restored}


@shared_task
def run_sweeps() -> dict:
    """Every app's periodic jobs (reminders, survey links, escalations); see network.sweeps."""
    from .sweeps import run_sweeps as run_all

    return run_all()


from .plan.tasks import render_report  # noqa: E402,F401  (registered with the worker)


@shared_task(bind=True, max_retries=3, acks_late=True)
def build_data_export(self, *, export_id: int) -> str:
    """A person's download (network.privacy); retried, then marked failed so the page says so."""
    from .privacy import data_export_build
    from .privacy import data_export_fail

    try:
        data_export_build(export_id=export_id)
    except Exception as exc:
        if self.request.retries < self.max_retries and not self.request.is_eager:
            raise self.retry(exc=exc, countdown=30) from exc
        data_export_fail(export_id=export_id, error=str(exc))
        return "failed"
    return "done"
