"""Replacing a seeded district, set-based. The ids about to go are gathered
once into temporary tables (joined on the district), then each table loses
its rows in one statement, children before parents, with no per-row cascade
collection: an ORM cascade over a million people spent minutes in nested
`IN (SELECT ...)` lookups. The derived rows go too: history rows, the
engine's state, log and facts of the district, recomputations and their
reviews, and the district's stock cards (the demo's ledger follows its
visits). Rows outside the district that named a person inside it as mother
or merge target lose that link, a stock line elsewhere that named a visit
its visit; nothing else outside the district changes."""

from django.apps import apps
from django.db import connection

from audit.models import AuditEvent
from clusters.models import (
    CoverageChange,
    ImmunisationStatus,
    Measurement,
    PosyanduSession,
    Recomputation,
    Visit,
    VisitRemoval,
)
from facilities.models import Facility, User
from followup.models import DueItem, HomeVisit, PersonExit
from patients.models import Household, Patient, PatientMerge, Pregnancy
from quality.models import ItemKind, Review
from reports.models import CoverageFact, CoverageRollup, CoverageSubject, CoverageYear
from stock.models import Balance, Batch, MonthlyUse, Movement

SEED_USERNAME = "demo-seed"

VISITS, SESSIONS, PREGNANCIES, PEOPLE, HOUSEHOLDS = "visits", "sessions", "pregnancies", "people", "households"


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _history(model) -> str:
    return _t(model.history.model)


class _Doomed:
    """One temporary table of ids per kind of row about to go."""

    def __init__(self, cursor):
        self.cursor, self.names = cursor, []

    def add(self, kind: str, select: str, params=()) -> None:
        table = f"demo_doomed_{kind}"
        self.cursor.execute(f"DROP TABLE IF EXISTS {table}")
        self.cursor.execute(f"CREATE TEMPORARY TABLE {table} (id bigint PRIMARY KEY)")
        self.cursor.execute(f"INSERT INTO {table} (id) {select}", params)
        if connection.vendor == "postgresql":
            # Autovacuum never analyzes temporary tables: without statistics
            # the planner takes them for tiny and loops over the big tables.
            self.cursor.execute(f"ANALYZE {table}")
        self.names.append(kind)

    def ids(self, kind: str) -> str:
        return f"SELECT id FROM demo_doomed_{kind}"

    def count(self, kind: str) -> int:
        self.cursor.execute(f"SELECT COUNT(*) FROM demo_doomed_{kind}")
        return self.cursor.fetchone()[0]

    def drop(self) -> None:
        for kind in self.names:
            self.cursor.execute(f"DROP TABLE IF EXISTS demo_doomed_{kind}")


def _district_people(doomed: _Doomed, district: str) -> None:
    doomed.add(HOUSEHOLDS, f"SELECT h.id FROM {_t(Household)} h JOIN {_t(Facility)} f ON f.id = h.posyandu_id "
                           "WHERE f.district_id = %s AND f.type = 'posyandu'", [district])
    doomed.add(PEOPLE, f"SELECT id FROM {_t(Patient)} WHERE household_id IN ({doomed.ids(HOUSEHOLDS)})")


def _district_visits(doomed: _Doomed, district: str, people: str) -> None:
    doomed.add(SESSIONS, f"SELECT s.id FROM {_t(PosyanduSession)} s JOIN {_t(Facility)} f "
                         f"ON f.id = s.posyandu_id WHERE f.district_id = %s", [district])
    doomed.add(VISITS, f"SELECT id FROM {_t(Visit)} WHERE patient_id IN ({people}) "
                       f"UNION SELECT id FROM {_t(Visit)} WHERE session_id IN ({doomed.ids(SESSIONS)})")


def stock_statements(district: str) -> list[tuple[str, list]]:
    """The district's stock cards (the demo's ledger follows its visits):
    its facilities' balances and movements, then the batches no card names."""
    here = f"SELECT id FROM {_t(Facility)} WHERE district_id = %s"
    batch = _t(Batch)
    return [
        (f"DELETE FROM {_t(Balance)} WHERE facility_id IN ({here})", [district]),
        (f"DELETE FROM {_t(MonthlyUse)} WHERE facility_id IN ({here})", [district]),
        (f"DELETE FROM {_t(Movement)} WHERE facility_id IN ({here})", [district]),
        (f"DELETE FROM {batch} WHERE NOT EXISTS (SELECT 1 FROM {_t(Movement)} m WHERE m.batch_id = {batch}.id) "
         f"AND NOT EXISTS (SELECT 1 FROM {_t(Balance)} b WHERE b.batch_id = {batch}.id)", []),
    ]


def _statements(doomed: _Doomed, district: str, people: str) -> list[tuple[str, list]]:
    """DELETE and UPDATE statements in order: children before parents. One
    `IN (SELECT ...)` per statement, never two joined by OR: PostgreSQL plans
    a lone one as a semi-join, but under OR as a subplan that, too large to
    hash, is scanned once per row."""
    visits, kinds = doomed.ids(VISITS), doomed.names
    visit_kinds = [ItemKind.CONFIRMED.value, ItemKind.FLAGGED_Z.value, ItemKind.LATE.value]
    recomputed = ItemKind.RECOMPUTED.value
    out = [
        *stock_statements(district),
        # A line elsewhere that named a visit going keeps its units, without the link (on_delete SET_NULL).
        (f"UPDATE {_t(Movement)} SET visit_id = NULL WHERE visit_id IN ({visits})", []),
        (f"DELETE FROM {_t(Review)} WHERE kind IN (%s, %s, %s) AND object_id IN ({visits})", visit_kinds),
        (f"DELETE FROM {_t(Review)} WHERE kind = %s AND object_id IN "
         f"(SELECT id FROM {_t(Recomputation)} WHERE visit_id IN ({visits}))", [recomputed]),
        (f"DELETE FROM {_t(Review)} WHERE kind = %s AND object_id IN "
         f"(SELECT id FROM {_t(Recomputation)} WHERE patient_id IN ({people}))", [recomputed]),
        (f"DELETE FROM {_t(Recomputation)} WHERE visit_id IN ({visits})", []),
        (f"DELETE FROM {_t(Recomputation)} WHERE patient_id IN ({people})", []),
        (f"DELETE FROM {_t(CoverageChange)} WHERE visit_id IN ({visits})", []),
        (f"DELETE FROM {_t(CoverageChange)} WHERE patient_id IN ({people})", []),
        (f"DELETE FROM {_t(Visit.services.through)} WHERE visit_id IN ({visits})", []),
        (f"DELETE FROM {_t(apps.get_model('clusters', 'HistoricalVisit_services'))} WHERE visit_id IN ({visits})", []),
        (f"DELETE FROM {_t(Measurement)} WHERE visit_id IN ({visits})", []),
        (f"DELETE FROM {_history(Measurement)} WHERE visit_id IN ({visits})", []),
        (f"DELETE FROM {_history(Visit)} WHERE id IN ({visits})", []),
        (f"DELETE FROM {_t(Visit)} WHERE id IN ({visits})", []),
        (f"DELETE FROM {_t(PosyanduSession)} WHERE id IN ({doomed.ids(SESSIONS)})", []),
        (f"DELETE FROM {_t(ImmunisationStatus)} WHERE patient_id IN ({people})", []),
    ]
    pregnancies = doomed.ids(PREGNANCIES)
    out += [
        (f"DELETE FROM {_t(CoverageSubject)} WHERE district_id = %s", [district]),
        (f"DELETE FROM {_t(CoverageSubject)} WHERE pregnancy_id IN ({pregnancies})", []),
        (f"DELETE FROM {_t(CoverageSubject)} WHERE patient_id IN ({people})", []),
        (f"DELETE FROM {_history(Pregnancy)} WHERE id IN ({pregnancies})", []),
        (f"DELETE FROM {_t(Pregnancy)} WHERE id IN ({pregnancies})", []),
    ]
    if PEOPLE in kinds:
        outside = f"NOT EXISTS (SELECT 1 FROM demo_doomed_{PEOPLE} d WHERE d.id = {_t(Patient)}.id)"
        out += [
            (f"DELETE FROM {_t(DueItem)} WHERE household_id IN ({doomed.ids(HOUSEHOLDS)})", []),
            (f"DELETE FROM {_t(PersonExit)} WHERE patient_id IN ({people})", []),
            (f"DELETE FROM {_t(HomeVisit)} WHERE household_id IN ({doomed.ids(HOUSEHOLDS)})", []),
            (f"DELETE FROM {_t(VisitRemoval)} WHERE patient_id IN ({people})", []),
            (f"DELETE FROM {_t(AuditEvent)} WHERE patient_id IN ({people})", []),
            (f"DELETE FROM {_t(Review)} WHERE kind = %s AND object_id IN ({people})", [ItemKind.DUPLICATE.value]),
            (f"DELETE FROM {_t(PatientMerge)} WHERE kept_id IN ({people})", []),
            (f"DELETE FROM {_t(PatientMerge)} WHERE duplicate_id IN ({people})", []),
            (f"UPDATE {_t(Patient)} SET mother_id = NULL, birth_order = NULL "
             f"WHERE mother_id IN ({people}) AND {outside}", []),
            (f"UPDATE {_t(Patient)} SET merged_into_id = NULL WHERE merged_into_id IN ({people}) AND {outside}", []),
            (f"DELETE FROM {_history(Patient)} WHERE id IN ({people})", []),
            (f"DELETE FROM {_t(Patient)} WHERE id IN ({people})", []),
            (f"DELETE FROM {_history(Household)} WHERE id IN ({doomed.ids(HOUSEHOLDS)})", []),
            (f"DELETE FROM {_t(Household)} WHERE id IN ({doomed.ids(HOUSEHOLDS)})", []),
        ]
    # The district's figures describe the rows just deleted: a rebuild writes them again.
    out += [(f"DELETE FROM {_t(model)} WHERE district_id = %s", [district])
            for model in (CoverageFact, CoverageRollup, CoverageYear)]
    return out


def _skip_row_checks(cursor) -> bool:
    """PostgreSQL checks each deleted row's foreign keys with one index probe
    per referencing table (about nine per person), several times the cost of
    the deletes; every referencing row goes in the statements here (the
    no-orphans test holds it), so a superuser skips them in this transaction."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return False
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if not cursor.fetchone()[0]:
        return False
    cursor.execute("SET LOCAL session_replication_role = replica")
    return True


def _run(district: str, *, people: bool) -> dict[str, int]:
    with connection.cursor() as cursor:
        doomed = _Doomed(cursor)
        skipped = _skip_row_checks(cursor)
        try:
            if people:
                _district_people(doomed, district)
                who = doomed.ids(PEOPLE)
                doomed.add(PREGNANCIES, f"SELECT id FROM {_t(Pregnancy)} WHERE patient_id IN ({who})")
            else:
                who = (f"SELECT p.id FROM {_t(Patient)} p JOIN {_t(Household)} h ON h.id = p.household_id "
                       f"JOIN {_t(Facility)} f ON f.id = h.posyandu_id WHERE f.district_id = %s")
                doomed.add(PEOPLE + "_seen", who, [district])
                who = doomed.ids(PEOPLE + "_seen")
                doomed.add(PREGNANCIES, f"SELECT g.id FROM {_t(Pregnancy)} g JOIN {_t(User)} u ON u.id = "
                                        f"g.created_by_id WHERE u.username = %s AND g.patient_id IN ({who})",
                           [SEED_USERNAME])
            _district_visits(doomed, district, who)
            counts = {kind: doomed.count(kind) for kind in doomed.names}
            for sql, params in _statements(doomed, district, who):
                cursor.execute(sql, params)
        finally:
            doomed.drop()
        if skipped:  # later writes of the transaction are checked again
            cursor.execute("SET LOCAL session_replication_role = origin")
    return counts


def delete_people(district: str) -> int:
    """The district's households, their people and everything that hangs on
    them (visits, pregnancies, sessions of its Posyandu, history, derived
    rows). Returns the number of people deleted."""
    return _run(district, people=True)[PEOPLE]


def delete_visits(district: str) -> int:
    """The visits of the district's people or in its Posyandu sessions, with
    what hangs on them, the sessions, the immunisation statuses and the
    pregnancies demo-seed created. Returns the number of visits deleted."""
    return _run(district, people=False)[VISITS]
