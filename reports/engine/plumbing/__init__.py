"""The engine's database plumbing: everything that differs between
PostgreSQL and SQLite, and every speed trick that talks to the driver or the
server, behind a few functions. The engine's other modules write one SQL
text for both databases with these helpers, and never ask which database
they run on.

- sql: statements from arrays (unnest), row addresses, dates as day
  numbers, reads into NumPy arrays, bulk copies, session settings, the
  district lock and the derived-writes transaction;
- binary_copy: parsing PostgreSQL's binary COPY output;
- threads: the second connection and the reads shared between the two;
- overlap: writes sent without waiting for the one before, and what
  follows them once they are done.
- memory: freed memory kept by a process that evaluates, for its next run."""

from .overlap import afterwards, overlapped, send, without_seqscan
from .sql import (
    DistrictBusy,
    address,
    any_of,
    at_addresses,
    backend,
    copy_rows,
    date_of_days,
    days,
    delete_joined,
    derived_writes,
    district_lock,
    district_lock_in_transaction,
    month_of,
    now,
    packable,
    read_arrays,
    reading,
    run,
    table,
    text_at,
    unnest,
)
from .threads import SecondConnection, concurrently, in_turns

__all__ = [
    "DistrictBusy", "SecondConnection", "address", "afterwards", "any_of", "at_addresses", "backend", "concurrently",
    "copy_rows", "date_of_days", "days", "delete_joined", "derived_writes", "district_lock",
    "district_lock_in_transaction", "in_turns", "month_of", "now", "overlapped", "packable", "read_arrays",
    "reading", "run", "send", "table", "text_at", "unnest", "without_seqscan",
]
