"""Quick registrations (IGD) are no longer followed up: the items stored for
them before go, in one set-based delete."""

from django.db import migrations


def forget(apps, schema_editor):
    DueItem = apps.get_model("followup", "DueItem")
    DueItem.objects.filter(patient__provisional=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0004_due_stale"),
        ("patients", "0007_patient_provisional"),
    ]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
