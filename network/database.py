"""The cursor PostgreSQL connections use (config/settings.py): psycopg's server-side binding, so
that a query a connection keeps running is prepared and planned once, with one exception.

The protocol that carries parameters apart from the SQL allows at most 65,535 of them in one
statement. Django batches its own bulk writes and cascade deletes to fit, but not everything:
`prefetch_related` over the rows of an export of everything selected, or `pk__in` over a long list,
can name more. Such a statement is written with its values inside the SQL, as client-side binding
always did, rather than failing; it is too long and too rare to be worth preparing anyway.

This module imports psycopg only: the settings name its cursor before Django is set up.
"""

from __future__ import annotations

import psycopg

MAX_PARAMETERS = 65_535  # PostgreSQL's limit on the parameters of one statement (a 16-bit count)


class PreparingCursor(psycopg.Cursor):
    def execute(self, query, params=None, **kwargs):
        if params is not None and len(params) > MAX_PARAMETERS:
            query, params = psycopg.ClientCursor(self.connection).mogrify(query, params), None
        return super().execute(query, params, **kwargs)
