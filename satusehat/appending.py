"""Appending outbox rows inside the visit's transaction (outbox.py).

One plain INSERT: bulk_create's model instances and PostgreSQL's UNNEST
arrays cost more than the statement itself, and a save pays for them."""

from functools import lru_cache

from django.db import connection

from .models import Operation, Status

# Written by queueing; the others keep their defaults (NULL or set by the sender).
COLUMNS = ("visit_id", "patient_id", "facility_id", "kind", "ident", "op", "data", "status", "attempts",
           "next_attempt_at", "last_error", "resource_id", "created_at")
_FIELDS = {f.column: f for f in Operation._meta.concrete_fields}


@lru_cache(maxsize=64)
def _statement(vendor: str, rows: int) -> str:
    quote = connection.ops.quote_name
    one = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
    return (f"INSERT INTO {quote(Operation._meta.db_table)} ({', '.join(quote(c) for c in COLUMNS)}) "
            f"VALUES {', '.join([one] * rows)}")


def append(rows: list[tuple[int, int, int, str, str, str, dict]], now) -> int:
    """Queue `rows` of (visit id, person id, facility id, kind, ident, op,
    data), due at `now`; how many were written."""
    if not rows:
        return 0
    data_field = _FIELDS["data"]
    at = _FIELDS["created_at"].get_db_prep_save(now, connection)
    params = []
    for visit_id, patient_id, facility_id, kind, ident, op, data in rows:
        params += (visit_id, patient_id, facility_id, kind, ident, op, data_field.get_db_prep_save(data, connection),
                   Status.QUEUED.value, 0, at, "", "", at)
    with connection.cursor() as cursor:
        cursor.execute(_statement(connection.vendor, len(rows)), params)
    return len(rows)
