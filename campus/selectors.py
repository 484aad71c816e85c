"""Reusable reads of the campus, prefetched for the pages that use them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from decimal import Decimal

from django.db.models import Case
from django.db.models import Count
from django.db.models import Exists
from django.db.models import F
from django.db.models import OuterRef
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Subquery
from django.db.models import Sum
from django.db.models import Value
from django.db.models import When
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from network.content_language import each_language
from network.content_language import shown_language
from network.models import Member
from network.models import Theme
from network.models import User
from network.programmes import ProgrammeFigure
from network.programmes import ProgrammeSummary
from network.programmes import counted
from network.rules import holds
from network.rules import is_focal_point
from network.search import SearchHit
from network.search import first_page
from network.search import text_search
from network.selectors import focal_point_member_ids
from network.upcoming import UpcomingItem

from .enums import SEAT_STATES
from .enums import CourseKind
from .enums import EnrolmentState
from .enums import ProjectGrade
from .enums import ScholarshipState
from .enums import roman
from .models import Capsule
from .models import CapsuleCompletion
from .models import Certificate
from .models import Course
from .models import Edition
from .models import Enrolment
from .models import FinalProject

THEMES = Prefetch("themes", queryset=Theme.objects.order_by("name"))


def _with_seats(qs: QuerySet[Edition]) -> QuerySet[Edition]:
    return qs.annotate(seats_taken=Count("enrolments", filter=Q(enrolments__state__in=SEAT_STATES)))


def editions_current(today: date | None = None) -> QuerySet[Edition]:
    """Published editions of published courses that have not ended, soonest first."""
    today = today or timezone.localdate()
    return _with_seats(Edition.objects.filter(published=True, course__published=True, ends_on__gte=today)
                       .select_related("course", "enrolment_call", "seminar_host").order_by("starts_on"))


def catalogue_courses() -> QuerySet[Course]:
    """Published courses (not capsules), grouped by kind in the order of CourseKind, then by order."""
    kinds = [kind for kind in CourseKind.values if kind != CourseKind.CAPSULE]
    kind_order = Case(*[When(kind=kind, then=Value(i)) for i, kind in enumerate(kinds)], default=Value(len(kinds)))
    return (Course.objects.filter(published=True).exclude(kind=CourseKind.CAPSULE).prefetch_related(THEMES)
            .defer("description").alias(kind_order=kind_order).order_by("kind_order", "order", "title", "pk"))


def with_next_editions(courses: list[Course], today: date | None = None) -> list[Course]:
    """Set `next_edition` (with `seats_taken`) on each course in one query, whatever their number: the
    published edition of each course that has not ended and starts soonest. Only that edition per
    course is read, with the columns a course card shows (campus/_course_card.html): not every
    current edition with its course, call and host, to keep the first of each."""
    today = today or timezone.localdate()
    current = Edition.objects.filter(published=True, ends_on__gte=today)
    soonest = current.filter(course=OuterRef("course")).order_by("starts_on", "pk").values("pk")[:1]
    editions = _with_seats(current.filter(course__in=[c.pk for c in courses], pk=Subquery(soonest))
                           .only("course_id", "number", "starts_on", "ends_on", "fee", "currency", "seats"))
    nexts = {edition.course_id: edition for edition in editions}
    for course in courses:
        course.next_edition = nexts.get(course.pk)
    return courses


def catalogue(today: date | None = None) -> list[Course]:
    """Published courses (not capsules) with `next_edition` set; a fixed number of queries."""
    return with_next_editions(list(catalogue_courses()), today)


def campus_programme(*, now: datetime) -> ProgrammeSummary:
    """The home page's campus section (network.programmes), in one query: the courses of the
    catalogue, the certificates issued and the next edition to start, read off its course (sorted
    first). Published courses and editions only."""
    today = timezone.localdate(now)
    courses = catalogue_courses().prefetch_related(None)
    editions_ahead = (Edition.objects.filter(published=True, course__in=courses, starts_on__gte=today)
                      .order_by("starts_on", "pk"))
    first = (
        courses.annotate(courses=counted(courses), certificates=counted(Certificate.objects.all()),
                         next_on=Subquery(editions_ahead.values("starts_on")[:1]),
                         next_number=Subquery(editions_ahead.values("number")[:1]),
                         holds_next=Exact(F("pk"), Subquery(editions_ahead.values("course_id")[:1])))
        .order_by(F("holds_next").desc(nulls_last=True), "pk")
        .only("title", "slug")
        .first()
    )
    next_edition = None
    if first is not None and first.holds_next:
        edition = _("%(number)s edition") % {"number": roman(first.next_number)}
        next_edition = UpcomingItem(when=first.next_on, title=f"{first.title} · {edition}", kind=_("Next edition"),
                                    url=f"{first.get_absolute_url()}#edition-{first.next_number}")
    count, certificates = (first.courses, first.certificates) if first is not None else (0, 0)
    return ProgrammeSummary(
        title=_("Campus of urban strategies"),
        text=_("Training for the people who plan and manage cities: the annual specialization, online courses, "
               "ad-hoc training and self-paced capsules."),
        url=reverse("campus:catalogue"), link_label=_("See the courses"),
        figures=(
            ProgrammeFigure(count, ngettext("course in the catalogue", "courses in the catalogue", count)),
            ProgrammeFigure(certificates, ngettext("certificate issued", "certificates issued", certificates)),
        ),
        next=next_edition,
    )


def course_detail(slug: str) -> Course:
    return Course.objects.prefetch_related(THEMES).get(slug=slug, published=True)


def course_editions(course: Course) -> list[Edition]:
    return list(_with_seats(course.editions.filter(published=True)
                            .select_related("enrolment_call", "seminar_host", "host_call"))
                .annotate(strategies=Count("projects", filter=Q(projects__grade=ProjectGrade.PASS), distinct=True))
                .order_by("-number"))


def strategies_count() -> int:
    """The "about 500 strategies since 2005" figure: final projects that passed."""
    return FinalProject.objects.filter(grade=ProjectGrade.PASS).count()


def strategies(*, member: str = "", edition: str = "", theme: str = "", q: str = "") -> QuerySet[FinalProject]:
    qs = (FinalProject.objects.filter(grade=ProjectGrade.PASS)
          .select_related("edition__course", "member").prefetch_related(THEMES)
          .order_by("-edition__year", "city", "title"))
    if member:
        qs = qs.filter(member__slug=member)
    if edition.isdigit():
        qs = qs.filter(edition_id=int(edition))
    if theme:
        qs = qs.filter(themes__slug=theme)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(city__icontains=q) | Q(summary__icontains=q))
    return qs.distinct()


def published_capsules() -> QuerySet[Capsule]:
    """The capsules the public may see, no extras: what every public read of them starts from."""
    return Capsule.objects.filter(published=True)


def capsules_preview(limit: int = 8) -> tuple[int, list[Capsule]]:
    """How many capsules are published, and the first `limit` of them (two queries, whatever their number)."""
    qs = published_capsules()
    return qs.count(), list(qs.only("title", "slug", "format", "duration_minutes")[:limit])


def capsules(user: User | None = None) -> list[Capsule]:
    qs = published_capsules().select_related("theme").annotate(done_count=Count("completions"))
    if user is not None and user.is_authenticated:
        qs = qs.annotate(done_by_me=Exists(CapsuleCompletion.objects.filter(capsule=OuterRef("pk"), user=user)))
    return list(qs)


# --- The site search (network.search) ---------------------------------------------------------------
def courses_search(terms: str, *, language: str, limit: int) -> tuple[list[SearchHit], int]:
    """The site search's courses: the catalogue's (published, not capsules), the best match first,
    then in the catalogue's order; with the kind, the modality and the next published edition's
    first day. One query (the next edition is a subquery)."""
    today = timezone.localdate()
    next_edition = (Edition.objects.filter(course=OuterRef("pk"), published=True, starts_on__gte=today)
                    .order_by("starts_on", "pk").values("starts_on")[:1])
    courses = (
        text_search(catalogue_courses().prefetch_related(None), terms)
        .annotate(next_starts_on=Subquery(next_edition))
        .only("kind", "slug", "title", *each_language("title"), "modality")
        .order_by("-search_rank", "kind_order", "order", "title", "pk")
    )
    rows, total = first_page(courses, limit)
    hits = [
        SearchHit(title=course.title, url=course.get_absolute_url(),
                  detail=f"{course.get_kind_display()} · {course.get_modality_display()}",
                  when=course.next_starts_on, when_label=_("Next edition") if course.next_starts_on else "",
                  lang=shown_language(course) or "")
        for course in rows
    ]
    return hits, total


def capsules_search(terms: str, *, language: str, limit: int) -> tuple[list[SearchHit], int]:
    """The site search's capsules: published ones (as the capsules page lists them), the best match
    first, with their format, length and theme; each links to its place on the capsules page. One query."""
    capsules = (
        text_search(published_capsules(), terms)
        .select_related("theme")
        .only("slug", "title", "format", "duration_minutes", "theme__name", "theme__name_pt", "theme__name_en")
        .order_by("-search_rank", "order", "title", "pk")
    )
    rows, total = first_page(capsules, limit)
    page = reverse("campus:capsules")
    hits = [
        SearchHit(title=capsule.title, url=f"{page}#capsule-{capsule.slug}",
                  detail=" · ".join((str(capsule.get_format_display()),
                                     _("%(minutes)s min") % {"minutes": capsule.duration_minutes}, capsule.theme.label)))
        for capsule in rows
    ]
    return hits, total


# --- Enrolments ----------------------------------------------------------------------------------
def _enrolments() -> QuerySet[Enrolment]:
    return Enrolment.objects.select_related("edition__course", "member", "user", "person", "certificate",
                                            "project", "application")


def enrolments_of(user: User) -> QuerySet[Enrolment]:
    return _enrolments().filter(user=user).order_by("-edition__starts_on")


def enrolment_visible_to(user: User, pk: int) -> Enrolment:
    """The student, a focal point of the student's city, or staff; DoesNotExist for anyone else."""
    qs = _enrolments()
    if not holds(user, "campus.view_enrolment"):
        qs = qs.filter(Q(user=user) | Q(member__in=focal_point_member_ids(user)))
    return qs.get(pk=pk)


def member_enrolments(member: Member) -> QuerySet[Enrolment]:
    return _enrolments().filter(member=member).order_by("-edition__starts_on", "user__name")


# --- Staff -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScholarshipLine:
    label: str
    granted: int
    amount: Decimal
    flagged: int
    requested: int


def scholarship_totals_by_edition() -> list[Edition]:
    return list(Edition.objects.select_related("course").annotate(
        granted=Count("enrolments", filter=Q(enrolments__scholarship=ScholarshipState.GRANTED)),
        amount=Sum("enrolments__scholarship_amount", filter=Q(enrolments__scholarship=ScholarshipState.GRANTED)),
        flagged=Count("enrolments", filter=Q(enrolments__scholarship=ScholarshipState.FLAGGED)),
        requested=Count("enrolments", filter=Q(enrolments__scholarship=ScholarshipState.REQUESTED)),
        students=Count("enrolments", filter=Q(enrolments__state__in=SEAT_STATES)),
    ).filter(Q(granted__gt=0) | Q(flagged__gt=0) | Q(requested__gt=0) | Q(students__gt=0))
        .order_by("-starts_on", "course__title"))


def scholarship_totals_by_member() -> list[Member]:
    return list(Member.objects.annotate(
        granted=Count("enrolments", filter=Q(enrolments__scholarship=ScholarshipState.GRANTED)),
        amount=Sum("enrolments__scholarship_amount", filter=Q(enrolments__scholarship=ScholarshipState.GRANTED)),
        flagged=Count("enrolments", filter=Q(enrolments__scholarship=ScholarshipState.FLAGGED)),
    ).filter(Q(granted__gt=0) | Q(flagged__gt=0)).order_by("-amount", "name"))


def flagged_enrolments() -> QuerySet[Enrolment]:
    return _enrolments().filter(scholarship=ScholarshipState.FLAGGED).order_by("applied_at")


# --- Plug-ins (registered in apps.py) --------------------------------------------------------------
PORTAL_PANEL_ROWS = 8  # the newest; "All my courses" lists the rest


def portal_panel(*, request, member: Member) -> dict | None:
    """ "My courses" on a city's portal page: the city's students and scholarships for its focal points
    (and staff), the user's own enrolments for the others. The newest few rows, with totals over all
    of them; one query when the city has none (the panel is hidden), three otherwise."""

    user = request.user
    granted = Q(scholarship=ScholarshipState.GRANTED)
    mine = Q(user=user)
    city = Enrolment.objects.filter(member=member).exclude(state=EnrolmentState.REJECTED)
    totals = city.aggregate(  # the city's and the user's own, so a city with none costs one query
        count=Count("pk"), scholarships=Count("pk", filter=granted),
        amount=Sum("scholarship_amount", filter=granted), own=Count("pk", filter=mine),
        own_scholarships=Count("pk", filter=granted & mine),
        own_amount=Sum("scholarship_amount", filter=granted & mine))
    if not totals["count"]:
        return None
    is_focal = holds(user, "campus.view_enrolment") or is_focal_point(user, member)
    shown = city
    if not is_focal:
        shown = city.filter(mine)
        totals = {"count": totals["own"], "scholarships": totals["own_scholarships"], "amount": totals["own_amount"]}
        if not totals["count"]:
            return None
    # Only what the rows show (campus/_enrolment_rows.html): every further join made planning the
    # query cost more than running it, and every further column costs each row its building.
    rows = list(shown.select_related("edition__course", "user", "person", "certificate")
                .only("state", "scholarship", "edition__number", "edition__starts_on", "user__name", "user__email",
                      "person__first_name", "person__last_name", "certificate__pdf",
                      *(f"edition__course__{name}" for name in each_language("title")))
                .order_by("-edition__starts_on", "user__name")[:PORTAL_PANEL_ROWS])
    return {"enrolments": rows, "is_focal": is_focal, "scholarships": totals["scholarships"],
            "scholarship_amount": totals["amount"] or Decimal("0"), "more": totals["count"] - len(rows)}


def upcoming_editions(*, request=None, member: Member | None = None, limit: int = 6) -> list[UpcomingItem]:
    """Course starts (the enrolment deadlines are the calls engine's, listed by programs)."""
    today = timezone.localdate()
    # The course and the edition are all an item shows: not the seats, the enrolment call or the
    # seminar's host that the catalogue's editions carry (editions_current).
    editions = (Edition.objects.filter(published=True, course__published=True, ends_on__gte=today, starts_on__gte=today)
                .select_related("course").only("number", "starts_on", "course__slug", *(f"course__{name}" for name in each_language("title"))).order_by("starts_on"))
    items = []
    for edition in editions[:limit]:
        items.append(UpcomingItem(when=_at(edition.starts_on), title=str(edition), kind=_("Course"),
                                  url=edition.get_absolute_url()))
    return items


def calendar_entries(*, user: User) -> list:
    """The user's live editions and their seminars, for the personal iCalendar feed."""
    from django.conf import settings

    from network.ics import CalendarEntry

    entries = []
    live = enrolments_of(user).filter(state__in=(EnrolmentState.ADMITTED, EnrolmentState.ENROLLED))
    for enrolment in live.select_related("edition__seminar_host"):
        edition = enrolment.edition
        url = settings.SITE_URL + reverse("campus:enrolment", kwargs={"pk": enrolment.pk})
        entries.append(CalendarEntry(
            uid=f"campus-edition-{edition.pk}@portal", title=str(edition),
            starts_at=_at(edition.starts_on), ends_at=_at(edition.ends_on, 18), url=url))
        if edition.seminar_starts_on and edition.seminar_ends_on:
            entries.append(CalendarEntry(
                uid=f"campus-seminar-{edition.pk}@portal", title=_("In-person seminar: %(edition)s") % {
                    "edition": edition}, starts_at=_at(edition.seminar_starts_on), ends_at=_at(edition.seminar_ends_on, 18),
                url=url, location=edition.seminar_host.name if edition.seminar_host else ""))
    return entries


def edition_participants(edition: Edition) -> list:
    from network.subjects import Participant

    out = []
    for e in edition.enrolments.filter(state__in=(EnrolmentState.ENROLLED, EnrolmentState.COMPLETED)).select_related(
            "user__person", "person"):
        out.append(Participant(email=e.user.email, name=e.student_name,
                               language=(e.person.language if e.person else e.user.language) or "es",
                               person_id=e.person_id, member_id=e.member_id, user_id=e.user_id))
    return out


def edition_ended_at(edition: Edition) -> datetime | None:
    return _at(edition.ends_on, 18)


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def member_enrolments_many(members) -> QuerySet[Enrolment]:
    return _enrolments().filter(member__in=members).order_by("member__name", "-edition__starts_on", "user__name")


def adhoc_request_call():
    """The open call (all year) through which members and institutions request ad-hoc training."""
    from programs.calls.enums import CallKind
    from programs.calls.selectors import calls_open

    return calls_open().filter(kind=CallKind.ADHOC_TRAINING).order_by("opens_at").first()
