"""Races through the real forms: the portal under gunicorn with several workers on PostgreSQL, and
30 requests fired at once at a cap. No over-allocation, no duplicate, no 500, and every refused
request lands on a page that says why.

- a call's cap per city (3 applications per city): 30 technicians of one city submit at once;
- the double submit: one application's submit form posted 30 times at once;
- a congress's covered places (2 per city): a focal point registers 30 delegates at once, and the
  same delegate 30 times at once;
- a course's seats (3): the secretariat admits 30 applicants from 30 admin pages at once.
"""

from __future__ import annotations

import http.cookiejar
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import ngettext

from campus.enums import EnrolmentState
from campus.models import Enrolment
from events.models import Registration
from programs.calls.enums import ApplicationState
from programs.calls.models import Application
from programs.calls.services import applications as services
from tests.campus.factories import EditionFactory
from tests.campus.factories import apply
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.factories import technician_of

from .conftest import answers_for

ROOT = Path(__file__).resolve().parents[2]
PARALLEL = 30
CSRF = "r" * 32  # a CSRF secret of our own, sent as the cookie and the form field

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def portal():
    """The portal served by gunicorn (4 worker processes) on the test database; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = settings.DATABASES["default"]
    env = {**os.environ, "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
                                         f"/{db['NAME']}",
           "DEBUG": "true", "ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SETTINGS_MODULE": "config.settings",
           "CELERY_TASK_ALWAYS_EAGER": "true", "CONN_MAX_AGE": "0", "CACHE_KEY_PREFIX": f"races-{os.getpid()}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "4", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/health/", timeout=2)
                break
            except urllib.error.HTTPError:
                break  # it answers (perhaps "degraded")
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _cookie(name: str, value: str) -> http.cookiejar.Cookie:
    return http.cookiejar.Cookie(0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None,
                                 True, None, None, {})


def browser_of(user):
    """A cookie jar signed in as `user` (its own session), as a person's browser would hold."""
    client = Client()
    client.force_login(user)
    jar = http.cookiejar.CookieJar()
    jar.set_cookie(_cookie(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value))
    jar.set_cookie(_cookie(settings.CSRF_COOKIE_NAME, CSRF))
    return jar


def post_all(base: str, posts: list[tuple[http.cookiejar.CookieJar, str, dict]]) -> list[tuple[int, str, str]]:
    """Fire every (browser, path, form) at once; follow the redirect as a browser does. Returns, per
    post in order, (final status, final URL path and query, page text)."""
    barrier = threading.Barrier(len(posts))
    results: list = [None] * len(posts)

    def one(index, jar, path, form):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        data = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": CSRF}, doseq=True).encode()
        barrier.wait()
        try:
            with opener.open(urllib.request.Request(base + path, data=data, headers={"Accept-Language": "es"}),
                             timeout=120) as response:
                url = urllib.parse.urlsplit(response.geturl())
                results[index] = (response.status, url.path + ("?" + url.query if url.query else ""),
                                  response.read().decode())
        except urllib.error.HTTPError as error:
            results[index] = (error.code, path, error.read().decode(errors="replace")[:3000])

    threads = [threading.Thread(target=one, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return results


def _no_server_errors(results) -> None:
    errors = [(status, path, text[:300]) for status, path, text in results if status >= 500]
    assert errors == [], errors


def test_thirty_technicians_of_one_city_submit_at_once_against_a_cap_of_three(portal, make_call, quito):
    call = make_call(max_per_member=3)
    posts = []
    for _ in range(PARALLEL):
        author = technician_of(quito)
        draft = services.application_start(call=call, user=author)
        posts.append((browser_of(author), f"/applications/{draft.reference}/submit/", answers_for(call)))

    results = post_all(portal, posts)

    _no_server_errors(results)
    assert Application.objects.filter(call=call, state=ApplicationState.SUBMITTED).count() == 3
    receipts = [r for r in results if r[1].endswith("?submitted=1")]
    refused = [r for r in results if r[1].endswith("/edit/")]
    assert (len(receipts), len(refused)) == (3, PARALLEL - 3), [r[:2] for r in results]
    with translation.override("es"):
        expected = escape(ngettext(
            "%(member)s has already sent %(count)s application to this call, the most it allows.",
            "%(member)s has already sent %(count)s applications to this call, the most it allows.", 3)
            % {"member": quito.name, "count": 3})
    assert all(expected in text for _status, _path, text in refused), refused[0][2][:2000]


def test_one_application_submitted_thirty_times_at_once_is_submitted_once_and_every_click_gets_the_receipt(
        portal, make_call, quito):
    call = make_call()
    author = technician_of(quito)
    draft = services.application_start(call=call, user=author)
    jar = browser_of(author)

    results = post_all(portal, [(jar, f"/applications/{draft.reference}/submit/", answers_for(call))] * PARALLEL)

    _no_server_errors(results)
    assert {r[:2] for r in results} == {(200, f"/applications/{draft.reference}/?submitted=1")}
    assert Application.objects.filter(call=call).count() == 1
    draft.refresh_from_db()
    assert draft.state == ApplicationState.SUBMITTED


def _registration_form(person) -> dict:
    return {"member": "quito", "person": person.pk, "place": "auto", "arrival_on": "2030-07-02",
            "departure_on": "2030-07-05", "dietary_needs": "", "accessibility_needs": ""}


def test_a_focal_point_registers_thirty_delegates_at_once_and_only_two_get_a_covered_place(portal, quito, focal):
    congress = EventFactory(congress=True)
    assert congress.covered_places_per_member == 2
    delegates = [technician_of(quito).person for _ in range(PARALLEL)]
    jar = browser_of(focal)
    path = reverse("events:register", args=[congress.slug])

    results = post_all(portal, [(jar, path, _registration_form(person)) for person in delegates])

    _no_server_errors(results)
    registrations = Registration.objects.filter(event=congress, member=quito)
    assert registrations.count() == PARALLEL
    assert registrations.filter(covered=True).count() == 2  # never more than the city's covered places
    # Each lands on the event page; the messages say who got a covered place and who did not
    # (a person's own message may be shown on another tab's page: they share the session).
    assert all(r[1].startswith(f"/events/{congress.slug}/") for r in results)


def test_the_same_delegate_registered_thirty_times_at_once_is_registered_once(portal, quito, focal):
    congress = EventFactory(congress=True)
    person = technician_of(quito).person
    jar = browser_of(focal)
    path = reverse("events:register", args=[congress.slug])

    results = post_all(portal, [(jar, path, _registration_form(person))] * PARALLEL)

    _no_server_errors(results)
    assert Registration.objects.filter(event=congress, person=person).count() == 1
    refused = [r for r in results if r[0] == 400]
    assert len(refused) == PARALLEL - 1, [r[:2] for r in results]
    assert all('class="errorlist' in text or "error" in text for _s, _p, text in refused)


def test_the_secretariat_admits_thirty_applicants_from_thirty_pages_at_once_into_three_seats(portal):
    edition = EditionFactory(seats=3)
    enrolments = [apply(edition, UserFactory()) for _ in range(PARALLEL)]
    jar = browser_of(UserFactory(staff=True))
    path = reverse("admin:campus_enrolment_changelist")

    results = post_all(portal, [(jar, path, {"action": "admit", "_selected_action": [e.pk]}) for e in enrolments])

    _no_server_errors(results)
    states = list(Enrolment.objects.filter(edition=edition).values_list("state", flat=True))
    assert states.count(EnrolmentState.ADMITTED) == 3
    assert states.count(EnrolmentState.WAITLISTED) == PARALLEL - 3
    assert all(r[:2] == (200, path) for r in results)


def test_thirty_admin_saves_each_adding_a_funded_traveller_to_a_visit_fund_five_and_refuse_the_rest_on_the_form(
        portal):
    from programs.cooperation.models import VisitTraveller
    from tests.programs.test_pairings import CAP
    from tests.programs.test_pairings import make_pairing
    from tests.programs.test_pairings import visit_change_form
    from tests.programs.test_pairings import visit_of

    pairing = make_pairing()
    visit = visit_of(pairing)
    jar = browser_of(UserFactory(staff=True))
    path = reverse("admin:programs_pairingvisit_change", args=[visit.pk])
    forms = [visit_change_form(visit, new=[{"name": f"Persona {n}", "member": pairing.city_b}])
             for n in range(PARALLEL)]

    results = post_all(portal, [(jar, path, form) for form in forms])

    _no_server_errors(results)
    assert VisitTraveller.objects.filter(visit=visit, funded=True).count() == 5
    refused = [r for r in results if r[0] == 200 and r[1] == path]
    assert len(refused) == PARALLEL - 5, [r[:2] for r in results]
    with translation.override("es"):
        expected = escape(gettext(CAP))
    assert all(expected in text for _s, _p, text in refused), refused[0][2][:2000]
