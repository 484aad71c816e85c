"""Factories without surprises: each builds exactly what its name says, traits for states."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.conf import settings

from network.enums import MemberKind
from network.enums import MemberStatus
from network.enums import RoleKind
from network.models import Dues
from network.models import Member
from network.models import Person
from network.models import Role
from network.models import TerritorialNetwork
from network.models import Theme
from network.models import User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """E-mail verified for allauth unless `verified=False` is passed."""
        if create and extracted is not False:
            EmailAddress.objects.update_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )
            obj.save()

    class Params:
        staff = factory.Trait(is_staff=True, is_superuser=True)


class TerritorialNetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TerritorialNetwork
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Red {n}")
    slug = factory.Sequence(lambda n: f"red-{n}")
    countries = ["CO"]


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Tema {n}")
    name_pt = factory.LazyAttribute(lambda o: o.name.replace("Tema", "Tema PT"))
    name_en = factory.LazyAttribute(lambda o: o.name.replace("Tema", "Theme"))
    slug = factory.Sequence(lambda n: f"tema-{n}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Ciudad {n}")
    slug = factory.Sequence(lambda n: f"ciudad-{n}")
    kind = MemberKind.CITY
    country = "CO"
    territorial_network = factory.SubFactory(TerritorialNetworkFactory)
    population = 250_000
    status = MemberStatus.ACTIVE
    joined_on = date(2015, 5, 1)

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)

    class Params:
        prospect = factory.Trait(status=MemberStatus.PROSPECT)
        in_arrears = factory.Trait(status=MemberStatus.IN_ARREARS)
        suspended = factory.Trait(status=MemberStatus.SUSPENDED)
        former = factory.Trait(status=MemberStatus.FORMER)


class DuesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dues

    member = factory.SubFactory(MemberFactory)
    year = 2026
    amount = Decimal("3000.00")
    currency = "EUR"
    invoiced_on = factory.LazyAttribute(lambda o: date(o.year, 1, 15))
    paid_on = None

    class Params:
        paid = factory.Trait(paid_on=factory.LazyAttribute(lambda o: date(o.year, 2, 20)))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"person{n}@city.example.org")
    position = "Técnica de planificación"


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    person = factory.SubFactory(PersonFactory)
    member = factory.SubFactory(MemberFactory)
    kind = RoleKind.TECHNICIAN


def person_with_login(*, member: Member, kind: str = RoleKind.TECHNICIAN, email: str | None = None) -> User:
    """A signed-up person (verified e-mail) with a role in `member`; returns the login."""
    user = UserFactory(**({"email": email} if email else {}))
    person = PersonFactory(email=user.email, user=user, first_name=user.name.split(" ")[0])
    RoleFactory(person=person, member=member, kind=kind)
    return user


def technician_of(member: Member, **kwargs) -> User:
    return person_with_login(member=member, kind=RoleKind.TECHNICIAN, **kwargs)


def focal_point_of(member: Member, **kwargs) -> User:
    return person_with_login(member=member, kind=RoleKind.FOCAL_POINT, **kwargs)


__all__ = ["PASSWORD", "settings"]
