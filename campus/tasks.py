"""Thin Celery wrappers: load by id, call a service."""

from celery import shared_task


@shared_task
def render_certificate(*, certificate_id: int) -> None:
    from .models import Certificate
    from .services.certificates import certificate_render

    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is not None:
        certificate_render(certificate=certificate)
