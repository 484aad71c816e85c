"""The public pages of the calls engine: list, call page, JSON feed and iCalendar feed."""

from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from programs.calls.enums import CallKind
from programs.calls.enums import Eligibility
from tests.factories import ThemeFactory
from tests.factories import UserFactory
from tests.programs.factories import ApplicationFactory
from tests.programs.factories import CallFactory
from tests.programs.factories import days_from_now

pytestmark = pytest.mark.django_db

MEXICO = ZoneInfo("America/Mexico_City")
# Far ahead so the call stays open; Mexico City keeps UTC-6 all year since 2022.
MEXICO_DEADLINE = datetime(2099, 3, 15, 23, 59, tzinfo=MEXICO)


@pytest.fixture
def client(client):
    """Pages in English: the assertions read the source strings, whatever the Spanish catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def titles_in(response) -> list[str]:
    return [call.title for call in response.context["page"].object_list]


@pytest.fixture
def calls_in_every_state():
    return {
        "soon": CallFactory(title="Abierta, cierra pronto", closes_at=days_from_now(5.5)),
        "later": CallFactory(title="Abierta, cierra tarde", closes_at=days_from_now(20.5)),
        "all_year": CallFactory(title="Abierta todo el año", all_year=True),
        "scheduled": CallFactory(title="Próxima", scheduled=True),
        "closed": CallFactory(title="Cerrada", closed=True),
        "resolved": CallFactory(title="Resuelta", resolved=True),
        "unpublished": CallFactory(title="Borrador", unpublished=True),
        "unpublished_scheduled": CallFactory(title="Borrador futuro", unpublished=True, scheduled=True),
    }


# --- The list ----------------------------------------------------------------------------------------
def test_call_list_shows_open_then_upcoming_published_calls(client, calls_in_every_state):
    response = client.get(reverse("programs:call_list"))
    assert response.status_code == 200
    assert titles_in(response) == [
        "Abierta, cierra pronto", "Abierta, cierra tarde", "Abierta todo el año", "Próxima",
    ]
    assert "Borrador" not in response.text
    assert f'href="{reverse("programs:call_list")}?status=closed"' in response.text


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", ["Abierta, cierra pronto", "Abierta, cierra tarde", "Abierta todo el año"]),
        ("closing_soon", ["Abierta, cierra pronto"]),
        ("upcoming", ["Próxima"]),
        ("closed", ["Cerrada", "Resuelta"]),
    ],
)
def test_call_list_status_filter_returns_exactly_those_calls(client, calls_in_every_state, status, expected):
    response = client.get(reverse("programs:call_list"), {"status": status})
    assert titles_in(response) == expected


def test_call_list_filters_by_kind_theme_and_eligibility(client):
    mobility = ThemeFactory(name="Movilidad", slug="movilidad")
    water = ThemeFactory(name="Agua", slug="agua")
    CallFactory(title="Mentoría", kind=CallKind.MENTORSHIP, themes=[mobility], eligibility=Eligibility.ANYONE)
    CallFactory(title="Beca", kind=CallKind.SCHOLARSHIP, themes=[water],
                eligibility=Eligibility.ACTIVE_MEMBERS)
    CallFactory(title="Premio", kind=CallKind.PRIZE, themes=[mobility, water])
    url = reverse("programs:call_list")
    assert titles_in(client.get(url, {"kind": CallKind.MENTORSHIP})) == ["Mentoría"]
    assert sorted(titles_in(client.get(url, {"theme": "movilidad"}))) == ["Mentoría", "Premio"]
    assert titles_in(client.get(url, {"eligibility": Eligibility.ACTIVE_MEMBERS})) == ["Beca"]
    assert titles_in(client.get(url, {"theme": "agua", "kind": CallKind.PRIZE})) == ["Premio"]


def test_call_list_htmx_request_returns_only_the_results(client):
    CallFactory(title="Microrred de movilidad")
    response = client.get(reverse("programs:call_list"), {"status": "open"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Microrred de movilidad" in response.text
    assert "<html" not in response.text
    assert "<form" not in response.text


def test_call_list_paginates_by_twenty(client):
    for day in range(25):
        CallFactory(closes_at=days_from_now(day + 1.5))
    first = client.get(reverse("programs:call_list"))
    second = client.get(reverse("programs:call_list"), {"page": 2})
    assert (len(titles_in(first)), len(titles_in(second))) == (20, 5)
    assert 'rel="next"' in first.text


@pytest.mark.parametrize(
    ("days", "text"), [(10.5, "Closes in 10 days"), (1.5, "Closes in 1 day"), (0.5, "Closes today")]
)
def test_call_card_counts_the_days_left(client, days, text):
    CallFactory(closes_at=days_from_now(days))
    response = client.get(reverse("programs:call_list"))
    assert text in response.text


def test_call_card_shows_the_deadline_in_the_calls_time_zone(client):
    CallFactory(title="Ciudad de México", time_zone="America/Mexico_City", closes_at=MEXICO_DEADLINE)
    response = client.get(reverse("programs:call_list"))
    assert "15 Mar 2099, 23:59" in response.text
    assert "(America/Mexico_City)" in response.text
    assert '<time datetime="2099-03-16T05:59:00+00:00">' in response.text
    assert 'data-local-time="2099-03-16T05:59:00+00:00"' in response.text
    assert "06:59" not in response.text  # not converted to the site's zone (Europe/Madrid)


def test_call_card_says_open_all_year_without_deadline(client):
    CallFactory(all_year=True)
    response = client.get(reverse("programs:call_list"))
    assert "Open all year" in response.text
    assert "Closes in" not in response.text


# --- The call page -----------------------------------------------------------------------------------
def call_url(call) -> str:
    return reverse("programs:call", kwargs={"slug": call.slug})


def test_call_page_of_unpublished_call_is_404(client):
    call = CallFactory(unpublished=True)
    assert client.get(call_url(call)).status_code == 404


def test_call_page_of_unknown_call_is_404(client):
    assert client.get(reverse("programs:call", kwargs={"slug": "nowhere"})).status_code == 404


def test_call_page_explains_who_may_apply(client):
    call = CallFactory(eligibility=Eligibility.MEMBERS, population_min=100_000, max_per_member=3)
    response = client.get(call_url(call))
    assert response.status_code == 200
    assert response.context["eligibility"] == [
        "Member cities and entities of the network can apply (not suspended ones).",
        "Cities must have more than 100,000 inhabitants, or apply as a group of cities represented by one "
        "of them.",
        "Each city or entity can send at most 3 applications.",
    ]
    for sentence in response.context["eligibility"]:
        assert f"<li>{sentence}</li>" in response.text


@pytest.mark.parametrize(
    ("trait", "has_apply_link", "notice"),
    [
        ("open", True, None),
        ("scheduled", False, "Opens on"),
        ("closed", False, "This call is closed"),
        ("resolved", False, "This call is closed"),
    ],
)
def test_call_page_links_to_apply_only_when_open(client, trait, has_apply_link, notice):
    call = CallFactory(**{trait: True})
    response = client.get(call_url(call))
    apply_url = reverse("programs:apply", kwargs={"slug": call.slug})
    assert (f'href="{apply_url}"' in response.text) is has_apply_link
    if notice:
        assert notice in response.text


def test_call_page_shows_state_badge(client):
    call = CallFactory(scheduled=True)
    response = client.get(call_url(call))
    assert '<span class="badge badge-call-scheduled">Scheduled</span>' in response.text


def test_call_page_sends_signed_in_user_with_a_draft_to_it(client):
    call = CallFactory()
    user = UserFactory()
    draft = ApplicationFactory(call=call, applicant=user, draft=True)
    others = ApplicationFactory(call=call, draft=True)
    client.force_login(user)
    response = client.get(call_url(call))
    edit_url = reverse("programs:application_edit", kwargs={"reference": draft.reference})
    assert f'href="{edit_url}"' in response.text
    assert "Continue your draft" in response.text
    assert f'href="{reverse("programs:apply", kwargs={"slug": call.slug})}"' not in response.text
    assert others.reference not in response.text


def test_call_page_links_to_submitted_application(client):
    call = CallFactory(closed=True)
    application = ApplicationFactory(call=call, submitted=True)
    client.force_login(application.applicant)
    response = client.get(call_url(call))
    see_url = reverse("programs:application", kwargs={"reference": application.reference})
    assert f'href="{see_url}"' in response.text
    assert "See your application" in response.text
    assert "Continue your draft" not in response.text


def test_call_page_links_to_its_deadline_in_the_calendar_feed(client):
    call = CallFactory(slug="microrred-agua")
    response = client.get(call_url(call))
    assert f'href="{reverse("programs:calls_ics")}?call=microrred-agua"' in response.text


def test_call_page_has_no_calendar_link_without_deadline(client):
    call = CallFactory(all_year=True)
    response = client.get(call_url(call))
    assert reverse("programs:calls_ics") not in response.text


# --- The JSON feed -----------------------------------------------------------------------------------
def test_calls_json_lists_open_calls_with_exact_fields(client, calls_in_every_state):
    mobility = ThemeFactory(name="Movilidad", slug="movilidad")
    CallFactory(
        title="Ciudad de México", slug="cdmx", kind=CallKind.MENTORSHIP, summary="Mentorías entre ciudades",
        time_zone="America/Mexico_City", opens_at=datetime(2026, 1, 10, 9, 0, tzinfo=MEXICO),
        closes_at=MEXICO_DEADLINE, eligibility=Eligibility.ANYONE, themes=[mobility],
    )
    response = client.get(reverse("programs:calls_json"))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=300"}
    payload = response.json()
    assert set(payload) == {"calls", "generated_at"}
    assert datetime.fromisoformat(payload["generated_at"]).tzinfo is not None
    assert [c["title"] for c in payload["calls"]] == [
        "Abierta, cierra pronto", "Abierta, cierra tarde", "Ciudad de México", "Abierta todo el año",
    ]
    assert payload["calls"][2] == {
        "title": "Ciudad de México",
        "kind": "mentorship",
        "kind_label": "Mentorship",
        "url": f"{settings.SITE_URL}/calls/cdmx/",
        "summary": "Mentorías entre ciudades",
        "opens_at": "2026-01-10T09:00:00-06:00",
        "closes_at": "2099-03-15T23:59:00-06:00",
        "time_zone": "America/Mexico_City",
        "eligibility": "anyone",
        "eligibility_label": "Anyone",
        "themes": ["movilidad"],
    }
    assert payload["calls"][3]["closes_at"] is None


# --- The iCalendar feed ------------------------------------------------------------------------------
def test_calls_ics_has_one_event_per_coming_deadline(client, calls_in_every_state):
    mexico = CallFactory(title="Ciudad de México", time_zone="America/Mexico_City", closes_at=MEXICO_DEADLINE)
    response = client.get(reverse("programs:calls_ics"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="deadlines.ics"'
    calendar = Calendar.from_ical(response.content)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    expected = [calls_in_every_state[key] for key in ("soon", "later", "scheduled")] + [mexico]
    host = settings.SITE_URL.split("//")[-1]
    assert sorted(events) == sorted(f"call-{call.pk}-deadline@{host}" for call in expected)
    for call in expected:
        event = events[f"call-{call.pk}-deadline@{host}"]
        assert event.decoded("DTEND") == call.closes_at
        assert event.decoded("DTEND").tzinfo is not None
        assert event["DTEND"].params["TZID"] == call.time_zone
        assert event.decoded("DTSTART") == call.closes_at - timedelta(hours=1)
        assert str(event["URL"]) == f"{settings.SITE_URL}/calls/{call.slug}/"
        assert event.walk("VALARM")[0].decoded("TRIGGER") == timedelta(days=-1)
    assert events[f"call-{mexico.pk}-deadline@{host}"].decoded("DTEND").astimezone(MEXICO) == MEXICO_DEADLINE


def test_calls_ics_narrows_to_one_call(client):
    wanted = CallFactory(slug="microrred-agua")
    CallFactory(slug="otra")
    response = client.get(reverse("programs:calls_ics"), {"call": "microrred-agua"})
    urls = [str(event["URL"]) for event in Calendar.from_ical(response.content).walk("VEVENT")]
    assert urls == [f"{settings.SITE_URL}/calls/{wanted.slug}/"]


# --- Query counts ------------------------------------------------------------------------------------
LIST_BOUND = 4
JSON_BOUND = 2


def make_calls(count: int) -> None:
    themes = ThemeFactory.create_batch(3)
    for index in range(count):
        CallFactory(themes=themes, closes_at=days_from_now(index + 1.5))


@pytest.mark.parametrize("rows", [2, 20])
def test_call_list_queries_do_not_grow_with_calls(client, django_assert_max_num_queries, rows):
    make_calls(rows)
    with django_assert_max_num_queries(LIST_BOUND):
        response = client.get(reverse("programs:call_list"))
    assert len(response.context["page"].object_list) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_filtered_call_list_queries_do_not_grow_with_calls(client, django_assert_max_num_queries, rows):
    make_calls(rows)
    theme = ThemeFactory(slug="comun")
    for call in CallFactory._meta.model.objects.all():
        call.themes.add(theme)
    with django_assert_max_num_queries(LIST_BOUND + 1):  # one more: the chosen theme is looked up
        response = client.get(reverse("programs:call_list"), {"status": "open", "theme": "comun"})
    assert len(response.context["page"].object_list) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_calls_json_queries_do_not_grow_with_calls(client, django_assert_max_num_queries, rows):
    make_calls(rows)
    with django_assert_max_num_queries(JSON_BOUND):
        response = client.get(reverse("programs:calls_json"))
    assert len(response.json()["calls"]) == rows


def test_upcoming_deadlines_list_only_open_calls_by_deadline_and_closing_soon_only_this_window():
    from programs.calls.selectors import calls_closing_soon
    from programs.calls.selectors import upcoming_deadlines

    later = CallFactory(title="Later", closes_at=days_from_now(20))
    sooner = CallFactory(title="Sooner", closes_at=days_from_now(2))
    CallFactory(title="Passed", closed=True)
    CallFactory(title="Resolved", resolved=True)
    CallFactory(title="Not open yet", scheduled=True)
    CallFactory(title="All year", all_year=True)
    CallFactory(title="Unpublished", published=False, closes_at=days_from_now(1))
    assert [item.title for item in upcoming_deadlines(limit=6)] == ["Sooner", "Later"]
    assert [item.title for item in upcoming_deadlines(limit=1)] == ["Sooner"]
    assert list(calls_closing_soon()) == [sooner] and later not in calls_closing_soon()
