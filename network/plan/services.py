"""Every write of the action plan and its reports."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..errors import PortalError
from ..queue import enqueue_on_commit
from ..workflow import Move
from ..workflow import Workflow
from .enums import ReportState
from .enums import Stage
from .models import ActionLine
from .models import ActionPlan
from .models import Activity
from .models import ReportRun

# Staff may move an activity from any stage to any other (a stage can be corrected downwards);
# every move is logged with who, when and why.
STAGE_WORKFLOW = Workflow(
    "plan-activity-stage",
    [Move(a, b, {"staff"}, _("Stage changed")) for a in Stage.values for b in Stage.values if a != b],
    field="stage",
)


class PlanExists(PortalError):
    default_message = _("There is already an action plan for that year.")


@transaction.atomic
def activity_stage_set(*, activity: Activity, stage: str, by=None, comment: str = "",
                       now: datetime | None = None) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.stage == stage:
        return activity
    return STAGE_WORKFLOW.move(obj=activity, to=stage, actor="staff", by=by, comment=comment, now=now)


@transaction.atomic
def plan_copy(*, source: ActionPlan, year: int, title: str = "") -> ActionPlan:
    """Last year's lines and activities into a new year, every activity back to "no progress"."""
    if ActionPlan.objects.filter(year=year).exists():
        raise PlanExists()
    plan = ActionPlan.objects.create(
        year=year, title=title or source.title.replace(str(source.year), str(year)),
        introduction=source.introduction,
    )
    for line in source.lines.prefetch_related("activities"):
        new_line = ActionLine.objects.create(
            plan=plan, position=line.position, title=line.title, objective=line.objective,
            figure_groups=list(line.figure_groups),
        )
        Activity.objects.bulk_create([
            Activity(line=new_line, position=a.position, description=a.description,
                     responsible_id=a.responsible_id, stage=Stage.NONE)
            for a in line.activities.all()
        ])
    return plan


def report_request(*, year: int, language: str = "es", by=None, member=None) -> ReportRun:
    """Queue a rendering; the task fills in progress and the file."""
    from .tasks import render_report

    run = ReportRun.objects.create(
        kind=ReportRun.Kind.MEMBER if member else ReportRun.Kind.ANNUAL, year=year, language=language,
        member=member, requested_by=by if getattr(by, "pk", None) else None,
    )
    enqueue_on_commit(render_report, run_id=run.pk)  # or the catch-up job, if the broker is down
    return run


def reports_catch_up(*, now=None) -> int:
    """The periodic job: reports still queued two minutes after they were asked for (their task was
    lost with the broker) are rendered here."""
    from .tasks import render_report

    now = now or timezone.now()
    waiting = list(ReportRun.objects.filter(state=ReportState.QUEUED, created_at__lte=now - timedelta(minutes=2))
                   .order_by("created_at").values_list("pk", flat=True)[:5])
    for run_id in waiting:
        render_report.apply(kwargs={"run_id": run_id})
    return len(waiting)


def report_progress(*, run_id: int, progress: int, step: str, state: str = ReportState.RUNNING) -> None:
    """Saved at once (outside any transaction of the caller) so the page polling it sees each step."""
    ReportRun.objects.filter(pk=run_id).update(progress=progress, step=step[:120], state=state)


def report_finish(*, run: ReportRun, pdf: bytes, now: datetime | None = None) -> ReportRun:
    from django.core.files.base import ContentFile

    name = f"report-{run.year}-{run.language}.pdf" if run.member_id is None else \
        f"participation-{run.member.slug}-{run.year}.pdf"
    run.file.save(name, ContentFile(pdf), save=False)
    run.state = ReportState.DONE
    run.progress = 100
    run.step = ""
    run.finished_at = now or timezone.now()
    run.save(update_fields=["file", "state", "progress", "step", "finished_at"])
    return run


def report_fail(*, run_id: int, error: str) -> None:
    ReportRun.objects.filter(pk=run_id).update(state=ReportState.FAILED, error=error[:300],
                                               finished_at=timezone.now())


@transaction.atomic
def report_publish(*, run: ReportRun, now: datetime | None = None) -> ReportRun:
    """Publish a rendered annual report on /reports/, in place of the one published before for the
    same year and language, with its headline figures as they are now (in its language)."""
    from django.utils import translation

    from .figures import figures_for_year

    run = ReportRun.objects.select_for_update().get(pk=run.pk)
    # Every run of the same year and language, locked in one order: two staff publishing at once
    # take turns instead of meeting the one-published-per-year-and-language constraint.
    list(ReportRun.objects.select_for_update().filter(year=run.year, language=run.language).order_by("pk"))
    if run.kind != ReportRun.Kind.ANNUAL or run.state != ReportState.DONE or not run.file:
        raise PortalError(_("Only a finished annual report can be published."))
    ReportRun.objects.filter(year=run.year, language=run.language, published_at__isnull=False) \
        .exclude(pk=run.pk).update(published_at=None)
    with translation.override(run.language):
        run.summary = [
            {"group": str(group.title), "label": str(figure.label), "value": figure.value if isinstance(figure.value, int) else float(figure.value),
             "unit": figure.unit}
            for group in figures_for_year(year=run.year) for figure in group.figures[:1]
        ]
    run.published_at = now or timezone.now()
    run.save(update_fields=["summary", "published_at"])
    return run


@transaction.atomic
def report_withdraw(*, run: ReportRun) -> ReportRun:
    """Take a report off /reports/ (its file stays in the admin)."""
    ReportRun.objects.filter(pk=run.pk).update(published_at=None)
    run.refresh_from_db()
    return run
