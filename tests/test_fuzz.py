"""Fuzzing: every public list's query parameters and the portal's main forms, with text a person or an
attacker could send (NUL bytes, control characters, other scripts, numbers far past any column's
range, very long values). No request answers 500, and a draft keeps being a draft that saves.

Hypothesis generates the values; it runs on the suite's database (PostgreSQL in CI)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import MemberFactory
from tests.factories import ThemeFactory
from tests.factories import technician_of

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

HOSTILE_VALUES = [
    "\x00", "a\x00b", "%00", "\r\n", "\u202e", "😀" * 3, "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd",
    "9" * 30, str(2**31), str(2**63), "-" + "9" * 25, "1e999", "NaN", "0x10", " ", "", "ñ" * 5000, "%", "_",
    "2026-13", "99999999999999999999-1", "0001-01", "9999-12",
]
HOSTILE = st.sampled_from(HOSTILE_VALUES)
VALUE = st.one_of(HOSTILE, st.text(max_size=40), st.integers().map(str), st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12))

# Parameters with a few meaningful values get them half the time, so the hostile values meet the
# code paths they open (a month only matters in the month view).
MEANINGFUL = {"view": ["month", "list"], "past": ["1", "0"], "status": ["open", "active"],
              "page": ["1", "2", "0", "-1", "last", "9" * 20],
              "month": ["2026-02", "1900-01", "2200-12", "9999-12", "0001-01", "99999999999999999999-1", "2026-13"],
              "year": ["2020", "0", "9" * 20]}


def value_for(name: str):
    if name in MEANINGFUL:  # four times in five a meaningful or boundary value, else anything
        meaningful = st.sampled_from(MEANINGFUL[name])
        return st.one_of(meaningful, meaningful, meaningful, meaningful, VALUE)
    return VALUE


def query_for(names: list[str]):
    """A query with a few of `names`: the month view and its month together as often as not."""
    return st.fixed_dictionaries({}, optional={name: value_for(name) for name in names})


FUZZ = hypothesis_settings(max_examples=60, deadline=None, database=None,
                           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

PUBLIC_LISTS = {
    "/members/": ["q", "country", "network", "status", "theme", "page"],
    "/search/": ["q"],
    "/calls/": ["status", "kind", "theme", "eligibility", "page"],
    "/practices/": ["q", "theme", "sdg", "country", "network", "year", "page"],
    "/events/": ["view", "month", "past", "page", "kind", "network", "theme"],
    "/campus/": ["q", "theme", "page"],
    "/webinars/": ["page", "theme"],
    "/funding/": ["page", "theme"],
    "/microrredes/": ["page", "theme"],
    "/practices/feed.json": ["lang"],
    "/webinars/feed.rss": ["lang"],
    "/funding/feed.atom": ["lang"],
}


@pytest.fixture
def some_data(db):
    ThemeFactory(slug="movilidad")
    MemberFactory(name="Quito", slug="quito")


# Values that open a code path of their own, sent along with each hostile value of another parameter.
COMPANIONS = [{}, {"view": "month"}, {"past": "1"}]


@pytest.mark.parametrize("path", list(PUBLIC_LISTS))
def test_every_parameter_of_the_public_lists_takes_every_hostile_value(client, some_data, path):
    """The deterministic sweep: each parameter alone with each hostile value, in each view."""
    failures = []
    for name in PUBLIC_LISTS[path]:
        for value in HOSTILE_VALUES:
            for companion in COMPANIONS:
                query = {**companion, name: value}
                try:
                    status = client.get(path, query).status_code
                except Exception as error:  # noqa: BLE001 - reported with the query
                    status = repr(error)[:120]
                if not isinstance(status, int) or status >= 500:
                    failures.append((query, status))
    assert failures == []


@pytest.mark.parametrize("path", list(PUBLIC_LISTS))
def test_public_lists_answer_any_query_without_a_server_error(client, some_data, path):
    """The random search: several parameters at once, any text."""
    names = PUBLIC_LISTS[path]

    @FUZZ
    @given(query_for(names))
    def run(query):
        response = client.get(path, query)
        assert response.status_code < 500, (path, query)
        htmx = client.get(path, query, headers={"HX-Request": "true"})
        assert htmx.status_code < 500, (path, query)

    run()


FORM_FIELDS = ["title", "summary", "themes", "started_year", "results", "_page", "_revision", "code"]


def test_an_applications_autosave_edit_and_submit_take_any_answers_and_the_draft_keeps_saving(client, db):
    from tests.programs.factories import CallFactory

    quito = MemberFactory(name="Quito", slug="quito")
    ThemeFactory(slug="movilidad")
    author = technician_of(quito)
    from programs.calls.enums import CallKind
    from programs.calls.services import applications as services

    call = CallFactory(kind=CallKind.CONGRESS_EXPERIENCE)
    draft = services.application_start(call=call, user=author)
    client.force_login(author)
    urls = [reverse(f"programs:{name}", kwargs={"reference": draft.reference})
            for name in ("application_autosave", "application_edit")]

    @FUZZ
    @given(st.dictionaries(st.sampled_from(FORM_FIELDS), st.one_of(VALUE, st.lists(VALUE, max_size=3)), min_size=1))
    def run(form):
        for url in urls:
            response = client.post(url, form, headers={"HX-Request": "true"})
            assert response.status_code < 500, (url, form)
        draft.refresh_from_db()
        assert draft.state == "draft" and "\x00" not in str(draft.data)

    run()
    submit = client.post(reverse("programs:application_submit", kwargs={"reference": draft.reference}),
                         {"title": "\x00" * 3, "started_year": "9" * 40, "themes": ["\x00", "movilidad"]})
    assert submit.status_code < 500


def test_the_practice_form_takes_any_answers(client, db):
    from network.services import sdgs_ensure

    sdgs_ensure()
    member = MemberFactory(name="Rosario", slug="rosario")
    ThemeFactory(slug="economia")
    client.force_login(technician_of(member))
    url = reverse("programs:portal_practice_new", args=[member.slug])
    fields = ["title", "summary", "body", "year", "themes", "sdgs", "microrred", "webinar", "mentorship", "country"]

    @FUZZ
    @given(st.dictionaries(st.sampled_from(fields), st.one_of(VALUE, st.lists(VALUE, max_size=3)), min_size=1))
    def run(form):
        response = client.post(url, form)
        assert response.status_code < 500, form

    run()


def test_the_event_registration_and_team_invitation_forms_take_any_answers(client, db):
    from tests.events.factories import EventFactory
    from tests.factories import focal_point_of

    member = MemberFactory(name="Quito", slug="quito")
    focal = focal_point_of(member)
    congress = EventFactory(congress=True)
    client.force_login(focal)
    targets = {
        reverse("events:register", args=[congress.slug]): ["member", "person", "place", "arrival_on", "departure_on",
                                                            "dietary_needs", "accessibility_needs"],
    }

    @FUZZ
    @given(st.sampled_from(list(targets)), st.data())
    def run(url, data):
        form = data.draw(st.dictionaries(st.sampled_from(targets[url]), VALUE, min_size=1))
        response = client.post(url, form)
        assert response.status_code < 500, (url, form)

    run()
