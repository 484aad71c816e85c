"""Staff publish a rendered annual report; /reports/ lists the published ones by year with their
headline figures and a PDF per language; anything unpublished stays in the admin."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from network.errors import PortalError
from network.plan.enums import ReportState
from network.plan.models import ReportRun
from network.plan.services import report_publish
from tests.factories import MemberFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%fake report\n"


def rendered(year=2025, language="es", **values) -> ReportRun:
    run = ReportRun.objects.create(year=year, language=language, state=ReportState.DONE, **values)
    run.file.save(f"report-{year}-{language}.pdf", ContentFile(PDF))
    return run


def read(client, language="en"):
    response = client.get(reverse("reports"), headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.content.decode()


def test_a_published_report_is_listed_with_its_figures_and_a_pdf_per_language(client):
    MemberFactory.create_batch(3)
    spanish = report_publish(run=rendered(language="es"))
    report_publish(run=rendered(language="en"))
    rendered(year=2024)  # rendered, never published

    page = read(client, "en")
    assert "Report 2025" in page and "2024" not in page
    assert f'href="{reverse("report_pdf", args=[2025, "en"])}"' in page
    assert f'href="{reverse("report_pdf", args=[2025, "es"])}"' in page
    assert spanish.summary and spanish.summary[0]["label"]  # the headline figures, in the report's language
    assert 'report-figures" lang=' not in page  # an English report exists: its figures are shown
    portuguese = read(client, "pt-br")
    assert '<ul class="figures report-figures" lang="es">' in portuguese  # none in Portuguese: the network's own

    pdf = client.get(reverse("report_pdf", args=[2025, "es"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content) == PDF
    assert client.get(reverse("report_pdf", args=[2024, "es"])).status_code == 404


def test_publishing_again_replaces_the_report_of_that_year_and_language():
    first = report_publish(run=rendered())
    second = report_publish(run=rendered())
    first.refresh_from_db()
    assert first.published_at is None and second.published_at is not None
    assert ReportRun.objects.filter(published_at__isnull=False).count() == 1


def test_only_a_finished_annual_report_can_be_published():
    with pytest.raises(PortalError):
        report_publish(run=ReportRun.objects.create(year=2025, language="es", state=ReportState.RUNNING))
    with pytest.raises(PortalError):
        report_publish(run=rendered(kind=ReportRun.Kind.MEMBER, member=MemberFactory()))


def test_staff_publish_and_withdraw_from_the_admin(client):
    run = rendered()
    client.force_login(UserFactory(staff=True, is_superuser=True))
    changelist = reverse("admin:network_reportrun_changelist")
    response = client.post(changelist, {"action": "publish", "_selected_action": [run.pk]}, follow=True,
                           headers={"Accept-Language": "en"})
    assert "Published on /reports/" in response.content.decode()
    assert "Report 2025" in read(client)
    client.post(changelist, {"action": "withdraw", "_selected_action": [run.pk]})
    assert "No report has been published yet." in read(client)


def test_staff_without_the_permission_cannot_publish(client):
    run = rendered()
    from django.contrib.auth.models import Permission

    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_reportrun"))
    client.force_login(clerk)
    changelist = client.get(reverse("admin:network_reportrun_changelist")).content.decode()
    assert 'value="publish"' not in changelist
    client.post(reverse("admin:network_reportrun_changelist"), {"action": "publish", "_selected_action": [run.pk]})
    run.refresh_from_db()
    assert run.published_at is None


@pytest.mark.parametrize("years", [1, 11])
def test_the_reports_page_takes_one_query_whatever_the_years(client, django_assert_max_num_queries, years):
    for year in range(2026 - years, 2026):
        report_publish(run=rendered(year=year))
    with django_assert_max_num_queries(3):
        page = read(client)
    assert page.count("Report 20") == years
