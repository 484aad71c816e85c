"""The applicant's pages do not make more queries as applications, events or documents grow."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.calls.services import applications as services
from tests.factories import technician_of

from .conftest import answers_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [2, 20])
def test_my_applications_queries_do_not_grow(client, make_call, quito, django_assert_max_num_queries, rows):
    user = technician_of(quito)
    for _ in range(rows):
        services.application_start(call=make_call(), user=user)
    client.force_login(user)
    with django_assert_max_num_queries(5):  # user, page count, rows, endorsements, session
        response = client.get(reverse("programs:my_applications"), HTTP_ACCEPT_LANGUAGE="en")
    assert len(response.context["applications"]) == rows
    # Each line as the list shows it, in English, without a query per row for what it reads.
    application = response.context["applications"][0]
    assert application.call.title in response.text and application.reference in response.text
    assert quito.name in response.text and "Draft" in response.text and "Continue" in response.text


@pytest.mark.parametrize("rows", [1, 6])
def test_my_applications_lists_what_waits_for_the_focal_points_endorsement_in_fixed_queries(
    client, make_call, technician, focal, quito, django_assert_max_num_queries, rows
):
    technician.name = "Ana Torres"
    technician.save()
    for n in range(rows):
        call = make_call(requires_endorsement=True, title=f"Movilidad {n}")
        application = services.application_start(call=call, user=technician)
        services.application_save_draft(application=application, by=technician, answers=answers_for(call))
        services.application_submit(application=application, by=technician)
    client.force_login(focal)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("programs:my_applications"), HTTP_ACCEPT_LANGUAGE="en")
    waiting = list(response.context["endorsements"])
    assert len(waiting) == rows
    section = response.text.split('id="endorse-title"')[1].split("</section>")[0]
    for application in waiting:  # each line: reference, call, city, author and its link
        assert application.reference in section and application.call.title in section
        assert reverse("programs:endorsement", kwargs={"reference": application.reference}) in section
    assert section.count(quito.name) == rows and section.count("Ana Torres") == rows


@pytest.mark.parametrize("rows", [2, 10])  # 10 is the most documents an application may have
def test_application_page_queries_do_not_grow_with_documents(
    client, make_call, technician, django_assert_max_num_queries, rows
):
    call = make_call()
    application = services.application_start(call=call, user=technician)
    services.application_save_draft(application=application, by=technician, answers=answers_for(call))
    for n in range(rows):
        services.document_add(application=application, by=technician, content_type="application/pdf",
                              upload=SimpleUploadedFile(f"doc{n}.pdf", b"%PDF-1.7 x"))
    services.application_submit(application=application, by=technician)
    client.force_login(technician)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("programs:application", kwargs={"reference": application.reference}))
    assert len(response.context["documents"]) == rows


def add_documents(application, user, count):
    for n in range(count):
        services.document_add(application=application, by=user, content_type="application/pdf",
                              upload=SimpleUploadedFile(f"doc{n}.pdf", b"%PDF-1.7 x"))


@pytest.mark.parametrize("rows", [2, 10])
def test_application_form_queries_do_not_grow_with_documents(
    client, make_call, technician, django_assert_max_num_queries, rows
):
    call = make_call()
    application = services.application_start(call=call, user=technician)
    add_documents(application, technician, rows)
    client.force_login(technician)
    with django_assert_max_num_queries(BOUND_EDIT):
        response = client.get(reverse("programs:application_edit", kwargs={"reference": application.reference}))
    assert len(response.context["documents"]) == rows


@pytest.mark.parametrize("rows", [2, 10])
def test_endorsement_page_queries_do_not_grow_with_documents(
    client, make_call, technician, focal, django_assert_max_num_queries, rows
):
    call = make_call(requires_endorsement=True)
    application = services.application_start(call=call, user=technician)
    services.application_save_draft(application=application, by=technician, answers=answers_for(call))
    add_documents(application, technician, rows)
    services.application_submit(application=application, by=technician)
    client.force_login(focal)
    with django_assert_max_num_queries(BOUND_ENDORSE):
        response = client.get(reverse("programs:endorsement", kwargs={"reference": application.reference}))
    assert len(response.context["documents"]) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_call_page_queries_do_not_grow_with_the_visitors_applications(
    client, make_call, technician, django_assert_max_num_queries, rows
):
    call = make_call()
    for _ in range(rows):
        application = services.application_start(call=call, user=technician)
        services.application_withdraw(application=application, by=technician)
    client.force_login(technician)
    with django_assert_max_num_queries(BOUND_CALL):
        response = client.get(reverse("programs:call", kwargs={"slug": call.slug}))
    assert response.status_code == 200


BOUND_EDIT = 6
BOUND_ENDORSE = 6
BOUND_CALL = 5


def test_my_applications_come_twenty_to_a_page_newest_first(client, make_call, quito):
    user = technician_of(quito)
    calls = [make_call() for _ in range(23)]
    for call in calls:
        services.application_start(call=call, user=user)
    client.force_login(user)
    first = client.get(reverse("programs:my_applications"))
    second = client.get(reverse("programs:my_applications"), {"page": 2})
    assert len(first.context["applications"]) == 20 and len(second.context["applications"]) == 3
    assert first.context["applications"][0].call == calls[-1]  # the last one started is on top
    assert 'rel="next"' in first.text and 'rel="prev"' in second.text
