"""PDF copies rendered by WeasyPrint from HTML templates; only our own static files are fetched."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation


def static_only_fetcher(url: str, timeout: int = 10, ssl_context=None):
    """Resolve /static/… to files of the project; refuse everything else (no network)."""
    from weasyprint.urls import default_url_fetcher

    prefix = "file:///static/"
    if url.startswith(prefix):
        path = finders.find(url[len(prefix):])
        if path:
            return default_url_fetcher("file://" + path, timeout=timeout)
    raise ValueError(f"Refused to fetch {url}")


def render_pdf(*, template: str, context: dict, language: str) -> bytes:
    from weasyprint import HTML

    from django.conf import settings
    from django.utils import timezone

    context = {"site_name": settings.SITE_NAME, "TIME_ZONE_NAME": timezone.get_current_timezone_name(), **context}
    with translation.override(language):
        context["LANGUAGE_CODE"] = language
        html = render_to_string(template, context)
    return HTML(string=html, base_url="file:///static/", url_fetcher=static_only_fetcher).write_pdf()


def application_pdf(application, *, language: str) -> bytes:
    from .selectors import application_answers

    with translation.override(language):  # the questions' labels in the reader's language
        answers = application_answers(application)
    return render_pdf(
        template="programs/pdf/application.html",
        context={"application": application, "call": application.call, "answers": answers,
                 "documents": list(application.documents.all())},
        language=language,
    )
