"""One search box for the whole public site (/search/, in the header of every page): members, calls,
funding, events, webinars, good practices, courses and capsules at once, accent- and case-insensitive,
in the visitor's language, the results grouped by kind.

`network` imports none of the other apps, so each registers its kinds (in its AppConfig.ready):

    register_search_kind(SearchKind(key="calls", label=_("Calls"), order=20, search=selectors.calls_search))

A kind's `search(terms, *, language, limit)` returns `(hits, total)`: its first `limit` public
results (what its own public list shows, never a draft, an unpublished or a private row) as
SearchHit, best first, and how many there are, in ONE query whatever the data size (`first_page`
counts them with a window function); tests/network/test_site_search.py holds the site search to a
fixed number of queries at two sizes. `terms` is the cleaned query (clean_query: no control
characters, at most MAX_QUERY_LENGTH characters and MAX_WORDS words, each with a letter or digit).
It runs inside `translation.override(language)`, so a translated title reads in the visitor's
language, else in its original one (`SearchHit.lang` then names that language).

How a kind matches: members and good practices have their own searches (network.selectors.
member_search, programs.knowledge.selectors.practice_search); the other kinds keep an accent-free
`search_text` of every language's text, built on save (network.text.search_key), and match it
with `text_search`: PostgreSQL full-text search (Spanish, Portuguese and English stems, and every
word's root as a prefix) through a GIN index, or on SQLite every word's root inside the key (the
directory's fallback).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from urllib.parse import urlencode

from django.db import connection
from django.db import models
from django.db.models import Count
from django.db.models import F
from django.db.models import FloatField
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Value
from django.db.models import Window
from django.urls import reverse
from django.utils import translation

from .registry import Registry
from .text import search_key
from .text import word_root

MAX_QUERY_LENGTH = 100  # characters searched; the rest is left out (and the page says so)
MAX_WORDS = 8
PER_KIND = 5  # results shown per kind; the kind's own list has the rest

# The stored document's languages (the interface's and content's, then the words as they are).
DOCUMENT_CONFIGS = ("spanish", "portuguese", "english", "simple")
QUERY_CONFIGS = ("spanish", "portuguese", "english")
# What may not go inside a quoted to_tsquery word: quotes, operators and backslashes are dropped,
# never read as query syntax.
_TSQUERY_UNSAFE = re.compile(r"[^\w.-]")
_WORD_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    detail: str = ""  # one short line: the city and country, the kind of call, the presenting city…
    status: str = ""  # a badge ("Open", "Closed", "Held"); empty for none
    status_class: str = ""  # the badge's CSS modifier (badge-<status_class>)
    when: datetime | date | None = None
    zone: str = ""  # the zone `when` happens in (shown in it, named); empty: `when` is a day
    when_label: str = ""  # what `when` is ("Deadline", "Starts")
    lang: str = ""  # the title's language when it is not the visitor's (not translated yet)

    @property
    def language_name(self) -> str:
        """The title's language in its own name ("Español") when it is not the visitor's."""
        from .content_language import language_name

        return language_name(self.lang) if self.lang else ""


Search = Callable[..., tuple[list[SearchHit], int]]


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: str  # translated, plural: "Good practices"
    order: int
    search: Search
    # The kind's own public list filtered by the same query ("/practices/?q=…"), when it has a search.
    list_url: Callable[[str], str] | None = None
    # The link to it, agreeing with the count: ngettext_lazy(…, …, "count"), "%(count)s" in both.
    list_link: object = None


SEARCH_KINDS: Registry[SearchKind] = Registry("search kind")


def register_search_kind(kind: SearchKind) -> SearchKind:
    return SEARCH_KINDS.register(kind.key, kind)


def list_search_url(url_name: str) -> Callable[[str], str]:
    """A kind's `list_url`: its public list (`url_name`) searching the same words ("/members/?q=bogota")."""

    def url(query: str) -> str:
        return f"{reverse(url_name)}?{urlencode({'q': query})}"

    return url


@dataclass(frozen=True)
class CleanQuery:
    text: str  # what is searched, as typed (echoed in the box): no control characters, cut to size
    terms: str  # its words that have a letter or digit, without the punctuation around them
    shortened: bool = False  # the visitor typed more than MAX_QUERY_LENGTH characters or MAX_WORDS words


def clean_query(raw: object) -> CleanQuery:
    """A visitor's query made safe to search and to show: control and format characters (NUL, bidi
    overrides) become spaces, at most MAX_QUERY_LENGTH characters and MAX_WORDS words are kept, and
    words of punctuation alone ("%", "--") are not searched."""
    text = raw if isinstance(raw, str) else ""
    shortened = len(text) > MAX_QUERY_LENGTH * 4
    text = "".join(
        " " if unicodedata.category(c).startswith("C") else c for c in text[: MAX_QUERY_LENGTH * 4]
    )
    words = text.split()
    if len(" ".join(words)) > MAX_QUERY_LENGTH:
        shortened = True
        words = " ".join(words)[:MAX_QUERY_LENGTH].split()
    if len(words) > MAX_WORDS:
        shortened = True
        words = words[:MAX_WORDS]
    terms = [w for w in (_WORD_EDGES.sub("", word) for word in words) if any(c.isalnum() for c in w)]
    return CleanQuery(text=" ".join(words), terms=" ".join(terms), shortened=shortened)


@dataclass(frozen=True)
class SearchGroup:
    key: str
    label: str
    hits: list[SearchHit]
    total: int
    more_url: str = ""  # the kind's own list with the same query, when it holds more than `hits`
    more_label: str = ""


@dataclass(frozen=True)
class SiteSearch:
    query: CleanQuery
    groups: list[SearchGroup] = field(default_factory=list)

    @property
    def searched(self) -> bool:
        """Whether there was anything to search (an empty or punctuation-only query is not searched)."""
        return bool(self.query.terms)

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


def ordered_kinds() -> list[SearchKind]:
    return sorted(SEARCH_KINDS.values(), key=lambda kind: (kind.order, kind.key))


def search_site(raw_query: object, *, language: str | None = None, limit: int = PER_KIND) -> SiteSearch:
    """Every registered kind's first results for `raw_query`, in the kinds' order; kinds without a
    result are left out. One query per kind (none for an empty query)."""
    query = clean_query(raw_query)
    if not query.terms:
        return SiteSearch(query=query)
    language = language or translation.get_language()
    groups = []
    with translation.override(language):
        for kind in ordered_kinds():
            hits, total = kind.search(query.terms, language=language, limit=limit)
            if not total:
                continue
            more_url = more_label = ""
            if kind.list_url is not None and total > len(hits):
                more_url = kind.list_url(query.text)
                more_label = str(kind.list_link % {"count": total}) if kind.list_link else ""
            groups.append(
                SearchGroup(
                    key=kind.key,
                    label=str(kind.label),
                    hits=hits,
                    total=total,
                    more_url=more_url,
                    more_label=more_label,
                )
            )
    return SiteSearch(query=query, groups=groups)


# --- For the kinds' searches ------------------------------------------------------------------------
class SearchTextModel(models.Model):
    """A model the site search finds by its `search_text`: the accent-free text (network.text.
    search_key) of its SEARCH_FIELDS — a translated field in every language, so a visitor finds it in
    any of them — and of `search_extra()` (a related city's name), rebuilt on every save that
    changes one of them, as Member's is. A migration fills it for the rows already there and, on
    PostgreSQL, gives the table its stored document (stored_search_document)."""

    SEARCH_FIELDS: tuple[str, ...] = ()
    # The foreign keys search_extra() reads: a save that changes one rebuilds the key.
    SEARCH_RELATED: tuple[str, ...] = ()

    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def search_extra(self) -> list[str]:
        return []

    def _search_columns(self) -> list[str]:
        from .content_language import each_language

        names = {f.attname for f in self._meta.concrete_fields}
        columns = []
        for name in self.SEARCH_FIELDS:
            columns += [name, *(column for column in each_language(name) if column in names)]
        return columns

    def build_search_text(self) -> str:
        texts = [getattr(self, column) or "" for column in self._search_columns()]
        return search_key(*dict.fromkeys(t for t in [*texts, *self.search_extra()] if t))

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        sources = {*self._search_columns(), *self.SEARCH_RELATED, *(f"{n}_id" for n in self.SEARCH_RELATED)}
        if update_fields is None:
            self.search_text = self.build_search_text()
        elif sources & set(update_fields):
            self.search_text = self.build_search_text()
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


def search_texts_rebuild(queryset: QuerySet, *, batch_size: int = 500) -> int:
    """Rebuild the search_text of every row of `queryset` (of a SearchTextModel), in batches: for rows
    written in bulk (bulk_create and update() call no save(), the benchmark's data set)."""
    model = queryset.model
    rows = queryset.select_related(*model.SEARCH_RELATED) if model.SEARCH_RELATED else queryset
    changed = []
    for row in rows.order_by("pk").iterator(chunk_size=batch_size):
        row.search_text = row.build_search_text()
        changed.append(row)
    model.objects.bulk_update(changed, ["search_text"], batch_size=batch_size)
    return len(changed)


def first_page(queryset: QuerySet, limit: int) -> tuple[list, int]:
    """The first `limit` rows of `queryset` and how many rows it has, in one query: each row carries
    the count of all of them (COUNT(*) OVER (), computed before the LIMIT)."""
    rows = list(queryset.annotate(search_total=Window(Count("*")))[:limit])
    return rows, (rows[0].search_total if rows else 0)


class StoredSearchDocument(models.Expression):
    """The full-text document PostgreSQL keeps beside a kind's `search_text` (the hidden column
    `search_document`, which a trigger fills on every insert and update: stored_search_document()):
    matched through its GIN index and ranked without running to_tsvector over every row found."""

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name(alias)}.{connection.ops.quote_name('search_document')}", []


# The document of an accent-free key: its Spanish, Portuguese and English stems and its plain words.
STORED_DOCUMENT = " || ".join(f"to_tsvector('{config}'::regconfig, COALESCE({{t}}, ''))" for config in DOCUMENT_CONFIGS)


def stored_search_document(*tables: str):
    """A migration's operation that gives each of `tables` (of a SearchTextModel) its stored
    full-text document on PostgreSQL: a `search_document` column the models do not load (so list
    pages never fetch it), kept in step with `search_text` by a trigger whatever writes the row (a
    save, a bulk insert, an update), filled for the rows already there, with a GIN index
    `<table>_search_doc_idx`; the expression index it replaces (`<model>_search_document_idx`,
    which the match used but the ranking could not) is dropped. Nothing on SQLite."""
    from django.db import migrations

    def on_each_table(step):
        def run(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for table in tables:
                    step(schema_editor.execute, table, table.split("_", 1)[1])
        return run

    def forwards(execute, table: str, model_name: str) -> None:
        execute(f"ALTER TABLE {table} ADD COLUMN search_document tsvector")
        execute(f"""
            CREATE FUNCTION {table}_search_document() RETURNS trigger AS $$
            BEGIN
                NEW.search_document := {STORED_DOCUMENT.format(t="NEW.search_text")};
                RETURN NEW;
            END
            $$ LANGUAGE plpgsql""")
        execute(f"""
            CREATE TRIGGER {table}_search_document BEFORE INSERT OR UPDATE OF search_text ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_search_document()""")
        execute(f"UPDATE {table} SET search_document = {STORED_DOCUMENT.format(t='search_text')}")
        execute(f"CREATE INDEX {table}_search_doc_idx ON {table} USING gin (search_document)")
        execute(f"DROP INDEX IF EXISTS {model_name}_search_document_idx")

    def backwards(execute, table: str, model_name: str) -> None:
        execute(f"DROP TRIGGER IF EXISTS {table}_search_document ON {table}")
        execute(f"DROP FUNCTION IF EXISTS {table}_search_document()")
        execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_document")
        execute(f"CREATE INDEX IF NOT EXISTS {model_name}_search_document_idx ON {table} "
                f"USING gin (({STORED_DOCUMENT.format(t='search_text')}))")

    return migrations.RunPython(on_each_table(forwards), on_each_table(backwards))


def text_search(queryset: QuerySet, terms: str) -> QuerySet:
    """Rows whose accent-free key (`search_text`, built with network.text.search_key) matches every
    word of `terms`, annotated with `search_rank` (higher first; 0 on SQLite).

    PostgreSQL: full-text search over the stored document (StoredSearchDocument), as Spanish, Portuguese or English stems
    ("ciudades" finds "ciudad") or every word's root as the start of a word ("movil" finds
    "movilidad"). SQLite: every word's root inside the key ("bogota" finds "bogotá d.c.")."""
    key = search_key(terms)
    roots = [word_root(word) for word in key.split()]
    if not roots:
        return queryset.none()
    if connection.vendor != "postgresql":
        every_word = Q()
        for root in roots:
            every_word &= Q(search_text__contains=root)
        return queryset.filter(every_word).annotate(search_rank=Value(0.0, output_field=FloatField()))
    from django.contrib.postgres.search import SearchQuery
    from django.contrib.postgres.search import SearchRank

    search = SearchQuery(key, config=QUERY_CONFIGS[0])
    for config in QUERY_CONFIGS[1:]:
        search |= SearchQuery(key, config=config)
    prefixes = [
        f"'{root}':*" for root in (_TSQUERY_UNSAFE.sub("", root) for root in roots) if root.strip(".-")
    ]
    if prefixes:
        search |= SearchQuery(" & ".join(prefixes), config="simple", search_type="raw")
    return (
        queryset.alias(search_document=StoredSearchDocument())
        .filter(search_document=search)
        .annotate(search_rank=SearchRank(F("search_document"), search))
    )
