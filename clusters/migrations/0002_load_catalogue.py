from django.db import migrations


def load(apps, schema_editor):
    from clusters.catalogue import load_catalogue

    load_catalogue(apps.get_model("clusters", "Cluster"), apps.get_model("clusters", "Service"))


class Migration(migrations.Migration):
    dependencies = [("clusters", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
