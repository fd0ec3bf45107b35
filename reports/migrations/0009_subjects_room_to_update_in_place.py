from django.db import migrations

TABLE = "reports_coveragesubject"


def leave_room(apps, schema_editor):
    # A refresh rewrites the state of the people it re-evaluates in place;
    # with room on their page, PostgreSQL does it without touching the
    # indexes (HOT), as for the facts (0008).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (fillfactor = 80)")


def fill_pages(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (fillfactor)")


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0008_facts_room_to_update_in_place"),
    ]

    operations = [migrations.RunPython(leave_room, fill_pages)]
