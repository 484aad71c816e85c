"""My account → Preferences: the person's language and time zone (pages and e-mails follow them)
and the opt-ins the service does not need, each given and taken back there."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from network.mail import recipient_language
from network.models import Person
from tests.factories import MemberFactory
from tests.factories import UserFactory
from tests.factories import technician_of

pytestmark = pytest.mark.django_db


def signed_in(user, **headers) -> Client:
    client = Client(**headers)
    client.force_login(user)
    return client


def test_a_person_chooses_english_and_mexico_city_and_every_page_then_uses_them():
    from tests.programs.factories import CallFactory

    ana = technician_of(MemberFactory())
    call = CallFactory(time_zone="Europe/Madrid", title="Movilidad")
    client = signed_in(ana, HTTP_ACCEPT_LANGUAGE="es")
    response = client.post(reverse("my_preferences"), {"language": "en", "time_zone": "America/Mexico_City",
                                                       "funding_relays": "on"})
    assert response.status_code == 302
    ana.refresh_from_db()
    assert (ana.language, ana.time_zone) == ("en", "America/Mexico_City")
    assert recipient_language(ana) == "en"  # e-mails too

    elsewhere = signed_in(ana, HTTP_ACCEPT_LANGUAGE="es")  # another device, a Spanish browser
    page = elsewhere.get(reverse("programs:call", args=[call.slug])).content.decode()
    assert 'lang="en"' in page
    deadline = call.closes_at.astimezone(__import__("zoneinfo").ZoneInfo("America/Mexico_City"))
    assert f"your time: {deadline.day} {deadline:%b %Y, %H:%M}" in page  # written by the server, no script needed
    assert "(Europe/Madrid)" in page  # and the call's own time, named


def test_the_headers_language_selector_is_remembered_on_the_signed_in_person():
    ana = technician_of(MemberFactory())
    client = signed_in(ana)
    client.post(reverse("set_language"), {"language": "pt-br", "next": "/"})
    ana.refresh_from_db()
    assert ana.language == "pt-br" and Person.objects.get(user=ana).language == "pt-br"
    assert 'lang="pt-br"' in signed_in(ana, HTTP_ACCEPT_LANGUAGE="en").get(reverse("portal:home"),
                                                                          follow=True).content.decode()


def test_until_a_person_chooses_the_browser_decides():
    ana = technician_of(MemberFactory())
    assert ana.language == ""
    assert 'lang="en"' in signed_in(ana, HTTP_ACCEPT_LANGUAGE="en").get(reverse("my_preferences")).content.decode()


def test_a_time_zone_that_does_not_exist_is_refused_and_what_was_typed_stays():
    ana = technician_of(MemberFactory())
    response = signed_in(ana, HTTP_ACCEPT_LANGUAGE="en").post(
        reverse("my_preferences"), {"language": "en", "time_zone": "Mars/Olympus", "photos_allowed": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["time_zone"]
    assert response.context["form"]["photos_allowed"].value() is True
    ana.refresh_from_db()
    assert ana.time_zone == "" and not Person.objects.get(user=ana).photos_allowed


def test_opt_ins_are_given_and_withdrawn_and_a_login_without_a_person_is_not_asked():
    ana = technician_of(MemberFactory())
    client = signed_in(ana, HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(reverse("my_preferences")).content.decode()
    assert "Your consent" in page and "How the portal uses personal data" in page
    client.post(reverse("my_preferences"), {"language": "", "time_zone": "", "listed_publicly": "on",
                                            "photos_allowed": "on", "funding_relays": "on"})
    person = Person.objects.get(user=ana)
    assert (person.listed_publicly, person.photos_allowed, person.funding_relays) == (True, True, True)
    client.post(reverse("my_preferences"), {"language": "", "time_zone": "", "photos_allowed": "on"})
    person.refresh_from_db()
    assert (person.listed_publicly, person.photos_allowed, person.funding_relays) == (False, True, False)
    assert person.history.count() >= 3  # each change is in the person's history

    staff = UserFactory(is_staff=True)
    assert "Your consent" not in signed_in(staff, HTTP_ACCEPT_LANGUAGE="en").get(
        reverse("my_preferences")).content.decode()


def test_withdrawn_funding_relays_stop_the_reminders():
    from django.utils import timezone

    from programs.knowledge.services.funding import funding_reminders_sweep
    from tests.factories import ThemeFactory
    from tests.programs.factories_knowledge import FundingFactory
    from tests.programs.factories_knowledge import in_days

    housing = ThemeFactory()
    ana = technician_of(MemberFactory(themes=[housing]))
    signed_in(ana).post(reverse("my_preferences"), {"language": "", "time_zone": "", "funding_relays": "on"})
    FundingFactory(themes=[housing], deadline=in_days(5))
    assert funding_reminders_sweep(now=timezone.now()) == 1
    signed_in(ana).post(reverse("my_preferences"), {"language": "", "time_zone": ""})
    FundingFactory(themes=[housing], deadline=in_days(6))
    assert funding_reminders_sweep(now=timezone.now()) == 0


def test_the_registrations_export_says_who_may_be_photographed():
    from events.exports import registration_rows
    from events.models import Registration
    from tests.events.factories import EventFactory

    city = MemberFactory()
    event = EventFactory()
    yes, no = technician_of(city), technician_of(city)
    Person.objects.filter(user=yes).update(photos_allowed=True)
    for user in (yes, no):
        Registration.objects.create(event=event, person=user.person, member=city, registered_by=user)
    from django.utils import translation

    with translation.override("en"):
        header, rows = registration_rows(event)
        header, rows = [str(h) for h in header], [[str(cell) for cell in row] for row in rows]
    column = [str(h) for h in header].index("May be photographed")
    by_name = {row[2]: str(row[column]) for row in rows}
    assert sorted(by_name.values()) == ["no", "yes"]
    assert by_name[Person.objects.get(user=yes).full_name] == "yes"


@pytest.mark.parametrize("page", ["signup", "webinar", "application", "enrolment"])
def test_every_form_that_collects_personal_data_says_so_in_one_line_and_links_the_privacy_page(client, page):
    from tests.campus.factories import EditionFactory
    from tests.programs.factories import CallFactory
    from tests.programs.factories_knowledge import WebinarFactory

    privacy = reverse("privacy")
    if page == "signup":
        url = reverse("account_signup")
    elif page == "webinar":
        webinar = WebinarFactory(state="scheduled")
        url = webinar.get_absolute_url()
    elif page == "application":
        from programs.calls.services import applications as application_services

        city = MemberFactory()
        ana = technician_of(city)
        draft = application_services.application_start(call=CallFactory(), user=ana, member=city)
        client.force_login(ana)
        url = reverse("programs:application_edit", args=[draft.reference])
    else:
        edition = EditionFactory()
        client.force_login(technician_of(MemberFactory()))
        url = reverse("campus:enrol", args=[edition.course.slug, edition.number])
    content = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="muted small privacy-line"' in content and f'href="{privacy}"' in content


def test_e_mails_to_a_person_who_chose_a_time_zone_give_their_time_too():
    import zoneinfo
    from datetime import timedelta

    from network.models import OutboxMessage
    from programs.calls.services import applications as application_services
    from programs.calls.services.reminders import reminders_sweep
    from tests.programs.factories import CallFactory

    city = MemberFactory()
    ana, luis = technician_of(city), technician_of(city)
    signed_in(ana).post(reverse("my_preferences"), {"language": "en", "time_zone": "America/Bogota"})
    call = CallFactory(time_zone="Europe/Madrid")
    for user in (ana, luis):
        application_services.application_start(call=call, user=user, member=city)
    assert reminders_sweep(now=call.closes_at - timedelta(hours=12)) >= 2

    to_ana = OutboxMessage.objects.get(to=[ana.email], topic="reminder")
    to_luis = OutboxMessage.objects.get(to=[luis.email], topic="reminder")
    deadline = call.closes_at.astimezone(zoneinfo.ZoneInfo("America/Bogota"))
    assert "(your time: " in to_ana.text and "America/Bogota)" in to_ana.text
    assert f"{deadline:%H:%M}".lstrip("0") in to_ana.text or f"{deadline:%-I:%M}" in to_ana.text
    assert "(Europe/Madrid)" in to_ana.text  # the call's own time stays, named
    assert "America/Bogota" not in to_luis.text  # he chose no zone
