"""get_<field>_display() reads a dict built once per field (network.choice_labels) and answers as
Django's own method does, in the active language, for every model of the portal."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.utils import translation

from network import choice_labels


def _fields_with_choices():
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.flatchoices and hasattr(model, f"get_{field.name}_display"):
                yield model, field


def test_every_choice_label_is_djangos_own_in_every_language():
    checked = 0
    for language in ("es", "en", "pt-br"):
        with translation.override(language):
            for model, field in _fields_with_choices():
                for value in [*(v for v, _label in field.flatchoices), "not-a-choice"]:
                    row = model(**{field.attname: value})
                    assert getattr(row, f"get_{field.name}_display")() == models.Model._get_FIELD_display(
                        row, field), (model, field.name, value, language)
                    checked += 1
    assert checked > 500


def test_the_portal_reads_its_labels_once_per_field_and_follows_the_language():
    from programs.calls.enums import ApplicationState
    from programs.calls.models import Application

    assert Application.__dict__["get_state_display"].func is choice_labels._get_field_display
    application = Application(state=ApplicationState.SUBMITTED)
    with translation.override("es"):
        spanish = application.get_state_display()
    with translation.override("en"):
        english = application.get_state_display()
    assert (spanish, english) == ("Enviada", "Submitted")
