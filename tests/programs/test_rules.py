"""Blind review is one rule of the calls engine (programs/calls/rules.py), asked by the admin's lists,
forms and searches alike."""

import pytest

from programs.calls.models import Application
from programs.calls.rules import identity_hidden_expression
from programs.calls.rules import identity_visible
from tests.factories import UserFactory

from .factories import ApplicationFactory
from .factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("blind", "superuser", "sees"), [
    (False, False, True), (True, False, False), (True, True, True), (False, True, True)])
def test_who_sees_who_applied(blind, superuser, sees):
    user = UserFactory(staff=True, is_superuser=superuser)
    application = ApplicationFactory(call=CallFactory(blind_review=blind))
    hidden = Application.objects.annotate(hidden=identity_hidden_expression(user)).get(pk=application.pk).hidden
    assert (identity_visible(user, application.call), user.has_perm("programs.see_applicant_identity", application),
            hidden) == (sees, sees, not sees)
