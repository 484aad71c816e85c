"""The action plan (stages, progress, copying a year) and the annual report's live figures."""

import re
import shutil
import subprocess
from datetime import date
from datetime import datetime
from datetime import timezone as dt_timezone

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from network.enums import MemberStatus
from network.models import StateChange
from network.plan import services
from network.plan.enums import STAGES
from network.plan.enums import Stage
from network.plan.enums import band_for
from network.plan.figures import figures_for_year
from network.plan.models import ActionLine
from network.plan.models import ActionPlan
from network.plan.models import Activity
from network.plan.models import ReportRun
from network.plan.selectors import line_percent
from network.plan.selectors import report_context
from programs.calls.enums import ApplicationState
from tests.factories import MemberFactory
from tests.factories import TerritorialNetworkFactory
from tests.factories import UserFactory
from tests.factories import focal_point_of
from tests.programs.factories import ApplicationFactory
from tests.programs.factories import CallFactory

pytestmark = pytest.mark.django_db


def at(year: int, month: int = 5) -> datetime:
    return datetime(year, month, 10, 12, tzinfo=dt_timezone.utc)


def make_plan(year=2024, stages=((Stage.EVALUATION, Stage.NONE), (Stage.EXECUTION,))) -> ActionPlan:
    plan = ActionPlan.objects.create(year=year, title=f"Plan {year}")
    for position, line_stages in enumerate(stages, start=1):
        line = ActionLine.objects.create(plan=plan, position=position, title=f"Line {position}",
                                         figure_groups=["members"])
        for index, stage in enumerate(line_stages, start=1):
            Activity.objects.create(line=line, position=index, description=f"Activity {position}.{index}", stage=stage)
    return plan


def test_the_scale_is_the_one_of_the_seed():
    with translation.override("es"):
        assert [(str(Stage(s).label), STAGES[s].percent, str(STAGES[s].compliance)) for s in Stage.values] == [
            ("Sin avance", 0, "Sin avance"), ("Planeación", 10, "Proceso básico"),
            ("Programación", 20, "Proceso bajo"), ("Presupuestación", 30, "Proceso medio"),
            ("Ejecución", 70, "Proceso cumplido"), ("Evaluación", 100, "Totalmente cumplido"),
        ]


def test_a_lines_progress_is_the_mean_of_its_activities():
    plan = make_plan()
    lines = {line.position: list(line.activities.all()) for line in plan.lines.all()}
    assert line_percent(lines[1]) == 50.0  # (100 + 0) / 2
    assert line_percent(lines[2]) == 70.0
    assert line_percent([]) == 0.0
    assert band_for(50.0) == Stage.BUDGETING and band_for(100) == Stage.EVALUATION and band_for(9.9) == Stage.NONE


def test_changing_a_stage_is_logged_with_who_and_why():
    plan = make_plan()
    activity = Activity.objects.filter(line__plan=plan, stage=Stage.NONE).get()
    staff = UserFactory(staff=True)
    services.activity_stage_set(activity=activity, stage=Stage.PLANNING, by=staff, comment="Kick-off held")
    services.activity_stage_set(activity=activity, stage=Stage.PLANNING, by=staff)  # no change, no row

    activity.refresh_from_db()
    assert activity.stage == Stage.PLANNING
    assert list(StateChange.objects.values_list("source", "target", "by", "comment")) == [
        ("none", "planning", staff.pk, "Kick-off held")
    ]


def test_copying_a_plan_starts_every_activity_again_and_refuses_an_existing_year():
    source = make_plan(2024)
    copy = services.plan_copy(source=source, year=2025)

    assert copy.title == "Plan 2025"
    assert [(line.title, line.figure_groups) for line in copy.lines.all()] == [
        ("Line 1", ["members"]), ("Line 2", ["members"])]
    assert set(Activity.objects.filter(line__plan=copy).values_list("stage", flat=True)) == {Stage.NONE}
    assert Activity.objects.filter(line__plan=copy).count() == 3
    assert set(Activity.objects.filter(line__plan=source).values_list("stage", flat=True)) == {
        Stage.EVALUATION, Stage.NONE, Stage.EXECUTION}
    with pytest.raises(services.PlanExists):
        services.plan_copy(source=source, year=2025)


@pytest.fixture
def counted_data():
    """Hand-counted: 3 members (2 active, 1 in arrears) in two networks; applications in 2023 and 2024."""
    andina, iberica = TerritorialNetworkFactory(name="Red Andina"), TerritorialNetworkFactory(name="Red Ibérica")
    quito = MemberFactory(name="Quito", territorial_network=andina, status=MemberStatus.ACTIVE,
                          joined_on=date(2020, 3, 1))
    bogota = MemberFactory(name="Bogotá", territorial_network=andina, status=MemberStatus.ACTIVE,
                           joined_on=date(2024, 2, 1))
    zaragoza = MemberFactory(name="Zaragoza", territorial_network=iberica, status=MemberStatus.IN_ARREARS,
                             joined_on=date(2024, 6, 1))
    MemberFactory(name="Former", status=MemberStatus.FORMER, joined_on=None)
    call_2023 = CallFactory(opens_at=at(2023, 1), closes_at=at(2023, 3))
    call_2024 = CallFactory(opens_at=at(2024, 1), closes_at=at(2024, 3))
    ApplicationFactory(call=call_2023, member=quito, state=ApplicationState.ACCEPTED,
                       submitted_at=at(2023, 2), decided_at=at(2023, 4))
    ApplicationFactory(call=call_2024, member=quito, state=ApplicationState.ACCEPTED,
                       submitted_at=at(2024, 2), decided_at=at(2024, 4))
    ApplicationFactory(call=call_2024, member=bogota, state=ApplicationState.REJECTED,
                       submitted_at=at(2024, 2), decided_at=at(2024, 4))
    ApplicationFactory(call=call_2024, member=zaragoza, state=ApplicationState.DRAFT, submitted_at=None)
    return {"quito": quito, "bogota": bogota, "zaragoza": zaragoza}


def values(groups) -> dict:
    return {f.key: (f.value, f.total) for g in groups for f in g.figures}


def test_figures_for_a_year_match_the_hand_count(counted_data):
    got = values(figures_for_year(year=2024, keys=["members", "calls"]))
    assert got["members.current"] == (3, None)
    assert got["members.active"] == (2, None)
    assert got["members.in_arrears"] == (1, None)
    assert got["members.joined"] == (2, 3)
    assert got["calls.opened"] == (1, 2)
    assert got["calls.applications"] == (2, 3)  # drafts are not received
    assert got["calls.accepted"] == (1, 2)
    assert values(figures_for_year(year=2023, keys=["calls"]))["calls.applications"] == (1, 1)


def test_breakdowns_and_trends(counted_data):
    members = next(g for g in figures_for_year(year=2024) if g.key == "members")
    by_network = next(b for b in members.breakdowns if b.key == "members.by_network")
    assert by_network.rows == [("Red Andina", 2), ("Red Ibérica", 1)]
    joined = next(t for t in members.trends if t.key == "members.joined_by_year")
    assert joined.points == [(2020, 1), (2021, 0), (2022, 0), (2023, 0), (2024, 2)]


def test_a_members_participation_counts_only_that_member(counted_data):
    got = values(figures_for_year(year=2024, member=counted_data["quito"]))
    assert got["calls.applications"] == (1, 2)
    assert got["calls.accepted"] == (1, 2)
    assert "members.current" not in got


def test_report_context_is_the_same_twice_and_an_empty_year_works(counted_data):
    make_plan(2024)
    first, second = report_context(year=2024), report_context(year=2024)
    assert values(g.group for g in first["groups"]) == values(g.group for g in second["groups"])
    assert [v.percent for v in first["lines"]] == [50.0, 70.0]
    assert first["overall_percent"] == 60.0
    with translation.override("en"):  # other sources add their own annex columns: read the calls' ones
        columns = [str(c) for c in first["annex_columns"]]
    calls = [columns.index("Applications"), columns.index("Accepted")]
    assert [(m.name, [row[i] for i in calls]) for m, row in first["annex_rows"]] == [
        ("Bogotá", [1, 0]), ("Quito", [1, 1])]
    empty = report_context(year=1999)
    assert empty["plan"] is None and empty["lines"] == [] and empty["annex_rows"] == []


# A fixed bound whatever the data: the page with the members' and calls' figures takes 17 queries, the
# programmes' six groups 21 more, the campus 7 and events 7 (each source's own test bounds its share).
DASHBOARD_QUERIES = 50

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


@needs_pdftotext
def test_the_pdf_report_shows_the_dashboard_figures(counted_data, django_capture_on_commit_callbacks, tmp_path):
    make_plan(2024)
    staff = UserFactory(staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.report_request(year=2024, language="en", by=staff)
    run.refresh_from_db()
    assert (run.state, run.progress) == ("done", 100)
    path = tmp_path / "report.pdf"
    path.write_bytes(run.file.read())
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout

    assert "ANNUAL ACTION-LINE REPORT" in text and "Plan 2024" in text
    # The dashboard's figures, in its order, appear in the same order in the PDF's text.
    client = Client(headers={"accept-language": "en"})
    client.force_login(UserFactory(staff=True, is_superuser=True))
    dashboard = client.get(reverse("admin:network_reportrun_dashboard") + "?year=2024").text
    shown = re.findall(r'data-figure="([^"]+)">([^<]+)</span>', dashboard)
    assert len(shown) >= len(values(figures_for_year(year=2024)))
    position = text.index("Summary")
    for key, value in shown:
        found = text.find(value.strip(), position)
        assert found >= 0, (key, value)
        position = found + len(value.strip())
    assert "Applications received" in text and "3 since the first year" in text
    assert "Overall progress of the plan: 60 %" in text
    assert "Annex: participation by member" in text and "Quito" in text


@needs_pdftotext
def test_an_empty_year_renders_a_pdf(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.report_request(year=2001, language="es")
    run.refresh_from_db()
    assert run.state == "done" and run.file.read(4) == b"%PDF"


def test_dashboard_and_preview_are_for_staff_only(client, counted_data, django_assert_max_num_queries):
    make_plan(2024)
    url = reverse("admin:network_reportrun_dashboard") + "?year=2024"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 302  # to the admin login
    client.force_login(UserFactory(staff=True, is_superuser=True))
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert b'data-figure="members.active">2<' in response.content
    preview = client.get(reverse("admin:network_reportrun_preview", args=[2024]), headers={"accept-language": "en"})
    assert preview.status_code == 200 and "Annex: participation by member" in preview.content.decode()


@pytest.mark.parametrize("lines", [2, 12])
def test_dashboard_queries_do_not_grow_with_the_plan(client, lines, django_assert_max_num_queries):
    make_plan(2024, stages=[(Stage.PLANNING, Stage.EXECUTION)] * lines)
    client.force_login(UserFactory(staff=True, is_superuser=True))
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        assert client.get(reverse("admin:network_reportrun_dashboard") + "?year=2024").status_code == 200


def test_render_and_poll_a_report_from_the_dashboard(client, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:network_reportrun_render"), {"year": 2026, "language": "pt-br"})
    run = ReportRun.objects.get()
    assert response.status_code == 302 and (run.year, run.language, run.state) == (2026, "pt-br", "done")
    status = client.get(reverse("admin:network_reportrun_status", args=[run.pk])).content.decode()
    assert "hx-trigger" not in status  # finished: the page stops polling
    download = client.get(reverse("admin:network_reportrun_download", args=[run.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_a_focal_point_downloads_their_citys_participation_only(client, counted_data):
    quito, bogota = counted_data["quito"], counted_data["bogota"]
    client.force_login(focal_point_of(quito))
    response = client.get(reverse("portal:participation_pdf", args=[quito.slug, 2024]))
    assert response.status_code == 200 and response.content[:4] == b"%PDF"
    assert client.get(reverse("portal:participation_pdf", args=[bogota.slug, 2024])).status_code == 404


def test_the_dashboard_opens_on_the_latest_year_with_a_plan_and_has_one_year_selector(client):
    from django.utils import timezone

    this_year = timezone.localdate().year
    make_plan(this_year - 2, stages=[(Stage.PLANNING, Stage.EXECUTION)])
    make_plan(this_year + 1, stages=[(Stage.PLANNING, Stage.PLANNING)])  # already copied ahead
    client.force_login(UserFactory(staff=True, is_superuser=True))
    response = client.get(reverse("admin:network_reportrun_dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["year"] == this_year - 2
    page = response.content.decode()
    assert page.count("<select") == 2  # the year (once) and the report's language
    assert f'<input type="hidden" name="year" value="{this_year - 2}">' in page
    assert f"Render the PDF report of {this_year - 2}" in page
