"""Cell keys: a fact's cell (Posyandu, year, month, indicator) as one int64,
so that comparing a district's evaluated facts with the stored ones is a
sorted search, not a dictionary of tuples; and the counting of cells into
facts (numerators, and denominators from another indicator's numerators)."""

import numpy as np

from reports.indicators import REGISTRY

# An indicator's place in the registry, by code (list.index compares whole
# definitions, field by field).
REGISTRY_INDEX = {indicator.code: n for n, indicator in enumerate(REGISTRY)}
REGISTRY_CODES = [indicator.code for indicator in REGISTRY]
NO_INDICATOR = 63  # a stored fact of an indicator no longer in the registry
assert len(REGISTRY) < NO_INDICATOR, "an indicator index fits the low 6 bits of a cell key"


def cell_key(pos, year, month, indicator):
    return (np.asarray(pos, dtype=np.int64) << 22) | (np.asarray(year, dtype=np.int64) << 10) \
        | (np.asarray(month, dtype=np.int64) << 6) | np.asarray(indicator, dtype=np.int64)


def split_key(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    return keys >> 22, (keys >> 10) & 4095, (keys >> 6) & 15, keys & 63


def calendar(day: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per day number (days since 1970-01-01): its month (months since
    1970-01), the day number of the month's first day, and the month's
    length in days. Looked up in a table over the days' span: NumPy's
    calendar conversion, element by element, cost more than the rest of the
    events."""
    day = np.asarray(day, dtype=np.int64)
    lo, hi = (int(day.min()), int(day.max())) if len(day) else (0, -1)
    table, at = (np.arange(lo, hi + 1), day - lo) if hi - lo < len(day) + (1 << 16) else (day, slice(None))
    month = table.astype("datetime64[D]").astype("datetime64[M]")
    first = month.astype("datetime64[D]").astype(np.int64)
    length = (month + 1).astype("datetime64[D]").astype(np.int64) - first
    return month.astype(np.int64)[at], first[at], length[at]


def year_month(day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Year and month (1-12) of day numbers (days since 1970-01-01)."""
    months = calendar(day)[0]
    return months // 12 + 1970, months % 12 + 1


def first_days(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    """The first day of each (year, month), as a day number."""
    return ((year - 1970) * 12 + month - 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def among(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """Whether each value is one of `ordered` (sorted)."""
    if not len(ordered):
        return np.zeros(len(values), dtype=bool)
    return ordered[np.searchsorted(ordered, values).clip(max=len(ordered) - 1)] == values


def count_cells(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct cell keys, sorted, and how often each occurs: counted in
    one bin per possible cell (Posyandu present × year × month and
    indicator) rather than by sorting every key, as a district's millions
    of keys fall into a few hundred thousand cells."""
    if not len(keys):
        return np.unique(keys, return_counts=True)
    pos, years, low = keys >> 22, (keys >> 10) & 4095, keys & 1023  # low: month and indicator
    first_year, span = int(years.min()), int(years.max() - years.min()) + 1
    if pos.max() >= 1 << 26:  # ids too sparse for bins
        return np.unique(keys, return_counts=True)
    present = np.zeros(int(pos.max()) + 1, dtype=bool)
    present[pos] = True
    ids = np.flatnonzero(present)
    if len(ids) * span * 1024 > 1 << 26:  # too many bins for memory: sort instead
        return np.unique(keys, return_counts=True)
    rank = np.cumsum(present) - 1
    counted = np.bincount((rank[pos] * span + (years - first_year)) * 1024 + low, minlength=len(ids) * span * 1024)
    at = np.flatnonzero(counted)  # in the order of the keys: Posyandu, year, month, indicator
    place, cell = np.divmod(at, span * 1024)
    return (ids[place] << 22) | ((cell >> 10) + first_year) << 10 | (cell & 1023), counted[at]


# Per indicator index, the index of its denominator indicator (-1: none).
DENOMINATOR = np.full(64, -1, dtype=np.int64)
for _n, _indicator in enumerate(REGISTRY):
    if _indicator.denominator_indicator:
        DENOMINATOR[_n] = REGISTRY_INDEX[_indicator.denominator_indicator]


def dependent_cells(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The cells whose denominator is one of `cells` (same Posyandu and
    month, an indicator counted against it), and for each the position in
    `cells` of its denominator's cell."""
    keys, sources = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for index in np.flatnonzero(DENOMINATOR >= 0).tolist():
        take = np.flatnonzero((cells & 63) == DENOMINATOR[index])
        keys.append((cells[take] & ~np.int64(63)) | index)
        sources.append(take)
    return np.concatenate(keys), np.concatenate(sources)


def facts_of(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """From one key per (subject, cell) counted: the cells (sorted), their
    numerators, and their denominators (the numerators of the denominator
    indicator; -1 where the indicator has none)."""
    cells, numerators = count_cells(keys)
    dependents, sources = dependent_cells(cells)
    merged, inverse = np.unique(np.concatenate([cells, dependents]), return_inverse=True)
    nums = np.concatenate([numerators, np.zeros(len(dependents), dtype=np.int64)])
    dens = np.concatenate([np.zeros(len(cells), dtype=np.int64), numerators[sources]])
    numerator = np.bincount(inverse, weights=nums, minlength=len(merged)).astype(np.int64)
    denominator = np.bincount(inverse, weights=dens, minlength=len(merged)).astype(np.int64)
    denominator = np.where(DENOMINATOR[merged & 63] >= 0, denominator, -1)
    return merged, numerator, denominator


def mix(h: np.ndarray, columns) -> np.ndarray:
    """Hash integer columns into `h` (uint64), row by row: multiply-xorshift,
    enough to tell rows apart, not for secrets."""
    for column in columns:
        h = (h ^ column.astype(np.uint64)) * np.uint64(0x9E3779B97F4A7C15)
        h ^= h >> np.uint64(31)
    return h
