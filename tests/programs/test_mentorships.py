"""Mentorships: every move of the workflow (legal ones pass, the others raise), the request from an
accepted application (idempotent), mentor suggestions, reports, e-mails and the portal page."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from network.models import OutboxMessage
from network.models import StateChange
from network.workflow import IllegalMove
from network.workflow import state_history
from programs.calls.enums import Actor
from programs.calls.enums import ApplicationState
from programs.cooperation.enums import MENTORSHIP_WORKFLOW
from programs.cooperation.enums import MentorshipState
from programs.cooperation.models import Mentorship
from programs.cooperation.selectors import mentor_suggestions
from programs.cooperation.services.errors import MentorshipError
from programs.cooperation.services.errors import ReportsMissing
from programs.cooperation.services.mentorships import mentorship_from_application
from programs.cooperation.services.mentorships import mentorship_match
from programs.cooperation.services.mentorships import mentorship_move
from programs.cooperation.services.mentorships import mentorship_report_submit
from programs.cooperation.services.mentorships import mentorships_from_accepted
from programs.knowledge.models import GoodPractice
from tests.factories import MemberFactory
from tests.factories import UserFactory
from tests.factories import focal_point_of
from tests.factories import technician_of

from .factories_cooperation import make_mentorship
from .factories_cooperation import make_microrred
from .factories_cooperation import mentorship_application
from .factories_cooperation import theme

pytestmark = pytest.mark.django_db
S = MentorshipState
STATES = [s.value for s in S]
LEGAL = {(m.source, m.target) for m in MENTORSHIP_WORKFLOW.moves}
# The path that brings a new mentorship to each state.
PATH = {
    S.REQUESTED: [],
    S.MATCHED: [S.MATCHED],
    S.IN_PROGRESS: [S.MATCHED, S.IN_PROGRESS],
    S.COMPLETED: [S.MATCHED, S.IN_PROGRESS, S.COMPLETED],
    S.CANCELLED: [S.CANCELLED],
}


def mentorship_in(state: str) -> Mentorship:
    mentorship = make_mentorship()
    mentor = MemberFactory()
    for step in PATH[state]:
        if step == S.COMPLETED:
            mentorship.mentee_report, mentorship.mentor_report = "Aprendimos mucho.", "Compartimos el modelo."
            mentorship.save()
        mentorship = mentorship_move(mentorship=mentorship, to=step, by=UserFactory(staff=True),
                                     mentor=mentor if step == S.MATCHED else None)
    return mentorship


@pytest.mark.parametrize(("source", "target"), list(itertools.product(STATES, STATES)))
def test_every_move_of_the_mentorship_workflow(source, target):
    mentorship = mentorship_in(source)
    staff = UserFactory(staff=True)
    mentor = MemberFactory() if target == S.MATCHED else None
    if target == S.COMPLETED:
        mentorship.mentee_report, mentorship.mentor_report = "Informe", "Informe"
        mentorship.save()
    before = StateChange.objects.count()
    if (source, target) in LEGAL:
        moved = mentorship_move(mentorship=mentorship, to=target, by=staff, mentor=mentor)
        assert moved.state == target
        assert Mentorship.objects.get(pk=mentorship.pk).state == target
        assert StateChange.objects.count() == before + 1
        assert list(state_history(moved))[-1].target == target
    else:
        with pytest.raises(IllegalMove):
            mentorship_move(mentorship=mentorship, to=target, by=staff, mentor=mentor)
        assert Mentorship.objects.get(pk=mentorship.pk).state == source
        assert StateChange.objects.count() == before


def test_only_staff_may_move_a_mentorship():
    assert all(m.actors == {Actor.STAFF} for m in MENTORSHIP_WORKFLOW.moves)
    assert not MENTORSHIP_WORKFLOW.allowed(source=S.REQUESTED, target=S.MATCHED, actor=Actor.APPLICANT)


def test_matching_needs_a_mentor_other_than_the_mentee():
    mentorship = make_mentorship()
    with pytest.raises(MentorshipError):
        mentorship_move(mentorship=mentorship, to=S.MATCHED, by=None)
    with pytest.raises(MentorshipError):
        mentorship_match(mentorship=mentorship, mentor=mentorship.mentee, by=None)
    matched = mentorship_match(mentorship=mentorship, mentor=MemberFactory(), by=None)
    assert matched.state == S.MATCHED and matched.matched_at is not None


def test_releasing_the_mentor_goes_back_to_requested_without_a_mentor():
    mentorship = mentorship_in(S.MATCHED)
    released = mentorship_move(mentorship=mentorship, to=S.REQUESTED, by=None)
    assert (released.state, released.mentor) == (S.REQUESTED, None)


def test_completion_needs_the_final_report_of_both_cities():
    mentorship = mentorship_in(S.IN_PROGRESS)
    user = technician_of(mentorship.mentee)
    mentorship_report_submit(mentorship=mentorship, side="mentee", text="Logramos un plan piloto.", by=user)
    with pytest.raises(ReportsMissing):
        mentorship_move(mentorship=mentorship, to=S.COMPLETED, by=None)
    mentorship_report_submit(mentorship=mentorship, side="mentor", text="Compartimos el modelo.", by=user)
    assert mentorship_move(mentorship=mentorship, to=S.COMPLETED, by=None).ended_at is not None


def test_reports_are_sent_only_while_in_progress():
    with pytest.raises(MentorshipError):
        mentorship_report_submit(mentorship=mentorship_in(S.MATCHED), side="mentee", text="x", by=UserFactory())


def test_each_step_emails_both_cities_focal_points():
    mentee, mentor = MemberFactory(), MemberFactory()
    mentee_focal, mentor_focal = focal_point_of(mentee), focal_point_of(mentor)
    mentorship = make_mentorship(mentee=mentee)
    assert OutboxMessage.objects.filter(topic="mentorship", to=[mentee_focal.email]).count() == 1
    mentorship_match(mentorship=mentorship, mentor=mentor, by=None)
    mentorship_move(mentorship=mentorship, to=S.IN_PROGRESS, by=None)
    assert OutboxMessage.objects.filter(topic="mentorship", to=[mentee_focal.email]).count() == 3
    assert OutboxMessage.objects.filter(topic="mentorship", to=[mentor_focal.email]).count() == 2
    mentorship_move(mentorship=mentorship, to=S.CANCELLED, by=None, comment="La ciudad lo pidió.")
    last = OutboxMessage.objects.filter(topic="mentorship", to=[mentor_focal.email]).order_by("-pk").first()
    assert "La ciudad lo pidió." in last.text


def test_an_accepted_mentee_request_makes_one_mentorship_however_often_it_is_called():
    application = mentorship_application()
    first = mentorship_from_application(application=application)
    second = mentorship_from_application(application=application)
    assert first == second and Mentorship.objects.count() == 1
    assert (first.mentee, first.theme.slug, first.state) == (application.member, "movilidad-sostenible", "requested")
    assert first.objectives == "Aprender de otra ciudad."


def test_offers_to_mentor_and_requests_not_accepted_make_no_mentorship():
    assert mentorship_from_application(application=mentorship_application(role="mentor")) is None
    assert mentorship_from_application(
        application=mentorship_application(state=ApplicationState.SUBMITTED)) is None
    assert Mentorship.objects.count() == 0


def test_the_sweep_creates_mentorships_for_accepted_requests_once():
    mentorship_application(), mentorship_application(), mentorship_application(role="mentor")
    assert mentorships_from_accepted() == 2
    assert mentorships_from_accepted() == 0


def test_mentor_suggestions_rank_good_practices_microrredes_and_offers():
    mobility = theme()
    mentorship = make_mentorship(the_theme=mobility)
    with_practice, with_microrred, offering, unrelated = (MemberFactory(name=n) for n in "ABCD")
    practice = GoodPractice.objects.create(member=with_practice, title="Ciclovías", slug="ciclovias",
                                           summary="…", year=2023, state="published")
    practice.themes.add(mobility)
    GoodPractice.objects.create(member=unrelated, title="Borrador", slug="borrador", summary="…", year=2023)
    make_microrred(members=[with_microrred, *[MemberFactory() for _ in range(5)]], the_theme=mobility)
    mentorship_application(member=offering, role="mentor")
    names = [s.member.name for s in mentor_suggestions(mentorship)]
    assert names[:2] == ["C", "A"]  # an offer (3) before a practice (2) before one microrred (1)
    assert "B" in names and "D" not in names and mentorship.mentee.name not in names


def test_the_portal_page_lets_each_side_send_its_report(client):
    mentorship = mentorship_in(S.IN_PROGRESS)
    client.force_login(technician_of(mentorship.mentor))
    url = reverse("programs:coop_mentorship", args=[mentorship.pk])
    assert "Send your city" in client.get(url, headers={"accept-language": "en"}).content.decode()
    assert client.post(url, {"report": ""}).status_code == 400
    assert client.post(url, {"report": "Compartimos el modelo."}).status_code == 302
    assert Mentorship.objects.get(pk=mentorship.pk).mentor_report == "Compartimos el modelo."


def test_another_citys_user_gets_404_on_the_mentorship(client):
    mentorship = mentorship_in(S.MATCHED)
    client.force_login(technician_of(MemberFactory()))
    url = reverse("programs:coop_mentorship", args=[mentorship.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"report": "x"}).status_code == 404


def test_staff_match_and_move_in_the_admin(client):
    mentorship = make_mentorship()
    mentor = MemberFactory()
    client.force_login(UserFactory(staff=True))
    assert client.get(reverse("admin:programs_mentorship_change", args=[mentorship.pk])).status_code == 200
    assert client.get(reverse("admin:programs_mentorship_changelist")).status_code == 200
    match_url = reverse("admin:programs_mentorship_match", args=[mentorship.pk])
    assert client.get(match_url).status_code == 200
    assert client.post(match_url, {"mentor": mentor.pk, "comment": ""}).status_code == 302
    move_url = reverse("admin:programs_mentorship_move", args=[mentorship.pk, "in_progress"])
    assert client.get(move_url).status_code == 200
    client.post(move_url, {"comment": ""})
    assert Mentorship.objects.get(pk=mentorship.pk).state == S.IN_PROGRESS
    client.post(reverse("admin:programs_mentorship_move", args=[mentorship.pk, "requested"]))
    assert Mentorship.objects.get(pk=mentorship.pk).state == S.IN_PROGRESS  # illegal: refused with a message
    mentorship_application()
    client.post(reverse("admin:programs_mentorship_from_requests"))
    assert Mentorship.objects.count() == 2
