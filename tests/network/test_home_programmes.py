"""The home page's section per programme (network.programmes): live figures, the next date and the
link of each, in a fixed order, from public data only, in a fixed number of queries."""

from __future__ import annotations

from datetime import date
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from campus.enums import CourseKind
from campus.enums import EnrolmentState
from campus.models import Certificate
from campus.models import Enrolment
from events.enums import RegistrationState
from network.programmes import PROGRAMME_ORDER
from network.programmes import ProgrammeSummary
from network.programmes import programme_summaries
from programs.cooperation.enums import MentorshipState
from programs.cooperation.models import Mentorship
from programs.cooperation.services.mentorships import mentorship_move
from programs.knowledge.enums import WebinarState
from tests.campus.factories import CourseFactory
from tests.campus.factories import EditionFactory
from tests.events.factories import EventFactory
from tests.events.factories import RegistrationFactory
from tests.factories import MemberFactory
from tests.factories import UserFactory
from tests.programs.factories_cooperation import make_mentorship
from tests.programs.factories_cooperation import make_microrred
from tests.programs.factories_knowledge import PracticeFactory
from tests.programs.factories_knowledge import WebinarFactory
from tests.programs.factories_knowledge import in_days

pytestmark = pytest.mark.django_db

HOME_BOUND = 12  # network's 6 (figures, networks, 4 upcoming providers) + one per programme section


@pytest.fixture
def english(client):
    client.cookies["portal_language"] = "en"
    return client


def home(client):
    response = client.get(reverse("network:home"))
    assert response.status_code == 200
    return response


def sections(response) -> dict[str, ProgrammeSummary]:
    return {summary.key: summary for summary in response.context["programmes"]}


def programmes_html(response) -> str:
    """The programmes' section of the page (the "Coming up" list has its own rules)."""
    html = response.content.decode()
    return html[html.index('id="programmes-title"'):].split("</section>")[0]


def figures(summary: ProgrammeSummary) -> list[tuple[int, str]]:
    return [(figure.value, figure.label) for figure in summary.figures]


def test_without_data_every_programme_shows_its_text_and_link_in_the_fixed_order(english):
    response = home(english)
    summaries = response.context["programmes"]
    assert [s.key for s in summaries] == list(PROGRAMME_ORDER)
    assert all(not s.figures and s.next is None and not s.entries for s in summaries)
    html = programmes_html(response)
    for summary in summaries:
        assert f'href="{summary.url}"' in html and summary.title in html and summary.link_label in html
    assert 'class="figure-inline"' not in html and 'class="call-meta"' not in html  # no empty boxes
    assert "?kind=mentorship" in sections(response)["mentoring"].url


def test_microrredes_counts_those_since_2020_and_shows_the_next_session_not_cancelled(english):
    later = make_microrred(starts_on=date(2030, 3, 15))
    sooner = make_microrred(starts_on=date(2028, 1, 10), time_zone="America/Bogota", title="Microrred de Bogotá")
    make_microrred(starts_on=date(2019, 3, 1), edition=1)  # before 2020: neither counted nor next
    first, second = sooner.sessions.order_by("starts_at")[:2]
    first.cancelled = True
    first.save()

    summary = sections(home(english))["microrredes"]

    assert figures(summary) == [(2, "microrredes since 2020"), (12, "cities and organisations taking part")]
    assert summary.next.when == second.starts_at and summary.next.zone == "America/Bogota"
    assert summary.next.title == "Microrred de Bogotá" and summary.next.url == sooner.get_absolute_url()
    assert later.sessions.exists()


def test_mentoring_counts_the_completed_mentorships_and_those_under_way(english):
    def moved(*states):
        mentorship = make_mentorship()
        for state in states:
            if state == MentorshipState.COMPLETED:
                Mentorship.objects.filter(pk=mentorship.pk).update(mentee_report="Hecho.", mentor_report="Hecho.")
            mentorship = mentorship_move(mentorship=mentorship, to=state, by=None, notify=False,
                                         mentor=MemberFactory() if state == MentorshipState.MATCHED else None)
        return mentorship

    for _ in range(2):
        moved(MentorshipState.MATCHED, MentorshipState.IN_PROGRESS, MentorshipState.COMPLETED)
    moved(MentorshipState.MATCHED, MentorshipState.IN_PROGRESS)
    moved(MentorshipState.MATCHED)
    moved()  # requested: not under way yet
    moved(MentorshipState.CANCELLED)

    summary = sections(home(english))["mentoring"]

    assert figures(summary) == [(2, "mentorships completed"), (2, "mentorships under way")]
    assert summary.next is None


def test_webinars_counts_those_held_and_shows_the_next_one_published_in_its_zone(english):
    WebinarFactory.create_batch(2, held=True)
    WebinarFactory(starts_at=in_days(20))
    nxt = WebinarFactory(title="Ciudades cuidadoras", starts_at=in_days(7), time_zone="America/Bogota")
    WebinarFactory(draft=True, title="Borrador del ciclo", starts_at=in_days(2))
    WebinarFactory(state=WebinarState.CANCELLED, title="Encuentro cancelado", starts_at=in_days(1))

    response = home(english)
    summary = sections(response)["webinars"]

    assert figures(summary) == [(2, "webinars since 2020")]
    assert (summary.next.when, summary.next.zone, summary.next.url) == (nxt.starts_at, "America/Bogota",
                                                                        nxt.get_absolute_url())
    html = programmes_html(response)
    assert "Ciudades cuidadoras" in html and "(America/Bogota)" in html
    assert "Borrador del ciclo" not in html and "Encuentro cancelado" not in html


def test_campus_counts_published_courses_and_certificates_and_shows_the_next_published_edition(english):
    today = timezone.localdate()
    movilidad = CourseFactory(title="Movilidad Urbana Sostenible")
    EditionFactory(course=movilidad, past=True, number=1)
    edition = EditionFactory(course=movilidad, number=3, starts_on=today + timedelta(days=40))
    genero = CourseFactory(title="Género y cuidados")
    EditionFactory(course=genero, published=False, starts_on=today + timedelta(days=10))  # a draft edition
    hidden = CourseFactory(title="Curso sin publicar", published=False)
    EditionFactory(course=hidden, starts_on=today + timedelta(days=5))
    CourseFactory(kind=CourseKind.CAPSULE)  # capsules are not courses of the catalogue
    for n in range(2):
        enrolment = Enrolment.objects.create(edition=edition, user=UserFactory(), state=EnrolmentState.COMPLETED)
        Certificate.objects.create(enrolment=enrolment, code=f"CERT-{n}", holder_name="Ana", issued_on=today)

    response = home(english)
    summary = sections(response)["campus"]

    assert figures(summary) == [(2, "courses in the catalogue"), (2, "certificates issued")]
    assert summary.next.when == edition.starts_on and summary.next.zone == ""
    assert summary.next.title == "Movilidad Urbana Sostenible · III edition"
    assert summary.next.url == edition.get_absolute_url()
    assert "Curso sin publicar" not in programmes_html(response)


def test_events_counts_this_year_and_the_last_congress_and_shows_the_next_published_event(english):
    now = timezone.now()
    meeting = EventFactory(title="Encuentro de la Red Andina", starts_at=now + timedelta(days=30),
                           time_zone="America/Lima")
    later = EventFactory(starts_at=now + timedelta(days=60))
    EventFactory(title="Reunión sin anunciar", published=False, starts_at=now + timedelta(days=2))
    congress = EventFactory(congress=True, starts_at=now - timedelta(days=10), ends_at=now - timedelta(days=8))
    older = EventFactory(congress=True, starts_at=now - timedelta(days=400), ends_at=now - timedelta(days=398))
    medellin, quito = MemberFactory(), MemberFactory()
    RegistrationFactory(event=congress, member=medellin)
    RegistrationFactory(event=congress, member=medellin, state=RegistrationState.ATTENDED)
    RegistrationFactory(event=congress, member=quito)
    RegistrationFactory(event=congress, state=RegistrationState.CANCELLED)
    RegistrationFactory(event=congress, state=RegistrationState.PENDING)
    RegistrationFactory.create_batch(3, event=older)

    response = home(english)
    summary = sections(response)["events"]

    this_year = sum(timezone.localdate(e.starts_at).year == timezone.localdate(now).year
                    for e in (meeting, later, congress, older))
    assert figures(summary) == [(this_year, "events this year" if this_year != 1 else "event this year"),
                                (2, "cities and entities at the last congress")]
    assert (summary.next.title, summary.next.when, summary.next.zone) == (meeting.title, meeting.starts_at,
                                                                          "America/Lima")
    assert "Reunión sin anunciar" not in response.content.decode()  # nor in "Coming up"


def test_events_leave_webinars_to_their_own_section(english):
    WebinarFactory(title="Webinar del mes", starts_at=in_days(3))  # has its calendar entry (events)

    response = home(english)

    assert sections(response)["events"].next is None and sections(response)["webinars"].next.title == "Webinar del mes"


def test_the_latest_three_published_practices_with_their_city(english):
    now = timezone.now()
    practices = [PracticeFactory(title=f"Práctica publicada {n}", member=MemberFactory(name=f"Ciudad {n}"),
                                 published_at=now - timedelta(days=n)) for n in range(4)]
    PracticeFactory(draft=True, title="Práctica en borrador")
    PracticeFactory(in_review=True, title="Práctica en revisión")

    response = home(english)
    summary = sections(response)["practices"]

    assert figures(summary) == []  # the bank is not counted on the home page: its list page does
    assert [(e.title, e.detail, e.url) for e in summary.entries] == [
        (p.title, p.member.name, p.get_absolute_url()) for p in practices[:3]]
    html = programmes_html(response)
    assert "Latest good practices" in html and "Ciudad 0" in html and "Práctica publicada 3" not in html
    assert "Práctica en borrador" not in html and "Práctica en revisión" not in html


def test_the_page_reads_in_spanish_by_default(client):
    make_microrred(starts_on=date(2030, 3, 15))

    html = home(client).content.decode()

    assert "Microrredes" in html and "ciudades y organizaciones participantes" in html


def make_programmes(rows: int) -> None:
    now = timezone.now()
    today = timezone.localdate()
    for n in range(rows):
        make_microrred(starts_on=date(2029 + n, 3, 1), size=6)
        mentorship = make_mentorship()
        mentorship_move(mentorship=mentorship, to=MentorshipState.MATCHED, mentor=MemberFactory(), by=None,
                        notify=False)
        WebinarFactory(held=True)
        WebinarFactory(starts_at=in_days(5 + n))
        course = CourseFactory()
        EditionFactory(course=course, starts_on=today + timedelta(days=20 + n))
        EventFactory(starts_at=now + timedelta(days=10 + n))
        congress = EventFactory(congress=True, starts_at=now - timedelta(days=30 + n),
                                ends_at=now - timedelta(days=29 + n))
        RegistrationFactory.create_batch(2, event=congress)
        PracticeFactory.create_batch(3, published_at=now - timedelta(days=n))


@pytest.mark.parametrize("rows", [1, 4])
def test_home_queries_do_not_grow_with_the_programmes_data(client, django_assert_max_num_queries, rows):
    make_programmes(rows)
    with django_assert_max_num_queries(HOME_BOUND):
        response = client.get(reverse("network:home"))
    summaries = sections(response)
    assert all(summaries[key].figures for key in PROGRAMME_ORDER if key != "practices")
    assert all(summaries[key].next for key in ("microrredes", "webinars", "campus", "events"))
    assert len(summaries["practices"].entries) == 3


def test_each_section_is_one_query(django_assert_num_queries):
    make_programmes(2)
    with django_assert_num_queries(len(PROGRAMME_ORDER)):
        programme_summaries()
