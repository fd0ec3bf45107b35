"""Writes that overlap: within `overlapped()`, a statement given to `send`
goes to PostgreSQL without waiting for the ones before it (psycopg's
pipeline mode), so the Python that prepares a run's next write works while
the server executes the last one. What needs a statement's result waits in
`afterwards` until the block ends. Elsewhere (SQLite, or outside the block)
`send` runs at once; on SQLite the follow-ups still wait for the block's
end, so both databases write in the same order."""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection

from .sql import PIPELINE, backend, send

# The follow-ups of the open block (None: no block, they run at once).
_AFTERWARDS: ContextVar[list | None] = ContextVar("afterwards", default=None)


@contextmanager
def overlapped():
    """Statements sent in the block reach the server back to back; then the
    follow-ups registered with `afterwards` run, in order, outside it. A
    pipeline cannot COPY: bulk copies wait in `afterwards`, and reads into
    arrays inside the block go row by row."""
    if _AFTERWARDS.get() is not None:  # already inside one
        yield
        return
    follow_ups: list[Callable[[], None]] = []
    token = _AFTERWARDS.set(follow_ups)
    try:
        if backend() == "postgresql":
            connection.ensure_connection()
            with connection.wrap_database_errors, connection.connection.pipeline() as pipeline:
                pipe = PIPELINE.set(pipeline)
                try:
                    yield
                finally:
                    PIPELINE.reset(pipe)
        else:
            yield
    finally:
        _AFTERWARDS.reset(token)
    for follow_up in follow_ups:
        follow_up()


def afterwards(follow_up: Callable[[], None]) -> None:
    """Run once the open `overlapped` block ends (at once outside one)."""
    follow_ups = _AFTERWARDS.get()
    if follow_ups is None:
        follow_up()
    else:
        follow_ups.append(follow_up)


@contextmanager
def without_seqscan():
    """Within the transaction, no sequential scan for PostgreSQL to choose
    (rows found by address are then fetched by a TID scan); the setting
    before is kept on the server, so that nothing waits to read it."""
    if backend() != "postgresql":
        yield
        return
    send("SELECT set_config('ilp.enable_seqscan', current_setting('enable_seqscan'), true), "
         "set_config('enable_seqscan', 'off', true)")
    try:
        yield
    finally:
        send("SELECT set_config('enable_seqscan', current_setting('ilp.enable_seqscan'), true)")
