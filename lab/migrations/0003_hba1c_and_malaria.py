from django.db import migrations


def load(apps, schema_editor):
    # The catalogue gained HbA1c and the malaria tests (domain spec §8).
    from lab.catalogue import load_shipped_catalogue

    load_shipped_catalogue(apps.get_model("lab", "LabTest"))


class Migration(migrations.Migration):
    dependencies = [("lab", "0002_load_catalogue")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
