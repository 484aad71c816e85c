"""The benchmark: the data generator at a tiny scale, every bench page at two data sizes with a flat
query bound, the reference view, and the runner's measuring parts (no server, no PostgreSQL)."""

from __future__ import annotations

import os
import threading
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from io import StringIO

import pytest
from django.db.models import Count
from django.db.models import OuterRef
from django.db.models import Subquery
from django.test import RequestFactory

from bench import dataset
from bench import network as bench_network
from bench import run
from bench.generate import generate
from bench.network import BENCH_MEMBER_EMAIL
from bench.network import BENCH_STAFF_EMAIL
from bench.network import bench_member
from bench.programs import LARGE_CALL_SLUG
from bench.registry import EXPECTED_PAGES
from bench.registry import EXPECTED_TIMINGS
from bench.registry import SIGNED_IN
from bench.registry import generate_all
from bench.registry import page_table
from bench.registry import registered_pages
from network.enums import RoleKind
from network.models import Member
from network.models import Person
from network.models import StateChange
from network.models import TerritorialNetwork
from network.models import User
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.models import Application
from programs.calls.models import Call
from programs.cooperation.models import Microrred
from programs.knowledge.models import GoodPractice

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiny():
    return generate(scale=0.01, stdout=StringIO())


def test_generator_makes_a_consistent_data_set(tiny):
    assert tiny["members"] == Member.objects.filter(slug__startswith="bench-").count() == 20
    assert TerritorialNetwork.objects.count() == 6
    assert set(Member.objects.values_list("territorial_network__slug", flat=True)) == set(
        TerritorialNetwork.objects.values_list("slug", flat=True))
    assert Person.objects.count() == tiny["people"] >= 400
    assert set(Call.objects.values_list("kind", flat=True)) == set(CallKind.values)
    assert set(Application.objects.values_list("state", flat=True)) == set(ApplicationState.values)
    assert Microrred.objects.exists() and GoodPractice.objects.filter(transfers__isnull=False).exists()
    # Every application's last recorded move leads to its state; sent ones have a submission date.
    last_target = StateChange.objects.filter(workflow="application", object_id=OuterRef("pk")).order_by("-at", "-pk").values("target")[:1]
    moved = Application.objects.exclude(state=ApplicationState.DRAFT).annotate(last=Subquery(last_target))
    assert moved.exists() and all(a.last == a.state for a in moved)
    assert not moved.filter(submitted_at__isnull=True).exists()
    assert not Application.objects.filter(state__in=["accepted", "rejected", "waitlisted"],
                                          decided_at__isnull=True).exists()
    # At most one draft per applicant and call; nobody applies twice to the same call.
    assert not Application.objects.values("call", "applicant").annotate(n=Count("pk")).filter(n__gt=1).exists()
    # The logins the runner signs in with, and the large call of the staff list.
    assert User.objects.get(email=BENCH_STAFF_EMAIL).is_superuser
    assert bench_member().roles.filter(kind=RoleKind.FOCAL_POINT, person__user__email=BENCH_MEMBER_EMAIL).exists()
    assert Application.objects.filter(applicant__email=BENCH_MEMBER_EMAIL).count() >= 3
    assert Call.objects.get(slug=LARGE_CALL_SLUG).applications.filter(state="submitted").count() >= 10
    assert dataset.present() == 0.01


def test_generator_refuses_a_second_data_set_and_skips_when_present(tiny):
    generate(scale=0.01, if_missing=True, stdout=StringIO())  # nothing to do
    assert Member.objects.filter(slug__startswith="bench-").count() == 20
    with pytest.raises(dataset.NotABenchDatabase):
        generate(scale=0.02, stdout=StringIO())


def test_the_bench_refuses_a_database_with_data_it_did_not_make():
    from network.models import SentNotice
    from tests.factories import MemberFactory

    MemberFactory(name="Quito")
    SentNotice.objects.create(key="reminder:1")
    with pytest.raises(dataset.NotABenchDatabase, match="network.Member"):
        generate(scale=0.01, stdout=StringIO())
    assert not Member.objects.filter(slug__startswith="bench-").exists()
    with pytest.raises(dataset.NotABenchDatabase):  # nor does it forget what the sweeps sent
        {t.name: t for t in bench_network.TIMINGS}["sweep, first run"].run()
    assert SentNotice.objects.filter(key="reminder:1").exists()


@pytest.mark.parametrize("scale", [0.003, 0.01])
def test_every_bench_page_answers_with_a_flat_query_count(client, scale, django_assert_max_num_queries):
    """The pages `make bench` measures, at two data sizes, under the bound each page declares."""
    generate_all(scale=scale)
    logins = {"member": User.objects.get(email=BENCH_MEMBER_EMAIL), "staff": User.objects.get(email=BENCH_STAFF_EMAIL)}
    pages = registered_pages()
    assert pages
    for page in pages:
        client.logout()
        if page.login:
            client.force_login(logins[page.login])
        path = page.url_path()
        assert page.max_queries, f"{page.name}: a bench page declares its query bound"
        with django_assert_max_num_queries(page.max_queries):
            response = client.get(path, **({"HTTP_HX_REQUEST": "true"} if page.htmx else {}))
        assert response.status_code == 200, (page.name, path)


def test_page_table_lists_every_expected_page_and_marks_the_missing_ones_pending():
    rows = page_table()
    names = [name for name, _group, _page in rows]
    assert names[: len(EXPECTED_PAGES)] == [name for name, _group in EXPECTED_PAGES]
    pending = {name for name, _group, page in rows if page is None}
    assert not pending  # every page the issue names is measured
    assert "home" not in pending and "admin member changelist" not in pending
    assert all(page.group == SIGNED_IN for _n, _g, page in rows if page and page.login)
    assert {name for name, _status in EXPECTED_TIMINGS} >= {"sweep, first run", "bulk decision of 5,000 applications"}


def test_reference_view_renders_the_layout_without_queries(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from bench.views import reference

    request = RequestFactory().get("/bench/reference/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        response = reference(request)
    assert response.status_code == 200
    assert b"site-header" in response.content


def test_python_load_generator_and_proc_readings():
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802
            body = b"ok"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = run.load_python(f"http://127.0.0.1:{server.server_port}", ["/x?y=1", "/z"], seconds=0.3,
                                 connections=2, headers={})
    finally:
        server.shutdown()
    assert result.requests > 0 and result.errors == 0 and result.non2xx == 0
    assert 0 < result.p50_ms <= result.p95_ms
    assert run.cpu_ticks([os.getpid()]) > 0
    assert run.peak_rss_mb(os.getpid()) > 10
    assert thread.ident not in run.children_of(os.getpid())  # threads are not processes


def test_table_renders_pass_fail_and_pending_rows():
    measure = {"rps": 50.0, "p50_ms": 10.0, "p95_ms": 20.0, "cpu_ms": 8.0, "requests": 500, "errors": 0, "non2xx": 0,
               "server_p50_ms": 8.0, "server_p95_ms": 61.0}
    reference = dict(measure, rps=100.0, cpu_ms=4.0)
    result = {
        "scale": 0.1, "cores": 2, "cpu": "test", "git": "abc", "seconds": 1, "connections": 8, "load": "python",
        "pages": [
            {"name": "home", "status": "measured", "made_afresh": measure, "reference": reference,
             "made_afresh_ratio": 0.5, "cpu_ratio": 0.5, "target": 0.5, "passed": True, "note": "", "queries": 7,
             "cached": dict(measure, rps=150.0), "cached_ratio": 1.5},
            {"name": "calendar", "status": "pending", "note": ""},
            {"name": "good-practice search", "status": "measured", "made_afresh": measure, "reference": reference,
             "made_afresh_ratio": 0.5, "cpu_ratio": 0.5, "target": 0.5, "passed": False, "note": "", "queries": 8,
             "server_p95_target_ms": 50},
            {"name": "my applications", "status": "measured", "made_afresh": measure, "reference": reference,
             "made_afresh_ratio": 0.5, "cpu_ratio": 0.5, "target": 0.25, "passed": True, "note": "", "queries": 5},
        ],
        "timings": [{"name": "sweep, first run", "status": "measured", "seconds": 1.5, "target": "< 30 s",
                     "passed": True, "detail": "3 notices sent"},
                    {"name": "annual report PDF (largest year)", "status": "pending (#7)", "target": "",
                     "detail": ""}],
        "memory": {"gunicorn_worker_peak_mb": 120.0, "celery_worker_peak_mb": 320.0},
    }
    table = run.render_table(result)
    assert "home" in table and "pass" in table and "pending (#7)" in table
    assert "Celery worker peak RSS" in table and "FAIL" in table
    row = next(line for line in table.splitlines() if line.startswith("my applications"))
    assert row.split()[2:5] == ["50.0", "0.50", "0.25"]  # req/s, ratio, target
    search = next(line for line in table.splitlines() if line.startswith("good-practice search"))
    assert "61.0" in search and "FAIL (p95 ≤ 50 ms)" in search
    lines = table.splitlines()
    home = next(n for n, line in enumerate(lines) if line.startswith("home "))
    cached = lines[home + 1]  # the anonymous page cache's figures, on the line under the page made afresh
    assert "from the anonymous page cache" in cached and cached.split()[-4:] == ["150.0", "1.50", "8.0", "20.0"]
    assert sum("from the anonymous page cache" in line for line in lines) == 1  # public pages only


def test_a_page_fails_on_its_ratio_its_server_time_or_its_query_count():
    fast = run.Measure(rps=100, p50_ms=1, p95_ms=2, cpu_ms=1, requests=10, errors=0, non2xx=0, server_p95_ms=30)
    row = run.PageRow(name="x", group="public", target=0.5, made_afresh=fast, made_afresh_ratio=0.6, queries=12,
                      server_p95_target_ms=50)
    row.judge()
    assert row.passed
    for change in ({"made_afresh_ratio": 0.4}, {"queries": run.MAX_QUERIES + 1},
                   {"made_afresh": run.Measure(**{**fast.__dict__, "server_p95_ms": 51})},
                   {"made_afresh": run.Measure(**{**fast.__dict__, "non2xx": 1})}):
        failing = run.PageRow(**{**row.__dict__, **change})
        failing.judge()
        assert not failing.passed, change


def test_wrk_requests_every_path_in_turn():
    script = run.wrk_script(["/practices/?q=movilidad", "/practices/?q=agua+potable"])
    assert 'paths = {"/practices/?q=movilidad", "/practices/?q=agua+potable"}' in script
    assert "paths[(counter % #paths) + 1]" in script


def test_the_search_page_rotates_fifty_different_queries():
    from bench.programs import SEARCH_QUERIES

    page = next(p for p in registered_pages() if p.name == "good-practice search")
    paths = page.url_paths()
    assert len(SEARCH_QUERIES) == len(set(SEARCH_QUERIES)) == 50
    assert len(paths) == len(set(paths)) == 50 and page.server_p95_ms == 50


def test_every_sent_application_has_its_receipt_and_the_catch_up_finds_none_missing(tiny):
    """As on a portal whose broker never failed: each sent application's receipt went out when it was
    sent, so the sweep's receipts catch-up (applications of the last week without one) sends nothing."""
    from network.models import SentNotice
    from programs.calls.services.notifications import receipt_key
    from programs.calls.services.notifications import receipts_catch_up

    sent = Application.objects.filter(submitted_at__isnull=False)
    assert sent.exists()
    assert set(SentNotice.objects.filter(key__startswith="receipt:").values_list("key", flat=True)) == {
        receipt_key(application) for application in sent}
    assert receipts_catch_up() == 0


def test_programme_rows_are_consistent_with_their_states_and_dates(tiny):
    from django.utils import timezone

    from programs.cooperation.enums import MentorshipState
    from programs.cooperation.models import Mentorship
    from programs.cooperation.models import MicrorredSession
    from programs.cooperation.models import PairingVisit
    from programs.knowledge.enums import PracticeState
    from programs.knowledge.models import PracticeTransfer
    from programs.knowledge.models import Webinar

    now = timezone.now()
    assert set(Mentorship.objects.values_list("state", flat=True)) <= set(MentorshipState.values)
    assert not Mentorship.objects.filter(state="completed", ended_at__isnull=True).exists()
    assert not Mentorship.objects.filter(state="requested", mentor__isnull=False).exists()
    assert set(GoodPractice.objects.values_list("state", flat=True)) <= set(PracticeState.values)
    published = GoodPractice.objects.filter(state="published")
    assert published.exists() and not published.filter(published_at__isnull=True).exists()
    assert not published.filter(search_text="").exists()
    assert not PracticeTransfer.objects.exclude(practice__state="published").exists()
    # Six monthly sessions per microrred; past ones have minutes and attendance.
    assert MicrorredSession.objects.count() == 6 * Microrred.objects.count()
    assert not MicrorredSession.objects.filter(starts_at__lt=now, minutes="").exists()
    assert not Webinar.objects.filter(state="held", starts_at__gt=now).exists()
    assert not Webinar.objects.filter(state="held", attendance_count__isnull=True).exists()
    assert PairingVisit.objects.exists() and not PairingVisit.objects.filter(number__gt=3).exists()


def test_ten_years_of_plans_and_the_report_timing_leave_nothing_behind(tiny):
    timings = {timing.name: timing.run for timing in bench_network.TIMINGS}
    _report_pdf, _report_ratio = timings["annual report PDF (largest year)"], timings["report PDF / WeasyPrint alone"]
    from network.plan.models import ActionPlan
    from network.plan.models import Activity
    from network.plan.models import ReportRun

    assert ActionPlan.objects.count() == 10
    assert set(Activity.objects.values_list("stage", flat=True)) >= {"evaluation", "execution"}
    first = _report_pdf()
    ratio = _report_ratio()
    assert first["seconds"] > 0 and first["bytes"] > 10_000 and isinstance(ratio["ok"], bool)
    assert first["year"] in set(ActionPlan.objects.values_list("year", flat=True))
    assert not ReportRun.objects.exists()  # the bench run and its file are removed


def test_campus_rows_are_consistent(tiny):
    """The campus's share: every edition with its enrolment call, enrolments in states their
    edition's dates allow, each with its application and audit rows as the services write them."""
    from datetime import datetime
    from datetime import time
    from datetime import timedelta

    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q
    from django.utils import timezone

    from campus.enums import SEAT_STATES
    from campus.enums import EnrolmentState
    from campus.enums import ProjectGrade
    from campus.enums import ScholarshipState
    from campus.models import AdhocTraining
    from campus.models import Capsule
    from campus.models import CapsuleCompletion
    from campus.models import Certificate
    from campus.models import Course
    from campus.models import Edition
    from campus.models import Enrolment
    from campus.models import FinalProject
    from campus.selectors import catalogue_courses
    from campus.selectors import upcoming_editions
    from campus.services.adhoc import adhoc_intake_sweep
    from campus.services.certificates import certificates_render_sweep
    from campus.services.certificates import code_is_well_formed
    from network.models import StateChange

    E, now, today = EnrolmentState, timezone.now(), timezone.localdate()
    assert tiny["courses"] == Course.objects.count() >= 8
    assert tiny["editions"] == Edition.objects.count() == tiny["enrolment_calls"] >= 15
    assert tiny["enrolments"] == Enrolment.objects.count() == tiny["enrolment_applications"] >= 500
    assert tiny["certificates"] == Certificate.objects.count() > 0
    assert tiny["final_projects"] == FinalProject.objects.count() > 0
    assert tiny["capsules"] == Capsule.objects.count() and tiny["capsule_completions"] == CapsuleCompletion.objects.count()
    assert set(Enrolment.objects.values_list("state", flat=True)) == set(EnrolmentState.values)
    assert {ScholarshipState.GRANTED, ScholarshipState.REQUESTED} <= set(
        Enrolment.objects.values_list("scholarship", flat=True))
    assert catalogue_courses().count() > 1 and upcoming_editions()  # the catalogue and upcoming lists have rows
    assert "course catalogue" in {page.name for page in registered_pages()}
    # Ten years back and a few months ahead; editions past, running, and to come.
    editions = list(Edition.objects.select_related("enrolment_call", "course").annotate(
        n=Count("enrolments"), held=Count("enrolments", filter=Q(enrolments__state__in=SEAT_STATES)),
        waiting=Count("enrolments", filter=Q(enrolments__state=E.WAITLISTED))))
    assert min(e.starts_on for e in editions).year <= today.year - 8
    assert any(e.ends_on < today for e in editions) and any(e.starts_on <= today <= e.ends_on for e in editions)
    assert any(e.starts_on > today and e.enrolment_call.accepts_submissions_at(now) for e in editions)
    for edition in editions:
        call = edition.enrolment_call
        assert call.kind == "course_enrolment" and call.closes_at < timezone.make_aware(
            datetime.combine(edition.starts_on, time(9)))
        assert edition.ends_on >= edition.starts_on and edition.year == edition.starts_on.year
        assert edition.held <= edition.seats
        assert not edition.waiting or (edition.held == edition.seats and edition.starts_on > today)
        if call.opens_at > now:
            assert edition.n == 0  # nobody applies before the call opens
    assert any(e.waiting for e in editions)
    assert not Edition.objects.values("course", "number").annotate(n=Count("pk")).filter(n__gt=1).exists()
    # States against the dates.
    enrolments = Enrolment.objects.select_related("edition__enrolment_call", "edition__course", "application",
                                                  "certificate", "project")
    for e in enrolments:
        edition, call, application = e.edition, e.edition.enrolment_call, e.application
        assert call.opens_at <= e.applied_at <= min(call.closes_at, now)
        assert application.call_id == call.pk and application.applicant_id == e.user_id
        assert application.submitted_at == e.applied_at and application.member_id == e.member_id
        assert application.state == {E.APPLIED: "submitted", E.WAITLISTED: "waitlisted", E.REJECTED: "rejected",
                                     E.DROPPED: "withdrawn"}.get(e.state, "accepted")
        if e.state in SEAT_STATES:
            assert e.applied_at <= e.admitted_at <= now
        if e.state == E.APPLIED or e.state == E.WAITLISTED:
            assert edition.starts_on > today
        if e.state == E.COMPLETED:
            assert edition.ends_on < today and e.completed_at.date() >= edition.ends_on and e.completed_at <= now
            assert e.certificate.issued_on == timezone.localdate(e.completed_at) and code_is_well_formed(
                e.certificate.code)
            if edition.course.requires_final_project:
                assert e.project.grade == ProjectGrade.PASS and e.project.graded_at <= e.completed_at
        else:
            assert not hasattr(e, "certificate") and e.completed_at is None
        if e.state == E.ENROLLED:  # completed or dropped within weeks of the end
            assert edition.ends_on >= today - timedelta(days=50)
        if e.scholarship == ScholarshipState.GRANTED:
            assert e.scholarship_amount == edition.fee > 0 and e.admitted_at is not None
    # The last audit row of each enrolment leads to its state; unique keys hold.
    content_type = ContentType.objects.get_for_model(Enrolment)
    last = {}
    for object_id, target in StateChange.objects.filter(content_type=content_type, target__in=EnrolmentState.values
                                                        ).order_by("at", "pk").values_list("object_id", "target"):
        last[object_id] = target
    assert all(last.get(pk, E.APPLIED) == state for pk, state in Enrolment.objects.values_list("pk", "state"))
    assert not Enrolment.objects.values("edition", "user").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert Certificate.objects.values("code").distinct().count() == Certificate.objects.count()
    # The bench login took part; the campus sweeps find nothing left to do.
    mine = Enrolment.objects.filter(user__email=BENCH_MEMBER_EMAIL)
    assert mine.filter(state=E.COMPLETED, certificate__isnull=False).exists() and mine.count() >= 3
    assert Enrolment.objects.filter(member=bench_member()).exclude(user__email=BENCH_MEMBER_EMAIL).exists()
    assert AdhocTraining.objects.exists()
    assert adhoc_intake_sweep(now=now) == 0 and certificates_render_sweep(now=now) == 0


def test_events_rows_are_consistent(tiny):
    """events/bench.py: every kind and state, states that agree with the dates, the keys the services keep."""
    from datetime import timedelta

    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Exists
    from django.db.models import F
    from django.db.models import Q
    from django.utils import timezone

    from events.enums import ACTIVE_REGISTRATION_STATES
    from events.enums import REGISTRATION_KINDS
    from events.enums import AgreementStatus
    from events.enums import Body
    from events.enums import EventKind
    from events.enums import RegistrationState
    from events.models import AgendaItem
    from events.models import Agreement
    from events.models import BoardSession
    from events.models import Event
    from events.models import Questionnaire
    from events.models import Registration
    from events.models import SurveyAnswer
    from events.models import SurveyInvitation
    from events.models import SurveyResponse
    from network.enums import MemberStatus
    from network.models import Role
    from network.models import StateChange

    now = timezone.now()
    events = Event.objects.filter(slug__startswith="bench-")
    assert tiny["events"] == events.count() >= 30
    assert set(events.values_list("kind", flat=True)) == set(EventKind.values)
    assert tiny["event_registrations"] == Registration.objects.count() >= 500
    assert set(Registration.objects.values_list("state", flat=True)) == set(RegistrationState.values)
    assert set(Agreement.objects.values_list("status", flat=True)) == set(AgreementStatus.values)
    assert set(BoardSession.objects.values_list("body", flat=True)) == set(Body.values)
    assert SurveyAnswer.objects.exists() and tiny["survey_responses"] == SurveyResponse.objects.count() > 0

    # One congress a year over ten years, and the next one open for registration; upcoming public events.
    congresses = events.filter(kind=EventKind.CONGRESS)
    years = [e.starts_at.year for e in congresses]
    assert len(years) == len(set(years)) >= 10
    assert congresses.filter(starts_at__gt=now, registration_open=True, published=True).exists()
    assert events.filter(published=True, starts_at__gt=now).exclude(kind=EventKind.CONGRESS).count() >= 3
    assert not events.filter(starts_at__lt=now - timedelta(days=3660)).exists()

    # Registrations agree with their event's dates, places and the workflow's audit rows.
    regs = Registration.objects.all()
    assert not regs.exclude(event__kind__in=REGISTRATION_KINDS).exists()
    assert not regs.filter(event__published=False).exists()
    assert not regs.filter(created_at__gt=F("event__starts_at")).exists()
    assert not regs.filter(state=RegistrationState.ATTENDED, event__starts_at__gt=now).exists()
    assert not regs.filter(state=RegistrationState.ATTENDED, checked_in_at__isnull=True).exists()
    assert not regs.exclude(state=RegistrationState.ATTENDED).filter(checked_in_at__isnull=False).exists()
    assert not regs.exclude(Exists(Role.objects.filter(person=OuterRef("person"), member=OuterRef("member")))).exists()
    active = regs.filter(state__in=ACTIVE_REGISTRATION_STATES)
    assert not active.values("event", "person").annotate(n=Count("pk")).filter(n__gt=1).exists()
    covered = regs.filter(covered_slot__isnull=False)
    assert covered.exists() and not covered.exclude(state__in=ACTIVE_REGISTRATION_STATES).exists()
    assert not covered.exclude(covered=True).exists()
    assert not covered.exclude(member__status=MemberStatus.ACTIVE).exists()
    assert not covered.filter(covered_slot__gt=F("event__covered_places_per_member")).exists()
    assert not covered.values("event", "member", "covered_slot").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert regs.filter(covered=True, state=RegistrationState.CANCELLED).exists()  # a freed place
    assert all(r.hotel_nights == Registration.nights_between(r.arrival_on, r.departure_on) for r in covered)
    assert not regs.filter(covered=False, hotel_nights__gt=0).exists()
    full = Event.objects.filter(capacity__isnull=False).annotate(
        n=Count("registrations", filter=Q(registrations__state__in=ACTIVE_REGISTRATION_STATES)))
    assert not full.filter(n__gt=F("capacity")).exists()
    changes = StateChange.objects.filter(content_type=ContentType.objects.get_for_model(Registration),
                                         object_id=OuterRef("pk")).order_by("-at", "-pk").values("target")[:1]
    moved = regs.exclude(state=RegistrationState.PENDING).annotate(last=Subquery(changes))
    assert moved.exists() and all(r.last == r.state for r in moved)
    assert not regs.filter(state=RegistrationState.PENDING).annotate(last=Subquery(changes)).filter(
        last__isnull=False).exists()

    # Surveys: links only after the end, to the registered; anonymous answers keep no invitation.
    sent = Questionnaire.objects.filter(links_sent_at__isnull=False)
    assert sent.exists() and all(q.links_sent_at >= q.subject.ends_at for q in sent)
    assert not SurveyInvitation.objects.filter(questionnaire__links_sent_at__isnull=True).exists()
    invitations = SurveyInvitation.objects.filter(
        ~Exists(Registration.objects.filter(event_id=OuterRef("questionnaire__subject_id"), person=OuterRef("person"),
                                            state__in=ACTIVE_REGISTRATION_STATES)))
    assert not invitations.exists()
    for q in sent:
        assert q.responses.count() == q.invitations.filter(answered_at__isnull=False).count()
    assert not SurveyResponse.objects.filter(questionnaire__anonymous=True, invitation__isnull=False).exists()
    assert not SurveyResponse.objects.filter(questionnaire__anonymous=True, member__isnull=False).exists()
    assert not SurveyAnswer.objects.filter(rating__gt=F("question__scale_max")).exists()

    # Governance: codes as agreement_add makes them, the follow-up item first, statuses from the workflow.
    for agreement in Agreement.objects.select_related("session"):
        assert agreement.code == f"{agreement.session.code_prefix}-{agreement.sequence}"
        assert agreement.session.held_at <= now
    assert AgendaItem.objects.filter(order=1, is_follow_up=True).count() == BoardSession.objects.count()
    assert not Agreement.objects.exclude(status=AgreementStatus.PENDING).annotate(last=Subquery(
        StateChange.objects.filter(content_type=ContentType.objects.get_for_model(Agreement), object_id=OuterRef("pk"))
        .order_by("-at", "-pk").values("target")[:1])).exclude(last=F("status")).exists()
    through = BoardSession.carried_agreements.through
    assert through.objects.exists()
    assert not through.objects.filter(agreement__session__held_at__gte=F("boardsession__held_at")).exists()

    # The bench focal point takes part: a covered place at the coming congress, past attendance.
    focal = regs.filter(person__email=BENCH_MEMBER_EMAIL)
    assert focal.filter(event__kind=EventKind.CONGRESS, event__starts_at__gt=now, covered_slot=1).exists()
    assert focal.filter(state=RegistrationState.ATTENDED).exists()


def test_the_data_sets_rows_are_found_by_the_site_search(tiny):
    """Rows written in bulk carry the search key save() keeps: the site search finds every kind."""
    from network.search import SEARCH_KINDS
    from network.search import search_site

    found = {group.key for query in ("ciudad", "urbana", "movilidad", "encuentro", "plan", "congreso")
             for group in search_site(query, language="es").groups}
    assert found == set(SEARCH_KINDS.keys()) - {"funding"}  # the data set has no funding opportunities
