"""Every (from, to, actor) move: the allowed ones happen and are logged, the others raise."""

import itertools

import pytest

from programs.calls.enums import APPLICATION_WORKFLOW
from programs.calls.enums import Actor
from programs.calls.enums import ApplicationState
from programs.calls.models import Application
from programs.calls.services.errors import IllegalTransition
from programs.calls.services.transitions import application_transition
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ALLOWED = {(t.source, t.target, actor) for t in APPLICATION_WORKFLOW.moves for actor in t.actors}
ALL = list(itertools.product(ApplicationState.values, ApplicationState.values, Actor.values))


def application_in(state, make_call):
    user = UserFactory()
    return Application.objects.create(call=make_call(), applicant=user, reference=f"T-{user.pk}", state=state)


@pytest.mark.parametrize(("source", "target", "actor"), sorted(ALLOWED))
def test_allowed_move_happens_and_is_logged(make_call, source, target, actor):
    application = application_in(source, make_call)
    staff = UserFactory(staff=True)
    application_transition(application=application, to=target, actor=actor, by=staff, comment="ok")
    application.refresh_from_db()
    event = application.state_changes.get()
    assert (application.state, event.workflow, event.source, event.target, event.actor, event.by) == (
        target, "application", source, target, actor, staff)


@pytest.mark.parametrize(("source", "target", "actor"), sorted(set(ALL) - ALLOWED))
def test_forbidden_move_raises_and_changes_nothing(make_call, source, target, actor):
    application = application_in(source, make_call)
    with pytest.raises(IllegalTransition):
        application_transition(application=application, to=target, actor=actor)
    application.refresh_from_db()
    assert (application.state, application.state_changes.count()) == (source, 0)


def test_every_transition_has_labels_for_applicants_and_staff():
    assert all(str(t.public_label) and str(t.staff_label) for t in APPLICATION_WORKFLOW.moves)


def test_decided_applications_record_the_decision_time(make_call):
    application = application_in(ApplicationState.SUBMITTED, make_call)
    application_transition(application=application, to=ApplicationState.REJECTED, actor=Actor.STAFF)
    application.refresh_from_db()
    assert application.decided_at is not None
