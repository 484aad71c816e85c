"""Rendering reports in the background; the run row carries the progress the page polls."""

from __future__ import annotations

from celery import shared_task
from django.utils import translation
from django.utils.translation import gettext_noop

from ..pdf import html_to_pdf
from ..pdf import render_html
from .enums import ReportState
from .models import ReportRun
from .services import report_fail
from .services import report_finish
from .services import report_progress

STEPS = {
    "figures": gettext_noop("Computing the figures"),
    "pages": gettext_noop("Writing the chapters"),
    "pdf": gettext_noop("Typesetting the PDF"),
}


def report_html(run: ReportRun) -> str:
    from .selectors import member_context
    from .selectors import report_context

    with translation.override(run.language):
        if run.member_id:
            context = member_context(year=run.year, member=run.member)
            template = "network/plan/pdf/participation.html"
        else:
            context = report_context(year=run.year)
            template = "network/plan/pdf/report.html"
        report_progress(run_id=run.pk, progress=40, step=STEPS["pages"])
        return render_html(template=template, context=context, language=run.language)


@shared_task(bind=True, max_retries=2, acks_late=True)
def render_report(self, *, run_id: int) -> str:
    run = ReportRun.objects.select_related("member").get(pk=run_id)
    if run.state == ReportState.DONE:
        return "done already"
    try:
        report_progress(run_id=run.pk, progress=10, step=STEPS["figures"])
        html = report_html(run)
        report_progress(run_id=run.pk, progress=70, step=STEPS["pdf"])
        pdf = html_to_pdf(html)
        report_finish(run=run, pdf=pdf)
    except Exception as exc:
        if self.request.retries < self.max_retries and not self.request.is_eager:
            raise self.retry(exc=exc, countdown=30) from exc
        report_fail(run_id=run.pk, error=f"{type(exc).__name__}: {exc}")
        raise
    return "done"
