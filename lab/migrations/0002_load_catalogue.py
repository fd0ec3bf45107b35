from django.db import migrations


def load(apps, schema_editor):
    from lab.catalogue import load_shipped_catalogue

    load_shipped_catalogue(apps.get_model("lab", "LabTest"))


class Migration(migrations.Migration):
    dependencies = [("lab", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
