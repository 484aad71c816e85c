"""Decisions are published with their mail, and never contradict each other.

A staff decision is pending until released: the applicant sees it and gets its e-mail in the same
step. Before that staff may change it freely; only the last one can be sent. A held decision e-mail
is voided (kept, with the reason) when a newer decision or a withdrawal makes it untrue."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from network.enums import OutboxState
from network.enums import VoidReason
from network.models import OutboxMessage
from network.services import outbox_discard
from network.services import outbox_release
from programs.calls.enums import ApplicationState
from programs.calls.services import applications as application_services
from programs.calls.services.decisions import application_decide
from programs.calls.services.decisions import call_decisions_release
from programs.calls.services.decisions import decisions_release
from programs.calls.services.decisions import decisions_take_back
from programs.calls.services.errors import IllegalTransition
from tests.factories import UserFactory

from .admin_factories import SecretariatApplicationFactory
from .admin_factories import SecretariatCallFactory

pytestmark = pytest.mark.django_db

S = ApplicationState
DECISIONS = [S.ACCEPTED, S.WAITLISTED, S.REJECTED]
# What each decision's e-mail says (Spanish: the applicants' language by default).
SAYS = {S.ACCEPTED: "ha sido aceptada", S.WAITLISTED: "lista de espera", S.REJECTED: "no ha sido seleccionada"}


@pytest.fixture
def staff():
    return UserFactory(staff=True, name="Laura Lead")


@pytest.fixture
def application():
    return SecretariatApplicationFactory(call=SecretariatCallFactory(places=5))


def decision_mails(application, state=None):
    messages = OutboxMessage.objects.filter(topic="decision", related_reference=application.reference)
    return messages.filter(state=state) if state else messages


def says(message) -> str:
    return next(decision for decision, words in SAYS.items() if words in message.text)


def release_all(call, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return call_decisions_release(call=call)


# --- Every pair of (held mail, later event) ------------------------------------------------------
@pytest.mark.parametrize("held", DECISIONS)
@pytest.mark.parametrize("later", DECISIONS)
def test_a_later_decision_voids_the_held_mail_unless_it_is_the_same(
        held, later, application, staff, mailoutbox, django_capture_on_commit_callbacks):
    application_decide(application=application, decision=held, by=staff)
    first = decision_mails(application).get()
    application_decide(application=application, decision=later, by=staff)
    first.refresh_from_db()
    if later == held:
        # The same decision again keeps its e-mail (staff may have edited it).
        assert (first.state, decision_mails(application).count()) == (OutboxState.HELD, 1)
    else:
        assert (first.state, first.void_reason) == (OutboxState.VOIDED, VoidReason.SUPERSEDED)
        assert says(decision_mails(application, OutboxState.HELD).get()) == later
    application.refresh_from_db()
    assert (application.state, application.pending_decision) == (S.SUBMITTED, later)
    assert mailoutbox == []

    release_all(application.call, django_capture_on_commit_callbacks)
    application.refresh_from_db()
    assert application.state == later
    assert len(mailoutbox) == 1 and SAYS[later] in mailoutbox[0].body
    assert not decision_mails(application, OutboxState.HELD).exists()


@pytest.mark.parametrize("held", DECISIONS)
def test_a_withdrawal_voids_the_held_mail_and_nothing_is_sent(
        held, application, staff, mailoutbox, django_capture_on_commit_callbacks):
    application_decide(application=application, decision=held, by=staff)
    application_services.application_withdraw(application=application, by=application.applicant)
    message = decision_mails(application).get()
    assert (message.state, message.void_reason) == (OutboxState.VOIDED, VoidReason.WITHDRAWN)
    application.refresh_from_db()
    assert (application.state, application.pending_decision) == (S.WITHDRAWN, "")
    assert release_all(application.call, django_capture_on_commit_callbacks).count == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_release(messages=[message]) == 0  # a voided e-mail can never be sent
    assert mailoutbox == []


@pytest.mark.parametrize("held", DECISIONS)
def test_taking_the_decision_back_voids_the_held_mail(held, application, staff, mailoutbox):
    application_decide(application=application, decision=held, by=staff)
    decisions_take_back(applications=[application])
    message = decision_mails(application).get()
    assert (message.state, message.void_reason) == (OutboxState.VOIDED, VoidReason.TAKEN_BACK)
    application.refresh_from_db()
    assert (application.state, application.pending_decision) == (S.SUBMITTED, "")


@pytest.mark.parametrize("held", DECISIONS)
def test_sending_the_held_mail_from_the_outbox_publishes_its_decision(
        held, application, staff, mailoutbox, django_capture_on_commit_callbacks):
    application_decide(application=application, decision=held, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_release(messages=list(decision_mails(application))) == 1
    application.refresh_from_db()
    assert (application.state, application.pending_decision) == (held, "")
    assert [SAYS[held] in m.body for m in mailoutbox] == [True]


@pytest.mark.parametrize("held", DECISIONS)
def test_a_discarded_mail_keeps_the_decision_pending_and_it_is_published_without_mail(
        held, application, staff, mailoutbox, django_capture_on_commit_callbacks):
    application_decide(application=application, decision=held, by=staff)
    outbox_discard(messages=list(decision_mails(application)))
    application.refresh_from_db()
    assert (application.state, application.pending_decision) == (S.SUBMITTED, held)
    result = release_all(application.call, django_capture_on_commit_callbacks)
    assert (result.count, result.without_mail) == (1, [application.reference])
    application.refresh_from_db()
    assert application.state == held
    assert mailoutbox == []


def test_changing_ones_mind_many_times_sends_only_the_last_decision(
        application, staff, mailoutbox, django_capture_on_commit_callbacks):
    for decision in (S.ACCEPTED, S.WAITLISTED, S.REJECTED, S.ACCEPTED):
        application_decide(application=application, decision=decision, by=staff)
    assert sorted(decision_mails(application).values_list("state", flat=True)) == [
        OutboxState.HELD, OutboxState.VOIDED, OutboxState.VOIDED, OutboxState.VOIDED]
    release_all(application.call, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1 and SAYS[S.ACCEPTED] in mailoutbox[0].body
    # A bulk release of everything still in the outbox sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_release(messages=list(OutboxMessage.objects.all())) == 0
    assert len(mailoutbox) == 1


def test_going_back_to_the_published_decision_takes_the_pending_one_back(
        application, staff, mailoutbox, django_capture_on_commit_callbacks):
    application_decide(application=application, decision=S.WAITLISTED, by=staff, release=True)
    application_decide(application=application, decision=S.ACCEPTED, by=staff)
    application_decide(application=application, decision=S.WAITLISTED, by=staff)
    application.refresh_from_db()
    assert (application.state, application.pending_decision) == (S.WAITLISTED, "")
    assert decision_mails(application, OutboxState.VOIDED).get().void_reason == VoidReason.TAKEN_BACK
    with translation.override("en"), pytest.raises(IllegalTransition, match="already published: Waitlisted"):
        application_decide(application=application, decision=S.WAITLISTED, by=staff)


def test_an_accepted_applicant_who_withdraws_leaves_no_mail_a_bulk_release_could_send(
        application, staff, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(application=application, decision=S.ACCEPTED, by=staff, release=True)
    assert len(mailoutbox) == 1
    application_services.application_withdraw(application=application, by=application.applicant)
    assert not OutboxMessage.objects.filter(state=OutboxState.HELD).exists()


def test_a_pending_acceptance_takes_its_place(staff):
    call = SecretariatCallFactory(places=1)
    first, second = SecretariatApplicationFactory(call=call), SecretariatApplicationFactory(call=call)
    application_decide(application=first, decision=S.ACCEPTED, by=staff)
    from programs.calls.services.errors import CapReached

    with pytest.raises(CapReached):
        application_decide(application=second, decision=S.ACCEPTED, by=staff)
    # Changing the first one's pending decision frees the place.
    application_decide(application=first, decision=S.WAITLISTED, by=staff)
    application_decide(application=second, decision=S.ACCEPTED, by=staff)


# --- What the applicant sees ---------------------------------------------------------------------
def test_the_applicant_sees_the_decision_only_once_it_is_released(
        client, application, staff, django_capture_on_commit_callbacks):
    client.force_login(application.applicant)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = reverse("programs:application", kwargs={"reference": application.reference})
    application_decide(application=application, decision=S.ACCEPTED, by=staff)
    body = client.get(page).content.decode()
    assert "Accepted" not in body and "Submitted" in body
    decisions_release(applications=[application])
    assert "Accepted" in client.get(page).content.decode()


def test_a_withdrawal_that_lost_to_a_decision_names_it(client, application, staff):
    client.force_login(application.applicant)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    application_decide(application=application, decision=S.REJECTED, by=staff, release=True)
    url = reverse("programs:application_withdraw", kwargs={"reference": application.reference})
    response = client.post(url, {"seen_state": S.SUBMITTED}, follow=True)
    assert ("This application can no longer be withdrawn: the secretariat's decision came first (Rejected)."
            in html.unescape(response.content.decode()))
    application.refresh_from_db()
    assert application.state == S.REJECTED


def test_a_withdrawal_just_after_an_acceptance_says_what_it_withdrew_from(client, application, staff):
    client.force_login(application.applicant)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    application_decide(application=application, decision=S.ACCEPTED, by=staff, release=True)
    url = reverse("programs:application_withdraw", kwargs={"reference": application.reference})
    response = client.post(url, {"seen_state": S.SUBMITTED}, follow=True)
    assert (f"Your application {application.reference} was withdrawn. It had just been decided (Accepted) when "
            "your withdrawal arrived.") in response.content.decode()
