"""Applications move through the one state engine: their audit rows join every other workflow's
in network.StateChange, and ApplicationEvent goes."""

from django.db import migrations


def copy_events(apps, schema_editor):
    ApplicationEvent = apps.get_model("programs", "ApplicationEvent")
    StateChange = apps.get_model("network", "StateChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ApplicationEvent.objects.exists():
        return
    ct, _created = ContentType.objects.get_or_create(app_label="programs", model="application")
    batch = []
    for event in ApplicationEvent.objects.order_by("pk").iterator(chunk_size=5000):
        batch.append(StateChange(content_type_id=ct.pk, object_id=event.application_id, workflow="application",
                                 source=event.source, target=event.target, actor=event.actor,
                                 by_id=event.by_id, comment=event.comment, at=event.at))
        if len(batch) >= 5000:
            StateChange.objects.bulk_create(batch)
            batch = []
    StateChange.objects.bulk_create(batch)


def copy_back(apps, schema_editor):
    ApplicationEvent = apps.get_model("programs", "ApplicationEvent")
    StateChange = apps.get_model("network", "StateChange")
    rows = StateChange.objects.filter(workflow="application").order_by("pk")
    ApplicationEvent.objects.bulk_create(
        ApplicationEvent(application_id=r.object_id, source=r.source, target=r.target, actor=r.actor,
                         by_id=r.by_id, comment=r.comment, at=r.at) for r in rows.iterator(chunk_size=5000))
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0005_application_draft_revision"),
        ("network", "0006_statechange_workflow"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy_events, copy_back),
        migrations.DeleteModel(name="ApplicationEvent"),
    ]
