"""Demo dates that stay current: the demo's deadlines, sessions and events are relative to the day
`load_demo` first ran; on a demo database kept for weeks they would drift into the past. Each run
of `load_demo` (so `make run`) moves them forward by the whole weeks that have passed (whole weeks
keep each date's weekday), except in rows a person changed after the first load (their
`updated_at` is later) and rows created since.

Each app's demo package lists its dated models in `DATED = {"app_label.Model": ["field", …]}`; a
log whose rows are only ever added (no `updated_at` or `created_at`) names the field that says when
a row was recorded with a leading `@` ("@at"): rows recorded since the last load stay.
"""

from __future__ import annotations

from datetime import date
from datetime import timedelta

from django.apps import apps
from django.db import transaction
from django.utils import timezone

STALE_AFTER = timedelta(days=7)


def dated_models() -> list[tuple[type, list[str]]]:
    """Every app's `<app>.demo.DATED`, resolved to models."""
    from importlib import import_module
    from importlib.util import find_spec

    found = []
    for config in apps.get_app_configs():
        if find_spec(f"{config.name}.demo") is None:
            continue
        for label, fields in getattr(import_module(f"{config.name}.demo"), "DATED", {}).items():
            found.append((apps.get_model(label), [f for f in fields]))
    return found


@transaction.atomic
def demo_dates_refresh(*, today: date) -> int | None:
    """Move the demo's dates forward to `today` when they have gone stale; returns the days moved, or
    None on the first load (call `demo_loaded` once it is over)."""
    from ..models import DemoState

    state = DemoState.objects.select_for_update().first()
    if state is None:
        DemoState.objects.create(anchor=today, loaded_at=timezone.now())
        return None
    weeks = (today - state.anchor).days // 7
    if timedelta(weeks=weeks) < STALE_AFTER:
        return 0
    delta = timedelta(weeks=weeks)
    for model, listed in dated_models():
        fields = [name.lstrip("@") for name in listed]
        rows = model._default_manager.all()
        for name in listed:
            if name.startswith("@"):
                rows = rows.filter(**{f"{name[1:]}__lte": state.loaded_at})  # recorded since: a person's
        names = {field.name for field in model._meta.concrete_fields}
        if "updated_at" in names:
            rows = rows.filter(updated_at__lte=state.loaded_at)  # a person's change since stays
        if "created_at" in names:
            rows = rows.filter(created_at__lte=state.loaded_at)  # so does what a person added
        changed = []
        for row in rows.only("pk", *fields):
            for name in fields:
                value = getattr(row, name)
                if value is not None:
                    setattr(row, name, value + delta)
            changed.append(row)
        model._default_manager.bulk_update(changed, fields, batch_size=500)
    state.anchor += delta
    state.save(update_fields=["anchor"])
    return delta.days


def demo_loaded() -> None:
    """The first load is over: rows changed or added after this moment are a person's (moving the
    dates later does not change a row's `updated_at`, so this moment stays the line)."""
    from ..models import DemoState

    DemoState.objects.update(loaded_at=timezone.now())
