"""The fold: event rows (reader + events) into subjects and facts, with
NumPy.

Sorted by subject, year and month, the rows become person-months and
subjects: per indicator the month a subject counts in (year windows) or a
bit per month (month windows), and the numerator of every fact. Statuses
judged on one visit of the month (a child's latest measurement, a
pregnancy's first contact) keep that visit's day with the person-month
(kinds.Pick); what a subject did in earlier years (a first contact, KF1
given in December) comes with its visits as a bit (Kind.history). Each
indicator is one vectorised pass over the person-months."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from reports.indicators import Indicator

from . import month_text
from .keys import REGISTRY_INDEX, cell_key, facts_of, mix
from .kinds import KINDS, NONE, PATIENT, PREGNANCY, Kind
from .plumbing import reading
from .reader import Reader


def column_keys(indicator: Indicator, values: np.ndarray, pos: np.ndarray, year: np.ndarray) -> np.ndarray:
    """The cell keys that values of one indicator count in (a month, or a
    bit per month for month windows; 0: none), for subjects at `pos` and
    `year`."""
    index = REGISTRY_INDEX[indicator.code]
    if indicator.window == "month":
        # Bits of the subjects with any: most have none (in a refresh's
        # difference nearly all), and expanding those to 13 columns each
        # was most of the work.
        some = np.flatnonzero(values)
        r, month = np.nonzero((values[some, None] >> np.arange(13)) & 1)
        return cell_key(pos[some[r]], year[some[r]], month, index)
    counted = values > 0
    return cell_key(pos[counted], year[counted], values[counted], index)


@dataclass
class Subjects:
    """One row per subject of a kind and year with any event: `values[:, j]`
    is what it adds for `kind.indicators[j]` (the month for year windows, a
    bit per month for month windows; 0 = nothing). Its person-months
    (`starts[k]` the first of subject k, in `month`, `flags`, `counts` and
    `days`) are stored with it, so a refresh re-reads only the months that
    changed."""
    kind: Kind
    pid: np.ndarray
    sid: np.ndarray
    pos: np.ndarray
    year: np.ndarray
    values: np.ndarray
    starts: np.ndarray
    month: np.ndarray
    flags: np.ndarray
    counts: np.ndarray  # person-months × the kind's counted indicators
    days: np.ndarray  # person-months × the kind's picks: the picked visit's day of the month (0: none)

    def __len__(self):
        return len(self.pid)

    def digests(self) -> np.ndarray:
        """A 64-bit digest of (Posyandu, values, person-months) per subject:
        stored with the state, so a rebuild finds the subjects whose state
        changed without reading or writing their text."""
        months = mix(np.zeros(len(self.month), dtype=np.uint64),
                     (self.month, self.flags, *self.counts.T, *self.days.T))
        per_subject = np.bitwise_xor.reduceat(months, self.starts) if len(self.starts) else months[:0]
        return mix(np.full(len(self.pid), self.kind.seed, dtype=np.uint64),
                   (self.pos, *self.values.T, per_subject)).view(np.int64)

    def keys(self, rows: np.ndarray) -> np.ndarray:
        """One cell key per (subject, cell) the subjects at `rows` count in:
        what they add to the numerators (the fold makes the same keys from
        the person-months)."""
        values, pos, year = self.values[rows], self.pos[rows], self.year[rows]
        return np.concatenate([np.zeros(0, dtype=np.int64)] + [
            column_keys(indicator, values[:, j], pos, year) for j, indicator in enumerate(self.kind.indicators)])

    def months(self, rows: np.ndarray) -> list[str]:
        """The stored text of the subjects' person-months (see month_text)."""
        sizes = np.diff(np.append(self.starts, len(self.month)))[rows]
        at = np.repeat(self.starts[rows] - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))
        numbers = np.column_stack([self.month[at], self.flags[at], self.counts[at], self.days[at]])
        return month_text.encode(self.kind, numbers, sizes)


def month_rows(subjects: dict) -> dict:
    """Stored person-months as event rows (the columns `flags` makes, with
    "pos"), from stored subjects of either kind: arrays "pid", "sid" (the
    pregnancy, or 0), "yr", "pos" and "size" (characters of each one's
    months text), and "months", their texts one after another."""
    chars = np.frombuffer(subjects["months"].encode("ascii"), dtype=np.uint8)
    pregnancy = subjects["sid"] != 0
    of_pregnancy = np.repeat(pregnancy, subjects["size"])
    parts = []
    for kind in KINDS:
        mine = pregnancy if kind is PREGNANCY else ~pregnancy
        numbers, items = month_text.decode(kind, chars[of_pregnancy == (kind is PREGNANCY)], subjects["size"][mine])
        rows = {name: np.repeat(subjects[column][mine], items)
                for name, column in (("pid", "pid"), ("preg", "sid"), ("yr", "yr"), ("pos", "pos"))}
        rows["mo"] = numbers[:, 0]
        none = np.zeros(len(numbers), dtype=np.int64)
        rows["fp"], rows["fq"] = (numbers[:, 1], none) if kind is PATIENT else (none, numbers[:, 1])
        for other in KINDS:
            for n, column in enumerate([*other.counts.values(), *(pick.column for pick in other.picks)]):
                rows[column] = numbers[:, 2 + n] if other is kind else none
        parts.append(rows)
    return {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}


def stored_subjects(rows: list[tuple[int, int, int, int, str]]) -> dict:
    """The arrays month_rows reads, from (patient, pregnancy or 0, year,
    Posyandu, months text) of stored subjects."""
    columns = list(zip(*rows, strict=True)) or [()] * 5
    out = {name: np.array(values, dtype=np.int64) for name, values in zip(("pid", "sid", "yr", "pos"), columns[:4],
                                                                            strict=True)}
    return out | {"size": np.fromiter(map(len, columns[4]), dtype=np.int64, count=len(columns[4])),
                  "months": "".join(columns[4])}


@dataclass
class Evaluation:
    subjects: list[Subjects]
    keys: np.ndarray  # sorted unique cell keys of the facts
    numerator: np.ndarray
    denominator: np.ndarray  # -1: the indicator has no measured denominator


def _fold_kind(kind: Kind, rows: dict, with_keys: bool = True) -> tuple[Subjects, list[np.ndarray]]:
    """Subjects of one kind, and the numerator cells they make (one key per
    subject counted; none `with_keys` false)."""
    flags = rows[kind.flags]
    counted = [rows[kind.counts[i.code]] for i in kind.indicators if i.counts_events]
    subject = rows["preg"] if kind is PREGNANCY else rows["pid"]
    carries = flags != 0
    for counts in counted:
        carries |= counts != 0
    if kind is PREGNANCY:
        carries &= subject != 0
    idx = np.flatnonzero(carries)
    # One sort key: subject, year, month (years below 4096).
    order = np.argsort((subject[idx] << 16) | (rows["yr"][idx] << 4) | rows["mo"][idx], kind="stable")
    idx = idx[order]
    s, y, m = subject[idx], rows["yr"][idx], rows["mo"][idx]
    n = len(idx)
    empty = np.zeros(0, dtype=np.int64)
    if not n:
        return Subjects(kind, empty, empty, empty, empty, np.zeros((0, len(kind.indicators)), np.int64), empty,
                        empty, empty, np.zeros((0, len(kind.counts)), np.int64),
                        np.zeros((0, len(kind.picks)), np.int64)), []
    new_subject = np.ones(n, dtype=bool)
    new_subject[1:] = (s[1:] != s[:-1]) | (y[1:] != y[:-1])
    new_month = new_subject.copy()
    new_month[1:] |= m[1:] != m[:-1]
    pm = np.flatnonzero(new_month)  # person-months: their first row
    row_flags, pm_days = _picked(kind, rows, idx, pm)
    pm_flags = np.bitwise_or.reduceat(row_flags, pm)
    pm_counts = {i.code: np.add.reduceat(rows[kind.counts[i.code]][idx], pm)
                 for i in kind.indicators if i.counts_events}
    pm_month, pm_year, pm_pos = m[pm], y[pm], rows["pos"][idx[pm]]
    starts = np.flatnonzero(new_subject[pm])  # each subject's first person-month
    first_row = idx[pm[starts]]
    sizes = np.diff(np.append(starts, len(pm)))

    def happened(indicator, part=0):
        if indicator.counts_events:
            return pm_counts[indicator.code] > 0
        return (pm_flags & kind.bits[(indicator.code, part)]) != 0

    def first_month(mask):
        return np.minimum.reduceat(np.where(mask, pm_month, NONE), starts)

    def before(earlier):
        """Whether the subject had the events `earlier` marks in an earlier year."""
        return np.bitwise_or.reduceat(pm_flags & earlier, starts) != 0

    # By column: each indicator fills one (most of the fold's writes).
    values = np.zeros((len(starts), len(kind.indicators)), dtype=np.int64, order="F")
    keys = []
    month_bit = np.left_shift(1, pm_month)
    for j, indicator in enumerate(kind.indicators):
        if indicator.window == "month":
            mask = happened(indicator)
            values[:, j] = np.bitwise_or.reduceat(np.where(mask, month_bit, 0), starts)
            if with_keys:
                keys.append(cell_key(pm_pos[mask], pm_year[mask], pm_month[mask], REGISTRY_INDEX[indicator.code]))
            continue
        if indicator.all_of:
            # The month the last of the services was first given; given in
            # an earlier year, a service counts as given before this one.
            _carriers, groups = kind.history(indicator)
            month = np.max([np.where(before(earlier), 0, first_month(happened(indicator, part)))
                            for part, (_services, earlier) in enumerate(groups)], axis=0)
            month[month == 0] = NONE  # all of them before this year
        elif indicator.first_ever:
            # The month of the subject's first contact, if it meets the
            # indicator (judged on that month's first contact) and the
            # subject had none in an earlier year.
            contact, [(_services, earlier)] = kind.history(indicator)
            month = first_month((pm_flags & contact) != 0)
            month = np.where((first_month(happened(indicator)) == month) & ~before(earlier), month, NONE)
        elif indicator.nth > 1:
            # Running count within the subject; the month it reaches nth.
            counts = pm_counts[indicator.code]
            running = np.cumsum(counts)
            running -= np.repeat(running[starts] - counts[starts], sizes)
            month = first_month(running >= indicator.nth)
        else:
            month = first_month(happened(indicator))
        values[:, j] = np.where(month == NONE, 0, month)
    sid = rows["preg"][first_row] if kind is PREGNANCY else np.zeros(len(starts), dtype=np.int64)
    counts = np.column_stack([pm_counts[i.code] for i in kind.indicators if i.counts_events]) if kind.counts \
        else np.zeros((len(pm), 0), dtype=np.int64)
    subjects = Subjects(kind, rows["pid"][first_row], sid, rows["pos"][first_row], y[pm[starts]], values,
                        starts, pm_month, pm_flags, counts, pm_days)
    for j, indicator in enumerate(kind.indicators):
        if with_keys and indicator.window != "month":
            counted = values[:, j] > 0
            keys.append(cell_key(subjects.pos[counted], subjects.year[counted], values[counted, j],
                                 REGISTRY_INDEX[indicator.code]))
    return subjects, keys


def _picked(kind: Kind, rows: dict, idx: np.ndarray, pm: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The flags of the rows `idx` (sorted by person-month, `pm` the first
    row of each) with each pick's bits kept only on the visits it picks, and
    per person-month and pick the day of the month picked (0: none)."""
    flags = rows[kind.flags][idx]
    if not kind.picks:
        return flags, np.zeros((len(pm), 0), dtype=np.int64)
    kept = flags & ~np.int64(sum(pick.picked for pick in kind.picks))
    sizes = np.diff(np.append(pm, len(idx)))
    days = []
    for pick in kind.picks:
        day = rows[pick.column][idx]
        if pick.latest:
            best = np.maximum.reduceat(day, pm)
        else:  # the first: 0 (no candidate) must not win
            best = np.minimum.reduceat(np.where(day > 0, day, NONE), pm)
            best[best == NONE] = 0
        chosen = (day == np.repeat(best, sizes)) & (day > 0)
        kept |= np.where(chosen, flags & pick.picked, 0)
        days.append(best)
    return kept, np.column_stack(days)


def evaluate_all(*, district: str, year: int | None, progress: Callable[[int, int], None] | None = None,
                 steps: int = 4, meanwhile: Callable | None = None) -> Evaluation | tuple[Evaluation, object]:
    """Every indicator for a district, one year or all of them; with
    `meanwhile` (reads run alongside, see Reader.read), also its result."""
    reader = Reader(district, year)
    with reading():
        rows = reader.read(progress, steps, meanwhile)
    if progress:
        progress(2, steps)
    return (fold(rows), reader.meanwhile) if meanwhile else fold(rows)


def fold(rows: dict) -> Evaluation:
    """Subjects and facts from event rows (see Reader.flags)."""
    subjects, keys = fold_subjects(rows)
    return Evaluation(subjects, *facts_of(keys))


def fold_subjects(rows: dict, with_keys: bool = True) -> tuple[list[Subjects], np.ndarray]:
    """Subjects from event rows, and one cell key for every (subject, cell)
    it counts in (the numerators, before they are counted; none without
    `with_keys`: a refresh counts only the difference)."""
    subjects, keys = [], []
    for kind in KINDS:
        folded, kind_keys = _fold_kind(kind, rows, with_keys)
        subjects.append(folded)
        keys += kind_keys
    return subjects, np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)


