"""A focal point's city page shows, at the top, the applications waiting for their endorsement."""

import pytest
from django.urls import reverse

from tests.factories import MemberFactory
from tests.factories import focal_point_of
from tests.factories import technician_of
from tests.portal import portal_page

from .factories import ApplicationFactory
from .factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quito():
    return MemberFactory(name="Quito", slug="quito")


def waiting(member, **kwargs):
    return ApplicationFactory(member=member, awaiting_endorsement=True, applicant=technician_of(member), **kwargs)


def test_the_focal_point_sees_the_waiting_applications_first_with_their_links(client, quito):
    other = MemberFactory(name="Tunja", slug="tunja")
    mine = [waiting(quito, title="Huertos urbanos"), waiting(quito, title="Bicicleta pública")]
    theirs = waiting(other)
    ApplicationFactory(member=quito, submitted=True)  # already endorsed: not waiting
    client.force_login(focal_point_of(quito))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = portal_page(client, reverse("portal:member", kwargs={"slug": "quito"}))
    shell = page.shell.content.decode()
    # The panel's slot comes before every other panel of the page.
    assert shell.index('id="panel-endorsements"') < min(shell.index(f'id="panel-{key}"') for key in page.panels
                                                        if key != "endorsements")
    panel = page.panel("endorsements")
    assert [a.reference for a in panel["applications"]] == [a.reference for a in mine]
    text = page.panels["endorsements"].content.decode()
    assert "2 applications wait for your endorsement" in text
    for application in mine:
        assert reverse("programs:endorsement", kwargs={"reference": application.reference}) in text
    assert theirs.reference not in text


def test_a_technician_who_is_not_focal_point_gets_no_such_panel(client, quito):
    waiting(quito)
    client.force_login(technician_of(quito))
    shell = client.get(reverse("portal:member", kwargs={"slug": "quito"})).content.decode()
    assert 'id="panel-endorsements"' not in shell
    url = reverse("portal:panel", kwargs={"slug": "quito", "key": "endorsements"})
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 404


def test_with_nothing_to_endorse_the_panel_leaves_the_page(client, quito):
    client.force_login(focal_point_of(quito))
    url = reverse("portal:panel", kwargs={"slug": "quito", "key": "endorsements"})
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert (response.status_code, response.content) == (200, b"")


@pytest.mark.parametrize("rows", [2, 25])
def test_the_panel_loads_in_a_fixed_number_of_queries(client, quito, rows, django_assert_max_num_queries):
    call = CallFactory()
    for _ in range(rows):
        waiting(quito, call=call)
    client.force_login(focal_point_of(quito))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = reverse("portal:panel", kwargs={"slug": "quito", "key": "endorsements"})
    with django_assert_max_num_queries(7):
        response = client.get(url, HTTP_HX_REQUEST="true")
    assert len(response.context["panel"]["applications"]) == min(rows, 10)
    assert response.context["panel"]["count"] == rows
    if rows > 10:
        assert f"and {rows - 10} more" in response.content.decode()
