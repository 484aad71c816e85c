"""Things people take part in (events, course editions, microrredes …), described in one way so
that evaluation surveys (events) and the annual report can work with any of them.

Each app registers its models in AppConfig.ready:

    register_subject(Microrred, SubjectSpec(
        participants=lambda microrred: [...Participant...],
        ended_at=lambda microrred: microrred.ends_at,
    ))

`network` imports none of the other apps; they depend on this, not on each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import models

from .registry import Registry


@dataclass(frozen=True)
class Participant:
    email: str
    name: str
    language: str = "es"
    person_id: int | None = None
    member_id: int | None = None
    user_id: int | None = None


@dataclass(frozen=True)
class SubjectSpec:
    participants: Callable[[models.Model], list[Participant]]
    ended_at: Callable[[models.Model], datetime | None]


SUBJECTS: Registry[SubjectSpec] = Registry("survey subject")


def register_subject(model: type[models.Model], spec: SubjectSpec) -> None:
    """Register `model` as a subject, in the app that owns the model (its participants are that
    app's to say)."""
    SUBJECTS.register(model._meta.label_lower, spec)


def subject_spec(obj_or_model) -> SubjectSpec | None:
    return SUBJECTS.get(obj_or_model._meta.label_lower)


def subject_labels() -> list[str]:
    """`app_label.model` of every registered subject (e.g. to limit a content-type choice)."""
    return sorted(SUBJECTS)
