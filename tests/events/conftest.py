import pytest

from tests.factories import MemberFactory, UserFactory, focal_point_of, technician_of

from .factories import EventFactory


@pytest.fixture
def zaragoza(db):
    return MemberFactory(name="Zaragoza", slug="zaragoza", country="ES")


@pytest.fixture
def quito(db):
    return MemberFactory(name="Quito", slug="quito", country="EC")


@pytest.fixture
def congress(db):
    return EventFactory(congress=True)


@pytest.fixture
def meeting(db):
    return EventFactory()


@pytest.fixture
def focal(quito):
    return focal_point_of(quito)


@pytest.fixture
def staff(db):
    return UserFactory(staff=True)


@pytest.fixture
def delegates(quito):
    """Three technicians of Quito with logins; returns their Person rows."""
    return [technician_of(quito).person for _ in range(3)]
