"""Calls, events, courses, webinars and good practices in es, pt-BR and en: staff enter each language
in the admin; pages, feeds and mails show the reader's language and, where a text is not translated
yet, its original with a small note (network.content_language)."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from network.models import OutboxMessage
from programs.calls.services.calls import call_extend
from programs.knowledge.selectors import practice_search
from programs.knowledge.selectors import published_practices
from tests.campus.factories import CourseFactory
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.programs.factories import ApplicationFactory
from tests.programs.factories import CallFactory
from tests.programs.factories_knowledge import PracticeFactory
from tests.programs.factories_knowledge import WebinarFactory

pytestmark = pytest.mark.django_db

NOTE_EN = "Not yet translated into English: shown in its original language, Español."


def read(client, url, language):
    response = client.get(url, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.content.decode()


def translated(factory, **extra):
    """An object written in Spanish and translated into Portuguese, not into English."""
    return factory(title="Ciudades que cuidan", title_pt_br="Cidades que cuidam", summary="", **extra)


PAGES = {
    "call": (CallFactory, lambda o: reverse("programs:call", kwargs={"slug": o.slug})),
    "event": (EventFactory, lambda o: reverse("events:event", kwargs={"slug": o.slug})),
    "course": (lambda **kw: CourseFactory(published=True, **kw),
               lambda o: reverse("campus:course", kwargs={"slug": o.slug})),
    "webinar": (WebinarFactory, lambda o: reverse("programs:webinar", kwargs={"slug": o.slug})),
    "practice": (PracticeFactory, lambda o: reverse("programs:practice", kwargs={"slug": o.slug})),
}


@pytest.mark.parametrize("kind", PAGES)
def test_a_page_shows_the_readers_language_and_the_original_with_a_note_where_untranslated(client, kind):
    factory, url_of = PAGES[kind]
    url = url_of(translated(factory))

    portuguese = read(client, url, "pt-br")
    assert "Cidades que cuidam" in portuguese
    assert "Ainda não traduzido" not in portuguese and "Ciudades que cuidan" not in portuguese

    english = read(client, url, "en")
    assert 'lang="es">Ciudades que cuidan</h1>' in english
    assert NOTE_EN in english

    spanish = read(client, url, "es")
    assert "Ciudades que cuidan</h1>" in spanish and "content-note" not in spanish


def test_the_note_names_the_readers_language_in_their_own_words(client):
    call = CallFactory(title="Solo en español")
    page = read(client, reverse("programs:call", kwargs={"slug": call.slug}), "pt-br")
    assert "Ainda não traduzido para Português (Brasil): mostrado no idioma original, Español." in page


def test_staff_enter_a_call_in_three_languages_in_the_admin(client):
    staff = UserFactory(staff=True, is_superuser=True)
    call = CallFactory(title="Convocatoria de movilidad")
    client.force_login(staff)
    url = reverse("admin:programs_call_change", args=[call.pk])
    form = read(client, url, "en")
    for name in ("title_es", "title_pt_br", "title_en", "summary_pt_br", "description_en"):
        assert f'name="{name}"' in form

    from tests.programs.test_admin_calls import call_form_data

    data = call_form_data(call, title_pt_br="Chamada de mobilidade", title_en="Mobility call",
                          summary_en="Twelve cities, one plan.")
    response = client.post(url, data, headers={"Accept-Language": "en"})
    assert response.status_code == 302, response.context["adminform"].form.errors

    call.refresh_from_db()
    assert (call.title_es, call.title_pt_br, call.title_en) == (
        "Convocatoria de movilidad", "Chamada de mobilidade", "Mobility call")
    page = read(client, reverse("programs:call", kwargs={"slug": call.slug}), "en")
    assert "Mobility call</h1>" in page and "Twelve cities, one plan." in page and "content-note" not in page


def test_list_pages_and_the_calls_feed_follow_the_readers_language(client):
    CallFactory(title="Convocatoria abierta", title_en="Open call", summary="")
    CallFactory(title="Solo castellano", summary="")
    assert "Open call" in read(client, reverse("programs:call_list"), "en")
    assert "Convocatoria abierta" in read(client, reverse("programs:call_list"), "es")

    feed = json.loads(read(client, reverse("programs:calls_json"), "en"))
    titles = json.dumps(feed, ensure_ascii=False)
    assert "Open call" in titles and "Solo castellano" in titles and "Convocatoria abierta" not in titles


def test_a_mail_is_written_with_the_call_in_the_recipients_language():
    call = CallFactory(title="Convocatoria de agua", title_en="Water call")
    english = ApplicationFactory(call=call, applicant=UserFactory(language="en"))
    spanish = ApplicationFactory(call=call, applicant=UserFactory(language="es"))
    with translation.override("es"):
        call_extend(call=call, closes_at=call.closes_at + timedelta(days=7))
    subject_to = {message.to[0]: message.subject for message in OutboxMessage.objects.filter(topic="deadline")}
    assert "Water call" in subject_to[english.applicant.email]
    assert "Convocatoria de agua" in subject_to[spanish.applicant.email]


def test_the_practice_search_finds_a_practice_by_its_text_in_any_language():
    PracticeFactory(title="Huertos urbanos", title_pt_br="Hortas urbanas comunitárias",
                    summary_en="Community gardens on empty plots.")
    assert practice_search(published_practices(), "hortas").count() == 1
    assert practice_search(published_practices(), "gardens").count() == 1
    assert practice_search(published_practices(), "huertos").count() == 1


def test_admin_search_finds_a_call_by_its_title_in_any_language(client):
    client.force_login(UserFactory(staff=True, is_superuser=True))
    CallFactory(title="Convocatoria de agua", title_en="Water call")
    changelist = read(client, reverse("admin:programs_call_changelist") + "?q=water", "es")
    assert "Convocatoria de agua" in changelist


def test_a_personal_calendar_feed_is_in_its_owners_language(client, quito, focal):
    """A calendar app sends no language: the feed follows the owner's choice in Preferences."""
    from events.services.feeds import calendar_feed_for
    from events.services.registrations import registration_register
    from tests.factories import technician_of

    congress = EventFactory(congress=True, title="Congreso anual", title_en="Annual congress")
    delegate = technician_of(quito).person
    from network.preferences import preferences_save

    preferences_save(user=delegate.user, language="en")
    registration_register(event=congress, member=quito, person=delegate, by=focal)
    feed = read(client, calendar_feed_for(user=delegate.user).get_absolute_url(), "es")
    assert "SUMMARY:Annual congress" in feed and "Congreso anual" not in feed


@pytest.mark.parametrize("model, fields", [
    ("programs/call", ("title", "summary", "description")),
    ("programs/webinar", ("title", "summary")),
    ("programs/goodpractice", ("title", "summary", "body")),
    ("events/event", ("title", "summary", "description", "motto")),
    ("campus/course", ("title", "summary", "description")),
])
def test_each_translated_model_is_written_in_three_languages_in_the_admin(client, model, fields):
    client.force_login(UserFactory(staff=True, is_superuser=True))
    form = read(client, f"/admin/{model}/add/", "en")
    for field in fields:
        for suffix in ("es", "pt_br", "en"):
            assert f'name="{field}_{suffix}"' in form
        assert f'name="{field}"' not in form
