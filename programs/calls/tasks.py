"""Thin Celery wrappers: load by id, call a service."""

from celery import shared_task

from .models import Application


def receipt_render_and_send(*, application_id: int) -> bool:
    """Render the receipt PDF and send it, unless it went out already (the task and the catch-up job
    both call this). Whether this call sent it."""
    from network.mail import recipient_language
    from network.models import SentNotice

    from .pdf import application_pdf
    from .services import notifications

    application = Application.objects.select_related("call", "applicant", "member").get(pk=application_id)
    if SentNotice.objects.filter(key=notifications.receipt_key(application)).exists():
        return False
    pdf = application_pdf(application, language=recipient_language(application.applicant))
    return notifications.receipt_send(application=application, pdf=pdf)


@shared_task(bind=True, max_retries=5, acks_late=True)
def send_receipt(self, *, application_id: int) -> None:
    try:
        receipt_render_and_send(application_id=application_id)
    except OSError as exc:
        raise self.retry(exc=exc, countdown=60) from exc
