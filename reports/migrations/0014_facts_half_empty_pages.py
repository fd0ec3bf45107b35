from django.db import migrations

TABLE = "reports_coveragefact"


def more_room(apps, schema_editor):
    # A day's refresh updates about two in five of the month's facts, which
    # lie together: with a fifth of each page free most of those updates no
    # longer fit beside the old row, and each then writes the key's index
    # too. Half-empty pages keep them all in place (HOT). Pages written
    # before keep their fill until the table is rewritten.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (fillfactor = 50)")


def less_room(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (fillfactor = 80)")


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0013_rollups_updated_in_place"),
    ]

    operations = [migrations.RunPython(more_room, less_room)]
