"""The outbox message page: the message as its recipient will read it, and what staff can do with it."""

import html
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from network.enums import MailTopic
from network.enums import OutboxState
from network.enums import VoidReason
from network.mail import Attachment
from network.mail import mail_send
from network.models import OutboxMessage
from programs.calls.enums import ApplicationState
from programs.calls.services.decisions import application_decide
from tests.factories import UserFactory
from tests.programs.admin_factories import SecretariatApplicationFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(staff=True))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def held_decision(decision=ApplicationState.ACCEPTED):
    application = SecretariatApplicationFactory()
    application_decide(application=application, decision=decision, by=UserFactory(staff=True))
    return application, OutboxMessage.objects.get(related_reference=application.reference, state=OutboxState.HELD)


def page_text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_page_shows_recipients_as_a_list_the_text_part_a_sandboxed_preview_and_the_buttons(staff_client):
    message = mail_send(to=["ana@quito.gob.ec", "luis@quito.gob.ec"], template="programs/mail/decision",
                        language="en", context={"application": SecretariatApplicationFactory(), "call": None,
                                                "decision": "accepted", "url": "https://x"},
                        attachments=[Attachment("acta.pdf", b"%PDF-1.7" * 128, "application/pdf")],
                        hold=True, topic="decision", reference="MEN-1")
    response = staff_client.get(reverse("admin:network_outboxmessage_change", args=[message.pk]))
    body = response.content.decode()
    assert '<li>ana@quito.gob.ec</li><li>luis@quito.gob.ec</li>' in body
    preview = reverse("admin:network_outboxmessage_preview", args=[message.pk])
    assert f'<iframe class="outbox-frame" sandbox="" src="{preview}"' in body
    text = page_text(response)
    assert "Decision on an application · MEN-1" in text  # the category's label, not its key
    assert "Held for review" in text and "acta.pdf (1.0 KB)" in text
    assert "We are pleased to tell you that your application" in text  # the text part
    assert "Send it (and publish the decision)" in text and "Discard it" in text


def test_the_preview_is_the_html_part_with_only_its_own_styles_allowed_and_framable_by_the_admin(staff_client):
    _application, message = held_decision()
    response = staff_client.get(reverse("admin:network_outboxmessage_preview", args=[message.pk]))
    assert response.content.decode() == message.html
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "style-src 'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy and "script-src" not in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_the_send_button_publishes_the_decision_and_sends_its_mail(staff_client, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    application, message = held_decision(ApplicationState.REJECTED)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("admin:network_outboxmessage_send", args=[message.pk]), follow=True)
    assert (f"The message is on its way, and the decision on {application.reference} is published."
            in page_text(response))
    application.refresh_from_db()
    assert application.state == ApplicationState.REJECTED
    assert [m.to for m in mailoutbox] == [[application.applicant.email]]


def test_the_discard_button_discards_and_a_second_click_sends_nothing(staff_client, mailoutbox):
    _application, message = held_decision()
    url = reverse("admin:network_outboxmessage_discard", args=[message.pk])
    assert "The message was discarded" in page_text(staff_client.post(url, follow=True))
    message.refresh_from_db()
    assert message.state == OutboxState.DISCARDED
    send = reverse("admin:network_outboxmessage_send", args=[message.pk])
    assert staff_client.post(send).status_code == 404  # no longer held: not changeable
    assert staff_client.get(send).status_code in (404, 405)
    assert mailoutbox == []


def test_a_voided_message_says_why_on_its_page_and_in_the_list(staff_client):
    application, message = held_decision(ApplicationState.ACCEPTED)
    application_decide(application=application, decision=ApplicationState.WAITLISTED, by=UserFactory(staff=True))
    message.refresh_from_db()
    assert message.void_reason == VoidReason.SUPERSEDED
    text = page_text(staff_client.get(reverse("admin:network_outboxmessage_change", args=[message.pk])))
    assert "Voided — A newer decision replaced it" in text
    assert "Send it" not in text
    listing = page_text(staff_client.get(reverse("admin:network_outboxmessage_changelist")))
    assert "Voided (A newer decision replaced it)" in listing
    assert "Decision on an application" in listing and "Held for review" in listing


def test_staff_without_outbox_permission_cannot_read_or_send(client):
    _application, message = held_decision()
    clerk = UserFactory(staff=True, is_superuser=False)
    clerk.user_permissions.add(Permission.objects.get(codename="view_member"))
    client.force_login(clerk)
    for name in ("preview", "change"):
        assert client.get(reverse(f"admin:network_outboxmessage_{name}", args=[message.pk])).status_code in (403, 404, 302)
    assert client.post(reverse("admin:network_outboxmessage_send", args=[message.pk])).status_code == 404
    message.refresh_from_db()
    assert message.state == OutboxState.HELD


def test_every_topic_the_code_writes_has_a_translated_label():
    sources = [p for folder in ("network", "programs", "campus", "events")
               for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts and "demo" not in p.parts]
    topics = {topic for path in sources for topic in re.findall(r'topic="([a-z-]+)"', path.read_text())}
    assert topics, "the scan found no topics"
    assert topics <= set(MailTopic.values), topics - set(MailTopic.values)


def test_a_held_message_is_edited_with_one_recipient_per_line_and_a_bad_address_keeps_what_was_typed(staff_client):
    _application, message = held_decision()
    url = reverse("admin:network_outboxmessage_change", args=[message.pk])
    form = staff_client.get(url).context["adminform"].form
    assert form["to"].value() == "\n".join(message.to)  # a line per address, not a JSON list
    typed = {"to": "ana@quito.gob.ec\nno es un correo", "subject": "Decisión revisada", "text": "Texto revisado",
             "html": message.html}
    response = staff_client.post(url, typed)
    assert response.status_code == 200
    assert "no es un correo is not a valid e-mail address." in page_text(response)
    assert response.context["adminform"].form["subject"].value() == "Decisión revisada"  # nothing typed is lost
    staff_client.post(url, {**typed, "to": "ana@quito.gob.ec\nluis@quito.gob.ec, eva@quito.gob.ec"})
    message.refresh_from_db()
    assert (message.to, message.subject) == (["ana@quito.gob.ec", "luis@quito.gob.ec", "eva@quito.gob.ec"],
                                             "Decisión revisada")


def test_a_sent_message_page_shows_only_its_delivery_below_the_preview_and_cannot_be_deleted(staff_client):
    message = mail_send(to=["ana@quito.gob.ec"], template="programs/mail/decision", language="en",
                        context={"application": SecretariatApplicationFactory(), "call": None,
                                 "decision": "accepted", "url": "https://x"}, topic="decision", reference="MEN-2")
    response = staff_client.get(reverse("admin:network_outboxmessage_change", args=[message.pk]))
    fields = [field for fieldset in response.context["adminform"] for line in fieldset for field in line]
    assert [field.field["name"] for field in fields] == ["created_at", "sent_at", "attempts"]
    assert staff_client.post(reverse("admin:network_outboxmessage_delete", args=[message.pk]),
                             {"post": "yes"}).status_code == 403
    assert OutboxMessage.objects.filter(pk=message.pk).exists()
