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


@pytest.mark.django_db
@pytest.mark.parametrize("chosen", ["", "agua", "no-such-theme"])
def test_a_sidebar_select_of_themes_draws_what_django_draws_and_keeps_the_choice(chosen):
    """The public lists' theme filter (a model choice by slug): the same options, in the same order,
    with the visitor's choice still selected after a search."""
    from network.filters import MemberDirectoryFilter
    from network.filters import theme_filter
    from tests.factories import ThemeFactory

    ThemeFactory(name="Agua <y> saneamiento", slug="agua")
    ThemeFactory(name="Movilidad", slug="movilidad")

    class Themes(forms.Form):
        theme = theme_filter().field

    django_form, fast_form = Themes({"theme": chosen}), fast_widgets(Themes({"theme": chosen}))
    assert _squash(str(fast_form["theme"])) == _squash(str(django_form["theme"]))
    assert ('<option value="agua" selected>Agua &lt;y&gt; saneamiento</option>' in str(fast_form["theme"])) is (chosen == "agua")
    sidebar = MemberDirectoryFilter({"network": "", "q": "x"}, queryset=Member.objects.all()).form
    assert isinstance(sidebar.fields["network"].widget, FastSelect)


@pytest.mark.django_db
def test_the_directory_sidebar_offers_a_renamed_theme_at_once_and_reads_no_table_to_draw_its_options(
        client, django_assert_max_num_queries):
    """The themes and networks a public list filters by are kept between visits (they are the same
    for everyone), dropped when one changes, and a visitor's pick is still checked against the table."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ThemeFactory

    theme = ThemeFactory(name="Agua", slug="agua")
    client.get("/members/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/members/").content.decode()
    assert '<option value="agua">Agua</option>' in page
    assert not [q for q in queries if "network_theme" in q["sql"] or "network_territorialnetwork" in q["sql"]]

    theme.name = "Agua y saneamiento"
    theme.save()
    page = client.get("/members/").content.decode()
    assert '<option value="agua">Agua y saneamiento</option>' in page
    chosen = client.get("/members/", {"theme": "agua"}).content.decode()
    assert '<option value="agua" selected>Agua y saneamiento</option>' in chosen
    unknown = client.get("/members/", {"theme": "no-such-theme"})
    assert unknown.status_code == 200  # checked against the table: said to be wrong, nothing chosen
    assert ('<select name="theme" aria-invalid="true" aria-describedby="id_theme_error" id="id_theme">'
            '<option value="">Todos los temas</option><option value="agua">Agua y saneamiento</option></select>'
            in unknown.content.decode())


# --- The site's form renderer writes what Django's templates write ---------------------------------
_AWKWARD = 'Río "Grande" <b>&</b> 5 ’'


class _EveryWidget(forms.Form):
    text = forms.CharField(max_length=20, widget=forms.TextInput(attrs={"placeholder": _AWKWARD, "autofocus": True}))
    email = forms.EmailField(required=False)
    number = forms.DecimalField(min_value=0, max_digits=6, decimal_places=2)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput(attrs={"data-none": None, "data-off": False}))
    url = forms.URLField(required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(required=False)
    agree = forms.BooleanField(required=False)
    upload = forms.FileField(required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}))
    kind = forms.ChoiceField(choices=[("", "—"), ("a", _AWKWARD), ("Grupo <1>", [("b", "B"), ("c", "C & D")])])
    many = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two")], required=False)
    maybe = forms.NullBooleanField(required=False)
    radio = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect)


@pytest.mark.parametrize("data", [
    None,
    {"text": _AWKWARD, "email": "a@b.org", "number": "12.5", "password": "s3<cr>t", "hidden": "0", "url": "",
     "day": "2026-12-05", "moment": "2026-12-05 10:00", "agree": "on", "notes": "Line 1\n<Line 2> & 3  ",
     "kind": "c", "many": ["1", "2"], "maybe": "true", "radio": "y"},
    {"text": "x" * 30, "number": "-1", "kind": "zz", "notes": ""},  # invalid: bound, with errors
], ids=["unbound", "bound", "invalid"])
def test_every_form_field_renders_exactly_as_djangos_own_templates_write_it(data, settings):
    from django.forms.renderers import DjangoTemplates

    from network.widgets import PortalFormRenderer

    assert settings.FORM_RENDERER == "network.widgets.PortalFormRenderer"
    ours = _EveryWidget(data, renderer=PortalFormRenderer())
    djangos = _EveryWidget(data, renderer=DjangoTemplates())
    for name in _EveryWidget.base_fields:
        assert str(ours[name]) == str(djangos[name]), name
    assert ours.as_div() == djangos.as_div()
    assert "Río &quot;Grande&quot; &lt;b&gt;&amp;&lt;/b&gt;" in str(ours["text"])  # escaped, once
