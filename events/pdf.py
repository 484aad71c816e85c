"""Minutes and badges as PDF (WeasyPrint, only our own static files are fetched)."""

from __future__ import annotations

from programs.calls.pdf import render_pdf

from . import selectors
from .models import BoardSession
from .models import Event
from .models import Registration


def minutes_pdf(session: BoardSession, *, language: str) -> bytes:
    return render_pdf(template="events/pdf/minutes.html", context=selectors.session_minutes(session),
                      language=language)


def badges_pdf(event: Event, registrations: list[Registration], *, language: str) -> bytes:
    return render_pdf(template="events/pdf/badges.html", context={"event": event, "registrations": registrations},
                      language=language)
