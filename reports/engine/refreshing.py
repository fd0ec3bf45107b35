"""A refresh: apply the change log, moving the facts by the difference
between what its people add now and what they added before.

Per district with log rows (under its lock), per year the rows name:
1. Read the log: the months to read again per person (corrections, removals,
   moves, merges), the visits added per person and month, the Posyandu
   each person lives at now.
2. A year without current state (never built, or built with other
   definitions: STATE_VERSION) is rebuilt whole instead.
3. Read those months' visits (and the added visits alone), while the second
   connection reads the people's stored state, then the facts of the named
   months at the Posyandu involved while the first folds and writes.
4. Fold the months read with the people's stored other months into
   subjects; the cells whose count changed are the difference between
   what the subjects add now and what their stored state added.
5. In one transaction: the log rows consumed (sent before the fold), the
   state rows, the roll-ups of the moved facts' months and the moved facts,
   each statement sent while the server works on the one before.
The cost follows the change, not the people's history or the district's
size."""

from collections import defaultdict
from collections.abc import Callable
from datetime import date

import numpy as np
from django.utils import timezone

from clusters import changes
from clusters.models import CoverageChange
from facilities.models import Facility
from patients.models import Household, Patient

from . import facts, rollups, state
from .facts import FACT_ARRAYS
from .fold import Subjects, column_keys, fold_subjects
from .keys import DENOMINATOR, among, cell_key, dependent_cells, split_key, year_month
from .kinds import IMMUNISATION_BITS, PREGNANCY
from .plumbing import (
    DistrictBusy,
    SecondConnection,
    any_of,
    days,
    derived_writes,
    district_lock,
    in_turns,
    overlapped,
    read_arrays,
    reading,
    run,
    table,
)
from .reader import Reader
from .rebuilding import rebuild_locked


def refresh(district: str | None = None, progress: Callable[[int, int], None] | None = None) -> dict:
    """Apply what the change log says changed since the last run: the people
    it names are re-evaluated and the facts move by the difference. Also
    rebuilds one district-year whose facts were built with another registry
    or layout (STATE_VERSION), the longest built first: a change of
    definitions reaches every year's figures, one district-year a run.
    `district`: that district only."""
    written, busy, people, cells = 0, [], 0, 0
    with SecondConnection(few=True) as helper:  # connecting while the log is read
        log = CoverageChange.objects.all()
        if district is not None:
            log = log.filter(posyandu__district_id=district)
        districts = list(log.order_by("posyandu__district_id")
                         .values_list("posyandu__district_id", flat=True).distinct())
        outdated = state.outdated(district)
        if outdated and outdated[0] not in districts:
            districts.append(outdated[0])
        for done, district in enumerate(districts, start=1):
            try:
                with district_lock(district):
                    # Read under the lock: a row another run has consumed, or
                    # turned from an added visit into a month to read again,
                    # is not applied twice.
                    started = timezone.now()
                    work = _district_log(district)
                    if outdated and outdated[0] == district:
                        work.setdefault(outdated[1], None)
                    for year, item in sorted(work.items()):
                        if not state.is_current(district, year):
                            # No stored state to move from (or of another registry
                            # or layout): evaluate the district-year whole.
                            written += rebuild_locked(district, year)
                        else:
                            n, w = _refresh_people(district, year, item, helper)
                            people += n
                            written += w
                    cells += sum(1 for item in work.values() if item is not None)
                    with derived_writes():  # without waiting for the flush of what the run wrote
                        state.mark_refreshed(district, started)
            except DistrictBusy:
                busy.append(district)
            if progress:
                progress(done, len(districts))
    return {"cells": cells, "people": people, "facts": written, "busy": busy}


def _district_log(district: str) -> dict[int, dict]:
    """The district's log rows by year: their ids, the months to read again
    per person, the visits added (arrays "pid", "month", "visit"), the
    areas of rows without a person (written before the log named people:
    everyone there), where each person lives now and the birth days given
    with added visits. Later rows (by id) say where a person lives."""
    # Months as day numbers, not dates: a day of visits is thousands of rows.
    log = read_arrays(f"SELECT {', '.join(f'CAST({c} AS bigint) AS {c}' for c in LOG_COLUMNS)} FROM ("
                      f"SELECT c.id, COALESCE(c.patient_id, 0) AS patient, c.posyandu_id AS posyandu, "
                      f"{days('c.month')} AS day, COALESCE(c.visit_id, 0) AS visit, "
                      f"COALESCE({days('c.born')}, {UNKNOWN_BIRTH}) AS born "
                      f"FROM {table(CoverageChange)} c JOIN {table(Facility)} f ON f.id = c.posyandu_id "
                      f"WHERE f.district_id = %s) x", [district], LOG_COLUMNS)
    order = np.argsort(log["id"])
    log = {name: values[order] for name, values in log.items()}
    years, months = year_month(log["day"])
    work: dict[int, dict] = {}
    for year in np.unique(years).tolist():
        of_year = years == year
        rows = {name: values[of_year] for name, values in log.items()} | {"month": months[of_year]}
        person, visit = rows["patient"] != 0, rows["visit"] != 0
        reread: dict[int, set[int]] = defaultdict(set)
        for pid, month in zip(*(rows[c][person & ~visit].tolist() for c in ("patient", "month")), strict=True):
            reread[pid].add(month)
        added = person & visit
        born = added & (rows["born"] != UNKNOWN_BIRTH)
        work[year] = {
            "ids": rows["id"].tolist(), "reread": reread,
            "added": {"pid": rows["patient"][added], "month": rows["month"][added], "visit": rows["visit"][added]},
            "areas": set(rows["posyandu"][~person].tolist()),
            # dict() keeps each key's last value: the latest row.
            "places": dict(zip(rows["patient"][person].tolist(), rows["posyandu"][person].tolist(), strict=True)),
            "born": dict(zip(rows["patient"][born].tolist(), rows["born"][born].tolist(), strict=True)),
        }
    return work


UNKNOWN_BIRTH = -(10 ** 6)
LOG_COLUMNS = ["id", "patient", "posyandu", "day", "visit", "born"]


# A refresh's stored state is read in parts that its two connections
# share, each taking the next part when free: the people in this many
# groups. The facts are read in parts too, by the second connection: the
# Posyandu it touches in this many groups (the facts of each read through
# the facts' primary key, one descent per Posyandu and month).
STATE_PARTS = 4
FACT_PARTS = 6


def _parts(values: list[int], count: int) -> list[list[int]]:
    """The values in up to `count` groups, none empty (one empty group when
    there are no values, so that there are arrays to join)."""
    return [part.tolist() for part in np.array_split(np.array(values, dtype=np.int64), count) if len(part)] or [[]]


def _refresh_people(district: str, year: int, item: dict, helper: SecondConnection) -> tuple[int, int]:
    """Re-evaluate the months the log names of the people it names (every
    month of everyone living in its areas), add the events of the visits it
    names as added to the months stored, and move the facts by the
    difference. Everyone is placed at a Posyandu of the district, where the
    district's log rows place them. The other months of these people come
    from their stored person-months, so the cost follows the change, not
    their history."""
    people: dict[int, set[int]] = dict(item["reread"])
    places = dict(item["places"])
    if item["areas"]:
        p, h = table(Patient), table(Household)
        where, params = any_of("h.posyandu_id", sorted(item["areas"]))
        living = run(f"SELECT p.id, h.posyandu_id FROM {p} p JOIN {h} h ON h.id = p.household_id WHERE {where}",
                     params)
        people |= {pid: set(range(1, 13)) for pid, _pos in living}
        places |= dict(living)
    # (A visit added in a month that is read again is read once all the same.)
    added = item["added"]["visit"].tolist()
    for pid in np.unique(item["added"]["pid"]).tolist():
        people.setdefault(pid, set())
    # The people's stored state, in parts taken by whichever connection is
    # free first, this one after reading their visits; then, on the second
    # connection alone, the facts of the months the log names at the
    # Posyandu it places them at (where the facts most likely move), while
    # this one folds and sends the first writes: the facts are wanted only
    # once the difference is known. Only runs holding this district's lock
    # write state and facts.
    named = sorted({date(year, m, 1) for months in people.values() for m in months}
                   | {date(year, m, 1) for m in np.unique(item["added"]["month"]).tolist()})
    at = sorted(set(places.values()))
    state_while_any = in_turns(_parts(sorted(people), STATE_PARTS), lambda part: state.stored_people(year, part))
    stored_there = helper.submit(state_while_any)
    read_there = helper.submit(lambda: [facts.stored(district, None, only=named, posyandu=part, where_found=True)
                                        for part in _parts(at, FACT_PARTS)])
    reader = Reader(None, year, touched=people, added=added, places=places, born=item["born"])
    with reading(few=True):
        rows = reader.read()
        stored = state_while_any()
    stored += stored_there.result()
    stored_state, before = (_joined([part[n] for part in stored]) for n in (0, 1))
    # Where the facts that may move lie (the Posyandu of the people, now and
    # as stored), read before the writes: a read among them would wait for
    # every write sent before it.
    placed_there = helper.submit(lambda: rollups.places(np.union1d(at, before["pos"])))
    living = {pid: places[pid] for pid in reader.births()}
    # The writes overlap, each sent while the server still works on the one
    # before: the log's first, which need nothing folded, then the state's,
    # while what the people added before folds.
    with derived_writes(), overlapped():
        changes.consume(item["ids"])
        changes.read_added_again(year=year, patient_ids=sorted(people))
        # What they add now folds from the months read again and the others
        # kept; the facts move by the difference, cell by cell.
        subjects, _ = fold_subjects(_with_stored_months(rows, before, people, living, reader.status_read),
                                    with_keys=False)
        state.sync(subjects, stored_state, district)
        old, _ = fold_subjects(before, with_keys=False)
        cells, change = _delta(old, subjects)
        moved = _moved_facts(cells, change, district, (_joined(read_there.result(), FACT_ARRAYS), set(named), set(at)))
        rollups.shift(district=district, moved=moved, placed_at=placed_there.result())
        facts.write_moved(moved, district)
    return len(people), len(moved.get("key", ()))


def _joined(parts: list[dict], names=None) -> dict:
    """Arrays read in parts (their `names`, else all), as one."""
    return {name: np.concatenate([part[name] for part in parts]) for name in names or parts[0]}


def _delta(old: list[Subjects], new: list[Subjects]) -> tuple[np.ndarray, np.ndarray]:
    """The cells (sorted keys) whose count changed, and by how much, from
    what the subjects added before and add now. A subject found on both
    sides at the same Posyandu adds and removes only the cells of the
    values that changed (a day's weighing changes one month of one or two
    indicators); the others add or remove all theirs."""
    added, removed = [], []
    for was, now in zip(old, new, strict=True):
        # Both sides come from the fold: sorted by subject, then year.
        subject_was, subject_now = _subject_ids(was), _subject_ids(now)
        at = np.searchsorted(subject_now, subject_was).clip(max=max(len(now) - 1, 0))
        paired = (subject_now[at] == subject_was) & (now.pos[at] == was.pos) if len(now) else \
            np.zeros(len(was), dtype=bool)
        kept_now = np.zeros(len(now), dtype=bool)
        kept_now[at[paired]] = True
        removed.append(was.keys(np.flatnonzero(~paired)))
        added.append(now.keys(np.flatnonzero(~kept_now)))
        w, n = np.flatnonzero(paired), at[paired]
        pos, year = was.pos[w], was.year[w]
        values_was, values_now = was.values[w], now.values[n]
        for j, indicator in enumerate(was.kind.indicators):
            before, after = values_was[:, j], values_now[:, j]
            if indicator.window == "month":
                removed.append(column_keys(indicator, before & ~after, pos, year))
                added.append(column_keys(indicator, after & ~before, pos, year))
            else:
                differ = before != after
                removed.append(column_keys(indicator, before[differ], pos[differ], year[differ]))
                added.append(column_keys(indicator, after[differ], pos[differ], year[differ]))
    added, removed = np.concatenate(added), np.concatenate(removed)
    cells, at = np.unique(np.concatenate([added, removed]), return_inverse=True)
    change = np.bincount(at[:len(added)], minlength=len(cells)) - np.bincount(at[len(added):], minlength=len(cells))
    moved = change != 0
    return cells[moved], change[moved]


def _subject_ids(subjects: Subjects) -> np.ndarray:
    """One increasing number per subject of the fold: (person or pregnancy, year)."""
    return ((subjects.sid if subjects.kind is PREGNANCY else subjects.pid) << 12) | subjects.year


def _with_stored_months(rows: dict, before: dict, people: dict[int, set[int]], living: dict[int, int],
                        status_read: np.ndarray) -> dict:
    """The event rows read for the touched months, and the stored
    person-months of the others; everyone where the change log last placed
    them (people no longer found count nowhere). Complete basic
    immunisation was read again for the people in `status_read` (sorted),
    whatever the month: their stored months lose it; the others keep it."""
    people_living = np.fromiter(living, dtype=np.int64, count=len(living))
    places = np.fromiter(living.values(), dtype=np.int64, count=len(living))
    order = np.argsort(people_living)
    people_living, places = people_living[order], places[order]
    keep = among(before["pid"], people_living)
    touched = np.array([pid * 16 + mo for pid, months in people.items() if months for mo in months], dtype=np.int64)
    if len(touched):
        keep &= ~among(before["pid"] * 16 + before["mo"], np.sort(touched))
    keep = np.flatnonzero(keep)  # one search for every column
    kept = {name: values[keep] for name, values in before.items()}
    kept["fp"] = np.where(among(kept["pid"], status_read), kept["fp"] & ~np.int64(IMMUNISATION_BITS), kept["fp"])
    out = {name: np.concatenate([rows[name], kept[name]]) for name in rows if name != "pos"}
    out["pos"] = places[np.searchsorted(people_living, out["pid"])] if len(places) else out["pid"] * 0
    return out


def _moved_facts(cells: np.ndarray, change: np.ndarray, district: str,
                 read: tuple[dict, set[date], set[int]]) -> dict:
    """The facts of every cell whose numerator changed by `change` (and of
    the indicators that use a changed one as denominator), moved: as arrays
    "key", "num", "den" (-1: none) of the cells whose value changed, with
    "stored" whether the cell has a stored row and "tid" where it was read
    (see _stored_facts). `read`: the district's
    stored facts already read, of which months and at which Posyandu."""
    if not len(cells):
        return {}
    keys = np.unique(np.concatenate([cells, dependent_cells(cells)[0]]))
    # The district's facts of the touched months and Posyandu, found
    # together through an index and read as arrays: looking up each cell
    # through the one-fact-per-cell index waited on a page per cell.
    pos, years, months, _ind = split_key(keys)
    stored, have_months, have_places = read
    unread = ~np.isin(years * 12 + months, [day.year * 12 + day.month for day in have_months]) \
        | ~np.isin(pos, list(have_places))
    if unread.any():  # a year's window moved to another month, or a person to another Posyandu
        more = facts.stored(district, None, only=sorted({date(y, m, 1) for y, m in zip(
            years[unread].tolist(), months[unread].tolist(), strict=True)}), posyandu=np.unique(pos[unread]),
            where_found=True)
        stored = {name: np.concatenate([stored[name], more[name]]) for name in FACT_ARRAYS}
    # Facts read twice (of a month read and a Posyandu not, or the other
    # way round) count once (so do those of indicators no longer in the
    # registry, which no cell asks for).
    stored_keys, first = np.unique(cell_key(stored["pos"], stored["yr"], stored["mo"], stored["ind"]),
                                   return_index=True)
    stored = {name: stored[name][first] for name in ("num", "den", "tid")} | {"key": stored_keys}

    def lookup(wanted, column, missing):
        """The stored `column` of each cell key (`missing` where none)."""
        out = np.full(len(wanted), missing, dtype=np.int64)
        here = among(wanted, stored["key"])
        out[here] = stored[column][np.searchsorted(stored["key"], wanted[here])]
        return out

    def numerator(wanted):
        """The moved numerator of each cell key."""
        out = lookup(wanted, "num", 0)
        moved = among(wanted, cells)
        out[moved] += change[np.searchsorted(cells, wanted[moved])]
        return out

    num = numerator(keys)
    den = np.full(len(keys), -1, dtype=np.int64)
    dependent = DENOMINATOR[keys & 63] >= 0
    den[dependent] = numerator((keys[dependent] & ~np.int64(63)) | DENOMINATOR[keys[dependent] & 63])
    here = among(keys, stored["key"])
    changed = ~here | (num != lookup(keys, "num", 0)) | (den != lookup(keys, "den", -1))
    return {"key": keys[changed], "num": num[changed], "den": den[changed], "stored": here[changed],
            "tid": lookup(keys, "tid", 0)[changed], "was_num": lookup(keys, "num", 0)[changed],
            "was_den": lookup(keys, "den", -1)[changed]}
