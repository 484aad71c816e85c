"""Thin Celery wrappers: load by id, call a service."""

from celery import shared_task

from .models import Application


@shared_task(bind=True, max_retries=5, acks_late=True)
def send_receipt(self, *, application_id: int) -> None:
    from network.mail import recipient_language

    from .pdf import application_pdf
    from .services import notifications

    application = Application.objects.select_related("call", "applicant", "member").get(pk=application_id)
    try:
        pdf = application_pdf(application, language=recipient_language(application.applicant))
    except OSError as exc:
        raise self.retry(exc=exc, countdown=60) from exc
    notifications.receipt_send(application=application, pdf=pdf)
