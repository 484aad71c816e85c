"""Rules every app shares, written once in network: who is a focal point of a city, and the language
to write to a person in."""

import pytest

from network.enums import RoleKind
from network.mail import recipient_language
from network.models import Member
from network.rules import is_focal_point
from network.selectors import focal_point_member_ids
from network.selectors import focal_point_members
from network.selectors import focal_points_of
from network.timezones import is_time_zone
from network.timezones import time_zone_choices
from network.timezones import zone_or_default
from tests.factories import MemberFactory
from tests.factories import PersonFactory
from tests.factories import RoleFactory
from tests.factories import UserFactory
from tests.factories import focal_point_of
from tests.factories import technician_of

pytestmark = pytest.mark.django_db


def test_focal_point_of_a_city_and_not_of_another_nor_as_a_technician():
    quito, lima = MemberFactory(), MemberFactory()
    focal, technician = focal_point_of(quito), technician_of(quito)
    assert (is_focal_point(focal, quito), is_focal_point(focal, lima), is_focal_point(technician, quito)) == (
        True, False, False)
    assert is_focal_point(UserFactory(), None) is False
    assert list(focal_point_members(focal)) == [quito]
    assert list(Member.objects.filter(pk__in=focal_point_member_ids(technician))) == []


def test_focal_points_of_several_cities_are_listed_once():
    quito, lima = MemberFactory(), MemberFactory()
    ana = PersonFactory(email="ana@example.org")
    RoleFactory(person=ana, member=quito, kind=RoleKind.FOCAL_POINT)
    RoleFactory(person=ana, member=lima, kind=RoleKind.FOCAL_POINT)
    RoleFactory(person=PersonFactory(), member=lima, kind=RoleKind.TECHNICIAN)
    assert list(focal_points_of([quito, lima])) == [ana]
    assert list(focal_points_of(quito)) == [ana]


def test_a_login_is_written_to_in_its_persons_language_else_its_own_else_the_portals():
    with_person = focal_point_of(MemberFactory())
    with_person.person.language = "pt-br"
    with_person.person.save()
    with_person.language = "en"
    assert recipient_language(with_person) == "pt-br"
    assert recipient_language(UserFactory(language="en")) == "en"
    assert recipient_language(PersonFactory(language="en")) == "en"
    assert recipient_language(UserFactory(language="fr")) == "es"  # not an interface language


def test_time_zones_are_checked_in_one_place():
    assert is_time_zone("America/Mexico_City") and not is_time_zone("America/Atlantis")
    assert str(zone_or_default("America/Atlantis")) == "Europe/Madrid" == str(zone_or_default(""))
    names = [name for name, _label in time_zone_choices()]
    assert "America/Sao_Paulo" in names and not any(n.startswith("Etc/") for n in names)
