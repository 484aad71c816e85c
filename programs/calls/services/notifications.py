"""The e-mails of the calls engine, each one function; all go through network.mail (the outbox)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists
from django.db.models import OuterRef
from django.db.models import Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone

from network.enums import MailTopic
from network.mail import Attachment
from network.mail import mail_send
from network.mail import mail_send_once
from network.mail import recipient_language
from network.models import SentNotice
from network.queue import enqueue_on_commit
from network.selectors import focal_points_of

from ..models import Application
from ..models import Call
from .transitions import DECISION_TOPIC


def _url(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def application_submitted(*, application: Application) -> None:
    """The receipt (with a PDF copy) is rendered by a task once the submission is committed."""
    from ..tasks import send_receipt

    enqueue_on_commit(send_receipt, application_id=application.pk)  # else receipts_catch_up
    if application.state == "awaiting_endorsement":
        for person in focal_points_of(application.member).exclude(email="").order_by("pk"):
            mail_send(
                to=person.email,
                template="programs/mail/endorsement_request",
                language=recipient_language(person),
                context={"application": application, "call": application.call, "person": person,
                         "url": _url("programs:endorsement", reference=application.reference)},
                topic="endorsement",
                reference=application.reference,
            )


def review_assigned(*, review) -> None:
    """Tell a reviewer an application waits for their scores. What it says of the application is what
    the reviewer may read: on a blind call, no city and no applicant, and their names taken out of
    the title (programs.calls.selectors.shown_title)."""
    from ..selectors import identity_hidden_for
    from ..selectors import shown_title

    application = review.application
    reviewer = review.reviewer
    if not reviewer.email:
        return
    hidden = identity_hidden_for(reviewer, application)
    mail_send(
        to=reviewer.email,
        template="programs/mail/review_assigned",
        language=recipient_language(reviewer),
        context={"call": application.call, "reference": application.reference,
                 "title": shown_title(application, hide_identity=hidden),
                 "member": None if hidden or application.member_id is None else application.member.name,
                 "blind": hidden, "url": settings.SITE_URL + reverse("admin:programs_review_change",
                                                                     args=[review.pk])},
        topic=MailTopic.REVIEW,
        reference=application.reference,
    )


def _to_applicant(*, application: Application, template: str, topic: str, url: str, hold: bool = False,
                  attachments=(), **context) -> None:
    mail_send(
        to=application.applicant.email,
        template=f"programs/mail/{template}",
        language=recipient_language(application.applicant),
        context={"application": application, "call": application.call, "url": url, **context},
        attachments=list(attachments),
        hold=hold,
        topic=topic,
        reference=application.reference,
    )


def _page(application: Application) -> str:
    return _url("programs:application", reference=application.reference)


def _form(application: Application) -> str:
    return _url("programs:application_edit", reference=application.reference)


def receipt_key(application: Application) -> str:
    return f"receipt:{application.reference}"


def receipt_send(*, application: Application, pdf: bytes) -> bool:
    """Once per application, whether the task or the catch-up job (or both at once) gets there.
    Whether this call sent it."""
    return mail_send_once(
        key=receipt_key(application), to=application.applicant.email, template="programs/mail/receipt",
        language=recipient_language(application.applicant),
        context={"application": application, "call": application.call, "url": _page(application)},
        attachments=[Attachment(f"{application.reference}.pdf", pdf, "application/pdf")],
        topic="receipt", reference=application.reference) is not None


def receipts_catch_up(*, now=None) -> int:
    """The periodic job: receipts of applications submitted over two minutes ago (in the last week)
    whose task was lost (the broker was down) are sent now."""
    from ..tasks import receipt_render_and_send

    now = now or timezone.now()
    waiting = (Application.objects.filter(submitted_at__lte=now - timedelta(minutes=2),
                                          submitted_at__gte=now - timedelta(days=7))
               .annotate(key=Concat(Value("receipt:"), "reference"))
               .exclude(Exists(SentNotice.objects.filter(key=OuterRef("key"))))
               .order_by("submitted_at").values_list("pk", flat=True)[:200])
    return sum(receipt_render_and_send(application_id=application_id) for application_id in waiting)


def application_endorsed(*, application: Application) -> None:
    _to_applicant(application=application, template="endorsed", topic="endorsement", url=_page(application))


def application_returned(*, application: Application) -> None:
    _to_applicant(application=application, template="returned", topic="endorsement", url=_form(application))


def decision_held(*, application: Application, decision: str) -> None:
    """The e-mail announcing a decision pending release, written to the outbox held: staff read and
    may edit it; it goes out when the decision is released, and is voided if the decision changes."""
    _to_applicant(application=application, template="decision", topic=DECISION_TOPIC, url=_page(application),
                  hold=True, decision=decision)


def deadline_changed(*, call: Call, drafts) -> None:
    for application in drafts:
        _to_applicant(application=application, template="deadline_changed", topic="deadline", url=_form(application))


def access_code_send(*, access_code) -> None:
    """E-mail a late-submission code to the person it was made for, in their language (their
    account's, when they have one; the portal's default otherwise), with the call's link and the
    code's end in the call's time zone."""
    from network.models import User

    account = User.objects.select_related("person").filter(email__iexact=access_code.email).first()
    mail_send(
        to=access_code.email,
        template="programs/mail/access_code",
        language=recipient_language(account) if account else settings.LANGUAGE_CODE,
        context={"code": access_code, "call": access_code.call,
                 "url": _url("programs:call", slug=access_code.call.slug)},
        topic="access-code",
        reference=access_code.code,
    )
