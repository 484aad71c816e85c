"""The read API against its own OpenAPI document: schemathesis generates requests from the schema
(valid and invalid parameters, unknown slugs, odd pages) and checks that none is a server error and
that every answer's status, headers and body are the ones the schema promises."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance
from schemathesis.specs.openapi.checks import negative_data_rejection
from schemathesis.specs.openapi.checks import response_headers_conformance
from schemathesis.specs.openapi.checks import response_schema_conformance
from schemathesis.specs.openapi.checks import status_code_conformance

from tests.campus.factories import CourseFactory
from tests.campus.factories import EditionFactory
from tests.events.factories import EventFactory
from tests.factories import MemberFactory
from tests.factories import ThemeFactory
from tests.programs.factories import CallFactory
from tests.programs.factories_knowledge import PracticeFactory
from tests.programs.factories_knowledge import WebinarFactory

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, negative_data_rejection]


@pytest.fixture
def api_data(db, settings):
    settings.API_ANONYMOUS_RATE = "100000/min"  # the limit has its own test; here every request is answered
    theme = ThemeFactory(slug="movilidad")
    member = MemberFactory(slug="bogota", name="Bogotá", themes=[theme])
    CallFactory(slug="abierta", themes=[theme])
    CallFactory(slug="cerrada", closed=True)
    EventFactory(slug="encuentro", theme=theme, host_member=member)
    WebinarFactory(slug="seminario", presenting_member=member, themes=[theme])
    PracticeFactory(slug="ciclovias", member=member, themes=[theme], sdgs=[11])
    EditionFactory(course=CourseFactory(slug="curso", published=True))


@schema.parametrize()
@hypothesis_settings(max_examples=40, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                            HealthCheck.filter_too_much])
@pytest.mark.django_db
def test_the_api_keeps_its_contract(case, api_data):
    case.call_and_validate(checks=CHECKS)
