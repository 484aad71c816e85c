"""The site search and the catalogue's search match and rank courses and capsules by a stored
full-text document on PostgreSQL (network.search.stored_search_document) instead of running
to_tsvector over every row found to rank it. Nothing on SQLite."""

from django.db import migrations

from network.search import stored_search_document


class Migration(migrations.Migration):

    dependencies = [
        ("campus", "0004_search_text"),
    ]

    operations = [
        stored_search_document("campus_course", "campus_capsule"),
    ]
