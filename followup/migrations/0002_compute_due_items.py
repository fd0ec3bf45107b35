from django.db import migrations


def compute(apps, schema_editor):
    # The rules are code, not schema: this runs today's rules once so that an
    # existing database starts with its lists (`rebuild_due` runs them again).
    from followup.upkeep import rebuild

    rebuild()


class Migration(migrations.Migration):
    dependencies = [("followup", "0001_initial")]
    operations = [migrations.RunPython(compute, migrations.RunPython.noop)]
