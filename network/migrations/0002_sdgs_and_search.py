from django.db import migrations


def create_sdgs(apps, schema_editor):
    Sdg = apps.get_model("network", "SustainableDevelopmentGoal")
    Sdg.objects.bulk_create([Sdg(number=n) for n in range(1, 18)], ignore_conflicts=True)


def trigram_index(apps, schema_editor):
    """On PostgreSQL, serve accent-free substring and similarity search from a trigram index."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS member_search_trgm_idx ON network_member USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS member_search_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [
        migrations.RunPython(create_sdgs, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
