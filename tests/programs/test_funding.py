"""Funding opportunities: which cities they are relayed to, the reminder before the deadline (once),
the public list and the portal panel."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils import translation

from network.enums import MemberStatus
from network.models import OutboxMessage
from network.models import Person
from programs.calls.enums import CallKind
from programs.knowledge.selectors import funding_matching
from programs.knowledge.selectors import members_matching
from programs.knowledge.services.funding import funding_reminders_sweep
from tests.factories import MemberFactory
from tests.factories import PersonFactory
from tests.factories import RoleFactory
from tests.factories import TerritorialNetworkFactory
from tests.factories import ThemeFactory
from tests.factories import focal_point_of
from tests.factories import technician_of
from tests.portal import portal_page

from .factories import CallFactory
from .factories_knowledge import FundingFactory
from .factories_knowledge import in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes():
    return ThemeFactory(slug="vivienda"), ThemeFactory(slug="clima")


def test_an_opportunity_matches_members_sharing_a_theme_in_an_eligible_network(themes):
    housing, climate = themes
    andina, iberica = TerritorialNetworkFactory(slug="andina"), TerritorialNetworkFactory(slug="iberica")
    quito = MemberFactory(themes=[housing], territorial_network=andina)
    lisboa = MemberFactory(themes=[housing, climate], territorial_network=iberica)
    MemberFactory(themes=[climate], territorial_network=andina)
    everyone = FundingFactory(themes=[housing])
    andean = FundingFactory(themes=[housing], territorial_networks=[andina])
    FundingFactory(themes=[housing], deadline=in_days(-1))  # closed
    FundingFactory(themes=[housing], published=False)
    assert set(members_matching(everyone)) == {quito, lisboa}
    assert set(members_matching(andean)) == {quito}
    assert set(funding_matching(quito)) == {everyone, andean}
    assert list(funding_matching(lisboa)) == [everyone]


def test_the_reminder_goes_once_to_the_team_of_matching_cities_inside_the_window(themes):
    housing, _climate = themes
    member = MemberFactory(themes=[housing])
    focal, technician = focal_point_of(member), technician_of(member)
    Person.objects.filter(user__in=[focal, technician]).update(funding_relays=True)
    technician_of(member)  # never asked for them
    RoleFactory(member=member, person=PersonFactory(email="", funding_relays=True))  # nobody to write to
    MemberFactory(themes=[housing], status=MemberStatus.FORMER)
    focal_point_of(MemberFactory(themes=[_climate]))
    opportunity = FundingFactory(themes=[housing], deadline=in_days(20), reminder_days=14)
    assert funding_reminders_sweep(now=timezone.now()) == 0  # 20 days left: not yet
    now = opportunity.deadline - timedelta(days=13)
    assert funding_reminders_sweep(now=now) == 2
    assert funding_reminders_sweep(now=now + timedelta(days=5)) == 0
    assert sorted(r for m in OutboxMessage.objects.filter(topic="funding-reminder") for r in m.to) == sorted(
        [focal.email, technician.email])
    assert funding_reminders_sweep(now=opportunity.deadline + timedelta(minutes=1)) == 0


def test_a_new_deadline_gets_a_new_reminder(themes):
    housing, _ = themes
    Person.objects.filter(user=focal_point_of(MemberFactory(themes=[housing]))).update(funding_relays=True)
    opportunity = FundingFactory(themes=[housing], deadline=in_days(5))
    assert funding_reminders_sweep() == 1
    opportunity.deadline = in_days(6)
    opportunity.save()
    assert funding_reminders_sweep() == 1


@pytest.mark.parametrize("rows", [2, 20])
def test_funding_list_queries_do_not_grow(client, themes, django_assert_max_num_queries, rows):
    member = MemberFactory(themes=[themes[0]])
    for _ in range(rows):
        FundingFactory(themes=list(themes), territorial_networks=[member.territorial_network])
    client.force_login(technician_of(member))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("programs:funding_list"))
    assert len(response.context["opportunities"]) == rows
    assert len(response.context["matching_ids"]) == rows


def test_the_public_list_offers_the_support_call_when_one_is_open(client):
    FundingFactory(title="Cooperación urbana internacional")
    call = CallFactory(kind=CallKind.FUNDING_SUPPORT, title="Apoyo a propuestas")
    content = client.get(reverse("programs:funding_list")).content.decode()
    assert "Cooperación urbana internacional" in content and call.get_absolute_url() in content


@pytest.mark.parametrize("rows", [2, 20])
def test_the_portal_shows_matching_opportunities_with_fixed_queries(client, themes, django_assert_max_num_queries,
                                                                      rows):
    member = MemberFactory(themes=[themes[0]])
    for n in range(rows):
        FundingFactory(themes=[themes[0]], title=f"Fondo {n}")
    FundingFactory(themes=[themes[1]], title="Fondo del clima")
    client.force_login(technician_of(member))
    with django_assert_max_num_queries(7):  # sign-in (a session query on SQLite), the member, the panel's own
        response = client.get(reverse("portal:panel", args=[member.slug, "funding"]), HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "Fondo 0" in content and "Fondo del clima" not in content
    assert "Fondo 0" in portal_page(client, reverse("portal:member", args=[member.slug])).text


def test_upcoming_items_list_webinars_and_the_citys_funding_deadlines_in_one_query(rf, themes,
                                                                                   django_assert_num_queries):
    from programs.knowledge.selectors import upcoming_knowledge_items

    from .factories_knowledge import WebinarFactory

    member = MemberFactory(themes=[themes[0]])
    WebinarFactory(title="Encuentro", starts_at=in_days(3))
    FundingFactory(title="Fondo de vivienda", themes=[themes[0]], deadline=in_days(2))
    FundingFactory(title="Fondo del clima", themes=[themes[1]], deadline=in_days(1))
    with django_assert_num_queries(1), translation.override("en"):
        items = upcoming_knowledge_items(request=rf.get("/"), member=member)
        assert [(i.title, str(i.kind)) for i in items] == [("Fondo de vivienda", "Funding deadline"),
                                                           ("Encuentro", "Webinar")]
    everything = upcoming_knowledge_items(request=rf.get("/"))
    assert [i.title for i in everything] == ["Fondo del clima", "Fondo de vivienda", "Encuentro"]
