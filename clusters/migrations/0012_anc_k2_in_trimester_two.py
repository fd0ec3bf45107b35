from django.db import migrations


def load(apps, schema_editor):
    # ANC K2 is the first of trimester II's two contacts (domain spec §3), not trimester I.
    from clusters.catalogue import load_catalogue

    load_catalogue(apps.get_model("clusters", "Cluster"), apps.get_model("clusters", "Service"))


class Migration(migrations.Migration):
    dependencies = [("clusters", "0011_load_icd10")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
