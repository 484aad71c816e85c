"""`get_<field>_display()` without rebuilding the field's choices on every call.

Django's `Model._get_FIELD_display` turns the field's whole list of choices into a new dict on each
call, hashing every label; our labels are lazy translations, so each hash runs gettext. A list page
calls it for every row and column (a call's kind, state and who may apply; an application's state
in the staff list), and on the call list that was about a tenth of rendering the cards.

`install()` (network's AppConfig.ready, when every model is loaded) gives each model field with
fixed choices the same method reading a dict built once for that field. The labels in it stay lazy,
so each call still answers in the active language; a field whose choices are a callable, and a
model's own `get_<field>_display`, are left to Django.
"""

from __future__ import annotations

from functools import partialmethod

from django.apps import apps
from django.db import models
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_DJANGOS = models.Model._get_FIELD_display


def _labels(field) -> dict:
    labels = field.__dict__.get("_portal_choice_labels")
    if labels is None:
        labels = field.__dict__["_portal_choice_labels"] = dict(make_hashable(field.flatchoices))
    return labels


def _get_field_display(self, field):
    value = getattr(self, field.attname)
    try:
        label = _labels(field).get(value, value)
    except TypeError:  # an unhashable value (a list from a JSON field): as Django does
        label = _labels(field).get(make_hashable(value), value)
    return force_str(label, strings_only=True)


def install() -> int:
    """Replace Django's method on every field it set it for; returns how many were replaced."""
    replaced = 0
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            name = f"get_{field.name}_display"
            current = model.__dict__.get(name)
            if (field.choices is None or isinstance(field.choices, CallableChoiceIterator)
                    or not isinstance(current, partialmethod) or current.func is not _DJANGOS):
                continue
            setattr(model, name, partialmethod(_get_field_display, field=field))
            replaced += 1
    return replaced
