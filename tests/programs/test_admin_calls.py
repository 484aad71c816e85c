"""The secretariat's admin of calls, applications and reviews: every change goes through the services."""

import re
import zoneinfo
from datetime import datetime
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from network.enums import OutboxState
from network.models import OutboxMessage
from network.models import User
from programs.calls.enums import ApplicationState
from programs.calls.models import ApplicationDocument
from programs.calls.models import Call
from programs.calls.models import CallAccessCode
from programs.calls.models import ReminderSent
from programs.calls.models import Review
from programs.calls.services import applications as application_services
from programs.calls.services import reviews as review_services
from tests.factories import MemberFactory
from tests.factories import ThemeFactory
from tests.factories import UserFactory
from tests.factories import technician_of

from .admin_factories import REVIEWER_PERMISSIONS
from .admin_factories import ReviewFactory
from .admin_factories import SecretariatApplicationFactory
from .admin_factories import SecretariatCallFactory
from .admin_factories import staff_without_superpowers

pytestmark = pytest.mark.django_db

APPLICATIONS = reverse("admin:programs_application_changelist")
CALLS = reverse("admin:programs_call_changelist")
OUTBOX = reverse("admin:network_outboxmessage_changelist")
HELD_OUTBOX = f"{OUTBOX}?state__exact=held"


def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def lead():
    """The secretariat's lead: staff and superuser."""
    return UserFactory(staff=True, name="Laura Lead")


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return english(client)


@pytest.fixture
def reviewer():
    return staff_without_superpowers(*REVIEWER_PERMISSIONS, name="Rita Revisora")


@pytest.fixture
def reviewer_client(reviewer):
    client = Client()  # its own session: a test may use both the lead's and the reviewer's
    client.force_login(reviewer)
    return english(client)


def texts(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m.message)) for m in get_messages(response.wsgi_request)]


def run_action(client, url, action, objects, **extra):
    data = {"action": action, "_selected_action": [o.pk for o in objects], "index": 0, **extra}
    return client.post(url, data, follow=True)


def submitted_in_order(call, count):
    """Applications submitted one minute apart, oldest first."""
    start = timezone.now() - timedelta(hours=1)
    return [SecretariatApplicationFactory(call=call, submitted_at=start + timedelta(minutes=i))
            for i in range(count)]


def strip_tags(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- Decisions ------------------------------------------------------------------------------------
def test_accept_action_with_two_places_decides_two_and_skips_one_with_the_reason(lead_client, mailoutbox):
    call = SecretariatCallFactory(places=2)
    first, second, third = submitted_in_order(call, 3)
    response = run_action(lead_client, APPLICATIONS, "accept", [first, second, third])
    pending = f"{APPLICATIONS}?pending=yes&amp;call__id__exact={call.pk}"
    assert texts(response) == [
        ("success", "2 applications accepted. Pending release: the applicants see nothing and get no e-mail until "
                    "you release the decisions; until then you may change them. "
                    f'<a href="{pending}">Review and release the pending decisions</a>'),
        ("warning", f"1 application skipped: {third.reference} (All 2 places of this call are taken; put the "
                    "application on the waiting list.)"),
    ]
    # The applicants still see their application as submitted: the decisions wait for their release.
    assert {a.reference: (a.state, a.pending_decision) for a in call.applications.all()} == {
        first.reference: (ApplicationState.SUBMITTED, ApplicationState.ACCEPTED),
        second.reference: (ApplicationState.SUBMITTED, ApplicationState.ACCEPTED),
        third.reference: (ApplicationState.SUBMITTED, ""),
    }
    held = OutboxMessage.objects.filter(state=OutboxState.HELD, topic="decision")
    references = sorted(held.values_list("related_reference", flat=True))
    assert references == sorted([first.reference, second.reference])
    assert OutboxMessage.objects.count() == 2
    assert mailoutbox == []


def test_held_decisions_go_out_through_the_outbox_send_action_and_publish_their_decisions(
        lead_client, mailoutbox, django_capture_on_commit_callbacks):
    call = SecretariatCallFactory(places=2)
    applications = submitted_in_order(call, 3)
    run_action(lead_client, APPLICATIONS, "accept", applications)
    held = list(OutboxMessage.objects.filter(state=OutboxState.HELD))
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(lead_client, OUTBOX, "send_held", held)
    assert texts(response) == [("success", "2 messages queued for sending. The decisions they announce are "
                                           "published with them.")]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([applications[0].applicant.email,
                                                          applications[1].applicant.email])
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {OutboxState.SENT}
    assert [a.state for a in sorted(call.applications.all(), key=lambda a: a.submitted_at)] == [
        ApplicationState.ACCEPTED, ApplicationState.ACCEPTED, ApplicationState.SUBMITTED]


def test_release_action_publishes_each_decision_with_its_mail_and_counts_them(
        lead_client, lead, mailoutbox, django_capture_on_commit_callbacks):
    call = SecretariatCallFactory(places=2)
    first, second, third, fourth = submitted_in_order(call, 4)
    run_action(lead_client, APPLICATIONS, "accept", [first, second])
    run_action(lead_client, APPLICATIONS, "reject", [third])
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(lead_client, APPLICATIONS, "release", [first, second, third, fourth])
    assert texts(response) == [
        ("success", "3 decisions published (2 accepted, 1 rejected); their e-mails are on their way."),
        ("warning", f"1 application skipped: {fourth.reference} (No decision is pending release.)"),
    ]
    states = {a.reference: (a.state, a.pending_decision) for a in call.applications.all()}
    assert states == {first.reference: (ApplicationState.ACCEPTED, ""), second.reference: (ApplicationState.ACCEPTED, ""),
                      third.reference: (ApplicationState.REJECTED, ""), fourth.reference: (ApplicationState.SUBMITTED, "")}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(a.applicant.email for a in (first, second, third))
    # The audit trail names who decided, at the moment it was published.
    assert list(first.state_changes.values_list("target", "by")) == [(ApplicationState.ACCEPTED, lead.pk)]


def test_call_action_releases_every_pending_decision_of_the_call(lead_client, django_capture_on_commit_callbacks,
                                                                mailoutbox):
    call = SecretariatCallFactory(places=5)
    applications = submitted_in_order(call, 3)
    run_action(lead_client, APPLICATIONS, "waitlist", applications)
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(lead_client, CALLS, "release_decisions", [call])
    assert texts(response) == [("success", f"{call}: 3 decisions published (3 waitlisted); their e-mails are on "
                                           "their way.")]
    assert {a.state for a in call.applications.all()} == {ApplicationState.WAITLISTED}
    assert len(mailoutbox) == 3
    response = run_action(lead_client, CALLS, "release_decisions", [call])
    assert texts(response) == [("info", f"{call}: no decision is pending release.")]


def test_take_back_action_voids_the_held_mail_and_the_applicant_never_hears(lead_client, mailoutbox):
    application = SecretariatApplicationFactory()
    run_action(lead_client, APPLICATIONS, "reject", [application])
    response = run_action(lead_client, APPLICATIONS, "take_back", [application])
    assert texts(response) == [("success", "1 pending decision taken back; its held e-mail was voided.")]
    application.refresh_from_db()
    assert (application.state, application.pending_decision) == (ApplicationState.SUBMITTED, "")
    message = OutboxMessage.objects.get()
    assert (message.state, message.get_void_reason_display()) == (
        OutboxState.VOIDED, "The decision was taken back before it was released")
    assert mailoutbox == []


def test_the_list_shows_the_pending_decision_next_to_what_the_applicant_sees(lead_client):
    application = SecretariatApplicationFactory()
    run_action(lead_client, APPLICATIONS, "accept", [application])
    page = strip_tags(lead_client.get(APPLICATIONS + "?pending=accepted").content.decode())
    assert f"{application.reference}" in page
    assert "Submitted → Accepted (pending release)" in page
    assert application.reference not in strip_tags(lead_client.get(APPLICATIONS + "?pending=rejected")
                                                   .content.decode())


def test_reject_action_on_a_draft_is_skipped_as_an_illegal_move(lead_client, mailoutbox):
    draft = SecretariatApplicationFactory(draft=True)
    response = run_action(lead_client, APPLICATIONS, "reject", [draft])
    assert texts(response) == [("warning", f"1 application skipped: {draft.reference} "
                                           "(This change of state is not allowed.)")]
    draft.refresh_from_db()
    assert draft.state == ApplicationState.DRAFT
    assert (OutboxMessage.objects.count(), mailoutbox) == (0, [])


def test_waitlist_action_from_the_change_page_decides_that_application(lead_client):
    application = SecretariatApplicationFactory()
    url = reverse("admin:programs_application_change", args=[application.pk])
    response = lead_client.post(url, {"CHANGE_FORM-action": "waitlist", "_selected_action": [application.pk]},
                                follow=True)
    application.refresh_from_db()
    assert (application.state, application.pending_decision) == (ApplicationState.SUBMITTED,
                                                                 ApplicationState.WAITLISTED)
    assert texts(response)[0][1].startswith("1 application put on the waiting list. Pending release")


def test_the_state_cannot_be_changed_in_the_form(lead_client):
    application = SecretariatApplicationFactory()
    url = reverse("admin:programs_application_change", args=[application.pk])
    response = lead_client.post(url, {"state": ApplicationState.ACCEPTED, "reviews-TOTAL_FORMS": 0,
                                      "reviews-INITIAL_FORMS": 0, "_save": "Save"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert "state" not in lead_client.get(url).context["adminform"].form.fields


def test_assign_me_action_makes_me_reviewer_and_starts_the_review(lead_client, lead):
    application = SecretariatApplicationFactory()
    response = run_action(lead_client, APPLICATIONS, "assign_me", [application])
    application.refresh_from_db()
    assert list(Review.objects.values_list("application", "reviewer")) == [(application.pk, lead.pk)]
    assert application.state == ApplicationState.UNDER_REVIEW
    my_reviews = reverse("admin:programs_review_changelist")
    assert texts(response) == [
        ("success", f'You review 1 application. <a href="{my_reviews}">My reviews</a>')]


def test_review_inline_assigns_a_reviewer_through_the_service(lead_client, lead, reviewer):
    application = SecretariatApplicationFactory()
    url = reverse("admin:programs_application_change", args=[application.pk])
    response = lead_client.post(url, {"reviews-TOTAL_FORMS": 1, "reviews-INITIAL_FORMS": 0,
                                      "reviews-0-reviewer": reviewer.pk, "_save": "Save"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert list(application.reviews.values_list("reviewer", flat=True)) == [reviewer.pk]
    assert list(application.state_changes.values_list("target", "by")) == [(ApplicationState.UNDER_REVIEW, lead.pk)]


def test_reviewer_autocomplete_offers_only_staff(lead_client, reviewer):
    UserFactory(email="applicant@quito.gob.ec")
    response = lead_client.get(reverse("admin:autocomplete"), {
        "app_label": "programs", "model_name": "review", "field_name": "reviewer", "term": ""})
    ids = [int(item["id"]) for item in response.json()["results"]]
    emails = set(User.objects.filter(pk__in=ids).values_list("email", flat=True))
    assert "applicant@quito.gob.ec" not in emails
    assert reviewer.email in emails


def test_review_inline_refuses_a_reviewer_who_is_not_staff(lead_client):
    application = SecretariatApplicationFactory()
    url = reverse("admin:programs_application_change", args=[application.pk])
    response = lead_client.post(url, {"reviews-TOTAL_FORMS": 1, "reviews-INITIAL_FORMS": 0,
                                      "reviews-0-reviewer": UserFactory().pk, "_save": "Save"})
    assert response.status_code == 200
    assert Review.objects.count() == 0


# --- The application's page ---
def start_mentorship(call, applicant, member):
    """A draft written through the services, with every answer the mentorship form asks for."""
    call.themes.set([ThemeFactory(name="Movilidad", slug="movilidad")])
    application = application_services.application_start(call=call, user=applicant, member=member)
    return application_services.application_save_draft(application=application, by=applicant, answers={
        "title": "Movilidad activa", "summary": "Aprender de otra ciudad.", "role": "mentee",
        "themes": ["movilidad"], "objectives": "Una red de ciclovías."})


# --- The application's page -----------------------------------------------------------------------
def test_change_page_shows_answers_documents_and_timeline(lead_client, lead):
    member = MemberFactory(name="Quito")
    call = SecretariatCallFactory()
    applicant = technician_of(member, email="ana@quito.gob.ec")
    application = start_mentorship(call, applicant, member)
    document = ApplicationDocument.objects.create(
        application=application, file=ContentFile(b"%PDF-1.4", name="plan.pdf"), original_name="plan.pdf",
        content_type="application/pdf", size=8)
    application_services.application_submit(application=application, by=applicant)
    review = review_services.review_assign(application=application, reviewer=lead, by=lead)
    review_services.review_submit(review=review, by=lead, scores={"Relevancia": 4, "Calidad": 2}, comment="")
    response = lead_client.get(reverse("admin:programs_application_change", args=[application.pk]))
    text = strip_tags(response.content.decode())
    assert "Relevancia: 4 Calidad: 2" in text  # the review inline
    assert "Scores: Average 3, spread 0, from 1 review." in text
    assert "Objectives: Una red de ciclovías." in text  # answers, read-only, with their questions
    document_url = reverse("programs:document", kwargs={"reference": application.reference,
                                                        "document_id": document.pk})
    assert f'<a href="{document_url}">plan.pdf</a>' in response.content.decode()
    assert [(row["label"], row["by"]) for row in response.context["timeline"]] == [
        ("Submitted", applicant), ("Review started", lead)]
    assert "Quito" in text


# --- Blind review ---------------------------------------------------------------------------------
@pytest.fixture
def blind_application():
    member = MemberFactory(name="Quito")
    call = SecretariatCallFactory(blind=True)
    applicant = technician_of(member, email="ana@quito.gob.ec")
    application = start_mentorship(call, applicant, member)
    return application_services.application_submit(application=application, by=applicant)


def identity_shown(response) -> tuple[bool, bool]:
    content = response.content.decode()
    return "Quito" in content, "ana@quito.gob.ec" in content


def test_blind_call_hides_the_member_on_the_changelist_from_staff_who_are_not_superusers(
        reviewer_client, blind_application):
    response = reviewer_client.get(APPLICATIONS)
    assert response.status_code == 200
    assert identity_shown(response) == (False, False)
    assert re.search(r'<td class="field-member_display">—</td>', response.content.decode())


def test_blind_call_still_shows_the_member_on_the_changelist_to_a_superuser(lead_client, blind_application):
    response = lead_client.get(APPLICATIONS)
    assert '<td class="field-member_display">Quito</td>' in response.content.decode()


def test_blind_call_hides_the_member_and_applicant_on_the_change_page(reviewer_client, lead_client,
                                                                      blind_application):
    url = reverse("admin:programs_application_change", args=[blind_application.pk])
    hidden = reviewer_client.get(url)
    assert hidden.status_code == 200
    assert identity_shown(hidden) == (False, False)
    assert [row["by"] for row in hidden.context["timeline"]] == [None]
    assert hidden.context["has_absolute_url"] is False  # no "view on site": the public page names the city
    shown = lead_client.get(url)
    assert identity_shown(shown) == (True, True)


def test_blind_call_cannot_be_searched_by_member_by_staff_who_are_not_superusers(
        reviewer_client, lead_client, blind_application):
    assert reviewer_client.get(APPLICATIONS, {"q": "Quito"}).context["cl"].result_count == 0
    by_reference = reviewer_client.get(APPLICATIONS, {"q": blind_application.reference})
    assert by_reference.context["cl"].result_count == 1
    assert lead_client.get(APPLICATIONS, {"q": "Quito"}).context["cl"].result_count == 1


def test_a_call_that_is_not_blind_shows_the_member_to_every_reviewer(reviewer_client):
    SecretariatApplicationFactory(member=MemberFactory(name="Rosario"))
    response = reviewer_client.get(APPLICATIONS, {"q": "Rosario"})
    assert response.context["cl"].result_count == 1
    assert '<td class="field-member_display">Rosario</td>' in response.content.decode()


def test_blind_call_hides_the_member_on_the_review_page(reviewer_client, reviewer, lead_client, lead,
                                                        blind_application):
    review = review_services.review_assign(application=blind_application, reviewer=reviewer, by=lead)
    url = reverse("admin:programs_review_change", args=[review.pk])
    mine = reviewer_client.get(url)
    assert mine.status_code == 200
    assert identity_shown(mine) == (False, False)
    assert identity_shown(reviewer_client.get(reverse("admin:programs_review_changelist"))) == (False, False)
    assert identity_shown(lead_client.get(url)) == (True, True)


# --- Reviews ---
def test_review_page_shows_the_answers_and_the_documents(reviewer_client, reviewer, lead):
    member = MemberFactory(name="Quito")
    application = start_mentorship(SecretariatCallFactory(), technician_of(member), member)
    document = ApplicationDocument.objects.create(
        application=application, file=ContentFile(b"%PDF-1.4", name="plan.pdf"), original_name="plan.pdf",
        content_type="application/pdf", size=8)
    application_services.application_submit(application=application, by=application.applicant)
    review = review_services.review_assign(application=application, reviewer=reviewer, by=lead)
    response = reviewer_client.get(reverse("admin:programs_review_change", args=[review.pk]))
    content = response.content.decode()
    document_url = reverse("programs:document", kwargs={"reference": application.reference,
                                                        "document_id": document.pk})
    assert f'<a href="{document_url}">plan.pdf</a>' in content
    assert "Objectives Una red de ciclovías." in strip_tags(content)


# --- Reviews --------------------------------------------------------------------------------------
def review_url(review):
    return reverse("admin:programs_review_change", args=[review.pk])


def test_review_form_has_one_field_per_criterion_of_the_call(reviewer_client, reviewer):
    review = ReviewFactory(reviewer=reviewer)
    form = reviewer_client.get(review_url(review)).context["adminform"].form
    assert [(name, str(field.label), field.min_value, field.max_value) for name, field in form.fields.items()
            if name.startswith("score_")] == [("score_0", "Relevancia", 0, 5), ("score_1", "Calidad", 0, 5)]


def test_review_form_saves_through_the_service_and_the_changelist_shows_average_and_spread(
        reviewer_client, reviewer, lead_client):
    other = staff_without_superpowers(*REVIEWER_PERMISSIONS)
    application = SecretariatApplicationFactory()
    mine = ReviewFactory(reviewer=reviewer, application=application)
    ReviewFactory(reviewer=other, application=application, scores={"Relevancia": 2, "Calidad": 2},
                  submitted_at=timezone.now())
    response = reviewer_client.post(review_url(mine), {"score_0": 5, "score_1": 3, "comment": "Muy buena",
                                                       "_save": "Save"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.scores, mine.comment, mine.submitted_at is not None) == (
        {"Relevancia": 5, "Calidad": 3}, "Muy buena", True)
    application.refresh_from_db()
    assert application.state == ApplicationState.UNDER_REVIEW
    content = lead_client.get(APPLICATIONS).content.decode()
    assert '<td class="field-reviews_display">2 / 2</td>' in content
    assert '<td class="field-average_display">3</td>' in content  # (4 + 2) / 2
    assert '<td class="field-spread_display">1</td>' in content


@pytest.mark.parametrize(("scores", "error"), [
    ({"score_0": 6, "score_1": 3}, "Ensure this value is less than or equal to 5."),
    ({"score_0": -1, "score_1": 3}, "Ensure this value is greater than or equal to 0."),
    ({"score_1": 3}, "This field is required."),
])
def test_review_form_refuses_a_missing_or_out_of_range_score(reviewer_client, reviewer, scores, error):
    review = ReviewFactory(reviewer=reviewer)
    response = reviewer_client.post(review_url(review), {**scores, "comment": "", "_save": "Save"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["score_0"] == [error]
    review.refresh_from_db()
    assert review.submitted_at is None


def test_reviewer_sees_only_their_reviews_and_a_superuser_sees_all(reviewer_client, reviewer, lead_client):
    mine = ReviewFactory(reviewer=reviewer)
    ReviewFactory()
    listed = reviewer_client.get(reverse("admin:programs_review_changelist"))
    assert [r.pk for r in listed.context["cl"].result_list] == [mine.pk]
    assert listed.context["title"] == "My reviews"
    assert lead_client.get(reverse("admin:programs_review_changelist")).context["cl"].result_count == 2


def test_someone_elses_review_is_read_only_even_for_a_superuser(lead_client, reviewer):
    review = ReviewFactory(reviewer=reviewer)
    data = {"score_0": 1, "score_1": 1, "comment": "", "_save": "Save"}
    response = lead_client.post(review_url(review), data)
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.submitted_at is None


def test_another_reviewer_cannot_open_my_review(client, reviewer):
    review = ReviewFactory(reviewer=reviewer)
    client.force_login(staff_without_superpowers(*REVIEWER_PERMISSIONS))
    response = english(client).get(review_url(review))
    assert response.status_code == 302  # the admin redirects to its index: "does not exist"
    assert response.url == reverse("admin:index")


# --- Calls ----------------------------------------------------------------------------------------
def drafts_in(call, count):
    return [SecretariatApplicationFactory(call=call, draft=True) for _ in range(count)]


def test_close_now_action_closes_the_call_and_tells_each_draft(lead_client):
    call = SecretariatCallFactory()
    drafts = drafts_in(call, 2)
    SecretariatApplicationFactory(call=call)  # submitted: not told
    before = timezone.now()
    response = run_action(lead_client, CALLS, "close_now", [call])
    call.refresh_from_db()
    assert before <= call.closes_at <= timezone.now()
    assert texts(response) == [("success", "1 call closed; applicants with a draft have been told.")]
    queued = OutboxMessage.objects.filter(state=OutboxState.QUEUED, topic="deadline")
    assert sorted(queued.values_list("related_reference", flat=True)) == sorted(d.reference for d in drafts)
    assert OutboxMessage.objects.count() == 2


def test_close_now_action_on_a_call_not_yet_open_shows_the_error(lead_client):
    call = SecretariatCallFactory(opens_at=timezone.now() + timedelta(days=3),
                                  closes_at=timezone.now() + timedelta(days=30))
    closes_at = call.closes_at
    response = run_action(lead_client, CALLS, "close_now", [call])
    call.refresh_from_db()
    assert call.closes_at == closes_at
    assert texts(response) == [("error", f"{call.title}: A call that has not opened cannot be closed early; "
                                         "unpublish it instead.")]


def test_extend_action_asks_for_the_new_deadline(lead_client):
    call = SecretariatCallFactory()
    response = run_action(lead_client, CALLS, "extend_deadline", [call])
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "admin/programs/call/extend_deadline.html"
    assert "new_deadline" in response.context["form"].fields


def test_extend_action_sets_the_deadline_in_the_calls_time_zone_and_tells_each_draft(lead_client):
    call = SecretariatCallFactory(time_zone="America/Bogota")
    drafts = drafts_in(call, 3)
    response = run_action(lead_client, CALLS, "extend_deadline", [call], apply="1",
                          new_deadline="2030-07-15T23:59")
    call.refresh_from_db()
    assert call.closes_at == datetime(2030, 7, 15, 23, 59, tzinfo=zoneinfo.ZoneInfo("America/Bogota"))
    assert call.closes_at == datetime(2030, 7, 16, 4, 59, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert texts(response) == [
        ("success", "The deadline of 1 call was extended; applicants with a draft have been told.")]
    queued = OutboxMessage.objects.filter(state=OutboxState.QUEUED, topic="deadline")
    assert sorted(queued.values_list("related_reference", flat=True)) == sorted(d.reference for d in drafts)


def test_extend_action_to_an_earlier_deadline_shows_the_error_and_changes_nothing(lead_client):
    call = SecretariatCallFactory()
    drafts_in(call, 1)
    closes_at = call.closes_at
    response = run_action(lead_client, CALLS, "extend_deadline", [call], apply="1",
                          new_deadline="2020-01-01T10:00")
    call.refresh_from_db()
    assert call.closes_at == closes_at
    assert texts(response) == [
        ("error", f"{call.title}: The new deadline must be later than the current one.")]
    assert OutboxMessage.objects.count() == 0


def test_extend_action_without_a_date_asks_again(lead_client):
    call = SecretariatCallFactory()
    closes_at = call.closes_at
    response = run_action(lead_client, CALLS, "extend_deadline", [call], apply="1", new_deadline="mañana")
    assert response.context["form"].errors == {"new_deadline": ["Enter a valid date/time."]}
    call.refresh_from_db()
    assert call.closes_at == closes_at


def test_mark_as_resolved_action_resolves_the_call(lead_client):
    call = SecretariatCallFactory(closes_at=timezone.now() - timedelta(days=1),
                                  opens_at=timezone.now() - timedelta(days=30))
    run_action(lead_client, CALLS, "mark_resolved", [call])
    call.refresh_from_db()
    assert call.get_state_display() == "Resolved"


def call_form_data(call: Call, **overrides) -> dict:
    zone = call.tz
    data = {
        "title_es": call.title, "slug": call.slug, "kind": call.kind, "summary_es": "", "description_es": "",
        "published": "on", "time_zone": call.time_zone,
        "opens_at_0": call.opens_at.astimezone(zone).strftime("%Y-%m-%d"),
        "opens_at_1": call.opens_at.astimezone(zone).strftime("%H:%M:%S"),
        "closes_at_0": call.closes_at.astimezone(zone).strftime("%Y-%m-%d"),
        "closes_at_1": call.closes_at.astimezone(zone).strftime("%H:%M:%S"),
        "eligibility": call.eligibility, "population_min": "", "max_per_member": "", "max_per_person": "",
        "places": "", "reminder_offsets": "[7, 1]", "review_criteria": '["Relevancia"]', "score_max": 5,
        "access_codes-TOTAL_FORMS": 0, "access_codes-INITIAL_FORMS": 0, "_save": "Save",
    }
    data.update(overrides)
    return data


def test_access_code_inline_generates_a_code_when_left_empty(lead_client):
    call = SecretariatCallFactory()
    url = reverse("admin:programs_call_change", args=[call.pk])
    response = lead_client.post(url, call_form_data(call, **{
        "access_codes-TOTAL_FORMS": 1, "access_codes-0-code": "",
        "access_codes-0-email": "tarde@pasto.gov.co", "access_codes-0-note": "Corte de luz",
        "access_codes-0-valid_until_0": "2030-01-10", "access_codes-0-valid_until_1": "12:00:00"}))
    assert response.status_code == 302
    code = CallAccessCode.objects.get()
    assert (code.call, code.email, len(code.code)) == (call, "tarde@pasto.gov.co", 11)
    assert re.fullmatch(r"[A-Za-z0-9_-]{11}", code.code)


def test_access_code_inline_keeps_a_code_given_by_hand(lead_client):
    call = SecretariatCallFactory()
    lead_client.post(reverse("admin:programs_call_change", args=[call.pk]), call_form_data(call, **{
        "access_codes-TOTAL_FORMS": 1, "access_codes-0-code": "PASTO-2026",
        "access_codes-0-email": "t@pasto.co", "access_codes-0-valid_until_0": "2030-01-10",
        "access_codes-0-valid_until_1": "12:00:00"}))
    assert list(CallAccessCode.objects.values_list("code", flat=True)) == ["PASTO-2026"]


def test_call_form_reads_the_deadline_in_the_calls_time_zone(lead_client):
    call = SecretariatCallFactory(time_zone="America/Bogota")
    url = reverse("admin:programs_call_change", args=[call.pk])
    response = lead_client.post(url, call_form_data(call, closes_at_0="2030-07-15", closes_at_1="23:59:00"))
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.closes_at == datetime(2030, 7, 16, 4, 59, tzinfo=zoneinfo.ZoneInfo("UTC"))
    form = lead_client.get(url).context["adminform"].form
    bogota = zoneinfo.ZoneInfo("America/Bogota")
    assert form["closes_at"].value() == datetime(2030, 7, 15, 23, 59, tzinfo=bogota)


def test_call_changelist_shows_state_deadline_in_its_zone_and_counts_by_state(lead_client):
    call = SecretariatCallFactory(title="Mentorías 2030", time_zone="America/Bogota",
                                  closes_at=datetime(2030, 7, 16, 4, 59, tzinfo=zoneinfo.ZoneInfo("UTC")))
    SecretariatApplicationFactory.create_batch(2, call=call)
    SecretariatApplicationFactory(call=call, draft=True)
    response = lead_client.get(CALLS)
    row = response.context["cl"].result_list[0]
    assert (row.n_total, row.n_submitted, row.n_draft, row.n_accepted) == (3, 2, 1, 0)
    content = response.content.decode()
    assert '<td class="field-state_display">Open</td>' in content
    assert '<td class="field-closes_display">15/07/2030 23:59<br><span class="quiet">America/Bogota</span>' \
        in content
    all_url = f"{APPLICATIONS}?call__id__exact={call.pk}"
    assert f'<a href="{all_url}">3 applications</a>' in content
    assert f'<a href="{all_url}&amp;state__exact=submitted">Submitted: 2</a>' in content


def test_the_link_from_a_call_lists_only_its_applications(lead_client):
    call = SecretariatCallFactory()
    mine = SecretariatApplicationFactory(call=call)
    SecretariatApplicationFactory()
    response = lead_client.get(APPLICATIONS, {"call__id__exact": call.pk})
    assert [a.pk for a in response.context["cl"].result_list] == [mine.pk]


def test_needs_review_filter_lists_applications_without_a_submitted_review(lead_client):
    waiting = SecretariatApplicationFactory()
    reviewed = SecretariatApplicationFactory(state=ApplicationState.UNDER_REVIEW)
    ReviewFactory(application=reviewed, scores={"Relevancia": 3, "Calidad": 3}, submitted_at=timezone.now())
    SecretariatApplicationFactory(draft=True)
    response = lead_client.get(APPLICATIONS, {"review": "none"})
    assert [a.pk for a in response.context["cl"].result_list] == [waiting.pk]


def test_reminder_log_is_read_only(lead_client):
    call = SecretariatCallFactory()
    ReminderSent.objects.create(call=call, recipient="ana@quito.gob.ec", offset_days=7,
                                deadline=call.closes_at)
    response = lead_client.get(reverse("admin:programs_remindersent_changelist"))
    assert "ana@quito.gob.ec" in response.content.decode()
    assert lead_client.get(reverse("admin:programs_remindersent_add")).status_code == 403


# --- Query counts ---------------------------------------------------------------------------------
APPLICATION_LIST_BOUND = 10  # session, user, permissions (2), filters (2), counts (2), page, reviews
CALL_LIST_BOUND = 6
REVIEW_LIST_BOUND = 8


@pytest.mark.parametrize("rows", [2, 20])
def test_application_changelist_queries_do_not_grow(lead_client, django_assert_max_num_queries, rows):
    call = SecretariatCallFactory()
    reviewers = [UserFactory(is_staff=True) for _ in range(2)]
    for application in SecretariatApplicationFactory.create_batch(rows, call=call):
        for reviewer in reviewers:
            ReviewFactory(application=application, reviewer=reviewer, scores={"Relevancia": 3, "Calidad": 4},
                          submitted_at=timezone.now())
    with django_assert_max_num_queries(APPLICATION_LIST_BOUND):
        response = lead_client.get(APPLICATIONS, {"call__id__exact": call.pk})
    assert response.context["cl"].result_count == rows
    assert response.content.decode().count('<td class="field-average_display">3.5</td>') == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_application_changelist_queries_do_not_grow_for_a_reviewer(
        reviewer_client, django_assert_max_num_queries, rows):
    call = SecretariatCallFactory(blind=True)
    for application in SecretariatApplicationFactory.create_batch(rows, call=call):
        ReviewFactory.create_batch(2, application=application)
    with django_assert_max_num_queries(APPLICATION_LIST_BOUND):
        response = reviewer_client.get(APPLICATIONS, {"call__id__exact": call.pk})
    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_call_changelist_queries_do_not_grow(lead_client, django_assert_max_num_queries, rows):
    for call in SecretariatCallFactory.create_batch(rows):
        SecretariatApplicationFactory.create_batch(2, call=call)
    with django_assert_max_num_queries(CALL_LIST_BOUND):
        response = lead_client.get(CALLS)
    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_review_changelist_queries_do_not_grow(
        reviewer_client, reviewer, django_assert_max_num_queries, rows):
    ReviewFactory.create_batch(rows, reviewer=reviewer)
    with django_assert_max_num_queries(REVIEW_LIST_BOUND):
        response = reviewer_client.get(reverse("admin:programs_review_changelist"))
    assert response.context["cl"].result_count == rows


def test_access_code_is_emailed_to_its_applicant_in_their_language_with_the_end_in_the_calls_zone(
        lead_client, mailoutbox, django_capture_on_commit_callbacks):
    call = SecretariatCallFactory(time_zone="America/Mexico_City", title="Premio Ciudades")
    UserFactory(email="tarde@recife.pe.gov.br", language="pt-br")
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(reverse("admin:programs_call_change", args=[call.pk]), call_form_data(call, **{
            "access_codes-TOTAL_FORMS": 1, "access_codes-0-code": "RECIFE-26",
            "access_codes-0-email": "tarde@recife.pe.gov.br", "access_codes-0-send_by_email": "on",
            "access_codes-0-valid_until_0": "2030-01-10", "access_codes-0-valid_until_1": "12:00:00"}), follow=True)
    assert ("success", "1 access code e-mailed to its applicant.") in texts(response)
    code = CallAccessCode.objects.get()
    assert code.sent_at is not None
    [mail] = mailoutbox
    assert mail.to == ["tarde@recife.pe.gov.br"]
    assert mail.subject.endswith('Seu código para candidatar-se fora do prazo a “Premio Ciudades”')
    # Entered as 12:00 in the call's own zone, and said so, with the zone named.
    assert code.valid_until == datetime(2030, 1, 10, 18, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert "RECIFE-26" in mail.body and "10 de Janeiro de 2030 às 12:00 (America/Mexico_City)" in mail.body
    message = OutboxMessage.objects.get(topic="access-code")
    assert (message.language, message.get_topic_display()) == ("pt-br", "Late-submission access code")


def test_a_used_access_code_is_not_emailed(lead_client, mailoutbox, django_capture_on_commit_callbacks):
    call = SecretariatCallFactory()
    code = CallAccessCode.objects.create(call=call, code="USED-1", email="t@pasto.co", used_at=timezone.now(),
                                         valid_until=timezone.now() + timedelta(days=3))
    data = call_form_data(call, **{
        "access_codes-TOTAL_FORMS": 1, "access_codes-INITIAL_FORMS": 1, "access_codes-0-id": code.pk,
        "access_codes-0-call": call.pk, "access_codes-0-code": "USED-1", "access_codes-0-email": "t@pasto.co",
        "access_codes-0-send_by_email": "on",
        "access_codes-0-valid_until_0": timezone.localtime(code.valid_until).strftime("%Y-%m-%d"),
        "access_codes-0-valid_until_1": timezone.localtime(code.valid_until).strftime("%H:%M:%S")})
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(reverse("admin:programs_call_change", args=[call.pk]), data, follow=True)
    assert ("warning", "A code already used or no longer valid was not e-mailed.") in texts(response)
    assert mailoutbox == []
