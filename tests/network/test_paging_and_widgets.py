"""network.paging.page_of (a page and its total in one pass) and network.widgets.FastSelect (a
<select> drawn without a template per option), which the public lists use."""

from __future__ import annotations

import re

import pytest
from django import forms

from network.models import Member
from network.paging import page_of
from network.widgets import FastSelect
from network.widgets import fast_widgets
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def members():
    return [MemberFactory(name=f"Ciudad {n:02d}") for n in range(7)]


def names(page) -> list[str]:
    return [m.name for m in page.object_list]


def test_a_page_and_its_total_in_two_narrow_queries(members, django_assert_num_queries):
    queryset = Member.objects.filter(name__startswith="Ciudad").order_by("-name")
    with django_assert_num_queries(2):  # the page's ids with the total, then those rows
        page = page_of(queryset, 3, "2")
    assert names(page) == ["Ciudad 03", "Ciudad 02", "Ciudad 01"]
    assert (page.paginator.count, page.paginator.num_pages, page.number) == (7, 3, 2)
    assert page.has_next() and page.has_previous() and page.start_index() == 4


@pytest.mark.parametrize("asked,number,first", [("abc", 1, "Ciudad 06"), (None, 1, "Ciudad 06"), ("-4", 1, "Ciudad 06"),
                                                ("99", 3, "Ciudad 00"), ("3", 3, "Ciudad 00")])
def test_odd_page_numbers_land_on_a_real_page(members, asked, number, first):
    page = page_of(Member.objects.filter(name__startswith="Ciudad").order_by("-name"), 3, asked)
    assert (page.number, names(page)[0]) == (number, first)


@pytest.mark.parametrize("asked,queries", [("1", 1), ("5", 2)])
def test_an_empty_list_is_one_empty_page(asked, queries, django_assert_num_queries):
    with django_assert_num_queries(queries):
        page = page_of(Member.objects.filter(name="-").order_by("name"), 3, asked)
    assert (page.paginator.count, page.number, list(page.object_list)) == (0, 1, [])


class Choices(forms.Form):
    country = forms.ChoiceField(choices=[("", "Todos"), ("AR", "Argentina"), ("BR", "Brasil <&>")], required=False)
    grouped = forms.ChoiceField(choices=[("Sur", [("UY", "Uruguay")]), ("PE", "Perú")], required=False)
    text = forms.CharField(required=False)


def _squash(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("data", [{}, {"country": "BR", "grouped": "UY"}, {"country": "XX"}])
def test_fast_select_draws_exactly_what_django_draws(data):
    django_form, fast_form = Choices(data or None), fast_widgets(Choices(data or None))
    assert isinstance(fast_form.fields["country"].widget, FastSelect)
    assert not isinstance(fast_form.fields["text"].widget, FastSelect)
    for name in ("country", "grouped", "text"):
        assert _squash(str(fast_form[name])) == _squash(str(django_form[name]))
    assert "Brasil &lt;&amp;&gt;" in str(fast_form["country"])
