"""The site search (/search/, network.search) finds courses and capsules by an accent-free
`search_text` of their texts in every language (and a capsule's theme), which their save() keeps
(network.search.SearchTextModel). This fills it for the rows already there and, on PostgreSQL,
indexes its full-text document with GIN (the expression network.search.search_document() matches,
written out as it was when this migration was made). On SQLite the search reads search_text itself."""

from django.db import migrations
from django.db import models

from network.text import search_key

LANGUAGES = ("es", "pt_br", "en")  # the content's language columns (campus/translation.py)
TEXTS = {"course": ("title", "summary", "description"), "capsule": ("title", "summary")}
DOCUMENT = " || ".join(f"to_tsvector('{config}'::regconfig, COALESCE(search_text, ''))"
                       for config in ("spanish", "portuguese", "english", "simple"))
INDEXES = {"course": "campus_course", "capsule": "campus_capsule"}


def fill(apps, schema_editor):
    for model_name, fields in TEXTS.items():
        model = apps.get_model("campus", model_name)
        names = {f.attname for f in model._meta.concrete_fields}
        columns = [c for field in fields for c in (field, *(f"{field}_{code}" for code in LANGUAGES)) if c in names]
        rows = model.objects.select_related("theme") if model_name == "capsule" else model.objects.all()
        changed = []
        for row in rows.iterator(chunk_size=500):
            texts = [getattr(row, column) or "" for column in columns]
            if model_name == "capsule":
                texts += [row.theme.name, row.theme.name_pt, row.theme.name_en]
            row.search_text = search_key(*dict.fromkeys(t for t in texts if t))
            changed.append(row)
        model.objects.bulk_update(changed, ["search_text"], batch_size=500)


def index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, table in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {model_name}_search_document_idx ON {table} USING gin (({DOCUMENT}))")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {model_name}_search_document_idx")


class Migration(migrations.Migration):

    dependencies = [
        ("campus", "0003_translated_content"),
    ]

    operations = [
        migrations.AddField(
            model_name="capsule",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="course",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(index, drop_index),
    ]
