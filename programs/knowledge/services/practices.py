"""The good-practice bank: members write and submit their practices, the secretariat moderates them
through the workflow (programs.knowledge.enums.PRACTICE_WORKFLOW), and transfers between cities are
recorded."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from network.documents import JPEG
from network.documents import PNG
from network.documents import display_name
from network.documents import reencoded_image
from network.documents import validate_upload
from network.mail import mail_send
from network.mail import recipient_language
from network.models import Member
from network.models import SustainableDevelopmentGoal
from network.models import Theme
from network.models import User
from network.page_cache import public_pages_changed
from network.selectors import focal_points_of

from ..enums import PRACTICE_WORKFLOW
from ..enums import KnowledgeActor
from ..enums import PracticeFileKind
from ..enums import PracticeState
from ..models import GoodPractice
from ..models import PracticeFile
from ..models import PracticeTransfer
from .errors import PracticeLocked
from .errors import SelfTransfer
from .errors import TooManyFiles
from .errors import TransferExists
from .slugs import unique_slug

EDITABLE_FIELDS = ("title", "summary", "body", "year", "microrred", "webinar", "mentorship")


def practice_refresh_search(practice: GoodPractice) -> None:
    """Rebuild the accent-free search key with the practice's themes (after the many-to-many is set)."""
    names: list[str] = []
    for theme in practice.themes.all():
        names += [theme.name, theme.name_pt, theme.name_en]
    practice.search_text = practice.build_search_text(theme_names=[n for n in names if n])
    GoodPractice.objects.filter(pk=practice.pk).update(search_text=practice.search_text)
    public_pages_changed()  # the search finds it by its new key


@transaction.atomic
def practice_create(
    *,
    member: Member,
    by: User | None,
    title: str,
    summary: str,
    year: int,
    body: str = "",
    themes: Iterable[Theme] = (),
    sdgs: Iterable[SustainableDevelopmentGoal] = (),
    state: str = PracticeState.DRAFT,
    now: datetime | None = None,
    **links,
) -> GoodPractice:
    """A new practice of `member`, a draft unless the secretariat loads one already published."""
    now = now or timezone.now()
    practice = GoodPractice(
        member=member, title=title, slug=unique_slug(GoodPractice, title, max_length=140), summary=summary,
        body=body, year=year, created_by=by if getattr(by, "pk", None) else None, state=state, created_at=now,
        published_at=now if state == PracticeState.PUBLISHED else None,
        **{k: v for k, v in links.items() if k in EDITABLE_FIELDS},
    )
    practice.full_clean(exclude=["slug", "search_text"])
    practice.save()
    practice.themes.set(themes)
    practice.sdgs.set(sdgs)
    practice_refresh_search(practice)
    return practice


@transaction.atomic
def practice_update(
    *,
    practice: GoodPractice,
    by: User | None,
    staff: bool = False,
    themes: Iterable[Theme] | None = None,
    sdgs: Iterable[SustainableDevelopmentGoal] | None = None,
    **fields,
) -> GoodPractice:
    """Change the text and links of a practice. The city edits drafts only; staff edit any."""
    practice = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    if not staff and practice.state != PracticeState.DRAFT:
        raise PracticeLocked()
    for name, value in fields.items():
        # Unchanged text stays where it is: a field shown in its original language (not yet
        # translated into the editor's) is not copied into the editor's language.
        if name in EDITABLE_FIELDS and getattr(practice, name) != value:
            setattr(practice, name, value)
    practice.full_clean(exclude=["slug", "search_text"])
    practice.save()
    if themes is not None:
        practice.themes.set(themes)
    if sdgs is not None:
        practice.sdgs.set(sdgs)
    practice_refresh_search(practice)
    return practice


def _city_recipients(practice: GoodPractice) -> list[tuple[str, str]]:
    """Who hears about a moderation decision: the author, else the city's focal points."""
    if practice.created_by_id and practice.created_by.email:
        return [(practice.created_by.email, recipient_language(practice.created_by))]
    return [(p.email, recipient_language(p)) for p in focal_points_of(practice.member).exclude(email="")]


@transaction.atomic
def practice_move(
    *,
    practice: GoodPractice,
    to: str,
    actor: str,
    by: User | None,
    comment: str = "",
    now: datetime | None = None,
) -> GoodPractice:
    """The one way a practice changes state: checked against the workflow, logged, and the city told."""
    now = now or timezone.now()
    practice = GoodPractice.objects.select_for_update(of=("self",)).select_related("member", "created_by").get(
        pk=practice.pk)
    source = practice.state
    extra = []
    if to == PracticeState.PUBLISHED:
        practice.published_at = now
        practice.review_comment = ""
        extra += ["published_at", "review_comment"]
    elif to == PracticeState.DRAFT:
        practice.review_comment = comment
        extra.append("review_comment")
    PRACTICE_WORKFLOW.move(obj=practice, to=to, actor=actor, by=by, comment=comment, now=now, extra_fields=extra)
    if actor == KnowledgeActor.STAFF and to in (PracticeState.PUBLISHED, PracticeState.DRAFT):
        url = settings.SITE_URL + (practice.get_absolute_url() if to == PracticeState.PUBLISHED else
                                   reverse("programs:portal_practice_edit", kwargs={"pk": practice.pk}))
        for email, language in _city_recipients(practice):
            mail_send(to=email, template="programs/mail/knowledge/practice_decision",
                      context={"practice": practice, "published": to == PracticeState.PUBLISHED,
                               "comment": comment, "url": url, "source": source},
                      language=language, topic="practice", reference=practice.slug)
    return practice


def practice_submit(*, practice: GoodPractice, by: User | None, now: datetime | None = None) -> GoodPractice:
    return practice_move(practice=practice, to=PracticeState.IN_REVIEW, actor=KnowledgeActor.MEMBER, by=by, now=now)


@transaction.atomic
def practice_file_add(*, practice: GoodPractice, upload, by: User | None, caption: str = "",
                      staff: bool = False) -> PracticeFile:
    """Add an image or a document, judged by its content (network.documents)."""
    practice = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    if not staff and practice.state != PracticeState.DRAFT:
        raise PracticeLocked()
    if practice.files.count() >= settings.UPLOAD_MAX_FILES:
        raise TooManyFiles()
    content_type = validate_upload(upload)  # raises ValidationError
    kind = PracticeFileKind.IMAGE if content_type in (PNG, JPEG) else PracticeFileKind.DOCUMENT
    name = display_name(upload.name)
    stored = reencoded_image(upload, content_type) if kind == PracticeFileKind.IMAGE else upload  # public: pixels only
    return PracticeFile.objects.create(practice=practice, file=stored, kind=kind, caption=caption[:200],
                                       original_name=name, content_type=content_type, size=stored.size)


@transaction.atomic
def practice_file_delete(*, file: PracticeFile, by: User | None, staff: bool = False) -> None:
    practice = GoodPractice.objects.select_for_update().get(pk=file.practice_id)
    if not staff and practice.state != PracticeState.DRAFT:
        raise PracticeLocked()
    file.file.delete(save=False)
    file.delete()


@transaction.atomic
def practice_transfer_record(*, practice: GoodPractice, member: Member, kind: str, year: int,
                             by: User | None, notes: str = "") -> PracticeTransfer:
    """Record that `member` adopted or adapted the practice (once per city)."""
    if member.pk == practice.member_id:
        raise SelfTransfer()
    transfer = PracticeTransfer(practice=practice, member=member, kind=kind, year=year, notes=notes,
                                recorded_by=by if getattr(by, "pk", None) else None)
    transfer.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            transfer.save()
    except IntegrityError as exc:
        raise TransferExists() from exc
    return transfer
