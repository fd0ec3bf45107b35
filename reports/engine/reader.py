"""Reading the sources of an evaluation as narrow integer columns.

For a district (all its years, or one), its visits joined with patient and
household (who, which pregnancy, the Posyandu they live in, the day, the
birth day) on one connection while a second reads the measurements (one bit
per distinct measurement condition of the registry) and the (visit, service)
pairs; then the immunised children. A refresh reads the same for the months
its change log names, table by table by sets of ids, joined in memory: a few
thousand people of a million are found faster by sets of ids than through
joins. What the columns mean as events is events.py's."""

import functools
from calendar import monthrange
from collections.abc import Callable
from datetime import date

import numpy as np
from django.db import connection
from django.db.models import Q

from clusters.immunisation import CODES as DOSES
from clusters.models import ImmunisationStatus, Measurement, Service, Visit
from facilities.models import Facility
from patients.models import Household, Patient, Pregnancy
from reports.indicators import NAEGELE_DAYS, REGISTRY, measurement_conditions

from .events import Events
from .keys import year_month
from .kinds import PREGNANCY, Kind
from .plumbing import any_of, backend, concurrently, days, packable, read_arrays, table

VisitService = Visit.services.through
# What SQL reads per visit; the indicators' events are derived from these in
# NumPy, where thirty flags cost less than thirty CASE expressions per row.
VISIT_COLUMNS = ["vid", "pid", "preg", "pos", "day", "born"]
IMMUNISED_COLUMNS = ["pid", "pos", "day"]


def _bigints(columns: list[str]) -> str:
    return ", ".join(f"CAST({name} AS bigint) AS {name}" for name in columns)


def _compiled(q: Q) -> tuple[str, list]:
    """A condition on the measurement table's own columns as SQL, compiled
    by the ORM so that each database gets its own dialect."""
    query = Measurement.objects.filter(q).query
    assert len(query.alias_map) <= 1, f"{q}: conditions read measurement columns only"
    present = f"{table(Measurement)}.{connection.ops.quote_name('visit_id')} IS NOT NULL"
    if not q:
        return present, []
    compiler = query.get_compiler(connection=connection)
    sql, params = query.where.as_sql(compiler, connection)
    return f"({sql}) AND {present}", list(params)


@functools.cache
def _conditions(database: str) -> tuple[dict[tuple, int], dict[str, int]]:
    """One bit of "meas" per distinct measurement condition (compiled once
    per database: the registry is code): {(sql, params): bit}, {name: bit}.
    Ages are not among them: they count in calendar months, from the visit
    day and the birth day."""
    conditions: dict[tuple, int] = {}
    condition_of: dict[str, int] = {}
    for name, q in measurement_conditions().items():
        sql, params = _compiled(q)
        condition_of[name] = conditions.setdefault((sql, tuple(params)), 1 << len(conditions))
    assert len(conditions) < 63, "measurement bits fit a bigint"
    return conditions, condition_of


class Reader(Events):
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
        self.conditions, self.condition_of = _conditions(backend())

    def _where(self, date_column: str) -> tuple[str, list]:
        parts, params = [f"{table(Facility)}.district_id = %s"], [self.district]
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
        v, p, h, f = table(Visit), table(Patient), table(Household), table(Facility)
        where, params = self._where("v.date")
        sql = (
            f"SELECT {_bigints(VISIT_COLUMNS)} FROM ("
            f"SELECT v.id AS vid, v.patient_id AS pid, COALESCE(v.pregnancy_id, 0) AS preg, h.posyandu_id AS pos, "
            f"{days('v.date')} AS day, {days('p.birth_date')} AS born "
            f"FROM {v} v JOIN {p} p ON p.id = v.patient_id JOIN {h} h ON h.id = p.household_id "
            f"JOIN {f} ON {f}.id = h.posyandu_id WHERE {where}) x"
        )
        narrow = packable(["day", "born"], {"vid": Visit, "pid": Patient, "preg": Pregnancy, "pos": Facility})
        return read_arrays(sql, params, VISIT_COLUMNS, narrow=narrow)

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
                                   f"{days('birth_date')} AS born FROM {table(Patient)} WHERE {where}) x",
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
                           f"COALESCE(pregnancy_id, 0) AS preg, {days('date')} AS day FROM {table(Visit)} "
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
        m = table(Measurement)
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
        vs = table(VisitService)
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
        # A district's whole tables pack their ids too (a refresh's few rows gain nothing).
        whole = ids is None
        bits = ["meas"] if len(self.conditions) < 31 else []
        measured = read_arrays(sql, params, ["vid", "meas"], narrow=packable(bits, {"vid": Visit} if whole else {}))
        sql, params = self.services(ids)
        pairs = packable([], {"vid": Visit, "sid": Service} if whole else {})
        return measured, read_arrays(sql, params, ["vid", "sid"], narrow=pairs)

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
        s = table(ImmunisationStatus)
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
        p, h, f = table(Patient), table(Household), table(Facility)
        where, params = self._where("st.basic_complete_on")
        sql = (
            f"SELECT {_bigints(IMMUNISED_COLUMNS)} FROM ("
            f"SELECT st.patient_id AS pid, h.posyandu_id AS pos, {days('st.basic_complete_on')} AS day "
            f"FROM {s} st JOIN {p} p ON p.id = st.patient_id JOIN {h} h ON h.id = p.household_id "
            f"JOIN {f} ON {f}.id = h.posyandu_id WHERE {reached} AND {where}) x"
        )
        return read_arrays(sql, [True, *params], IMMUNISED_COLUMNS)

    def last_periods(self, pregnancies: np.ndarray) -> dict:
        """Sorted pregnancies (of these) and the first day of their last
        period: the HPHT, else the HPL less 280 days (Naegele)."""
        where, params = any_of("id", pregnancies)
        lmp = f"COALESCE({days('last_menstrual_period')}, {days('expected_delivery_date')} - {NAEGELE_DAYS})"
        rows = read_arrays(f"SELECT {_bigints(['preg', 'lmp'])} FROM (SELECT id AS preg, {lmp} AS lmp "
                           f"FROM {table(Pregnancy)} WHERE {where}) x", params, ["preg", "lmp"])
        order = np.argsort(rows["preg"])
        return {"preg": rows["preg"][order], "lmp": rows["lmp"][order]}

    def seen_before(self, kind: Kind, groups: list[tuple[str, ...]], subject: np.ndarray, day: np.ndarray,
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
                given = self.given({"svc": svc}, services) > 0
                np.minimum.at(first, inverse[given], year[given])
                seen.append(year > first[inverse])
            return seen
        column = "pregnancy_id" if kind is PREGNANCY else "patient_id"
        where, params = any_of(f"v.{column}", np.unique(subject))
        ids = {code: self.service_ids[code] for services in groups for code in services if code in self.service_ids}
        before = read_arrays(
            f"SELECT {_bigints(['sid', 'service'])} FROM (SELECT DISTINCT v.{column} AS sid, s.service_id AS service "
            f"FROM {table(Visit)} v JOIN {table(VisitService)} s ON s.visit_id = v.id WHERE {where} "
            f"AND v.date < %s AND s.service_id IN ({', '.join(map(str, sorted(ids.values()) or [0]))})) x",
            [*params, date(self.year, 1, 1)], ["sid", "service"])
        return [np.isin(subject, before["sid"][np.isin(before["service"], [ids[c] for c in services if c in ids])])
                for services in groups]
