"""Storage of the per-subject state (CoverageSubject: what each subject adds
to the facts, with its person-months) and of the district-years built
(CoverageYear). A rebuild compares the state with an evaluation by digest
and writes only the rows that changed; a refresh reads its people's rows,
and rewrites them where it read them."""

from datetime import datetime

import numpy as np

from patients.models import Patient, Pregnancy
from reports.models import CoverageSubject, CoverageYear

from .fold import Subjects, month_rows
from .keys import mix
from .kinds import STATE_VERSION
from .plumbing import (
    address,
    afterwards,
    any_of,
    at_addresses,
    copy_rows,
    packable,
    read_arrays,
    send,
    table,
    unnest,
    without_seqscan,
)

STATE_COLUMNS = ["id", "yr", "pid", "sid", "digest"]
STATE_INSERT = ["year", "patient_id", "pregnancy_id", "posyandu_id", "district_id", "months", "digest"]


def stored(district: str, year: int | None) -> dict:
    """The district's state rows (of a year, or all) as arrays of STATE_COLUMNS."""
    where, params = "district_id = %s", [district]
    if year is not None:
        where, params = where + " AND year = %s", params + [year]
    sql = (f"SELECT CAST(id AS bigint) AS id, CAST(year AS bigint) AS yr, CAST(patient_id AS bigint) AS pid, "
           f"CAST(COALESCE(pregnancy_id, 0) AS bigint) AS sid, digest FROM {table(CoverageSubject)} WHERE {where}")
    narrow = packable(["yr"], {"id": CoverageSubject, "pid": Patient, "sid": Pregnancy})
    return read_arrays(sql, params, STATE_COLUMNS, narrow=narrow)


def stored_people(year: int, people: list[int]) -> tuple[dict, dict]:
    """The people's stored state of a year (arrays of STATE_COLUMNS, and
    "tid": where each row lies) and their stored person-months as event
    rows."""
    where, params = any_of("patient_id", people)
    columns = [*STATE_COLUMNS, "pos", "tid", "size"]
    rows = read_arrays(
        f"SELECT CAST(id AS bigint) AS id, CAST(year AS bigint) AS yr, CAST(patient_id AS bigint) AS pid, "
        f"CAST(COALESCE(pregnancy_id, 0) AS bigint) AS sid, digest, CAST(posyandu_id AS bigint) AS pos, "
        f"{address()} AS tid, CAST(length(months) AS bigint) AS size, months "
        f"FROM {table(CoverageSubject)} WHERE year = %s AND {where}", [year, *params], columns,
        narrow=("yr", "size"), text="months")
    return {name: rows[name] for name in [*STATE_COLUMNS, "tid"]}, month_rows(rows)


def sync(subjects: list[Subjects], state: dict, district: str) -> None:
    """Make the stored state (the rows in `state`) what the evaluated
    subjects (all living in the district) say. Rows that did not change are
    left alone: after the first build most do not. A subject whose row
    changed keeps its row, updated in place (the table keeps room on its
    pages, so no index is written)."""
    digests = [s.digests() for s in subjects]
    new = np.concatenate([np.column_stack([s.year, s.pid, s.sid, d]) for s, d in zip(subjects, digests, strict=True)]
                         or [np.zeros((0, 4), dtype=np.int64)])
    old = np.column_stack([state["yr"], state["pid"], state["sid"], state["digest"]])
    stale, fresh = _unmatched(old, new)
    stale, fresh = np.flatnonzero(stale), np.flatnonzero(fresh)
    kept, taken = _same_rows(old[stale, :3], new[fresh, :3])
    gone = np.delete(state["id"][stale], kept).tolist()
    if gone:
        where, params = any_of("id", gone)
        send(f"DELETE FROM {table(CoverageSubject)} WHERE {where}", params)
    rows, updates, offset = [], [], 0
    ids = np.zeros(len(new), dtype=np.int64)
    ids[fresh[taken]] = state["id"][stale[kept]]
    addresses = {pk: tid for pk, tid in zip(state["id"].tolist(), state["tid"].tolist(), strict=True) if tid} \
        if "tid" in state else {}
    for s, digest in zip(subjects, digests, strict=True):
        first, last = np.searchsorted(fresh, [offset, offset + len(s)])
        take = fresh[first:last] - offset
        at = ids[offset + take]
        offset += len(s)
        if not len(take):
            continue
        months = s.months(take)
        pos, digest = s.pos[take].tolist(), digest[take].tolist()
        updates += [(i, p, m, d) for i, p, m, d in zip(at.tolist(), pos, months, digest, strict=True) if i]
        rows += [row for i, row in zip(at.tolist(), zip(
            s.year[take].tolist(), s.pid[take].tolist(), [x or None for x in s.sid[take].tolist()],
            pos, [district] * len(take), months, digest, strict=True), strict=True) if not i]
    _update(updates, district, addresses)
    if rows:
        columns = [list(column) for column in zip(*rows, strict=True)]
        afterwards(lambda: copy_rows(CoverageSubject, STATE_INSERT, columns))


def _unmatched(old: np.ndarray, new: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows (of equal columns) of `old` with no equal row in `new`, and of
    `new` with none in `old`, as boolean masks; a row of `new` matches one
    row of `old` at most, so a repeated stored row is found stale. Each side
    is sorted by a hash of its rows (one sort key instead of four) and `old`
    looked up in `new` in that order, which keeps the lookups near each
    other; the columns of each pair found are then compared, so two rows
    that share a hash are still told apart (the row is written again, never
    skipped). Unsorted lookups, or one stable sort of both sides together,
    missed the cache on most rows."""
    hashes = [mix(np.zeros(len(rows), dtype=np.uint64), rows.T) for rows in (old, new)]
    old_order, new_order = (np.argsort(h) for h in hashes)
    old_sorted, new_sorted = (h[order] for h, order in zip(hashes, (old_order, new_order), strict=True))
    at = np.searchsorted(new_sorted, old_sorted).clip(max=max(len(new) - 1, 0))
    found = np.flatnonzero(new_sorted[at] == old_sorted) if len(new) else np.zeros(0, dtype=np.int64)
    i, j = old_order[found], new_order[at[found]]
    same = np.logical_and.reduce([old[i, c] == new[j, c] for c in range(old.shape[1])]) if len(i) else i > 0
    # Looked up in sorted order, the rows of `old` that found the same row
    # of `new` are adjacent: the first of them takes it.
    at_same = at[found[same]]
    first = np.ones(len(at_same), dtype=bool)
    first[1:] = at_same[1:] != at_same[:-1]
    old_matched, new_matched = np.zeros(len(old), dtype=bool), np.zeros(len(new), dtype=bool)
    old_matched[i[same][first]] = True
    new_matched[j[same]] = True
    return ~old_matched, ~new_matched


def _same_rows(old: np.ndarray, new: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the rows of `old` and of `new` (each without repeated
    rows) that are equal, pair by pair."""
    if not len(old) or not len(new):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    both = np.concatenate([old, new])
    is_new = np.arange(len(both)) >= len(old)
    order = np.lexsort((is_new, *both.T[::-1]))
    ordered = both[order]
    pair = np.all(ordered[1:] == ordered[:-1], axis=1) & ~is_new[order[:-1]] & is_new[order[1:]]
    return order[:-1][pair], order[1:][pair] - len(old)


def _update(rows: list[tuple], district: str, addresses: dict[int, int]) -> None:
    """Stored rows (id, posyandu, months, digest) rewritten. Rows whose
    address is known (read under this run's lock) are found there, not
    through the primary key: on a busy day thousands of scattered rows,
    each an index descent less. A row no longer there is found by its id."""
    placed = [row for row in rows if row[0] in addresses]
    if placed:
        with without_seqscan():  # so that PostgreSQL fetches them by address
            found = _rewrite(placed, district, addresses)

        def by_id_if_moved():
            done = {pk for (pk,) in found()}
            if moved := [row for row in placed if row[0] not in done]:
                _rewrite(moved, district)

        afterwards(by_id_if_moved)
    if unplaced := [row for row in rows if row[0] not in addresses]:
        _rewrite(unplaced, district)


def _rewrite(rows: list[tuple], district: str, addresses: dict[int, int] | None = None):
    """One UPDATE of state rows (id, posyandu, months, digest), found by
    id, or at `addresses` (and still holding that id). Returns what gives
    the ids updated (see `send`)."""
    ids, places, months, digests = zip(*rows, strict=True)
    columns = [("pk", "bigint", ids), ("pos", "bigint", places), ("months", "text", months),
               ("digest", "bigint", digests)]
    if addresses is not None:
        found_at = [addresses[pk] for pk in ids]
        columns.insert(0, ("tid", "address", found_at))
        find, find_params = at_addresses("s", "u.tid", found_at)
    else:
        find, find_params = any_of("s.id", ids)
    values, values_params = unnest("u", columns)
    return send(
        f"UPDATE {table(CoverageSubject)} AS s SET posyandu_id = u.pos, district_id = %s, months = u.months, "
        f"digest = u.digest FROM {values} WHERE s.id = u.pk AND {find} RETURNING id",
        [district, *values_params, *find_params], returning=True)


# ---------------------------------------------------------------------------
# District-years: built with which registry and layout, and when.

def mark_built(district: str, years: set[int], started: datetime, now: datetime) -> None:
    for built in sorted(years):
        CoverageYear.objects.update_or_create(district_id=district, year=built, defaults={
            "built_at": now, "refreshed_at": started, "state": STATE_VERSION})


def mark_refreshed(district: str, started: datetime) -> None:
    CoverageYear.objects.filter(district_id=district).update(refreshed_at=started)


def current(district: str, year: int):
    """The district-year, if its state was built with this registry and layout (a query)."""
    return CoverageYear.objects.filter(district_id=district, year=year, state=STATE_VERSION)


def is_current(district: str, year: int) -> bool:
    return current(district, year).exists()


def outdated(district: str | None) -> tuple[str, int] | None:
    """The district-year built longest ago with another registry or layout."""
    years = CoverageYear.objects.exclude(state=STATE_VERSION)
    if district is not None:
        years = years.filter(district_id=district)
    return years.order_by("built_at").values_list("district_id", "year").first()
