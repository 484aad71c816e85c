"""The good-practice search reads a stored full-text document instead of computing one per row.

PostgreSQL only: `search_document` holds the Spanish and Portuguese stems and the plain words of
`search_text` (the accent-free key the services build). A trigger keeps it in step with
`search_text` on every insert and update, whatever writes the row (a service, a bulk insert, the
admin), and a GIN index serves the match, so a search no longer runs to_tsvector over every
practice. The expression and trigram indexes of 0003 served the old query and are dropped.
On SQLite the column stays empty: the search there matches word roots in `search_text`.
"""

import django.contrib.postgres.search
from django.db import migrations

DOCUMENT = (
    "to_tsvector('spanish'::regconfig, COALESCE({t}, '')) || "
    "to_tsvector('portuguese'::regconfig, COALESCE({t}, '')) || "
    "to_tsvector('simple'::regconfig, COALESCE({t}, ''))"
)
# The title, lower-case and without the accents of Spanish and Portuguese, then the theme names (the
# part of search_text after " | ", already accent-free).
HEAD = (
    "translate(lower(COALESCE({title}, '')), 'áàâãäéèêëíìîïóòôõöúùûüçñ', 'aaaaaeeeeiiiiooooouuuucn') || ' ' || "
    "split_part(COALESCE({text}, ''), ' | ', 2)"
)


def _documents(row: str) -> tuple[str, str]:
    text, title = (f"{row}search_text", f"{row}title")
    return f"strip({DOCUMENT.format(t=text)})", DOCUMENT.format(t=f"({HEAD.format(title=title, text=text)})")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    match, rank = _documents("NEW.")
    schema_editor.execute(f"""
        CREATE OR REPLACE FUNCTION programs_goodpractice_search_document() RETURNS trigger AS $$
        BEGIN
            NEW.search_document := {match};
            NEW.search_rank_document := {rank};
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql""")
    schema_editor.execute("""
        CREATE TRIGGER programs_goodpractice_search_document
        BEFORE INSERT OR UPDATE OF search_text, title ON programs_goodpractice
        FOR EACH ROW EXECUTE FUNCTION programs_goodpractice_search_document()""")
    match, rank = _documents("")
    schema_editor.execute(f"UPDATE programs_goodpractice SET search_document = {match}, search_rank_document = {rank}")
    # Only published practices are ever searched (the admin searches titles).
    schema_editor.execute("CREATE INDEX practice_search_document_idx ON programs_goodpractice "
                          "USING gin (search_document) WHERE state = 'published'")
    schema_editor.execute("DROP INDEX IF EXISTS practice_search_fts_idx")
    schema_editor.execute("DROP INDEX IF EXISTS practice_search_trgm_idx")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS programs_goodpractice_search_document ON programs_goodpractice")
    schema_editor.execute("DROP FUNCTION IF EXISTS programs_goodpractice_search_document()")
    schema_editor.execute("DROP INDEX IF EXISTS practice_search_document_idx")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS practice_search_fts_idx ON programs_goodpractice USING gin "
        "((to_tsvector('spanish'::regconfig, COALESCE(search_text, '')) || "
        "to_tsvector('portuguese'::regconfig, COALESCE(search_text, ''))))")
    schema_editor.execute("CREATE INDEX IF NOT EXISTS practice_search_trgm_idx ON programs_goodpractice "
                          "USING gin (search_text gin_trgm_ops)")


class Migration(migrations.Migration):

    dependencies = [
        ("programs", "0006_application_moves_in_the_one_audit_trail"),
    ]

    operations = [
        migrations.AddField(
            model_name="goodpractice",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="goodpractice",
            name="search_rank_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
