from django.db import migrations


def rename(apps, schema_editor):
    # ANC K2 is the first of trimester II's two contacts (domain spec §3), not
    # trimester I. Only the name that shipped wrong: the rest of the catalogue
    # may have been edited in the admin since.
    apps.get_model("clusters", "Service").objects.filter(code="ANC_K2", name="ANC K2 (trimester I)").update(
        name="ANC K2 (trimester II)")


class Migration(migrations.Migration):
    dependencies = [("clusters", "0011_load_icd10")]
    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
