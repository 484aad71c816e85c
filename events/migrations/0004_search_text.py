"""The site search (/search/, network.search) finds events by an accent-free `search_text` of their
texts in every language, place and city, which their save() keeps (network.search.SearchTextModel).
This fills it for the rows already there and, on PostgreSQL, indexes its full-text document with GIN
(the expression network.search.search_document() matches, written out as it was when this migration
was made). On SQLite the search reads search_text itself."""

from django.db import migrations
from django.db import models

from network.text import search_key

LANGUAGES = ("es", "pt_br", "en")  # the content's language columns (events/translation.py)
FIELDS = ("title", "summary", "description", "motto", "venue", "city")
DOCUMENT = " || ".join(f"to_tsvector('{config}'::regconfig, COALESCE(search_text, ''))"
                       for config in ("spanish", "portuguese", "english", "simple"))


def fill(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    names = {f.attname for f in Event._meta.concrete_fields}
    columns = [c for field in FIELDS for c in (field, *(f"{field}_{code}" for code in LANGUAGES)) if c in names]
    changed = []
    for event in Event.objects.all().iterator(chunk_size=500):
        event.search_text = search_key(*dict.fromkeys(t for t in (getattr(event, c) or "" for c in columns) if t))
        changed.append(event)
    Event.objects.bulk_update(changed, ["search_text"], batch_size=500)


def index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX event_search_document_idx ON events_event USING gin (({DOCUMENT}))")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS event_search_document_idx")


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0003_translated_content"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(index, drop_index),
    ]
