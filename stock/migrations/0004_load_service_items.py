from django.db import migrations


def load(apps, schema_editor):
    from stock.catalogue import load_service_items, load_shipped_catalogue

    # Vaccines are now counted in doses: the shipped catalogue again, by code.
    load_shipped_catalogue(apps.get_model("stock", "Item"))
    load_service_items(apps.get_model("clusters", "Service"), apps.get_model("stock", "Item"),
                       apps.get_model("stock", "ServiceItem"))


class Migration(migrations.Migration):
    dependencies = [("stock", "0003_service_items_and_returns")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
