"""The progress scale of the action plan (seed 003): stage, percentage, compliance and colour."""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stage(models.TextChoices):
    NONE = "none", pgettext_lazy("plan stage", "No progress")
    PLANNING = "planning", pgettext_lazy("plan stage", "Planning")
    PROGRAMMING = "programming", pgettext_lazy("plan stage", "Programming")
    BUDGETING = "budgeting", pgettext_lazy("plan stage", "Budgeting")
    EXECUTION = "execution", pgettext_lazy("plan stage", "Execution")
    EVALUATION = "evaluation", pgettext_lazy("plan stage", "Evaluation")


@dataclass(frozen=True)
class StageInfo:
    percent: int
    compliance: Promise
    colour: str  # fill colour of the compliance badge and bars (contrast checked against white text)


STAGES: dict[str, StageInfo] = {
    Stage.NONE: StageInfo(0, pgettext_lazy("compliance", "No progress"), "#8a1c1c"),
    Stage.PLANNING: StageInfo(10, _("Basic process"), "#b3471d"),
    Stage.PROGRAMMING: StageInfo(20, _("Low process"), "#8a6100"),
    Stage.BUDGETING: StageInfo(30, _("Medium process"), "#5c6b00"),
    Stage.EXECUTION: StageInfo(70, _("Process fulfilled"), "#2f7a3a"),
    Stage.EVALUATION: StageInfo(100, _("Fully fulfilled"), "#1b5e20"),
}


def band_for(percent: float) -> str:
    """The stage band a mean percentage falls in: the highest stage whose percentage it reaches."""
    reached = [key for key, info in STAGES.items() if percent + 1e-9 >= info.percent]
    return reached[-1]


class ReportState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("report state", "Queued")
    RUNNING = "running", pgettext_lazy("report state", "Rendering")
    DONE = "done", pgettext_lazy("report state", "Ready")
    FAILED = "failed", pgettext_lazy("report state", "Failed")
