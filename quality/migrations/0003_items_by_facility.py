"""The month's visit items read facility by facility (PostgreSQL only).

quality.selectors finds an area's items on visits at the area's
facilities; these indexes give each facility's month as one range, so a
Puskesmas's count reads its own items, not the district's. They replace
0002's indexes on the time of entry alone, whose every item was then
checked against its facility. Predicates as in 0002."""

from django.conf import settings
from django.db import migrations

DAYS_LATE = "(((created_at AT TIME ZONE '{tz}')::date - date))"

INDEXES = [
    ("quality_visit_confirmed_at", "clusters_visit (facility_id, created_at) INCLUDE (id) "
                                   "WHERE NOT (confirmed = '[]'::jsonb)"),
    ("quality_visit_late_at", "clusters_visit (facility_id, created_at) INCLUDE (id) WHERE " + DAYS_LATE + " > 30"),
]
REPLACED = [
    ("quality_visit_confirmed", "clusters_visit (created_at) INCLUDE (facility_id, id) "
                                "WHERE NOT (confirmed = '[]'::jsonb)"),
    ("quality_visit_late", "clusters_visit (created_at) INCLUDE (facility_id, id) WHERE " + DAYS_LATE + " > 30"),
]


def _swap(schema_editor, create, drop):
    if schema_editor.connection.vendor != "postgresql":
        return
    tz = settings.TIME_ZONE.replace("'", "")
    for name, definition in create:
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {definition.format(tz=tz)}")
    for name, _definition in drop:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    schema_editor.execute("ANALYZE clusters_visit")


def forwards(apps, schema_editor):
    _swap(schema_editor, INDEXES, REPLACED)


def backwards(apps, schema_editor):
    _swap(schema_editor, REPLACED, INDEXES)


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY: the visits table stays writable.
    atomic = False

    dependencies = [("quality", "0002_review_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
