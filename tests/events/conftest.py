import pytest

from tests.factories import technician_of

from .factories import EventFactory


@pytest.fixture
def congress(db):
    return EventFactory(congress=True)


@pytest.fixture
def meeting(db):
    return EventFactory()


@pytest.fixture
def delegates(quito):
    """Three technicians of Quito with logins; returns their Person rows."""
    return [technician_of(quito).person for _ in range(3)]
