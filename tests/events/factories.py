"""Factories of the events tests: events by kind, programme sessions, registrations, questionnaires."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from events.enums import EventKind
from events.enums import QuestionKind
from events.enums import RegistrationState
from events.models import Event
from events.models import ProgrammeSession
from events.models import Question
from events.models import Questionnaire
from events.models import Registration
from tests.factories import MemberFactory
from tests.factories import PersonFactory

MADRID = ZoneInfo("Europe/Madrid")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = EventKind.NETWORK_MEETING
    title = factory.Sequence(lambda n: f"Encuentro {n}")
    slug = factory.Sequence(lambda n: f"encuentro-{n}")
    time_zone = "Europe/Madrid"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    published = True
    registration_open = True
    venue = "Centro de convenciones"
    city = "Zaragoza"

    class Params:
        congress = factory.Trait(
            kind=EventKind.CONGRESS,
            edition=factory.Sequence(lambda n: 26 + n),
            covered_places_per_member=2,
            starts_at=factory.LazyFunction(lambda: datetime(2030, 7, 3, 9, 0, tzinfo=MADRID)),
            ends_at=factory.LazyFunction(lambda: datetime(2030, 7, 5, 14, 0, tzinfo=MADRID)),
            title=factory.Sequence(lambda n: f"Congreso {n}"),
        )
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=3)),
            registration_open=False,
        )


class ProgrammeSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeSession

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))
    title = factory.Sequence(lambda n: f"Sesión {n}")
    room = "Sala 1"
    speakers = "Ana Pérez"
    language = "es"


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration as stored (no service, no mail); pass `covered_slot` for a covered place."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    member = factory.SubFactory(MemberFactory)
    person = factory.SubFactory(PersonFactory)
    state = RegistrationState.CONFIRMED
    covered = factory.LazyAttribute(lambda o: o.covered_slot is not None)
    covered_slot = None


def questionnaire_for(subject, *, anonymous=True, **kwargs) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(
        title=kwargs.pop("title", "Evaluación"), subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk, anonymous=anonymous, **kwargs)
    Question.objects.create(questionnaire=questionnaire, order=1, kind=QuestionKind.RATING, text="Valoración general")
    Question.objects.create(questionnaire=questionnaire, order=2, kind=QuestionKind.SINGLE, text="¿Volvería?",
                            choices=["Sí", "No"])
    Question.objects.create(questionnaire=questionnaire, order=3, kind=QuestionKind.MULTIPLE, text="Lo mejor",
                            choices=["Ponencias", "Visitas", "Networking"], required=False)
    Question.objects.create(questionnaire=questionnaire, order=4, kind=QuestionKind.TEXT, text="Comentarios",
                            required=False)
    return questionnaire
