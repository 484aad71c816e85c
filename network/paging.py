"""A list's page and its total in one pass over the matching rows.

Django's Paginator runs COUNT(*) and then the page's SELECT: two passes over the same filtered rows.
For a ranked search both passes do the expensive part (matching every row, ranking the matches).
`page_of` asks for the page's ids with the total alongside (COUNT(*) OVER ()) in one narrow query
(ids and sort keys only: no joined columns carried through the sort), then fetches those rows
with everything the page shows. It returns an ordinary `django.core.paginator.Page`, so templates
and includes/pagination.html are unchanged.
"""

from __future__ import annotations

from django.core.paginator import Page
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models import QuerySet
from django.db.models import Window

TOTAL = "_page_total"


class _CountedPaginator(Paginator):
    """A Paginator whose total is already known."""

    def __init__(self, object_list, per_page: int, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property: set its value


MAX_PAGE = 10**6  # past any list's end (the last page is shown), and within the database's OFFSET range


def page_number(number) -> int:
    try:
        return min(max(1, int(str(number)[:12])), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def page_of(queryset: QuerySet, per_page: int, number) -> Page:
    """The page `number` (any value; like Paginator.get_page: not a number is the first page, past
    the end is the last) of `queryset`, in one query, or two when asked for a page past the end."""
    number = page_number(number)
    counted = queryset.annotate(**{TOTAL: Window(Count("*"))}).values_list("pk", TOTAL)
    found = list(counted[(number - 1) * per_page: number * per_page])
    if not found and number > 1:  # past the end: the last page, as Paginator.get_page does
        total = queryset.count()
        number = max(1, -(-total // per_page))
        found = list(counted[(number - 1) * per_page: number * per_page]) if total else []
    total = found[0][1] if found else 0
    ids = [pk for pk, _total in found]
    by_id = {row.pk: row for row in queryset.filter(pk__in=ids)} if ids else {}
    rows = [by_id[pk] for pk in ids if pk in by_id]
    return Page(rows, number, _CountedPaginator(queryset, per_page, total))
