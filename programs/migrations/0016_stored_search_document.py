"""The site search matches and ranks calls, webinars and funding opportunities by a stored full-text
document on PostgreSQL (network.search.stored_search_document): ranking by the expression index of
0015 ran to_tsvector over the whole text of every row found (some 40 ms for a common word among a
thousand calls). Nothing on SQLite."""

from django.db import migrations

from network.search import stored_search_document


class Migration(migrations.Migration):

    dependencies = [
        ("programs", "0015_search_text"),
    ]

    operations = [
        stored_search_document("programs_call", "programs_webinar", "programs_fundingopportunity"),
    ]
