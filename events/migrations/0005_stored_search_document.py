"""The site search matches and ranks events by a stored full-text document on PostgreSQL
(network.search.stored_search_document) instead of running to_tsvector over every event found to
rank it. Nothing on SQLite."""

from django.db import migrations

from network.search import stored_search_document


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0004_search_text"),
    ]

    operations = [
        stored_search_document("events_event"),
    ]
