from django.db import migrations, models

# Rows written before StateChange named its workflow: each model had one workflow, except a campus
# enrolment (its state and its scholarship), told apart by the state moved to.
WORKFLOW_OF = {
    ("programs", "mentorship"): "mentorship",
    ("programs", "citypairing"): "pairing",
    ("programs", "webinar"): "webinar",
    ("programs", "goodpractice"): "good-practice",
    ("events", "registration"): "event-registration",
    ("events", "agreement"): "agreement",
    ("campus", "adhoctraining"): "adhoc_training",
    ("network", "activity"): "plan-activity-stage",
}
SCHOLARSHIP_TARGETS = ("granted", "flagged", "refused")


def name_workflows(apps, schema_editor):
    StateChange = apps.get_model("network", "StateChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for (app_label, model), workflow in WORKFLOW_OF.items():
        ct = ContentType.objects.filter(app_label=app_label, model=model).first()
        if ct is not None:
            StateChange.objects.filter(content_type=ct, workflow="").update(workflow=workflow)
    enrolment = ContentType.objects.filter(app_label="campus", model="enrolment").first()
    if enrolment is not None:
        rows = StateChange.objects.filter(content_type=enrolment, workflow="")
        rows.filter(target__in=SCHOLARSHIP_TARGETS).update(workflow="scholarship")
        rows.exclude(target__in=SCHOLARSHIP_TARGETS).update(workflow="enrolment")


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0005_action_plan"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="statechange",
            name="workflow",
            field=models.CharField(blank=True, max_length=40, verbose_name="workflow"),
        ),
        migrations.RunPython(name_workflows, migrations.RunPython.noop),
    ]
