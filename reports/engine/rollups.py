"""The roll-ups of the facts per desa and per Puskesmas (CoverageRollup),
kept equal to the sums of the facts inside the run's transaction: a
dashboard above the Posyandu reads stored sums.

- `sync`, for a rebuild: the sums taken in NumPy from the facts and compared
  with the stored roll-ups; only those whose sums changed are written, as
  with the facts (deleting and inserting every roll-up of a year was most of
  a rebuild's time beyond its reads, `bench_aggregation`).
- `shift`, for a refresh: the roll-ups moved by the difference of the facts
  it moved, at a cost that follows them (decision 18)."""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from facilities.models import Facility
from reports.models import CoverageFact, CoverageRollup

from . import facts
from .keys import NO_INDICATOR, REGISTRY_CODES, first_days, split_key
from .plumbing import (
    afterwards,
    any_of,
    copy_rows,
    date_of_days,
    days,
    delete_joined,
    now,
    read_arrays,
    run,
    send,
    table,
    text_at,
    unnest,
)

COLUMNS = ["district_id", "month", "puskesmas_id", "desa", "indicator", "numerator", "denominator", "computed_at"]
ROW_ARRAYS = ("pkm", "day", "ind", "num", "den", "desa")  # of stored roll-ups, one value per row
# More new roll-ups than this (a first rebuild's) are copied; fewer are
# inserted from arrays in one statement.
FEW_ROWS = 20_000


def sync(*, district: str, months: list[date], cells: tuple | None = None, posyandu=None,
         stored: dict | None = None) -> None:
    """Make the district's roll-ups of these months (first days) equal the
    sums of its facts: per (Puskesmas, desa) of the Posyandu, and per
    Puskesmas (desa ""). `cells`: the district's facts of (at least) those
    months as (cell keys, numerators, denominators or -1), when the caller
    holds them; else they are read. `posyandu`: only the Puskesmas of these
    Posyandu, else every one. `stored`: the district's stored roll-ups of
    (at least) those months, read earlier under the same lock (see the
    function `stored`), else they are read."""
    months = sorted(set(months))
    if not months or (posyandu is not None and not len(posyandu)):
        return
    puskesmas = None
    if posyandu is not None:
        puskesmas = sorted(set(Facility.objects.filter(pk__in=sorted({int(p) for p in posyandu}))
                               .exclude(puskesmas=None).values_list("puskesmas_id", flat=True)))
        if not puskesmas:
            return
    pos, day, ind, num, den = _facts(district, months, cells, puskesmas)
    placed, fact_pkm, fact_desa, fact_codes = _places(pos)
    day, ind, num, den = (a[placed] for a in (day, ind, num, den))
    if stored is None or puskesmas is not None:
        stored = _stored(district, months, puskesmas)
    else:
        stored = _of_months(stored, months)
    unknown = stored["ind"] < 0
    if unknown.any():  # indicators no longer in the registry
        _delete_unknown(district, months, puskesmas)
        stored = {name: stored[name][~unknown] for name in ROW_ARRAYS} | {"desa_keys": stored["desa_keys"]}

    # Dense indexes of what either side names: a roll-up is then one int64.
    pkm_ids = np.unique(np.concatenate([fact_pkm, stored["pkm"]]))
    desa_codes = sorted({"", *fact_codes, *stored["desa_keys"]})
    day_ids = np.unique(np.concatenate([day, stored["day"]]))
    shape = (len(day_ids), len(pkm_ids), len(desa_codes), len(REGISTRY_CODES))
    desa_at = {code: n for n, code in enumerate(desa_codes)}

    keys = _both_levels((np.searchsorted(day_ids, day), np.searchsorted(pkm_ids, fact_pkm),
                         np.array([desa_at[d] for d in fact_codes], dtype=np.int64)[fact_desa], ind), shape)
    new_keys, at = np.unique(keys, return_inverse=True)
    num, den = np.concatenate([num, num]), np.concatenate([den, den])
    new_num = np.bincount(at, weights=num, minlength=len(new_keys)).round().astype(np.int64)
    # A sum of no denominator is none (NULL), as in SQL.
    counted = np.bincount(at, weights=den >= 0, minlength=len(new_keys)) > 0
    new_den = np.where(counted, np.bincount(at, weights=np.maximum(den, 0), minlength=len(new_keys)).round()
                       .astype(np.int64), -1)

    stored_desa = np.array([desa_at[d] for d in stored["desa_keys"]], dtype=np.int64)[stored["desa"]]
    old_keys = np.ravel_multi_index((np.searchsorted(day_ids, stored["day"]), np.searchsorted(pkm_ids, stored["pkm"]),
                                     stored_desa, stored["ind"]), shape)
    order = np.argsort(old_keys)
    old_keys, old_num, old_den = old_keys[order], stored["num"][order], stored["den"][order]

    # Compared as with the facts: kept where the key and both sums agree.
    found = np.zeros(len(old_keys), dtype=bool)
    same = found.copy()
    here = np.zeros(len(old_keys), dtype=np.int64)
    if len(new_keys):
        here = np.searchsorted(new_keys, old_keys).clip(max=len(new_keys) - 1)
        found = new_keys[here] == old_keys
        same = found & (new_num[here] == old_num) & (new_den[here] == old_den)
    known = np.zeros(len(new_keys), dtype=bool)
    known[here[found]] = True
    changed = np.zeros(len(new_keys), dtype=bool)
    changed[here[found & ~same]] = True
    space = _Space(district, months, day_ids, pkm_ids, desa_codes, REGISTRY_CODES)
    _delete(space, old_keys[~found])
    _update(space, new_keys[changed], new_num[changed], new_den[changed])
    _insert(space, new_keys[~known], new_num[~known], new_den[~known])


def _facts(district: str, months: list[date], cells, puskesmas) -> tuple[np.ndarray, ...]:
    """(Posyandu, day number of the month, indicator index, numerator,
    denominator or -1) of the district's facts of the months."""
    if cells is not None:
        keys, num, den = cells
        pos, year, month, ind = split_key(keys)
        day = first_days(year, month)
    else:
        at = None
        if puskesmas is not None:
            at = list(Facility.objects.filter(puskesmas_id__in=puskesmas).values_list("pk", flat=True))
        stored = facts.stored(district, None, only=months, posyandu=at)
        pos, day, ind, num, den = (stored[k] for k in ("pos", "day", "ind", "num", "den"))
    wanted = np.isin(day, [(m - facts.EPOCH).days for m in months]) & (ind != NO_INDICATOR)
    return tuple(a[wanted] for a in (pos, day, ind, num, den))


def places(posyandu) -> tuple[np.ndarray, list[tuple[int, int, str]]]:
    """Where these Posyandu lie now (one query): the ids asked (sorted),
    and (id, Puskesmas, desa) of those that have both. A refresh reads them
    before its writes, which it then sends without waiting."""
    asked = np.unique(np.asarray(posyandu, dtype=np.int64))
    # One array parameter: a refresh's ~2,000 Posyandu as ORM parameters cost more than the query.
    where, params = any_of("id", asked)
    return asked, run(f"SELECT id, puskesmas_id, region_id FROM {table(Facility)} WHERE {where} "
                      f"AND puskesmas_id IS NOT NULL AND region_id IS NOT NULL", params)


def _places(pos: np.ndarray, read: tuple | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Where each fact's Posyandu lies now: whether it has a Puskesmas and
    a desa, and for those that do, their Puskesmas and the index of their
    desa in the desa codes returned; from what `places` read (`read`), and
    read for those it did not ask about. Matched by a sorted search: a
    rebuild places every fact of the district."""
    asked, rows = read if read is not None else (np.zeros(0, dtype=np.int64), [])
    if len(unasked := np.setdiff1d(pos, asked)):
        rows = [*rows, *places(unasked)[1]]
    rows = sorted(rows)
    if not rows:
        return np.zeros(len(pos), dtype=bool), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), []
    codes = sorted({desa for _pk, _pkm, desa in rows})
    code_at = {code: n for n, code in enumerate(codes)}
    pks = np.array([pk for pk, _pkm, _desa in rows], dtype=np.int64)
    pkms = np.array([pkm for _pk, pkm, _desa in rows], dtype=np.int64)
    desas = np.array([code_at[desa] for _pk, _pkm, desa in rows], dtype=np.int64)
    at = np.searchsorted(pks, pos).clip(max=len(pks) - 1)
    placed = pks[at] == pos
    return placed, pkms[at[placed]], desas[at[placed]], codes


def _both_levels(index: tuple, shape: tuple) -> np.ndarray:
    """The roll-up keys each fact falls in, (day, Puskesmas, desa, indicator)
    indexes given: its desa's, then (desa index 0, "") its Puskesmas's."""
    day, pkm, desa, ind = index
    return np.concatenate([np.ravel_multi_index((day, pkm, desa, ind), shape),
                           np.ravel_multi_index((day, pkm, np.zeros_like(desa), ind), shape)])


def stored(district: str, year: int | None) -> dict:
    """The district's stored roll-ups of a year (or of every year), for
    `sync`: a rebuild reads them beside the facts and state, while its
    visits are still being read."""
    return _stored(district, None if year is None else [date(year, m, 1) for m in range(1, 13)], None)


def _of_months(stored: dict, months: list[date]) -> dict:
    """The roll-ups of `stored` (as `_stored` reads them) of these months."""
    keep = np.isin(stored["day"], [(m - facts.EPOCH).days for m in months])
    return {name: stored[name][keep] for name in ROW_ARRAYS} | {"desa_keys": stored["desa_keys"]}


def _stored(district: str, months: list[date] | None, puskesmas) -> dict:
    """The stored roll-ups of the months (None: all; of these Puskesmas):
    arrays "pkm", "day", "num", "den" (-1: none), "ind" (index in the
    registry, -1: an indicator no longer in it) and "desa" (index into the
    list "desa_keys"), by row. Read grouped by desa: a few hundred groups,
    where desa and indicator made thousands."""
    where, params = "district_id = %s", [district]
    if months is not None:
        in_months, month_params = any_of("month", months, "date")
        where, params = f"{where} AND {in_months}", [*params, *month_params]
    if puskesmas is not None:
        of, of_params = any_of("puskesmas_id", puskesmas)
        where, params = f"{where} AND {of}", [*params, *of_params]
    index = " ".join(f"WHEN %s THEN {n}" for n in range(len(REGISTRY_CODES)))
    found = read_arrays(
        f"SELECT desa, CAST(puskesmas_id AS bigint) AS pkm, CAST({days('month')} AS bigint) AS day, "
        f"CAST(CASE indicator {index} ELSE -1 END AS bigint) AS ind, CAST(numerator AS bigint) AS num, "
        f"CAST(COALESCE(denominator, -1) AS bigint) AS den FROM {table(CoverageRollup)} WHERE {where}",
        [*REGISTRY_CODES, *params], ["pkm", "day", "ind", "num", "den"], group="desa")
    return found | {"desa_keys": found.get("keys", []), "desa": found.get("group", np.zeros(0, dtype=np.int64))}


def _delete_unknown(district: str, months: list[date], puskesmas) -> None:
    """Delete the roll-ups of the months of indicators no longer in the
    registry (their facts are gone with the rebuild that followed)."""
    in_months, params = any_of("month", months, "date")
    known, known_params = any_of("indicator", REGISTRY_CODES, "text")
    where, params = f"district_id = %s AND {in_months} AND NOT {known}", [district, *params, *known_params]
    if puskesmas is not None:
        of, of_params = any_of("puskesmas_id", puskesmas)
        where, params = f"{where} AND {of}", [*params, *of_params]
    run(f"DELETE FROM {table(CoverageRollup)} WHERE {where}", params)


@dataclass
class _Space:
    """What the dense indexes of a sync stand for: a roll-up key is the
    flat index of (day, Puskesmas, desa, indicator) in these."""

    district: str
    months: list[date]
    day_ids: np.ndarray
    pkm_ids: np.ndarray
    desa_codes: list[str]
    codes: list[str]

    @property
    def shape(self) -> tuple[int, int, int, int]:
        return len(self.day_ids), len(self.pkm_ids), len(self.desa_codes), len(self.codes)

    def rows(self, keys: np.ndarray, *more: tuple[str, np.ndarray]) -> tuple[str, list]:
        """SQL relation `u` of the roll-ups of `keys` (day, pkm, and desa and
        code as indexes), with `more` columns."""
        day, pkm, desa, code = np.unravel_index(keys, self.shape)
        return unnest("u", [("day", "bigint", self.day_ids[day]), ("pkm", "bigint", self.pkm_ids[pkm]),
                            ("dsa", "bigint", desa), ("code", "bigint", code),
                            *((name, "bigint", values) for name, values in more)])

    def where(self) -> tuple[str, list]:
        """SQL: the roll-up `r` is the one of the row `u`."""
        in_months, months_params = any_of("r.month", self.months, "date")
        desa, desa_params = text_at(self.desa_codes, "u.dsa")
        code, code_params = text_at(self.codes, "u.code")
        return (f"r.district_id = %s AND {in_months} AND r.month = {date_of_days('u.day')} AND "
                f"r.puskesmas_id = u.pkm AND r.desa = {desa} AND r.indicator = {code}",
                [self.district, *months_params, *desa_params, *code_params])


def _delete(space: _Space, keys: np.ndarray) -> None:
    if len(keys):
        rows, rows_params = space.rows(keys)
        where, params = space.where()
        delete_joined(CoverageRollup, "r", rows, where, [*rows_params, *params])


def _update(space: _Space, keys: np.ndarray, num: np.ndarray, den: np.ndarray) -> None:
    if len(keys):
        rows, rows_params = space.rows(keys, ("n", num), ("d", den))
        where, params = space.where()
        send(f"UPDATE {table(CoverageRollup)} AS r SET numerator = u.n, denominator = NULLIF(u.d, -1), "
             f"computed_at = %s FROM {rows} WHERE {where}", [now(), *rows_params, *params])


def _insert(space: _Space, keys: np.ndarray, num: np.ndarray, den: np.ndarray) -> None:
    if not len(keys):
        return
    stamp = now()
    if len(keys) <= FEW_ROWS:
        rows, rows_params = space.rows(keys, ("n", num), ("d", den))
        desa, desa_params = text_at(space.desa_codes, "u.dsa")
        code, code_params = text_at(space.codes, "u.code")
        send(f"INSERT INTO {table(CoverageRollup)} ({', '.join(COLUMNS)}) SELECT %s, {date_of_days('u.day')}, "
             f"u.pkm, {desa}, {code}, u.n, NULLIF(u.d, -1), %s FROM {rows}",
             [space.district, *desa_params, *code_params, stamp, *rows_params])
        return
    day, pkm, desa, code = np.unravel_index(keys, space.shape)
    months = {d: facts.EPOCH + timedelta(days=d) for d in np.unique(space.day_ids[day]).tolist()}
    afterwards(lambda: copy_rows(CoverageRollup, COLUMNS, [
        [space.district] * len(keys), [months[d] for d in space.day_ids[day].tolist()],
        space.pkm_ids[pkm].tolist(), [space.desa_codes[i] for i in desa.tolist()],
        [space.codes[i] for i in code.tolist()], num.tolist(), [None if d < 0 else d for d in den.tolist()],
        [stamp] * len(keys)]))


def shift(*, district: str, moved: dict, placed_at: tuple | None = None) -> None:
    """Move the roll-ups by a refresh's moved facts (arrays "key", "num",
    "den" as written, "was_num", "was_den" as they were, -1: none, and
    "stored": whether the fact had a row; `placed_at`: what `places` read
    of their Posyandu, if it was read before): each roll-up its Posyandu's facts
    fall in changes by their difference, a roll-up of a fact new to it is
    inserted, and one whose group lost its last fact is deleted. The cost
    follows the moved facts, not the Puskesmas they are in: summing every
    fact of those Puskesmas's months again was most of a refresh's time."""
    if not len(moved.get("key", ())):
        return
    pos, year, month, ind = split_key(moved["key"])
    placed, pkm, desa, codes = _places(pos, placed_at)
    if not placed.any():
        return
    pos, ind = pos[placed], ind[placed]
    day = first_days(year[placed], month[placed])
    num, den, was_num, was_den, stored = (moved[k][placed] for k in ("num", "den", "was_num", "was_den", "stored"))
    counts = (num != 0) | (den > 0)  # as facts.write_moved keeps them
    desa_codes = sorted({"", *codes})
    day_ids, pkm_ids = np.unique(day), np.unique(pkm)
    months = [facts.EPOCH + timedelta(days=d) for d in day_ids.tolist()]
    space = _Space(district, months, day_ids, pkm_ids, desa_codes, REGISTRY_CODES)
    at_desa = {code: n for n, code in enumerate(desa_codes)}
    keys = _both_levels((np.searchsorted(day_ids, day), np.searchsorted(pkm_ids, pkm),
                         np.array([at_desa[d] for d in codes], dtype=np.int64)[desa], ind), space.shape)
    groups, at = np.unique(keys, return_inverse=True)

    def summed(values):
        return np.bincount(at, weights=np.concatenate([values, values]), minlength=len(groups)).round().astype(np.int64)

    d_num = summed(num - was_num)
    d_den = summed(np.maximum(den, 0) - np.maximum(was_den, 0))
    # Whether an indicator has a denominator does not change: none is NULL.
    has_den = summed(((den >= 0) | (was_den >= 0)).astype(np.int64)) > 0
    gained = summed((~stored & counts).astype(np.int64)) > 0
    lost = summed((stored & ~counts).astype(np.int64)) > 0

    found = _shift(space, groups, d_num, d_den, has_den)

    def rest():
        """Once the facts are written: the roll-ups new to a fact, and those
        no fact falls in any more."""
        new = ~np.isin(groups, _found_keys(space, found()))
        _insert(space, groups[new], d_num[new], np.where(has_den[new], d_den[new], -1))
        if lost.any():
            _delete_emptied(space, groups[lost])
        if (new & ~gained).any():
            # A roll-up missing where facts were stored (a Posyandu moved to
            # another desa or Puskesmas since they were summed): these
            # Puskesmas's months are summed again from their facts.
            sync(district=district, months=months, posyandu=np.unique(pos).tolist())

    afterwards(rest)


def _shift(space: _Space, keys: np.ndarray, d_num: np.ndarray, d_den: np.ndarray, has_den: np.ndarray):
    """Add the differences to the stored roll-ups of `keys`; returns what
    gives the rows of those found (see `send`, and `_found_keys`)."""
    rows, rows_params = space.rows(keys, ("n", d_num), ("d", d_den), ("hd", has_den.astype(np.int64)))
    where, params = space.where()
    return send(
        f"UPDATE {table(CoverageRollup)} AS r SET numerator = r.numerator + u.n, denominator = CASE "
        f"WHEN u.hd = 1 THEN COALESCE(r.denominator, 0) + u.d END, computed_at = %s FROM {rows} WHERE {where} "
        f"RETURNING CAST({days('month')} AS bigint), puskesmas_id, desa, indicator",
        [now(), *rows_params, *params], returning=True)


def _found_keys(space: _Space, found: list[tuple]) -> np.ndarray:
    """The keys of the roll-ups an UPDATE returned. (Found by what the
    updated rows hold: SQLite returns nothing of the other tables of an
    UPDATE … FROM, and names the updated table's columns unqualified.)"""
    if not found:
        return np.zeros(0, dtype=np.int64)
    day, pkm, desa, code = zip(*found, strict=True)
    at_desa = {d: n for n, d in enumerate(space.desa_codes)}
    at_code = {c: n for n, c in enumerate(space.codes)}
    return np.ravel_multi_index((
        np.searchsorted(space.day_ids, np.array(day, dtype=np.int64)),
        np.searchsorted(space.pkm_ids, np.array(pkm, dtype=np.int64)),
        np.array([at_desa[d] for d in desa], dtype=np.int64), np.array([at_code[c] for c in code], dtype=np.int64)),
        space.shape)


def _delete_emptied(space: _Space, keys: np.ndarray) -> None:
    """Delete the roll-ups of `keys` that no fact falls in any more."""
    rows, rows_params = space.rows(keys)
    where, params = space.where()
    f, p = table(CoverageFact), table(Facility)
    empty = (f"NOT EXISTS (SELECT 1 FROM {f} f JOIN {p} p ON p.id = f.posyandu_id WHERE f.district_id = r.district_id "
             f"AND f.month = r.month AND f.indicator = r.indicator AND p.puskesmas_id = r.puskesmas_id "
             f"AND (r.desa = '' OR p.region_id = r.desa))")
    delete_joined(CoverageRollup, "r", rows, f"{where} AND {empty}", [*rows_params, *params])
