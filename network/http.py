"""What every app's views share about requests and answers, written once."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """The request is htmx swapping part of the page (answer with the fragment, not the whole page)."""
    return request.headers.get("HX-Request") == "true"


@contextmanager
def missing_is_404():
    """A selector raises DoesNotExist for what does not exist and for what is not the person's (another
    city's ids): a view shows both as the same 404.

        with missing_is_404():
            application = selectors.application_visible_to(request.user, reference)
    """
    try:
        yield
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
