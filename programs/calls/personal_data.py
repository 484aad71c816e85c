"""The calls engine's personal data (network.privacy): applications, their documents, reviews,
access codes and reminders."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from network.personal_data import AUDIT
from network.personal_data import by_email
from network.personal_data import by_person
from network.personal_data import by_user
from network.privacy import KEEP_LINK
from network.privacy import PSEUDONYMISE
from network.privacy import PersonalData
from network.privacy import declare_personal
from network.privacy import keep

CITY_RECORD = _("Made on behalf of the city: the record of the network's programmes (the person's own "
                "details are in their pseudonymised person record)")


def register() -> None:
    from .models import Application
    from .models import ApplicationDocument
    from .models import CallAccessCode
    from .models import ReminderSent
    from .models import Review

    applicant = by_user("applicant")
    declare_personal(PersonalData(
        model=Application,
        owner=lambda s: applicant(s) | by_person("person")(s) | by_user("endorsed_by")(s)
        | by_user("pending_decided_by")(s),
        fields={"applicant": KEEP_LINK, "person": KEEP_LINK, "endorsed_by": KEEP_LINK,
                "pending_decided_by": KEEP_LINK, "data": keep(CITY_RECORD), "title": keep(CITY_RECORD),
                "return_comment": keep(CITY_RECORD)},
        purpose=_("Applications to the network's calls, made for a city")))
    declare_personal(PersonalData(
        model=ApplicationDocument, owner=by_user("application__applicant"),
        fields={"file": keep(CITY_RECORD), "original_name": keep(CITY_RECORD)},
        purpose=_("The documents of those applications")))
    declare_personal(PersonalData(
        model=CallAccessCode, owner=by_email("email"), fields={"email": PSEUDONYMISE},
        purpose=_("Late-submission codes the secretariat sent")))
    declare_personal(PersonalData(
        model=ReminderSent, owner=by_email("recipient"), fields={"recipient": PSEUDONYMISE},
        purpose=_("Proof that a deadline reminder was sent (so it is never sent twice)")))
    declare_personal(PersonalData(
        model=Review, owner=by_user("reviewer"), fields={"reviewer": KEEP_LINK, "comment": keep(AUDIT)},
        purpose=_("Reviews written by the secretariat's reviewers")))


def register_retention() -> None:
    """How long applications nobody will act on keep their personal content (network.retention)."""
    from network.retention import RetentionKind
    from network.retention import declare_retention

    declare_retention(RetentionKind(
        key="draft-applications", default_days=180, purge=_drafts_purge,
        label=_("Draft applications never submitted"), counted_from=_("after their call closes"),
        action=_("deleted with their documents")))
    declare_retention(RetentionKind(
        key="rejected-applications", default_days=730, purge=_rejected_purge,
        label=_("Rejected applications"), counted_from=_("after the decision"),
        action=_("their answers and documents are deleted; the call's figures keep counting them")))


def _drafts_purge(cutoff) -> int:
    from network.retention import delete_files_on_commit

    from .enums import ApplicationState
    from .models import Application
    from .models import ApplicationDocument

    # Subqueries, not lists of ids: a first run can reach more rows than a statement may carry
    # parameters (65,535 with PostgreSQL's prepared statements). The run holds its claim's lock.
    stale = Application.objects.filter(state=ApplicationState.DRAFT, submitted_at__isnull=True,
                                       call__closes_at__lt=cutoff)
    count = stale.count()
    delete_files_on_commit([d.file for d in ApplicationDocument.objects.filter(application__in=stale.values("pk"))
                            .only("file")])
    stale.delete()
    return count


def _rejected_purge(cutoff) -> int:
    from django.db.models import Q

    from network.retention import delete_files_on_commit

    from .enums import ApplicationState
    from .models import Application
    from .models import ApplicationDocument

    rejected = Application.objects.filter(state=ApplicationState.REJECTED, decided_at__lt=cutoff)
    # As above, subqueries: the answers go first, while the documents still say which to empty.
    holding = Application.objects.filter(pk__in=rejected.filter(Q(documents__isnull=False) | ~Q(data={})).values("pk"))
    count = holding.count()
    documents = ApplicationDocument.objects.filter(application__in=rejected.values("pk"))
    delete_files_on_commit([d.file for d in documents.only("file")])
    holding.update(data={}, draft_page="")
    documents.delete()
    return count
