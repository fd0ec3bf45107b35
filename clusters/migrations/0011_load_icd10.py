from django.db import migrations


def load(apps, schema_editor):
    from clusters.icd10 import load_icd10

    load_icd10(apps.get_model("clusters", "Diagnosis"))


class Migration(migrations.Migration):
    dependencies = [("clusters", "0010_diagnoses")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
