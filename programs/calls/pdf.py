"""PDF copies rendered by WeasyPrint from HTML templates; only our own static files are fetched."""

from __future__ import annotations

from django.utils import translation

from network.pdf import render_pdf  # noqa: F401  (shared by every app's PDFs)
from network.pdf import static_only_fetcher  # noqa: F401  (shared by every app's PDFs)


def application_pdf(application, *, language: str, hide_identity: bool = False) -> bytes:
    from .selectors import application_answers
    from .selectors import application_documents
    from .selectors import shown_title

    with translation.override(language):  # the questions' labels in the reader's language
        answers = application_answers(application, hide_identity=hide_identity)
    return render_pdf(
        template="programs/pdf/application.html",
        context={"application": application, "call": application.call, "answers": answers,
                 "documents": application_documents(application, hide_identity=hide_identity), "hide_identity": hide_identity,
                 "shown_title": shown_title(application, hide_identity=hide_identity)},
        language=language,
    )
