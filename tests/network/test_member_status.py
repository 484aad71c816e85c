"""Who gets the benefits of membership: a member's status moves only through its table of allowed
moves (network.enums.MEMBER_STATUS_WORKFLOW) by network.services.member_status_set, from the admin's
actions, an import and the daily dues job, and every move is logged with who and as whom."""

import itertools
from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from network import services
from network.enums import MEMBER_STATUS_WORKFLOW
from network.enums import MemberStatus
from network.enums import StatusActor
from network.models import Member
from network.models import StateChange
from network.resources import MemberResource
from network.workflow import IllegalMove
from network.workflow import state_history
from tests.factories import DuesFactory
from tests.factories import MemberFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ALLOWED = {(m.source, m.target, actor) for m in MEMBER_STATUS_WORKFLOW.moves for actor in m.actors}
EVERY = {(a, b, actor) for a, b in itertools.permutations(MemberStatus.values, 2) for actor in StatusActor.values}


@pytest.mark.parametrize(("source", "target", "actor"), sorted(ALLOWED))
def test_an_allowed_status_change_happens_and_is_logged(source, target, actor):
    member = MemberFactory(status=source)
    staff = UserFactory(staff=True)
    services.member_status_set(member=member, status=target, actor=actor, by=staff, comment="Acta 12")
    change = state_history(member).get()
    assert (Member.objects.get(pk=member.pk).status, change.workflow, change.source, change.target, change.actor,
            change.by, change.comment) == (target, "member-status", source, target, actor, staff, "Acta 12")


@pytest.mark.parametrize(("source", "target", "actor"), sorted(EVERY - ALLOWED))
def test_a_status_change_the_table_does_not_allow_is_refused(source, target, actor):
    member = MemberFactory(status=source)
    with pytest.raises(IllegalMove):
        services.member_status_set(member=member, status=target, actor=actor)
    assert (Member.objects.get(pk=member.pk).status, StateChange.objects.count()) == (source, 0)


def test_the_dues_job_moves_status_as_the_system():
    member = MemberFactory(status=MemberStatus.ACTIVE)
    DuesFactory(member=member, year=2025)
    services.dues_standing_refresh(today=date(2026, 2, 10))
    change = state_history(member).get()
    assert (change.source, change.target, change.actor, change.by) == ("active", "in_arrears", "system", None)


def test_a_status_change_is_audited_once_not_in_the_edit_history():
    member = MemberFactory(status=MemberStatus.ACTIVE)
    edits = member.history.count()
    services.member_status_set(member=member, status=MemberStatus.SUSPENDED)
    assert member.history.count() == edits  # the workflow's audit row is the one record
    member.name = "San Francisco de Quito"
    member.save()
    assert member.history.count() == edits + 1


# --- The admin -------------------------------------------------------------------------------------
@pytest.fixture
def staff_client(client):
    staff = UserFactory(staff=True, is_superuser=True)
    client.force_login(staff)
    client.staff = staff
    return client


def test_the_change_form_does_not_change_the_status(staff_client):
    member = MemberFactory(name="Quito", status=MemberStatus.ACTIVE)
    url = f"/admin/network/member/{member.pk}/change/"
    page = staff_client.get(url)
    assert page.status_code == 200 and 'name="status"' not in page.text
    form = page.context["adminform"].form
    data = {**{k: v for k, v in form.initial.items() if v is not None and k != "themes"}, "status": "former",
            "country": "EC", "name": "Quito"}
    for prefix in ("dues_set", "roles"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    staff_client.post(url, data)
    assert Member.objects.get(pk=member.pk).status == MemberStatus.ACTIVE


def test_the_status_actions_follow_the_table_and_say_which_were_refused(staff_client):
    active = MemberFactory(name="Quito", status=MemberStatus.ACTIVE)
    prospect = MemberFactory(name="Tunja", status=MemberStatus.PROSPECT)
    response = staff_client.post("/admin/network/member/", {
        "action": "set_status_suspended", ACTION_CHECKBOX_NAME: [active.pk, prospect.pk]}, follow=True,
        HTTP_ACCEPT_LANGUAGE="en")
    assert [str(m) for m in response.context["messages"]] == [
        "1 member is now “Suspended”.",
        "Not changed (that change of status is not allowed from their current status): Tunja.",
    ]
    assert dict(Member.objects.values_list("name", "status")) == {"Quito": "suspended", "Tunja": "prospect"}
    change = state_history(active).get()
    assert (change.actor, change.by) == ("staff", staff_client.staff)
    page = staff_client.get(f"/admin/network/member/{active.pk}/change/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Membership suspended" in page.text


# --- Import ----------------------------------------------------------------------------------------
def _rows_with(status_by_slug):
    dataset = MemberResource().export()
    dataset.dict = [{**row, "status": status_by_slug.get(row["slug"], row["status"])} for row in dataset.dict]
    return dataset


def test_an_import_changes_status_through_the_table_as_the_importing_staff_member():
    member = MemberFactory(slug="quito", status=MemberStatus.ACTIVE)
    staff = UserFactory(staff=True)
    result = MemberResource().import_data(_rows_with({"quito": "suspended"}), dry_run=False, user=staff)
    assert not result.has_errors() and not result.has_validation_errors()
    change = state_history(member).get()
    assert (Member.objects.get(pk=member.pk).status, change.target, change.actor, change.by) == (
        "suspended", "suspended", "staff", staff)


def test_an_import_with_a_status_change_the_table_refuses_writes_nothing():
    MemberFactory(slug="quito", status=MemberStatus.ACTIVE, population=100)
    MemberFactory(slug="tunja", status=MemberStatus.PROSPECT)
    dataset = _rows_with({"quito": "suspended", "tunja": "in_arrears"})  # a prospect cannot fall into arrears
    dataset.dict = [{**row, "population": 200} for row in dataset.dict]
    result = MemberResource().import_data(dataset, dry_run=False)
    assert result.has_errors()
    assert dict(Member.objects.values_list("slug", "status")) == {"quito": "active", "tunja": "prospect"}
    assert set(Member.objects.values_list("population", flat=True)) != {200}
    assert StateChange.objects.count() == 0
