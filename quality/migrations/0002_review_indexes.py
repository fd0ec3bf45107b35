"""Indexes the data-quality review reads through (PostgreSQL only).

They stand on clusters' and patients' tables but serve only the review, so
they live here; their predicates are written exactly as quality.selectors
writes the filters, or PostgreSQL would not use them. Those on visits hold
only the items (a confirmed value, a late entry, a flagged measurement);
those for duplicates cover every person (the month of registration, and the
name as duplicates are compared). The late-entry index and its statistics
use the server's TIME_ZONE and quality.selectors.LATE_ENTRY_DAYS (30) as
they were when this ran."""

from django.conf import settings
from django.db import migrations

NORMALISED_NAME = ("lower(replace(replace(replace(replace(replace(name, ' ', ''), '.', ''), ',', ''), '''', ''), "
                   "'-', ''))")
DAYS_LATE = "(((created_at AT TIME ZONE '{tz}')::date - date))"

INDEXES = [
    # The month's visits with a confirmed value, and those entered late, with
    # the facility that places them: read without touching the visits.
    ("quality_visit_confirmed", "clusters_visit (created_at) INCLUDE (facility_id, id) "
                                "WHERE NOT (confirmed = '[]'::jsonb)"),
    ("quality_visit_late", "clusters_visit (created_at) INCLUDE (facility_id, id) WHERE " + DAYS_LATE + " > 30"),
    ("quality_measurement_flagged", "clusters_measurement (visit_id) WHERE flagged_z > ''"),
    # Duplicates: the month's registrations with what the comparison needs,
    # the people with the same birth date and name, and the households of an
    # area's Posyandu.
    ("quality_patient_created", "patients_patient (created_at) INCLUDE (id, household_id, mother_id, birth_date, "
                                "name) WHERE merged_into_id IS NULL"),
    ("quality_patient_birth_name", f"patients_patient (birth_date, {NORMALISED_NAME}) "
                                   "INCLUDE (id, mother_id, household_id, name) WHERE merged_into_id IS NULL"),
    ("quality_household_posyandu", "patients_household (posyandu_id) INCLUDE (id)"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    tz = settings.TIME_ZONE.replace("'", "")
    for name, definition in INDEXES:
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {definition.format(tz=tz)}")
    # Statistics on the days late, so the planner knows how few visits the
    # late-entry index holds.
    schema_editor.execute(f"CREATE STATISTICS IF NOT EXISTS quality_visit_days_late ON {DAYS_LATE.format(tz=tz)} "
                          "FROM clusters_visit")
    for table in ("clusters_visit", "clusters_measurement", "patients_patient", "patients_household"):
        schema_editor.execute(f"ANALYZE {table}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP STATISTICS IF EXISTS quality_visit_days_late")
    for name, _definition in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY: the visits and people tables stay writable
    # while the indexes build; it cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("quality", "0001_initial"),
        ("clusters", "0008_corrections_archive_and_review"),
        ("patients", "0003_nik_index_without_pattern_index"),
    ]

    operations = [migrations.RunPython(create, drop)]
