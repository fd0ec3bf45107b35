"""SQL helpers of the engine: the only place that knows which database it
runs on. PostgreSQL gets the fast forms (arrays as one parameter, binary
COPY, row addresses by ctid, session settings); SQLite the same statements
in its own dialect (JSON for arrays, rowid for addresses), or a plain form
where it has no equivalent (COPY, advisory locks, settings)."""

import json
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

import numpy as np
import psycopg
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from .binary_copy import binary_arrays
from .binary_params import BINARY_KINDS, array_param, bind_binary, inlined
from .memory import keep_freed_memory


def backend() -> str:
    return connection.vendor


def _server() -> bool:
    return connection.vendor == "postgresql"


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# The psycopg pipeline of an open `overlap.overlapped` block, if any.
PIPELINE: ContextVar = ContextVar("pipeline", default=None)


def run(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, inlined(params))
        if PIPELINE.get() is not None:  # wait for it (and all sent before) to know whether it has rows
            with connection.wrap_database_errors:
                PIPELINE.get().sync()
        return cursor.fetchall() if cursor.description else []


def send(sql: str, params=(), *, returning: bool = False) -> Callable[[], list[tuple]]:
    """Execute a write; returns the function that gives its rows (with
    `returning`), waiting for them only when it is called (see
    overlap.overlapped). On PostgreSQL the parameters travel apart from
    the text: inlined (Django's client-side binding), the arrays' literals
    were most of the server's work on a refresh's state UPDATE, in parsing;
    arrays of numbers, addresses and texts travel in binary (binary_params)."""
    if _server():
        connection.ensure_connection()
        bind_binary(connection.connection.adapters)
        cursor, started = psycopg.Cursor(connection.connection), time.monotonic()
        with connection.wrap_database_errors:
            cursor.execute(sql, params or None, prepare=False)
        _logged(sql, started)
    else:
        cursor = connection.cursor()
        cursor.execute(sql, params)
    if PIPELINE.get() is None:
        with connection.wrap_database_errors:
            rows = cursor.fetchall() if returning else []
        cursor.close()
        return lambda: rows

    def rows() -> list[tuple]:
        if not returning:
            return []
        with connection.wrap_database_errors:
            return cursor.fetchall()

    return rows


def now():
    """The current time as a parameter, in the form the database stores
    DateTimeFields in (Django's own adaptation)."""
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _logged(sql: str, started: float) -> None:
    """Statements run on the driver's own cursor (COPY) are logged as
    Django logs its own, so that query counters see them."""
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})


# ---------------------------------------------------------------------------
# Dates as day numbers (days since 1970-01-01): integer arithmetic.

def days(column: str) -> str:
    """SQL: a date column as days since 1970-01-01 (EXTRACT works in
    numerics and cost more than the rest of the row)."""
    if _server():
        return f"({column} - DATE '1970-01-01')"
    return f"CAST(julianday({column}) - 2440587.5 AS integer)"


def date_of_days(expr: str) -> str:
    """SQL: the date of a day number."""
    if _server():
        return f"DATE '1970-01-01' + CAST({expr} AS integer)"
    return f"date({expr} * 86400, 'unixepoch')"


def month_of(column: str) -> str:
    """SQL: the first day of a date's month."""
    if _server():
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


# ---------------------------------------------------------------------------
# Arrays as one parameter: on PostgreSQL numbers, addresses and texts as a
# binary array (the driver's adaptation of a list of thousands of ints, item
# by item, cost more than the query), dates as an array literal; JSON on
# SQLite.

def _array(values: Iterable, kind: str):
    if _server() and kind in BINARY_KINDS:
        return array_param(values, kind)
    values = values.tolist() if isinstance(values, np.ndarray) else values
    if not _server():
        return json.dumps([v.isoformat() if isinstance(v, date) else v for v in values])
    # Dates (their text has no quotes or backslashes), quoted as elements.
    return "{" + ",".join(f'"{v}"' for v in values) + "}"


_TYPES = {"bigint": "bigint", "text": "text", "date": "date", "address": "tid"}


def any_of(column: str, values, kind: str = "bigint") -> tuple[str, list]:
    """SQL: the column is one of these values (PostgreSQL reads the array
    with a bitmap scan)."""
    if _server():
        return f"{column} = ANY(CAST(%s AS {_TYPES[kind]}[]))", [_array(values, kind)]
    return f"{column} IN (SELECT value FROM json_each(%s))", [_array(values, kind)]


def unnest(alias: str, columns: list[tuple[str, str, Iterable]]) -> tuple[str, list]:
    """SQL of a relation `alias` whose rows are the arrays' elements, one
    column per (name, kind: bigint | text | address, values)."""
    names = [name for name, _kind, _values in columns]
    if _server():
        casts = ", ".join(f"CAST(%s AS {_TYPES[kind]}[])" for _name, kind, _values in columns)
        return f"unnest({casts}) AS {alias}({', '.join(names)})", \
            [_array(values, kind) for _name, kind, values in columns]
    lists = [values.tolist() if isinstance(values, np.ndarray) else list(values) for _n, _k, values in columns]
    picks = ", ".join(f"json_extract(value, '$[{n}]') AS {name}" for n, name in enumerate(names))
    return f"(SELECT {picks} FROM json_each(%s)) AS {alias}", [json.dumps(list(zip(*lists, strict=True)))]


def text_at(texts: list[str], index: str) -> tuple[str, list]:
    """SQL: the text at a 0-based index (an SQL expression) of a list."""
    if _server():
        return f"(CAST(%s AS text[]))[{index} + 1]", [_array(texts, "text")]
    return f"json_extract(%s, '$[' || ({index}) || ']')", [json.dumps(texts)]


def delete_joined(model, alias: str, using: str, where: str, params: list) -> None:
    """Delete the rows `alias` of a table that match a row of `using` (an
    SQL relation, e.g. from unnest) by `where`; `params` of both, in order."""
    if _server():
        send(f"DELETE FROM {table(model)} {alias} USING {using} WHERE {where}", params)
    else:
        send(f"DELETE FROM {table(model)} AS {alias} WHERE EXISTS (SELECT 1 FROM {using} WHERE {where})", params)


# ---------------------------------------------------------------------------
# Row addresses: where a row was read, to write it there again without
# descending an index (ctid as block << 16 | offset; SQLite's rowid).

def address(alias: str = "") -> str:
    """SQL: the address of each row read, as a bigint."""
    prefix = f"{alias}." if alias else ""
    if _server():
        point = f"(CAST(CAST({prefix}ctid AS text) AS point))"
        return f"(CAST({point}[0] AS bigint) * 65536 + CAST({point}[1] AS bigint))"
    return f"{prefix}rowid"


def at_addresses(alias: str, column: str, addresses) -> tuple[str, list]:
    """SQL: the row `alias` lies at the address `column` (of an unnest of
    kind "address"), one of `addresses`. The list lets PostgreSQL fetch
    the rows by address (a TID scan) instead of hashing the table."""
    if _server():
        return f"{alias}.ctid = {column} AND {alias}.ctid = ANY(CAST(%s AS tid[]))", [_array(addresses, "address")]
    return f"{alias}.rowid = {column} AND {alias}.rowid IN (SELECT value FROM json_each(%s))", \
        [_array(addresses, "address")]


# ---------------------------------------------------------------------------
# Reads into arrays, writes by COPY.

def read_arrays(sql: str, params: list, columns: list[str], group: str | None = None,
                narrow: tuple[str, ...] = (), text: str | None = None) -> dict:
    """{column: int64 array} of a query whose `columns` are all non-null
    bigints. With `group` (a text column of the query), the rows come
    grouped by it: "group" then holds per row an index into "keys". The
    `narrow` columns hold values that fit 32 bits (a wider one makes the
    read fail, never misread). With `text` (a non-null text column, without
    `group`), that column's values joined in the rows' order, as one str."""
    assert not (group and text), "a text column of ungrouped rows"
    if not _server() or PIPELINE.get() is not None:  # row by row: a pipeline cannot COPY
        names = [group, *columns] if group else [*columns, text] if text else columns
        rows = run(f"SELECT {', '.join(names)} FROM ({sql}) a", params)
        out = {}
        if group:
            out["keys"] = sorted({row[0] for row in rows})
            index = {key: n for n, key in enumerate(out["keys"])}
            out["group"] = np.array([index[row[0]] for row in rows], dtype=np.int64)
            rows = [row[1:] for row in rows]
        if text:
            out[text] = "".join(row[-1] for row in rows)
            rows = [row[:-1] for row in rows]
        values = np.array(rows, dtype=np.int64).reshape(-1, len(columns))
        return out | {name: values[:, i].copy() for i, name in enumerate(columns)}
    # Each column as one array, in binary, read by NumPy in place: row by row
    # the driver's per-row cost was most of the read. The array_agg of one
    # aggregate all see the rows in the same order. Narrow columns go two to
    # an element: half the elements to aggregate, send and parse.
    fields = _packed([name for name in columns if name in narrow]) + [name for name in columns if name not in narrow]
    arrays = ", ".join(f"array_agg({field if isinstance(field, str) else _pack(*field)})" for field in fields)
    if text:  # the aggregates of one query see the rows in the same order
        arrays += f", string_agg({text}, '')"
    query = f"SELECT {group + ', ' if group else ''}{arrays} FROM ({sql}) a{' GROUP BY ' + group if group else ''}"
    started = time.monotonic()
    with connection.cursor() as cursor, connection.wrap_database_errors:  # as Django's own errors
        with cursor.cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT BINARY)", inlined(params) or None) as copy:
            data = b"".join(copy)  # the blocks as they come, copied once
    _logged(query, started)
    parts, keys = binary_arrays(data, len(fields), keyed=bool(group), texts=1 if text else 0)
    read = {field: np.concatenate([row[i] for row in parts]) if parts else np.zeros(0, dtype=np.int64)
            for i, field in enumerate(fields)}
    out = {}
    for field, values in read.items():
        if isinstance(field, str):
            out[field] = values
        else:  # shifts keep each half's sign
            out[field[0]], out[field[1]] = values >> 32, (values << 32) >> 32
    out = {name: out[name] for name in columns}
    if text:
        out[text] = "".join(row[-1] for row in parts)
    if group:
        out["keys"] = keys
        out["group"] = np.repeat(np.arange(len(parts), dtype=np.int64), [len(row[0]) for row in parts])
    return out


def packable(fitting: list[str], ids: dict[str, type]) -> tuple[str, ...]:
    """The columns a read may pack (read_arrays's `narrow`): `fitting`,
    whose values fit 32 bits, and the id columns `ids` ({column: model})
    while every id of their tables does (ids are bigints)."""
    if not ids or not _server():
        return (*fitting, *ids)
    largest = ", ".join(f"(SELECT max(id) FROM {table(model)})" for model in set(ids.values()))
    fit = all((value or 0) < 1 << 31 for value in run(f"SELECT {largest}")[0])
    return (*fitting, *ids) if fit else tuple(fitting)


def _packed(names: list[str]) -> list:
    """Narrow columns in pairs; an odd one out alone."""
    pairs = [(names[i], names[i + 1]) for i in range(0, len(names) - 1, 2)]
    return pairs + names[len(pairs) * 2:]


def _pack(high: str, low: str) -> str:
    """SQL: two 32-bit values in one bigint (CAST to integer fails on a
    value out of its range)."""
    return f"((CAST(CAST({high} AS integer) AS bigint) << 32) | (CAST(CAST({low} AS integer) AS bigint) & 4294967295))"


def copy_rows(model, columns: list[str], values: list[list]) -> None:
    """Insert rows given column by column (ints, texts without tabs or
    backslashes, dates, datetimes or None): by COPY on PostgreSQL, formatted
    in one call (adapting rows one by one cost more than the COPY)."""
    count = len(values[0]) if values else 0
    if not count:
        return
    if not _server():
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table(model)} ({', '.join(columns)}) "
                               f"VALUES ({', '.join(['%s'] * len(columns))})", list(zip(*values, strict=True)))
        return
    values = [[r"\N" if v is None else v for v in column] if None in column else column for column in values]
    line = "\t".join(["%s"] * len(values)) + "\n"
    text = (line * count) % tuple(v for row in zip(*values, strict=True) for v in row)
    statement = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    started = time.monotonic()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(statement) as copy:
            copy.write(text)
    _logged(statement, started)


# ---------------------------------------------------------------------------
# Settings, transactions and the lock.

@contextmanager
def reading(few: bool = False):
    """Room for the services' hash aggregate, and no JIT (compiling these
    wide statements took longer than running them). With `few`, a
    refresh's settings: a few thousand rows scattered over big tables are
    read by bitmap scans, whose heap pages are prefetched, not by index
    scans that wait for each page in turn. From the first reading on, the
    process keeps the memory its runs free, for the next (memory.py)."""
    keep_freed_memory()
    if not _server():
        yield
        return
    settings = {"work_mem": "256MB", "jit": "off"}
    if few:
        settings |= {"enable_indexscan": "off", "enable_seqscan": "off", "effective_io_concurrency": "64"}
    run("SELECT " + ", ".join(["set_config(%s, %s, false)"] * len(settings)),
        [item for pair in settings.items() for item in pair])
    try:
        yield
    finally:
        run("SELECT set_config(name, reset_val, false) FROM pg_settings WHERE name = ANY(%s)", [list(settings)])


@contextmanager
def derived_writes():
    """The one transaction in which a run writes facts, state and consumed
    log rows. On PostgreSQL it commits without waiting for the WAL flush:
    everything in it is derived, and a crash can lose only the whole of it
    (the log rows come back with it), never a part."""
    with transaction.atomic():
        if _server():
            run("SELECT set_config('synchronous_commit', 'off', true)")
        yield


class DistrictBusy(Exception):
    """Another refresh or rebuild of this district is running."""


def _lock_key(district: str) -> int:
    return int(district.replace(".", "")) + 7_000_000


@contextmanager
def district_lock_in_transaction(district: str):
    """The district lock for a write inside the caller's transaction. On
    PostgreSQL it is held until that transaction ends, so no run reads the
    district between the write and its commit; elsewhere it is the runs'
    lock, and SQLite's one writer keeps runs out until the commit."""
    if _server():
        with transaction.atomic():
            if not run("SELECT pg_try_advisory_xact_lock(%s)", [_lock_key(district)])[0][0]:
                raise DistrictBusy(district)
            yield
        return
    with district_lock(district):
        yield


@contextmanager
def district_lock(district: str):
    """One run per district at a time: a PostgreSQL advisory lock (released
    if the worker dies with its connection); elsewhere a cache key."""
    if _server():
        key = _lock_key(district)
        if not run("SELECT pg_try_advisory_lock(%s)", [key])[0][0]:
            raise DistrictBusy(district)
        try:
            yield
        finally:
            run("SELECT pg_advisory_unlock(%s)", [key])
        return
    key = f"ilp:aggregation-lock:{district}"
    if not cache.add(key, 1, timeout=3600):
        raise DistrictBusy(district)
    try:
        yield
    finally:
        cache.delete(key)
