"""The month's visit items read facility by facility (PostgreSQL only).

quality.selectors finds the items on visits of a Puskesmas, desa or
Posyandu at the area's facilities; these indexes give each facility's
month as one range, so such an area's count reads its own items, not the
district's. A district's count still reads the month's items from 0002's
indexes on the time of entry. Predicates as in 0002."""

from django.conf import settings
from django.db import migrations

DAYS_LATE = "(((created_at AT TIME ZONE '{tz}')::date - date))"

INDEXES = [
    ("quality_visit_confirmed_at", "clusters_visit (facility_id, created_at) INCLUDE (id) "
                                   "WHERE NOT (confirmed = '[]'::jsonb)"),
    ("quality_visit_late_at", "clusters_visit (facility_id, created_at) INCLUDE (id) WHERE " + DAYS_LATE + " > 30"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    tz = settings.TIME_ZONE.replace("'", "")
    for name, definition in INDEXES:
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {definition.format(tz=tz)}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _definition in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY: the visits table stays writable.
    atomic = False

    dependencies = [("quality", "0002_review_indexes")]

    operations = [migrations.RunPython(create, drop)]
