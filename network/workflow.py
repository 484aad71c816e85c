"""The one state engine: a declarative table of allowed moves per workflow, one function that
checks it, writes the audit row (`StateChange`) and saves the new state.

    MENTORSHIP = Workflow("mentorship", [
        Move("requested", "matched", {Actor.STAFF}, _("Matched with a mentor city")),
        ...
    ])
    MENTORSHIP.move(obj=mentorship, to="matched", actor=Actor.STAFF, by=user)

Every workflow of the portal is one of these: applications, members' status, mentorships,
pairings, webinars, practices, enrolments, scholarships, registrations, agreements, plan stages.
A move has the label staff read and, where the person concerned reads their own timeline, the
label they read (`public_label`, the staff one when not given).

State changes are audited here and only here (`StateChange`, one row per move, naming the
workflow); django-simple-history records the other edits of the registry's records, and a state
change made through `move` writes no history row of its own.

Callers lock the row (`select_for_update`) inside `transaction.atomic`, so the state read is the
state written over; mails and side effects stay in the app's service that calls `move`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .errors import PortalError
from .registry import Registry


class IllegalMove(PortalError):
    default_message = _("This change of state is not allowed.")


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    actors: frozenset[str]
    label: Promise | str  # what the secretariat reads
    public_label: Promise | str  # what the person concerned reads in their own timeline

    def __init__(self, source: str, target: str, actors: Iterable[str], label: Promise | str,
                 public_label: Promise | str | None = None):
        object.__setattr__(self, "source", str(source))
        object.__setattr__(self, "target", str(target))
        object.__setattr__(self, "actors", frozenset(str(a) for a in actors))
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "public_label", label if public_label is None else public_label)

    @property
    def staff_label(self) -> Promise | str:
        return self.label


WORKFLOWS: Registry[Workflow] = Registry("workflow")


class Workflow:
    def __init__(self, name: str, moves: Iterable[Move], *, field: str = "state",
                 error: type[PortalError] = IllegalMove):
        self.name = name
        self.field = field
        self.error = error
        self.moves: tuple[Move, ...] = tuple(moves)
        self._by_pair = {(m.source, m.target): m for m in self.moves}
        WORKFLOWS.register(name, self)

    def allowed(self, *, source: str, target: str, actor: str) -> bool:
        move = self._by_pair.get((str(source), str(target)))
        return move is not None and str(actor) in move.actors

    def targets(self, *, source: str, actor: str) -> list[Move]:
        """The moves `actor` may make from `source`, in table order (for buttons and admin actions)."""
        return [m for m in self.moves if m.source == str(source) and str(actor) in m.actors]

    def get(self, *, source: str, target: str) -> Move | None:
        return self._by_pair.get((str(source), str(target)))

    def label(self, *, source: str, target: str) -> Promise | str:
        move = self._by_pair.get((str(source), str(target)))
        return move.label if move else ""

    def public_label(self, *, source: str, target: str) -> Promise | str:
        move = self._by_pair.get((str(source), str(target)))
        return move.public_label if move else ""

    def move(
        self,
        *,
        obj: models.Model,
        to: str,
        actor: str,
        by=None,
        comment: str = "",
        now: datetime | None = None,
        extra_fields: Iterable[str] = (),
    ):
        """Move `obj` (locked by the caller) to `to`, or raise this workflow's error. Saves the state
        field and `extra_fields` (other fields the caller set for this move)."""
        from .models import StateChange

        source = getattr(obj, self.field)
        if not self.allowed(source=source, target=to, actor=actor):
            raise self.error()
        StateChange.objects.create(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=obj.pk,
            workflow=self.name, source=source, target=str(to), actor=str(actor),
            by=by if getattr(by, "pk", None) else None, comment=comment, at=now or timezone.now(),
        )
        setattr(obj, self.field, str(to))
        fields = {self.field, *extra_fields}
        if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
            fields.add("updated_at")
        obj.skip_history_when_saving = True  # audited above, not again by simple-history
        try:
            obj.save(update_fields=sorted(fields))
        finally:
            del obj.skip_history_when_saving
        return obj


def state_history(obj: models.Model, *, workflow: Workflow | None = None):
    """The audit rows of `obj` (of one of its workflows, or all), oldest first, with who moved it."""
    from .models import StateChange

    rows = StateChange.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=obj.pk
    ).select_related("by")
    return rows.filter(workflow=workflow.name) if workflow is not None else rows


def change_label(change, *, for_staff: bool = True) -> Promise | str:
    """What a StateChange row reads as: its move's label in its workflow, else the bare target."""
    workflow = WORKFLOWS.get(change.workflow)
    move = workflow.get(source=change.source, target=change.target) if workflow else None
    if move is None:
        return change.target
    return move.label if for_staff else move.public_label
