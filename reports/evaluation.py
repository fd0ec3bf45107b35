"""Every indicator at once: the sources read once, folded with NumPy.

The database reads what only it can, as narrow integer columns: for a
district, its visits joined with patient and household (who, which
pregnancy, the Posyandu they live in, the day, the birth day) on one
connection while a second reads the measurements (one bit per distinct
measurement condition of the registry) and the (visit, service) pairs; then
the immunised children. A refresh reads the same for the months its change
log names, table by table by sets of ids. The parts are matched by visit id
in memory.

NumPy derives each visit's events (bit masks per kind of subject, counts for
n-th event indicators, ages in calendar months) and folds them, sorted by
subject, year and month, into person-months and subjects: per indicator the
month a subject counts in (year windows) or a bit per month (month windows),
and the numerator of every fact. Statuses judged on one visit of the month
(a child's latest measurement, a pregnancy's first contact) keep that
visit's day with the person-month (Pick); what a subject did in earlier
years (a first contact, KF1 given in December) comes with its visits as a
bit (Kind.history). Folding in SQL meant ~45 aggregates per subject over every
person-month; here each is one vectorised pass (decision 12).

Facts are keyed by one integer per cell (Posyandu, year, month, indicator),
so comparing a district's evaluated facts with the stored ones is a sorted
search, not a dictionary of tuples."""

import functools
import queue
import threading
import zlib
from calendar import monthrange
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db import connection, connections
from django.db.models import Q

from clusters.immunisation import CODES as DOSES
from clusters.models import ImmunisationStatus, Measurement, Service, Visit
from facilities.models import Facility
from patients.models import Household, Patient, Pregnancy

from .indicators import REGISTRY, Indicator

VisitService = Visit.services.through

# An indicator's place in the registry, by code (list.index compares whole
# definitions, field by field: a tenth of a refresh's fold).
REGISTRY_INDEX = {indicator.code: n for n, indicator in enumerate(REGISTRY)}

# "Did not happen" while taking a minimum month; stored as 0.
NONE = 99
NAEGELE_DAYS = 280  # from the first day of the last period to the expected delivery
assert len(REGISTRY) < 63, "an indicator index fits the low 6 bits of a cell key"


# ---------------------------------------------------------------------------
# Cell keys: (Posyandu, year, month, indicator) as one int64.

def cell_key(pos, year, month, indicator):
    return (np.asarray(pos, dtype=np.int64) << 22) | (np.asarray(year, dtype=np.int64) << 10) \
        | (np.asarray(month, dtype=np.int64) << 6) | np.asarray(indicator, dtype=np.int64)


def split_key(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    return keys >> 22, (keys >> 10) & 4095, (keys >> 6) & 15, keys & 63


# ---------------------------------------------------------------------------
# What a subject is, and which bit of a visit row says what.

def _counted(indicator: Indicator) -> bool:
    """Indicators that need the number of events (n-th event); the others
    only need whether any happened."""
    return indicator.nth > 1


@dataclass(frozen=True)
class Pick:
    """Events judged on one visit of the month: the latest (or first) of the
    subject's visits that month with the `candidate` event. The picked
    visit's day of the month is kept with the person-month (column
    `column`), so that a visit added later is weighed against it; visits on
    the same day all count."""
    column: str
    latest: bool
    candidate: int  # bit of the visits picked among
    picked: int  # bits taken from the picked visit only


@dataclass(frozen=True)
class Kind:
    """Subjects of one kind: people, or pregnancies (K1/K4/K6 count a
    woman's pregnancies apart)."""
    name: str
    indicators: tuple[Indicator, ...]
    flags: str  # the visit row's column of this kind's event bits
    bits: dict  # (code, part) -> bit mask in that column; also ("contact"|"earlier", services): see history
    counts: dict  # code -> column holding the number of events
    picks: tuple[Pick, ...]

    @property
    def seed(self) -> int:
        # A registry or layout change changes every digest of the kind: its state is rewritten.
        return zlib.crc32(("|".join(f"{i.code}/{i.window}/{i.nth}/{i.source}/{i.services}/{i.condition}/"
                                    f"{i.min_age_months}/{i.max_age_months}/{i.latest_of}/{i.first_ever}/"
                                    f"{i.max_gestation_weeks}" for i in self.indicators)
                           + f"{self.name}|{list(self.bits)}|{self.picks}").encode())

    def history(self, indicator: Indicator) -> tuple[int, list[tuple[tuple[str, ...], int]]]:
        """What of a subject's earlier years an indicator needs: the bits of
        the visits that carry it (a first_ever indicator's contacts, an
        all_of indicator's services), and per group of services the bit
        such a visit gets when its subject had one of them in an earlier
        year. Nothing for other indicators."""
        if indicator.first_ever:
            return self.bits[("contact", indicator.services)], [(indicator.services,
                                                                 self.bits[("earlier", indicator.services)])]
        if indicator.all_of:
            return (sum(self.bits[(indicator.code, part)] for part in range(len(indicator.services))),
                    [((service,), self.bits[("earlier", (service,))]) for service in indicator.services])
        return 0, []


def _histories(indicators: Iterable[Indicator]) -> list[tuple[str, ...]]:
    """The groups of services whose earlier years count (see Kind.history)."""
    groups = {i.services for i in indicators if i.first_ever}
    groups |= {(service,) for i in indicators if i.all_of for service in i.services}
    return sorted(groups)


def _kind(name: str, flags: str) -> Kind:
    indicators = tuple(i for i in REGISTRY if i.subject == name)
    assert all(not (_counted(i) and i.all_of) for i in indicators), "n-th events of one service"
    keys = [(i.code, part) for i in indicators if not _counted(i)
            for part in range(len(i.services) if i.all_of else 1)]
    firsts = sorted({i.services for i in indicators if i.first_ever})
    keys += [("contact", services) for services in firsts]
    keys += [("earlier", services) for services in _histories(indicators)]
    assert len(keys) < 63, "flags fit a bigint"
    bits = {key: 1 << bit for bit, key in enumerate(keys)}
    counts = {i.code: f"c{REGISTRY_INDEX[i.code]}" for i in indicators if _counted(i)}
    # Statuses judged on the latest visit among another indicator's events,
    # first contacts on the first visit with one of their services.
    picks = [Pick(f"d{flags}{n}", True, bits[(among, 0)],
                  sum(bits[(i.code, 0)] for i in indicators if i.latest_of == among))
             for n, among in enumerate(sorted({i.latest_of for i in indicators if i.latest_of}))]
    picks += [Pick(f"d{flags}{len(picks) + n}", False, bits[("contact", services)],
                   sum(bits[(i.code, 0)] for i in indicators if i.first_ever and i.services == services))
              for n, services in enumerate(firsts)]
    return Kind(name, indicators, flags, bits, counts, tuple(picks))


assert all(i.subject in ("patient", "pregnancy") for i in REGISTRY)
assert all(i.subject == "patient" for i in REGISTRY if i.source == "immunisation")
KINDS = (_kind("patient", "fp"), _kind("pregnancy", "fq"))
PATIENT, PREGNANCY = KINDS
# What stored subject state means: a refresh moves only district-years built
# with the current registry and layout, and rebuilds the others.
STATE_VERSION = zlib.crc32(f"months-2|{PATIENT.seed}|{PREGNANCY.seed}".encode())
IMMUNISATION_BITS = sum(PATIENT.bits[(i.code, 0)] for i in PATIENT.indicators if i.source == "immunisation")
# What SQL reads per visit; the indicators' events are derived from these in
# NumPy, where thirty flags cost less than thirty CASE expressions per row.
# Dates travel as days since 1970-01-01 (see year_month).
VISIT_COLUMNS = ["vid", "pid", "preg", "pos", "day", "born"]
IMMUNISED_COLUMNS = ["pid", "pos", "day"]


# ---------------------------------------------------------------------------
# SQL: one row per visit (and per immunised child).

def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def days(column: str) -> str:
    """SQL: a date column as days since 1970-01-01 (integer arithmetic;
    EXTRACT works in numerics and cost more than the rest of the row)."""
    if connection.vendor == "postgresql":
        return f"({column} - DATE '1970-01-01')"
    return f"CAST(julianday({column}) - 2440587.5 AS integer)"


def year_month(day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    months = day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return months // 12 + 1970, months % 12 + 1


def completed_months(born: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Age on `day` in completed calendar months (both days since
    1970-01-01), as clusters.anthropometry.completed_months counts it: a
    month is complete on the birth day's date, or on the last day of a
    shorter month."""
    born, day = born.astype("datetime64[D]"), day.astype("datetime64[D]")
    born_month, month = born.astype("datetime64[M]"), day.astype("datetime64[M]")
    months = (month - born_month).astype(np.int64)
    length = ((month + 1).astype("datetime64[D]") - month).astype(np.int64)
    anniversary = np.minimum((born - born_month).astype(np.int64), length - 1)  # 0 = the 1st
    return months - ((day - month).astype(np.int64) < anniversary)


def day_of_month(day: np.ndarray) -> np.ndarray:
    """1-31 of days since 1970-01-01."""
    day = day.astype("datetime64[D]")
    return (day - day.astype("datetime64[M]")).astype(np.int64) + 1


def _compiled(q: Q) -> tuple[str, list]:
    """A condition on the measurement table's own columns as SQL, compiled
    by the ORM so that each backend gets its own dialect."""
    query = Measurement.objects.filter(q).query
    assert len(query.alias_map) <= 1, f"{q}: conditions read measurement columns only"
    present = f"{_table(Measurement)}.{connection.ops.quote_name('visit_id')} IS NOT NULL"
    if not q:
        return present, []
    compiler = query.get_compiler(connection=connection)
    sql, params = query.where.as_sql(compiler, connection)
    return f"({sql}) AND {present}", list(params)


def _gestation_conditions() -> dict[str, Q]:
    """Gestational age as recorded at a visit: whether it was, and whether
    within each first_ever indicator's weeks."""
    weeks = sorted({i.max_gestation_weeks for i in REGISTRY if i.max_gestation_weeks})
    return {"gestation": Q(gestational_age_weeks__isnull=False)} | {
        f"gestation<={w}": Q(gestational_age_weeks__lte=w) for w in weeks} if weeks else {}


@functools.cache
def _conditions(vendor: str) -> tuple[dict[tuple, int], dict[str, int]]:
    """One bit of "meas" per distinct measurement condition (compiled once
    per backend: the registry is code): {(sql, params): bit}, {code: bit}.
    Ages are not among them: they count in calendar months, from the visit
    day and the birth day (see completed_months)."""
    conditions: dict[tuple, int] = {}
    condition_of: dict[str, int] = {}
    named = {i.code: i.condition or Q() for i in REGISTRY if i.source == "measurement"} | _gestation_conditions()
    for code, q in named.items():
        sql, params = _compiled(q)
        condition_of[code] = conditions.setdefault((sql, tuple(params)), 1 << len(conditions))
    assert len(conditions) < 63, "measurement bits fit a bigint"
    return conditions, condition_of


def any_of(column: str, values) -> tuple[str, list]:
    """SQL: the column is one of these integers, as one parameter (an array
    on PostgreSQL, which it reads with a bitmap scan; JSON on SQLite)."""
    values = values.tolist() if isinstance(values, np.ndarray) else values
    if connection.vendor == "postgresql":
        # An array literal: the driver's adaptation of a list of thousands
        # of ints (checked item by item) cost more than the query.
        return f"{column} = ANY(CAST(%s AS bigint[]))", [array_literal(values)]
    return f"{column} IN (SELECT value FROM json_each(%s))", ["[" + ",".join(map(str, values)) + "]"]


def array_literal(values: Iterable[int]) -> str:
    """A PostgreSQL array literal of integers, passed as one text parameter
    (see any_of)."""
    return "{" + ",".join(map(str, values)) + "}"


def text_array_literal(texts: Iterable[str]) -> str:
    """A PostgreSQL array literal of texts without quotes or backslashes
    (codes, months), each quoted as an element (it may be empty)."""
    return "{" + ",".join(f'"{text}"' for text in texts) + "}"


class Reader:
    """The SQL of one evaluation, and how the events of each indicator follow
    from the columns it reads. A district (all years or one) is read whole,
    joined in SQL; a refresh reads the months `touched` ({person: months}) of
    a year, table by table by id, joined in memory: a few thousand people of
    a million are found faster by sets of ids than through joins."""

    def __init__(self, district: str | None, year: int | None, touched: dict[int, set[int]] | None = None,
                 added: list[int] = (), places: dict[int, int] | None = None, born: dict[int, int] | None = None):
        """`touched`: {person: months to read} of a refresh, with every
        person it evaluates (months or not); `added`: the ids of visits to
        read besides those months; `places`: {person: the Posyandu they live
        in}, as the change log says; `born`: {person: birth day} the log
        gives with added visits."""
        assert (district is None) == (touched is not None) and (touched is None or year is not None)
        assert touched is None or places is not None and set(touched) <= set(places)
        self.district, self.year, self.touched, self.added = district, year, touched, sorted(added)
        self.places, self.born = places, born or {}
        codes = {c for i in REGISTRY for c in i.services}
        found = dict(Service.objects.filter(code__in=codes | DOSES).values_list("code", "pk"))
        self.service_ids = {code: pk for code, pk in found.items() if code in codes}
        self.dose_ids = np.array(sorted(pk for code, pk in found.items() if code in DOSES), dtype=np.int64)
        # People whose immunisation status a refresh reads (see statuses_to_read).
        self.status_read = np.zeros(0, dtype=np.int64)
        ids = sorted(set(self.service_ids.values()))
        assert len(ids) < 63, "service bits fit a bigint"
        self.service_bits = {pk: 1 << bit for bit, pk in enumerate(ids)}
        self.conditions, self.condition_of = _conditions(connection.vendor)

    def _where(self, date_column: str) -> tuple[str, list]:
        parts, params = [f"{_table(Facility)}.district_id = %s"], [self.district]
        if self.year is not None:
            parts.append(f"{date_column} BETWEEN %s AND %s")
            params += [date(self.year, 1, 1), date(self.year, 12, 31)]
        return " AND ".join(parts), params

    def visits(self) -> dict:
        """One row per visit: who, which pregnancy, where they live, when,
        and their birth day. The visits' measurements and services are read
        apart and matched by visit id in memory: joining them here cost more
        than the three reads together."""
        if self.touched is not None:
            return self._touched_visits()
        v, p, h, f = _table(Visit), _table(Patient), _table(Household), _table(Facility)
        where, params = self._where("v.date")
        sql = (
            f"SELECT {_bigints(VISIT_COLUMNS)} FROM ("
            f"SELECT v.id AS vid, v.patient_id AS pid, COALESCE(v.pregnancy_id, 0) AS preg, h.posyandu_id AS pos, "
            f"{days('v.date')} AS day, {days('p.birth_date')} AS born "
            f"FROM {v} v JOIN {p} p ON p.id = v.patient_id JOIN {h} h ON h.id = p.household_id "
            f"JOIN {f} ON {f}.id = h.posyandu_id WHERE {where}) x"
        )
        return read_arrays(sql, params, VISIT_COLUMNS)

    def births(self, rows: dict | None = None) -> dict:
        """{patient: birth day} of the touched people that exist. The log's
        birth day serves a person whose added visit is among the visit
        `rows` read (a visit cannot outlive its person); the others' are
        read."""
        if not hasattr(self, "_births"):
            known = {}
            if rows is not None and self.born:
                added = np.isin(rows["vid"], np.array(self.added, dtype=np.int64))
                known = {pid: self.born[pid] for pid in set(rows["pid"][added].tolist()) if pid in self.born}
            rest = sorted(set(self.touched) - set(known))
            where, params = any_of("id", rest)
            patients = read_arrays(f"SELECT {_bigints(['pid', 'born'])} FROM (SELECT id AS pid, "
                                   f"{days('birth_date')} AS born FROM {_table(Patient)} WHERE {where}) x",
                                   params, ["pid", "born"]) if rest else {"pid": np.zeros(0, np.int64),
                                                                          "born": np.zeros(0, np.int64)}
            self._births = known | dict(zip(patients["pid"].tolist(), patients["born"].tolist(), strict=True))
        return self._births

    def _touched_visits(self) -> dict:
        by_month: dict[int, list[int]] = {}
        for pid, months in self.touched.items():
            for month in months:
                by_month.setdefault(month, []).append(pid)
        parts, params = [], []
        for month, pids in sorted(by_month.items()):
            where, where_params = any_of("patient_id", sorted(pids))
            parts.append(f"({where} AND date BETWEEN %s AND %s)")
            last = monthrange(self.year, month)[1]
            params += [*where_params, date(self.year, month, 1), date(self.year, month, last)]
        if self.added:
            where, where_params = any_of("id", self.added)
            parts.append(where)
            params += where_params
        columns = ["vid", "pid", "preg", "day"]
        rows = read_arrays(f"SELECT {_bigints(columns)} FROM (SELECT id AS vid, patient_id AS pid, "
                           f"COALESCE(pregnancy_id, 0) AS preg, {days('date')} AS day FROM {_table(Visit)} "
                           f"WHERE {' OR '.join(parts) or '1 = 0'}) x", params, columns)
        self.births(rows)
        return self._placed(rows)

    def _placed(self, rows: dict) -> dict:
        """Rows of touched people with where they live and their birth day."""
        births = self.births()
        known = np.array([pid in births for pid in rows["pid"].tolist()], dtype=bool)
        rows = {name: values[known] for name, values in rows.items()}
        people = rows["pid"].tolist()
        rows["pos"] = np.array([self.places[pid] for pid in people], dtype=np.int64)
        rows["born"] = np.array([births[pid] for pid in people], dtype=np.int64)
        return rows

    def _visits_of(self, column: str, ids: np.ndarray | None) -> tuple[str, list]:
        """Rows of a visit's table that may belong to the visits read: for a
        district the whole table, read once while its visits are read (rows
        of other visits are dropped when matched); for a refresh its visits."""
        if self.touched is not None:
            return any_of(column, ids)
        return "1 = 1", []

    def measurements(self, ids: np.ndarray) -> tuple[str, list]:
        """Per measured visit, one bit per distinct measurement condition."""
        m = _table(Measurement)
        conditions = " + ".join(f"CASE WHEN {sql} THEN {bit} ELSE 0 END"
                                for (sql, _params), bit in self.conditions.items()) or "0"
        params = [value for (_sql, condition_params) in self.conditions for value in condition_params]
        where, where_params = self._visits_of(f"{m}.visit_id", ids)
        sql = f"SELECT {_bigints(['vid', 'meas'])} FROM (SELECT {m}.visit_id AS vid, {conditions} AS meas FROM {m} " \
              f"WHERE {where}) x"
        return sql, params + where_params

    def services(self, ids: np.ndarray) -> tuple[str, list]:
        """(visit, service) pairs of the services any indicator counts (a
        refresh reads all its visits' services: filtered in SQL, PostgreSQL
        went through the service index instead of the visits')."""
        vs = _table(VisitService)
        services = sorted(self.service_bits) or [0]
        where, params = self._visits_of("visit_id", ids)
        if self.touched is None:
            where += f" AND service_id IN ({', '.join(map(str, services))})"
        sql = f"SELECT {_bigints(['vid', 'sid'])} FROM (SELECT visit_id AS vid, service_id AS sid FROM {vs} " \
              f"WHERE {where}) x"
        return sql, params

    def read(self, progress: Callable[[int, int], None] | None = None, steps: int = 4,
             meanwhile: Callable | None = None) -> dict:
        """The visit rows with their service mask ("svc") and measurement
        bits ("meas"), and the immunised children (see flags). A district's
        read runs `meanwhile` (other reads) after its measurements and
        services, on their connection; its result is left in
        `self.meanwhile`."""
        if self.touched is not None:
            rows = self.visits()
            measured, given = self._visit_parts(np.sort(rows["vid"]))
            self.status_read = self.statuses_to_read(rows, given)
            immunised = self.immunised()
        else:
            # The visits here; their measurements and services, the
            # immunised children, then `meanwhile`, on a second connection
            # (the visits take longest): two reads at a time keep both cores
            # busy, a third would slow the visits' read.
            def there():
                parts = self._visit_parts(None), self.immunised()
                self.meanwhile = meanwhile() if meanwhile else None
                return parts

            rows, ((measured, given), immunised) = concurrently(self.visits, there)
        order = np.argsort(rows["vid"])  # visit ids are unique
        ids = rows["vid"][order]

        def place(vid):
            """Index into rows of each visit id, and whether it is one of them."""
            at = np.searchsorted(ids, vid).clip(max=max(len(ids) - 1, 0))
            found = ids[at] == vid if len(ids) else np.zeros(len(vid), dtype=bool)
            return order[at[found]], found

        rows["meas"] = np.zeros(len(ids), dtype=np.int64)
        rows["svc"] = np.zeros(len(ids), dtype=np.int64)
        at, found = place(measured["vid"])
        rows["meas"][at] = measured["meas"][found]
        bit_of = np.zeros(max([*self.service_bits, *given["sid"].tolist()], default=0) + 1, dtype=np.int64)
        for pk, bit in self.service_bits.items():
            bit_of[pk] = bit
        at, found = place(given["vid"])
        np.bitwise_or.at(rows["svc"], at, bit_of[given["sid"][found]])
        if progress:
            progress(1, steps)
        return self.flags(rows, immunised)

    def _visit_parts(self, ids: np.ndarray | None) -> tuple[dict, dict]:
        if ids is not None and not len(ids):
            empty = np.zeros(0, dtype=np.int64)
            return {"vid": empty, "meas": empty}, {"vid": empty, "sid": empty}
        sql, params = self.measurements(ids)
        measured = read_arrays(sql, params, ["vid", "meas"])
        sql, params = self.services(ids)
        return measured, read_arrays(sql, params, ["vid", "sid"])

    def statuses_to_read(self, rows: dict, given: dict) -> np.ndarray:
        """Of a refresh's people (sorted), those whose complete basic
        immunisation may have changed since the state was stored: everyone
        with months to read again (corrections and merges are logged so),
        and everyone an added visit gave a dose. A status changes only with
        a dose, so the others' stored months still hold it: a day of
        weighing reads no status."""
        again = [pid for pid, months in self.touched.items() if months]
        dosed = given["vid"][np.isin(given["sid"], self.dose_ids)]
        given_dose = rows["pid"][np.isin(rows["vid"], dosed)]
        return np.union1d(np.array(again, dtype=np.int64), given_dose)

    def immunised(self) -> dict:
        """Children who reached complete basic immunisation: who, where they
        live, the day."""
        s = _table(ImmunisationStatus)
        reached = "st.basic_complete = %s AND st.basic_complete_on IS NOT NULL"
        if self.touched is not None:
            columns = ["pid", "day"]
            if not len(self.status_read):
                return self._placed({name: np.zeros(0, dtype=np.int64) for name in columns})
            where, params = any_of("st.patient_id", self.status_read.tolist())
            rows = read_arrays(
                f"SELECT {_bigints(columns)} FROM (SELECT st.patient_id AS pid, {days('st.basic_complete_on')} AS day "
                f"FROM {s} st WHERE {reached} AND st.basic_complete_on BETWEEN %s AND %s AND {where}) x",
                [True, date(self.year, 1, 1), date(self.year, 12, 31), *params], columns)
            return self._placed(rows)
        p, h, f = _table(Patient), _table(Household), _table(Facility)
        where, params = self._where("st.basic_complete_on")
        sql = (
            f"SELECT {_bigints(IMMUNISED_COLUMNS)} FROM ("
            f"SELECT st.patient_id AS pid, h.posyandu_id AS pos, {days('st.basic_complete_on')} AS day "
            f"FROM {s} st JOIN {p} p ON p.id = st.patient_id JOIN {h} h ON h.id = p.household_id "
            f"JOIN {f} ON {f}.id = h.posyandu_id WHERE {reached} AND {where}) x"
        )
        return read_arrays(sql, [True, *params], IMMUNISED_COLUMNS)

    def events(self, rows: dict, indicator: Indicator, part: int = 0) -> np.ndarray:
        """Per visit row: how many events of the indicator (of one of its
        services, for all_of) it holds, at the ages it counts ("age": in
        completed months)."""
        if indicator.source == "measurement":
            count = ((rows["meas"] & self.condition_of[indicator.code]) != 0).astype(np.int64)
        else:
            count = self._given(rows, (indicator.services[part],) if indicator.all_of else indicator.services)
        if indicator.max_age_months is not None:
            count[rows["age"] >= indicator.max_age_months] = 0
        if indicator.min_age_months is not None:
            count[rows["age"] < indicator.min_age_months] = 0
        return count

    def _given(self, rows: dict, codes: tuple[str, ...]) -> np.ndarray:
        """Per visit row, how many of these services it gave."""
        count = np.zeros(len(rows["svc"]), dtype=np.int64)
        for bit in [self.service_bits[self.service_ids[c]] for c in codes if c in self.service_ids]:
            count += (rows["svc"] & bit) != 0
        return count

    def flags(self, rows: dict, immunised: dict) -> dict:
        """The visit rows and immunised children as event rows: per kind a
        bit mask of events ("fp", "fq"), a count per counted indicator, and
        per pick (see Pick) the day of the month of each visit it may pick."""
        n_immunised = len(immunised["pid"])
        none = np.zeros(n_immunised, dtype=np.int64)
        out = {name: np.concatenate([rows[name], immunised.get(name, none)]) for name in ("pid", "preg", "pos")}
        out["yr"], out["mo"] = year_month(np.concatenate([rows["day"], immunised["day"]]))
        rows["age"] = completed_months(rows["born"], rows["day"])
        visits = self._visit_events(rows)
        self._history(rows, visits)
        dom = day_of_month(rows["day"]) if any(kind.picks for kind in KINDS) else None
        for kind in KINDS:
            imm = np.zeros(n_immunised, dtype=np.int64)
            for indicator in kind.indicators:
                if indicator.source == "immunisation":
                    if _counted(indicator):
                        raise ValueError(f"{indicator.code}: an n-th immunisation is not defined")
                    imm |= kind.bits[(indicator.code, 0)]
            out[kind.flags] = np.concatenate([visits[kind.flags], imm])
            for column in kind.counts.values():
                out[column] = np.concatenate([visits[column], none])
            for pick in kind.picks:
                out[pick.column] = np.concatenate([np.where(visits[kind.flags] & pick.candidate, dom, 0), none])
        return out

    def _visit_events(self, rows: dict) -> dict:
        """Per visit the event columns of `flags`. A district's visits share
        few combinations of services, measurement bits, age band (between
        the indicators' age limits) and pregnancy: the events are worked out
        once per combination and spread back."""
        limits = sorted({m for i in REGISTRY for m in (i.min_age_months, i.max_age_months) if m is not None})
        band = np.searchsorted(np.array(limits, dtype=np.int64), rows["age"], side="right")
        widths = [len(self.service_bits), len(self.conditions), len(limits).bit_length(), 1]
        if sum(widths) > 62:  # no single key: row by row
            return self._events_of(rows)
        key = rows["svc"]
        for column, width in zip((rows["meas"], band, (rows["preg"] != 0).astype(np.int64)), widths[1:],
                                 strict=True):
            key = (key << width) | column
        _combinations, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        # An age inside each visit's band stands for its age.
        ages = np.array([-1, *limits], dtype=np.int64)[band[first]]
        sample = {"svc": rows["svc"][first], "meas": rows["meas"][first], "preg": rows["preg"][first], "age": ages}
        return {column: values[inverse] for column, values in self._events_of(sample).items()}

    def _events_of(self, rows: dict) -> dict:
        out = {}
        pregnant = rows["preg"] != 0
        for kind in KINDS:
            mask = np.zeros(len(rows["svc"]), dtype=np.int64)
            for indicator in kind.indicators:
                if indicator.source == "immunisation":
                    continue
                for part in range(len(indicator.services)) if indicator.all_of else [0]:
                    count = self.events(rows, indicator, part)
                    if kind is PREGNANCY:
                        count[~pregnant] = 0
                    if _counted(indicator):
                        out[kind.counts[indicator.code]] = count
                    else:
                        mask |= np.where(count > 0, kind.bits[(indicator.code, part)], 0)
            for key, bit in kind.bits.items():
                if key[0] == "contact":
                    given = self._given(rows, key[1]) > 0
                    mask |= np.where(given & pregnant if kind is PREGNANCY else given, bit, 0)
            out[kind.flags] = mask
        return out

    def _history(self, rows: dict, visits: dict) -> None:
        """What the visit rows' events owe to other visits of their subject
        (see Kind.history): a first contact outside an indicator's
        gestational age loses its event, and a visit whose subject had one
        of a group of services in an earlier year is marked so (the fold
        then counts a first contact only in its first year, and an all_of
        service given last year as given)."""
        for kind in KINDS:
            flags, done = visits[kind.flags], set()
            subject = rows["preg"] if kind is PREGNANCY else rows["pid"]
            for indicator in kind.indicators:
                carriers, groups = kind.history(indicator)
                at = np.flatnonzero(flags & carriers)
                if not len(at):
                    continue
                if indicator.max_gestation_weeks:
                    outside = ~self._within_weeks(rows, at, indicator.max_gestation_weeks)
                    flags[at[outside]] &= ~kind.bits[(indicator.code, 0)]
                groups = [(services, bit) for services, bit in groups if services not in done]
                if groups:
                    seen = self._seen_before(kind, [services for services, _bit in groups], subject[at],
                                             rows["day"][at], rows["svc"][at])
                    for (services, bit), earlier in zip(groups, seen, strict=True):
                        flags[at[earlier]] |= bit
                        done.add(services)

    def _within_weeks(self, rows: dict, at: np.ndarray, weeks: int) -> np.ndarray:
        """Whether the pregnancy visits `at` were at a gestational age of at
        most `weeks` completed weeks: as recorded at the visit, else counted
        from the pregnancy's HPHT, else from its HPL less 280 days."""
        meas = rows["meas"][at]
        within = (meas & self.condition_of[f"gestation<={weeks}"]) != 0
        unrecorded = np.flatnonzero((meas & self.condition_of["gestation"]) == 0)
        if len(unrecorded):
            pregnancies = rows["preg"][at[unrecorded]]
            lmp = self.last_periods(np.unique(pregnancies))
            known = np.isin(pregnancies, lmp["preg"])
            started = np.zeros(len(pregnancies), dtype=np.int64)
            started[known] = lmp["lmp"][np.searchsorted(lmp["preg"], pregnancies[known])]
            within[unrecorded] = known & (rows["day"][at[unrecorded]] - started < 7 * (weeks + 1))
        return within

    def last_periods(self, pregnancies: np.ndarray) -> dict:
        """Sorted pregnancies (of these) and the first day of their last
        period: the HPHT, else the HPL less 280 days (Naegele)."""
        where, params = any_of("id", pregnancies)
        lmp = f"COALESCE({days('last_menstrual_period')}, {days('expected_delivery_date')} - {NAEGELE_DAYS})"
        rows = read_arrays(f"SELECT {_bigints(['preg', 'lmp'])} FROM (SELECT id AS preg, {lmp} AS lmp "
                           f"FROM {_table(Pregnancy)} WHERE {where}) x", params, ["preg", "lmp"])
        order = np.argsort(rows["preg"])
        return {"preg": rows["preg"][order], "lmp": rows["lmp"][order]}

    def _seen_before(self, kind: Kind, groups: list[tuple[str, ...]], subject: np.ndarray, day: np.ndarray,
                     svc: np.ndarray) -> list[np.ndarray]:
        """Per group of services, whether each visit's subject had one of
        them in a year before the visit's. A district read of every year
        holds all of the visits (`svc`: each one's services); other reads
        ask the database about the subjects they hold."""
        year = year_month(day)[0]
        if self.district is not None and self.year is None:
            subjects, inverse = np.unique(subject, return_inverse=True)
            seen = []
            for services in groups:
                first = np.full(len(subjects), np.iinfo(np.int64).max, dtype=np.int64)
                given = self._given({"svc": svc}, services) > 0
                np.minimum.at(first, inverse[given], year[given])
                seen.append(year > first[inverse])
            return seen
        column = "pregnancy_id" if kind is PREGNANCY else "patient_id"
        where, params = any_of(f"v.{column}", np.unique(subject))
        ids = {code: self.service_ids[code] for services in groups for code in services if code in self.service_ids}
        before = read_arrays(
            f"SELECT {_bigints(['sid', 'service'])} FROM (SELECT DISTINCT v.{column} AS sid, s.service_id AS service "
            f"FROM {_table(Visit)} v JOIN {_table(VisitService)} s ON s.visit_id = v.id WHERE {where} "
            f"AND v.date < %s AND s.service_id IN ({', '.join(map(str, sorted(ids.values()) or [0]))})) x",
            [*params, date(self.year, 1, 1)], ["sid", "service"])
        return [np.isin(subject, before["sid"][np.isin(before["service"], [ids[c] for c in services if c in ids])])
                for services in groups]


def _bigints(columns: list[str]) -> str:
    return ", ".join(f"CAST({name} AS bigint) AS {name}" for name in columns)


def read_arrays(sql: str, params: list, columns: list[str], group: str | None = None) -> dict:
    """{column: int64 array} of a query whose `columns` are all non-null
    bigints. On PostgreSQL each column comes back as one array, in binary,
    which NumPy reads in place: row by row, the driver's per-row cost was
    most of the read. With `group` (a text column of the query), the rows
    come grouped by it: "group" then holds per row an index into "keys"."""
    if connection.vendor != "postgresql":
        names = [group, *columns] if group else columns
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(names)} FROM ({sql}) a", params)
            rows = cursor.fetchall()
        out = {}
        if group:
            out["keys"] = sorted({row[0] for row in rows})
            index = {key: n for n, key in enumerate(out["keys"])}
            out["group"] = np.array([index[row[0]] for row in rows], dtype=np.int64)
            rows = [row[1:] for row in rows]
        table = np.array(rows, dtype=np.int64).reshape(-1, len(columns))
        return out | {name: table[:, i].copy() for i, name in enumerate(columns)}
    # The array_agg of one aggregate all see the rows in the same order.
    arrays = ", ".join(f"array_agg({name})" for name in columns)
    query = f"SELECT {group + ', ' if group else ''}{arrays} FROM ({sql}) a{' GROUP BY ' + group if group else ''}"
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT BINARY)", params or None) as copy:
            data = b"".join(copy)  # the blocks as they come, copied once
    parts, keys = _binary_arrays(data, len(columns), keyed=bool(group))
    out = {name: np.concatenate([row[i] for row in parts]) if parts else np.zeros(0, dtype=np.int64)
           for i, name in enumerate(columns)}
    if group:
        out["keys"] = keys
        out["group"] = np.repeat(np.arange(len(parts), dtype=np.int64), [len(row[0]) for row in parts])
    return out


_ELEMENT = np.dtype([("length", ">i4"), ("value", ">i8")])


def _binary_arrays(data: bytes, count: int, keyed: bool) -> tuple[list[list[np.ndarray]], list[str]]:
    """The rows of a binary COPY (header: signature, flags, extension
    length; a row: its number of fields, then per field its length and
    bytes; the trailer a field count of -1), each row an optional text key
    and `count` bigint arrays (dimensions, then per element its length and
    value)."""
    at, rows, keys = 19, [], []
    while True:
        (fields,) = np.frombuffer(data, ">i2", 1, at)
        at += 2
        if fields == -1:
            return rows, keys
        assert fields == count + keyed, "rows of the expected columns"
        if keyed:
            (length,) = np.frombuffer(data, ">i4", 1, at)
            keys.append(data[at + 4:at + 4 + length].decode())
            at += 4 + int(length)
        row = []
        for _ in range(count):
            (length,) = np.frombuffer(data, ">i4", 1, at)
            at += 4
            if length < 0:  # array_agg of no rows
                row.append(np.zeros(0, dtype=np.int64))
                continue
            ndim = int(np.frombuffer(data, ">i4", 1, at)[0])
            size = int(np.frombuffer(data, ">i4", 1, at + 12)[0]) if ndim else 0
            elements = np.frombuffer(data, _ELEMENT, size, at + 12 + 8 * ndim)
            if size and (elements["length"] != 8).any():
                raise ValueError("a column is not a non-null bigint")
            row.append(elements["value"].astype(np.int64))
            at += int(length)
        rows.append(row)


@contextmanager
def reading(few: bool = False):
    """Room for the services' hash aggregate, and no JIT (compiling these
    wide statements took longer than running them). With `few`, settings
    for a refresh: a few thousand people of a million."""
    if connection.vendor != "postgresql":
        yield
        return
    settings = {"work_mem": "256MB", "jit": "off"}
    if few:
        # A refresh reads a few thousand rows scattered over big tables:
        # by bitmap scans, whose heap pages PostgreSQL prefetches this many
        # at a time, not by index scans that wait for each page in turn (on
        # a cold cache, 4,800 people's rows: 0.6 s by index, 0.13 s so).
        settings |= {"enable_indexscan": "off", "enable_seqscan": "off", "effective_io_concurrency": "64"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(["set_config(%s, %s, false)"] * len(settings)),
                       [item for pair in settings.items() for item in pair])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(name, reset_val, false) FROM pg_settings WHERE name = ANY(%s)",
                           [list(settings)])


class SecondConnection:
    """A second PostgreSQL connection on its own thread ("coverage-read",
    with the settings of `reading(few)`), opened as soon as this is made, so
    that connecting overlaps the caller's work. It runs the reads submitted
    to it in turn while the caller goes on: reads wait on the disk as much
    as on a core, and the machine has two. Inside a transaction (tests) a
    second connection would not see its rows: a submitted read then runs
    here, when its result is asked for. Rows written between the two
    connections' reads are the change log's to catch up with."""

    def __init__(self, few: bool = False):
        self.inline = connection.vendor != "postgresql" or connection.in_atomic_block
        if not self.inline:
            self.tasks: queue.SimpleQueue = queue.SimpleQueue()
            self.thread = threading.Thread(target=self._serve, args=(few,), name="coverage-read", daemon=True)
            self.thread.start()

    def _serve(self, few: bool) -> None:
        closed = False
        try:
            with reading(few):  # connects
                while (task := self.tasks.get()) is not None:
                    read, future = task
                    _settle(future, read)
                closed = True
        except BaseException as exc:  # the connection failed: every read still to come fails with it
            while not closed and (task := self.tasks.get()) is not None:
                task[1].set_exception(exc)
        finally:
            connections.close_all()  # this thread's connections only

    def submit(self, read: Callable) -> "Future | _Deferred":
        if self.inline:
            return _Deferred(read)
        future: Future = Future()
        self.tasks.put((read, future))
        return future

    def close(self) -> None:
        if not self.inline:
            self.tasks.put(None)
            self.thread.join()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _settle(future: Future, read: Callable) -> None:
    try:
        future.set_result(read())
    except BaseException as exc:  # re-raised where the result is asked for
        future.set_exception(exc)


class _Deferred:
    """A read run where and when its result is first asked for."""

    def __init__(self, read: Callable):
        self.read, self.future = read, None

    def result(self):
        if self.future is None:
            self.future = Future()
            _settle(self.future, self.read)
        return self.future.result()


def concurrently(here: Callable, there: Callable, few: bool = False) -> tuple:
    """(here(), there()), there() on a second connection (see
    SecondConnection) at the same time."""
    with SecondConnection(few) as helper:
        elsewhere = helper.submit(there)
        value = here()
        return value, elsewhere.result()


def mix(h: np.ndarray, columns) -> np.ndarray:
    """Hash integer columns into `h` (uint64), row by row: multiply-xorshift,
    enough to tell rows apart, not for secrets."""
    for column in columns:
        h = (h ^ column.astype(np.uint64)) * np.uint64(0x9E3779B97F4A7C15)
        h ^= h >> np.uint64(31)
    return h


# ---------------------------------------------------------------------------
# The fold.

def column_keys(indicator: Indicator, values: np.ndarray, pos: np.ndarray, year: np.ndarray) -> np.ndarray:
    """The cell keys that values of one indicator count in (a month, or a
    bit per month for month windows; 0: none), for subjects at `pos` and
    `year`."""
    index = REGISTRY_INDEX[indicator.code]
    if indicator.window == "month":
        r, month = np.nonzero((values[:, None] >> np.arange(13)) & 1)
        return cell_key(pos[r], year[r], month, index)
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
        """The stored text of the subjects' person-months:
        "month:flags[:count…][:day…];" (read back by `month_rows`)."""
        sizes = np.diff(np.append(self.starts, len(self.month)))[rows]
        at = np.repeat(self.starts[rows] - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))
        numbers = np.column_stack([self.month[at], self.flags[at], self.counts[at], self.days[at]])
        # One format string for every subject, "\t" between subjects: Python
        # formats all the numbers in one call instead of one call per month.
        one = ":".join(["%d"] * numbers.shape[1]) + ";"
        template = "\t".join(one * size for size in sizes.tolist())
        return (template % tuple(numbers.ravel().tolist())).split("\t") if len(rows) else []


def month_rows(subjects: list[tuple[int, int, int, int, str]]) -> dict:
    """Stored person-months as event rows (the columns `flags` makes, with
    "pos"), from (patient, pregnancy or 0, year, Posyandu, months text) of
    stored subjects of either kind."""
    parts = []
    for kind in KINDS:
        mine = [subject for subject in subjects if (subject[1] != 0) == (kind is PREGNANCY)]
        width = 2 + len(kind.counts) + len(kind.picks)  # month, flags, counts, days
        texts = [subject[4] for subject in mine]
        items = np.array([text.count(";") for text in texts], dtype=np.int64)
        joined = "".join(texts).replace(";", ":")
        numbers = np.fromstring(joined, dtype=np.int64, sep=":").reshape(-1, width) if joined \
            else np.zeros((0, width), dtype=np.int64)
        rows = {name: np.repeat(np.array([subject[n] for subject in mine], dtype=np.int64).reshape(-1), items)
                for n, name in enumerate(("pid", "preg", "yr", "pos"))}
        rows["mo"] = numbers[:, 0]
        none = np.zeros(len(numbers), dtype=np.int64)
        rows["fp"], rows["fq"] = (numbers[:, 1], none) if kind is PATIENT else (none, numbers[:, 1])
        for other in KINDS:
            for n, column in enumerate([*other.counts.values(), *(pick.column for pick in other.picks)]):
                rows[column] = numbers[:, 2 + n] if other is kind else none
        parts.append(rows)
    return {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}


@dataclass
class Evaluation:
    subjects: list[Subjects]
    keys: np.ndarray  # sorted unique cell keys of the facts
    numerator: np.ndarray
    denominator: np.ndarray  # -1: the indicator has no measured denominator

    def facts(self) -> dict:
        """{(posyandu, month, code): (numerator, denominator or None)}."""
        pos, year, month, ind = split_key(self.keys)
        return {
            (p, date(y, mo, 1), REGISTRY[i].code): (n, None if d < 0 else d)
            for p, y, mo, i, n, d in zip(pos.tolist(), year.tolist(), month.tolist(), ind.tolist(),
                                         self.numerator.tolist(), self.denominator.tolist(), strict=True)
        }


def _fold_kind(kind: Kind, rows: dict) -> tuple[Subjects, list[np.ndarray]]:
    """Subjects of one kind, and the numerator cells they make (one key per
    subject counted)."""
    flags = rows[kind.flags]
    counted = [rows[kind.counts[i.code]] for i in kind.indicators if _counted(i)]
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
                 for i in kind.indicators if _counted(i)}
    pm_month, pm_year, pm_pos = m[pm], y[pm], rows["pos"][idx[pm]]
    starts = np.flatnonzero(new_subject[pm])  # each subject's first person-month
    first_row = idx[pm[starts]]
    sizes = np.diff(np.append(starts, len(pm)))

    def happened(indicator, part=0):
        if _counted(indicator):
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
    for j, indicator in enumerate(kind.indicators):
        index = REGISTRY_INDEX[indicator.code]
        if indicator.window == "month":
            mask = happened(indicator)
            values[:, j] = np.bitwise_or.reduceat(np.where(mask, np.left_shift(1, pm_month), 0), starts)
            keys.append(cell_key(pm_pos[mask], pm_year[mask], pm_month[mask], index))
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
    counts = np.column_stack([pm_counts[i.code] for i in kind.indicators if _counted(i)]) if kind.counts \
        else np.zeros((len(pm), 0), dtype=np.int64)
    subjects = Subjects(kind, rows["pid"][first_row], sid, rows["pos"][first_row], y[pm[starts]], values,
                        starts, pm_month, pm_flags, counts, pm_days)
    for j, indicator in enumerate(kind.indicators):
        if indicator.window != "month":
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
        DENOMINATOR[_n] = [i.code for i in REGISTRY].index(_indicator.denominator_indicator)


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


def _facts(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Numerators counted per cell, and denominators from the numerators of
    the denominator indicator."""
    cells, numerators = count_cells(keys)
    dependents, sources = dependent_cells(cells)
    merged, inverse = np.unique(np.concatenate([cells, dependents]), return_inverse=True)
    nums = np.concatenate([numerators, np.zeros(len(dependents), dtype=np.int64)])
    dens = np.concatenate([np.zeros(len(cells), dtype=np.int64), numerators[sources]])
    numerator = np.bincount(inverse, weights=nums, minlength=len(merged)).astype(np.int64)
    denominator = np.bincount(inverse, weights=dens, minlength=len(merged)).astype(np.int64)
    denominator = np.where(DENOMINATOR[merged & 63] >= 0, denominator, -1)
    return merged, numerator, denominator


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
    return Evaluation(subjects, *_facts(keys))


def fold_subjects(rows: dict) -> tuple[list[Subjects], np.ndarray]:
    """Subjects from event rows, and one cell key for every (subject, cell)
    it counts in (the numerators, before they are counted)."""
    subjects, keys = [], []
    for kind in KINDS:
        folded, kind_keys = _fold_kind(kind, rows)
        subjects.append(folded)
        keys += kind_keys
    return subjects, np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)


