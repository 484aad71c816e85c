"""Thin Celery wrappers: load by id or plain values, call a service."""

from smtplib import SMTPException

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

from . import services


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=8,
    acks_late=True,
)
def deliver_mail(*, to: list[str], subject: str, text: str, html: str) -> None:
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    message.attach_alternative(html, "text/html")
    message.send()


@shared_task
def refresh_dues_standing() -> dict:
    result = services.dues_standing_refresh()
    return {"in_arrears": result.marked_in_arrears, "restored": result.restored}
