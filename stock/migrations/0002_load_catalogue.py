from django.db import migrations


def load(apps, schema_editor):
    from stock.catalogue import load_shipped_catalogue

    report = load_shipped_catalogue(apps.get_model("stock", "Item"))
    if report.errors:
        raise ValueError("; ".join(str(e) for e in report.errors))


class Migration(migrations.Migration):
    dependencies = [("stock", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
