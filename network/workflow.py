"""Declarative state machines for every workflow outside applications (which keep their own table
in `programs.calls.enums`): one table of allowed moves per workflow, one function that checks it, writes
the audit row (`StateChange`) and saves the new state.

    MENTORSHIP = Workflow("mentorship", [
        Move("requested", "matched", {Actor.STAFF}, _("Matched with a mentor city")),
        ...
    ])
    MENTORSHIP.move(obj=mentorship, to="matched", actor=Actor.STAFF, by=user)

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


class IllegalMove(PortalError):
    default_message = _("This change of state is not allowed.")


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    actors: frozenset[str]
    label: Promise | str

    def __init__(self, source: str, target: str, actors: Iterable[str], label: Promise | str):
        object.__setattr__(self, "source", str(source))
        object.__setattr__(self, "target", str(target))
        object.__setattr__(self, "actors", frozenset(str(a) for a in actors))
        object.__setattr__(self, "label", label)


class Workflow:
    def __init__(self, name: str, moves: Iterable[Move], *, field: str = "state"):
        self.name = name
        self.field = field
        self.moves: tuple[Move, ...] = tuple(moves)
        self._by_pair = {(m.source, m.target): m for m in self.moves}

    def allowed(self, *, source: str, target: str, actor: str) -> bool:
        move = self._by_pair.get((str(source), str(target)))
        return move is not None and str(actor) in move.actors

    def targets(self, *, source: str, actor: str) -> list[Move]:
        """The moves `actor` may make from `source`, in table order (for buttons and admin actions)."""
        return [m for m in self.moves if m.source == str(source) and str(actor) in m.actors]

    def label(self, *, source: str, target: str) -> Promise | str:
        move = self._by_pair.get((str(source), str(target)))
        return move.label if move else ""

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
        """Move `obj` (locked by the caller) to `to`, or raise IllegalMove. Saves the state field and
        `extra_fields` (other fields the caller set for this move)."""
        from .models import StateChange

        source = getattr(obj, self.field)
        if not self.allowed(source=source, target=to, actor=actor):
            raise IllegalMove()
        StateChange.objects.create(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=obj.pk, source=source, target=str(to), actor=str(actor),
            by=by if getattr(by, "pk", None) else None, comment=comment, at=now or timezone.now(),
        )
        setattr(obj, self.field, str(to))
        fields = {self.field, *extra_fields}
        if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
            fields.add("updated_at")
        obj.save(update_fields=sorted(fields))
        return obj


def state_history(obj: models.Model):
    """The audit rows of `obj`, oldest first, with who made each move."""
    from .models import StateChange

    return StateChange.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=obj.pk
    ).select_related("by")
