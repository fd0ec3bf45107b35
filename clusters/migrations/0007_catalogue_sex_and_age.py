from django.db import migrations


def load(apps, schema_editor):
    # Reload so databases created before 0006 get the catalogue's sex and age limits.
    from clusters.catalogue import load_catalogue

    load_catalogue(apps.get_model("clusters", "Cluster"), apps.get_model("clusters", "Service"))


class Migration(migrations.Migration):
    dependencies = [("clusters", "0006_service_eligibility_and_oedema")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
