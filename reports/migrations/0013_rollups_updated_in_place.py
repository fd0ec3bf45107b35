from django.db import migrations, models

TABLE = "reports_coveragerollup"


def leave_room(apps, schema_editor):
    # A refresh adds to the roll-ups of the facts it moves; with room on
    # their page and no figure in an index, PostgreSQL updates them without
    # touching the indexes (HOT), as it does the facts (0008).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (fillfactor = 80)")


def fill_pages(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (fillfactor)")


class Migration(migrations.Migration):

    dependencies = [
        ("facilities", "0001_initial"),
        ("reports", "0012_rollup_puskesmas_totals"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="coveragerollup",
            name="rollup_puskesmas_totals",
        ),
        migrations.AddIndex(
            model_name="coveragerollup",
            index=models.Index(condition=models.Q(("desa", "")), fields=["district", "month", "puskesmas", "indicator"],
                               name="rollup_puskesmas_totals"),
        ),
        migrations.RunPython(leave_room, fill_pages),
    ]
