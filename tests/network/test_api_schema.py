"""The read API against its own OpenAPI document: schemathesis generates requests from the schema
(valid and invalid parameters, unknown slugs, odd pages) and checks that none is a server error and
that every answer's status, headers and body are the ones the schema promises."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance
from schemathesis.specs.openapi.checks import negative_data_rejection
from schemathesis.specs.openapi.checks import response_headers_conformance
from schemathesis.specs.openapi.checks import response_schema_conformance
from schemathesis.specs.openapi.checks import status_code_conformance

from network.services import sdgs_ensure
from tests.campus.factories import CourseFactory
from tests.campus.factories import EditionFactory
from tests.events.factories import EventFactory
from tests.factories import MemberFactory
from tests.factories import ThemeFactory
from tests.programs.factories import CallFactory
from tests.programs.factories_knowledge import PracticeFactory
from tests.programs.factories_knowledge import WebinarFactory


def _openapi_document() -> dict:
    """The document /api/schema/ serves, made in-process (fetching it would count against the rate limit
    kept in the shared cache)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(_openapi_document())
schema.app = get_wsgi_application()
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, negative_data_rejection]


@pytest.fixture
def api_data(db, settings):
    sdgs_ensure()  # made by a migration; a transactional test before this one may have flushed them
    settings.API_ANONYMOUS_RATE = "100000/min"  # the limit has its own test; here every request is answered
    theme = ThemeFactory(slug="movilidad")
    member = MemberFactory(slug="bogota", name="Bogotá", themes=[theme])
    CallFactory(slug="abierta", themes=[theme])
    CallFactory(slug="cerrada", closed=True)
    EventFactory(slug="encuentro", theme=theme, host_member=member)
    WebinarFactory(slug="seminario", presenting_member=member, themes=[theme])
    PracticeFactory(slug="ciclovias", member=member, themes=[theme], sdgs=[11])
    EditionFactory(course=CourseFactory(slug="curso", published=True))


@pytest.fixture
def _connection_kept_open():
    """The WSGI handler closes the database connection after each request, which ends the test's
    transaction; Django's own test client stops that the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(max_examples=40, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                            HealthCheck.filter_too_much])
@pytest.mark.django_db
def test_the_api_keeps_its_contract(case, api_data, _connection_kept_open):
    case.call_and_validate(checks=CHECKS)
