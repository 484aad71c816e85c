"""A person who chose a time zone in My account → Preferences reads every moment of a call in the
call's zone, named, and beside it in their own: on the application form, the call's opening and
the focal point's endorsements panel, as on My applications and in the mails."""

import re

import pytest
from django.urls import reverse

from network.templatetags.moments import moment_shown
from network.timezones import in_zone
from tests.factories import MemberFactory
from tests.factories import focal_point_of
from tests.factories import technician_of

from .factories import ApplicationFactory
from .factories import CallFactory

pytestmark = pytest.mark.django_db

MEXICO, MADRID = "America/Mexico_City", "Europe/Madrid"


def _in_madrid(client, user):
    user.time_zone = MADRID
    user.save(update_fields=["time_zone"])
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _madrid_clock(moment) -> str:
    return in_zone(moment, MADRID).strftime("%H:%M")


def test_the_application_form_gives_the_deadline_in_the_readers_own_time_too(client):
    call = CallFactory(time_zone=MEXICO)
    technician = technician_of(MemberFactory())
    application = ApplicationFactory(call=call, applicant=technician, draft=True)
    _in_madrid(client, technician)
    text = client.get(reverse("programs:application_edit", kwargs={"reference": application.reference})).content.decode()
    assert f"({MEXICO})." in text
    assert re.search(rf"\(your time: [^)]*{_madrid_clock(call.closes_at)}, {MADRID}\)", text)


def test_a_call_not_open_yet_gives_its_opening_in_the_readers_own_time_too(client):
    call = CallFactory(time_zone=MEXICO, scheduled=True)
    _in_madrid(client, technician_of(MemberFactory()))
    text = client.get(call.get_absolute_url()).content.decode()
    assert f"({MEXICO})" in text
    assert re.search(rf"\(your time: [^)]*{_madrid_clock(call.opens_at)}, {MADRID}\)", text)


def test_the_endorsements_panel_gives_each_deadline_in_the_calls_zone_and_the_readers(client):
    city = MemberFactory(slug="quito")
    call = CallFactory(time_zone=MEXICO)
    ApplicationFactory(call=call, member=city, awaiting_endorsement=True, applicant=technician_of(city))
    _in_madrid(client, focal_point_of(city))
    text = client.get(reverse("portal:panel", kwargs={"slug": "quito", "key": "endorsements"}),
                      HTTP_HX_REQUEST="true").content.decode()
    assert f'{moment_shown(in_zone(call.closes_at, MEXICO))} <span class="call-zone">({MEXICO})</span>' in text
    assert f"your time: {moment_shown(in_zone(call.closes_at, MADRID))}" in text
