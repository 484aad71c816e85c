"""PDFs rendered by WeasyPrint from HTML templates; only our own static files are fetched."""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils import translation


def static_only_fetcher():
    """A WeasyPrint fetcher that serves /static/… from the project's files and refuses everything
    else: a PDF never reaches the network, whatever a template (or a user's text) links to."""
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            prefix = "file:///static/"
            if url.startswith(prefix):
                path = finders.find(url[len(prefix):].split("?")[0])
                if path:
                    return super().fetch("file://" + path, headers)
            raise ValueError(f"Refused to fetch {url}")

    return StaticOnlyFetcher(fail_on_errors=False)


def render_html(*, template: str, context: dict, language: str) -> str:
    context = {"site_name": settings.SITE_NAME, "TIME_ZONE_NAME": timezone.get_current_timezone_name(), **context}
    with translation.override(language):
        context["LANGUAGE_CODE"] = language
        return render_to_string(template, context)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url="file:///static/", url_fetcher=static_only_fetcher()).write_pdf()


def render_pdf(*, template: str, context: dict, language: str) -> bytes:
    return html_to_pdf(render_html(template=template, context=context, language=language))
