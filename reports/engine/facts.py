"""Storage of the facts (CoverageFact): reading a district's facts as
arrays of cell keys, making them equal an evaluation (a rebuild), and
writing the cells a refresh moved. Cells travel as arrays (Posyandu, day
number of the month, indicator index, numerator, denominator or -1) and are
written set-based, one statement per kind of change."""

from datetime import date, timedelta

import numpy as np

from reports.models import CoverageFact

from .keys import NO_INDICATOR, REGISTRY_CODES, REGISTRY_INDEX, cell_key, first_days, split_key, year_month
from .plumbing import (
    address,
    afterwards,
    any_of,
    at_addresses,
    copy_rows,
    date_of_days,
    days,
    delete_joined,
    now,
    read_arrays,
    send,
    table,
    text_at,
    unnest,
)

FACT_COLUMNS = ["posyandu_id", "district_id", "month", "indicator", "numerator", "denominator", "computed_at"]
FACT_ARRAYS = ("pos", "yr", "mo", "ind", "num", "den", "tid")  # of stored(), by row
# Up to this many new cells (a refresh's: thousands on the first day of a
# month) are inserted from arrays in one statement; more (a rebuild's, up to
# hundreds of thousands) by COPY, which is faster per row once started.
FEW_CELLS = 50_000
EPOCH = date(1970, 1, 1)


def stored(district: str, year: int | None = None, only: list[date] | None = None,
           posyandu: list[int] | None = None, where_found: bool = False) -> dict:
    """The district's stored facts (of a year, or all; or of the months
    `only`; of every Posyandu or those in `posyandu`) as arrays, with "yr",
    "mo", "day" (of the month) and the indicator's index in the registry
    ("ind"; NO_INDICATOR: no longer in it); with `where_found`, "tid": the
    row's address, to write it there again (see write_moved)."""
    where, params = "", []
    if year is not None:
        where, params = " AND month BETWEEN %s AND %s", [date(year, 1, 1), date(year, 12, 31)]
    if only is not None:
        where, params = f" AND month IN ({', '.join(['%s'] * len(only)) or 'NULL'})", list(only)
    if posyandu is not None:
        at, at_params = any_of("posyandu_id", posyandu)
        where, params = f"{where} AND {at}", [*params, *at_params]
    tid = address() if where_found else "0"
    sql = (f"SELECT indicator, CAST(posyandu_id AS bigint) AS pos, "
           f"CAST({days('month')} AS bigint) AS day, CAST(numerator AS bigint) AS num, "
           f"CAST(COALESCE(denominator, -1) AS bigint) AS den, CAST({tid} AS bigint) AS tid "
           f"FROM {table(CoverageFact)} WHERE district_id = %s{where}")
    facts = read_arrays(sql, [district, *params], ["pos", "day", "num", "den", "tid"], group="indicator")
    index = [REGISTRY_INDEX.get(key, NO_INDICATOR) for key in facts["keys"]]
    facts["ind"] = np.array(index, dtype=np.int64)[facts["group"]]
    facts["yr"], facts["mo"] = year_month(facts["day"])
    return facts


def sync(evaluation, facts: dict, district: str) -> None:
    """Make the stored facts of the district (`facts`, as read) equal the
    evaluated ones, writing only the cells whose value changed."""
    keys = evaluation.keys
    stored_keys = cell_key(facts["pos"], facts["yr"], facts["mo"], facts["ind"])
    same = np.zeros(len(stored_keys), dtype=bool)
    kept = np.zeros(len(keys), dtype=bool)
    if len(keys) and len(stored_keys):
        at = np.searchsorted(keys, stored_keys).clip(max=len(keys) - 1)
        same = (keys[at] == stored_keys) & (evaluation.numerator[at] == facts["num"]) \
            & (evaluation.denominator[at] == facts["den"])
        kept[at[same]] = True
    gone = ~same
    _delete_cells(district, facts["pos"][gone], facts["day"][gone], facts["group"][gone], facts["keys"])
    insert(keys[~kept], evaluation.numerator[~kept], evaluation.denominator[~kept], district)


def write_moved(moved: dict, district: str) -> None:
    """Write a refresh's moved cells ("key", "num", "den", "stored": has a
    row, "tid": where it was read): stored rows updated (or deleted when
    they count nothing any more), new cells inserted."""
    if not moved:
        return
    counts = (moved["num"] != 0) | (moved["den"] > 0)
    stored_row = moved["stored"]
    pos, year, month, code = split_key(moved["key"])
    day = first_days(year, month)
    gone = stored_row & ~counts
    _delete_cells(district, pos[gone], day[gone], code[gone], REGISTRY_CODES)
    update = stored_row & counts
    if update.any():
        # Found where they were read, and still holding their cell: joined
        # through the primary key, PostgreSQL hashed every fact of the
        # months instead. Should any have moved since (VACUUM FULL), all
        # are found by their cell.
        cells = [a[update] for a in (pos, day, code, moved["num"], moved["den"])]
        stamp = now()
        found, expected = _update_cells(district, stamp, cells, moved["tid"][update]), int(update.sum())

        def by_cell_if_moved():
            if len(found()) != expected:
                _update_cells(district, stamp, cells)

        afterwards(by_cell_if_moved)
    fresh = ~stored_row & counts
    insert(moved["key"][fresh], moved["num"][fresh], moved["den"][fresh], district)


def insert(keys: np.ndarray, numerator: np.ndarray, denominator: np.ndarray, district: str) -> None:
    """New facts of the district's cells (denominator -1: none), stamped
    now and written month by month: a refresh reads the facts of the months
    it touches, and finds them together on disk."""
    if not len(keys):
        return
    pos, year, month, indicator = split_key(keys)
    order = np.lexsort((indicator, pos, month, year))
    pos, indicator, numerator, denominator = (a[order] for a in (pos, indicator, numerator, denominator))
    day = first_days(year[order], month[order])
    stamp = now()
    if len(keys) <= FEW_CELLS:
        cells, cells_params = unnest("u", [("pos", "bigint", pos), ("day", "bigint", day),
                                           ("ind", "bigint", indicator), ("num", "bigint", numerator),
                                           ("den", "bigint", denominator)])
        code, code_params = text_at(REGISTRY_CODES, "u.ind")
        send(f"INSERT INTO {table(CoverageFact)} ({', '.join(FACT_COLUMNS)}) "
             f"SELECT u.pos, %s, {date_of_days('u.day')}, {code}, u.num, NULLIF(u.den, -1), %s FROM {cells}",
             [district, *code_params, stamp, *cells_params])
        return
    months = {d: EPOCH + timedelta(days=d) for d in np.unique(day).tolist()}
    afterwards(lambda: copy_rows(CoverageFact, FACT_COLUMNS, [
        pos.tolist(), [district] * len(keys), [months[d] for d in day.tolist()],
        [REGISTRY_CODES[i] for i in indicator.tolist()], numerator.tolist(),
        [None if d < 0 else d for d in denominator.tolist()], [stamp] * len(keys)]))


def _cells(district: str, day: np.ndarray, codes: list[str]) -> tuple[str, list]:
    """SQL joining the facts `f` to cells `u` of the district (u.pos, u.day,
    u.code: index into `codes`) through the facts' primary key. The months
    also as a list: joined to the arrays alone (not knowing their length),
    PostgreSQL read the district's every fact."""
    months = sorted({EPOCH + timedelta(days=d) for d in np.unique(day).tolist()})
    in_months, months_params = any_of("f.month", months, "date")
    code, code_params = text_at(codes, "u.code")
    return (f"f.district_id = %s AND {in_months} AND f.month = {date_of_days('u.day')} "
            f"AND f.posyandu_id = u.pos AND f.indicator = {code}"), [district, *months_params, *code_params]


def _update_cells(district: str, stamp, cells: list[np.ndarray], addresses: np.ndarray | None = None):
    """One UPDATE of the district's facts of these cells (Posyandu, day,
    indicator index, numerator, denominator or -1), found by their cell, or
    with `addresses` where they were read (and still holding their cell).
    Returns what gives a row per fact updated (see `send`)."""
    columns = [(name, "bigint", values) for name, values in zip(("pos", "day", "code", "n", "d"), cells, strict=True)]
    where, params = _cells(district, cells[1], REGISTRY_CODES)
    if addresses is not None:
        columns.insert(0, ("tid", "address", addresses))
        found, found_params = at_addresses("f", "u.tid", addresses)
        where, params = f"{found} AND {where}", [*found_params, *params]
    rows, rows_params = unnest("u", columns)
    return send(f"UPDATE {table(CoverageFact)} AS f SET numerator = u.n, denominator = NULLIF(u.d, -1), "
                f"computed_at = %s FROM {rows} WHERE {where} RETURNING 1", [stamp, *rows_params, *params],
                returning=True)


def _delete_cells(district: str, pos: np.ndarray, day: np.ndarray, code: np.ndarray, codes: list[str]) -> None:
    """Delete the district's facts of these cells (see _cells)."""
    if not len(pos):
        return
    rows, rows_params = unnest("u", [("pos", "bigint", pos), ("day", "bigint", day), ("code", "bigint", code)])
    where, params = _cells(district, day, codes)
    delete_joined(CoverageFact, "f", rows, where, [*rows_params, *params])
