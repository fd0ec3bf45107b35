# The facts' primary key becomes their cell (district, month, Posyandu,
# indicator) and their only index (decision 13). Django does not migrate a
# table to a composite primary key, so the facts move to a new table.

import django.db.models.deletion
from django.db import migrations, models

COLUMNS = "posyandu_id, district_id, month, indicator, numerator, denominator, computed_at"


def move_facts(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Room on each page for the refresh's updates in place (see 0008).
        schema_editor.execute("ALTER TABLE reports_coveragefact SET (fillfactor = 80)")
    schema_editor.execute(f"INSERT INTO reports_coveragefact ({COLUMNS}) SELECT {COLUMNS} "
                          f"FROM reports_coveragefactbyrowid ORDER BY district_id, month, posyandu_id, indicator")


def name_the_key(apps, schema_editor):
    # The renamed table held the name until it was dropped.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX IF EXISTS reports_coveragefact_pkey1 RENAME TO reports_coveragefact_pkey")


def move_facts_back(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE reports_coveragefactbyrowid SET (fillfactor = 80)")
    schema_editor.execute(f"INSERT INTO reports_coveragefactbyrowid ({COLUMNS}) SELECT {COLUMNS} "
                          f"FROM reports_coveragefact")


class Migration(migrations.Migration):

    dependencies = [
        ("facilities", "0001_initial"),
        ("reports", "0009_subjects_room_to_update_in_place"),
    ]

    operations = [
        migrations.RenameModel("CoverageFact", "CoverageFactByRowId"),
        migrations.CreateModel(
            name="CoverageFact",
            fields=[
                ("pk", models.CompositePrimaryKey("district", "month", "posyandu", "indicator", blank=True,
                                                  editable=False, primary_key=True, serialize=False)),
                ("month", models.DateField()),
                ("indicator", models.CharField(max_length=30)),
                ("numerator", models.PositiveIntegerField(default=0)),
                ("denominator", models.PositiveIntegerField(blank=True, null=True)),
                ("computed_at", models.DateTimeField()),
                ("district", models.ForeignKey(db_constraint=False, db_index=False,
                                               on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                                               to="facilities.region")),
                ("posyandu", models.ForeignKey(db_constraint=False, db_index=False,
                                               on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                                               to="facilities.facility")),
            ],
        ),
        migrations.RunPython(move_facts, move_facts_back),
        migrations.DeleteModel("CoverageFactByRowId"),
        migrations.RunPython(name_the_key, migrations.RunPython.noop),
    ]
