"""The coverage change log's one door. Every write that can change a figure
or a derived value names what it touched through one of the writers below,
inside its own transaction; `reports` reads and consumes the log through the
readers at the end and never writes these tables itself.

A row names a person, the area where they live (desa, Posyandu) and a month.
A refresh re-evaluates the people named for the years of the months named
and moves the facts by the difference, so a row per month a person's
figures may have changed in is all a correction has to say.

After the commit of a transaction that wrote rows, the districts they name
are announced (clusters.signals.coverage_changes_logged), so that a refresh
can follow without clusters knowing who computes the figures."""

import logging
from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction

from facilities.models import Facility
from patients.models import Household, Patient
from patients.signals import people_touched

from .models import CoverageChange, Visit
from .signals import coverage_changes_logged

logger = logging.getLogger(__name__)


def month_of(day: date) -> date:
    return day.replace(day=1)


def _rows(patient: Patient, household: Household, months: Iterable[date]) -> list[CoverageChange]:
    return [CoverageChange(desa_id=household.desa_id, posyandu_id=household.posyandu_id, patient=patient,
                           month=month_of(m)) for m in sorted(set(months))]


def _visit_months(patient_ids: Iterable[int]) -> dict[int, set[date]]:
    months: dict[int, set[date]] = {}
    for pid, day in Visit.objects.filter(patient_id__in=list(patient_ids)).values_list("patient_id", "date"):
        months.setdefault(pid, set()).add(month_of(day))
    return months


def _later_years(patient: Patient, year: int) -> set[date]:
    """Months of the person's visits after `year`: a first contact (K1) or
    a visit window (KF, KN) of a later year may hang on one of this year."""
    return {month_of(d) for d in Visit.objects.filter(patient=patient, date__gte=date(year + 1, 1, 1))
            .values_list("date", flat=True)}


def _announce(posyandu_ids: Iterable[int | None]) -> None:
    """After the commit, say which districts got log rows. A failing receiver
    is logged, never raised: the visit is saved whatever follows."""
    ids = {pk for pk in posyandu_ids if pk}
    if ids:
        transaction.on_commit(lambda: _send(ids), robust=True)


def _send(posyandu_ids: set[int]) -> None:
    districts = set(Facility.objects.filter(pk__in=posyandu_ids).values_list("district_id", flat=True))
    for receiver, result in coverage_changes_logged.send_robust(sender=CoverageChange, districts=districts):
        if isinstance(result, Exception):
            logger.error("%s failed after coverage changes were logged", receiver, exc_info=result)


def _read_again(patient_ids: Iterable[int]) -> None:
    """Pending rows of added visits carry the person's birth day and place as
    they were: after a correction their months are read whole instead."""
    CoverageChange.objects.filter(patient_id__in=list(patient_ids), visit__isnull=False).update(visit=None,
                                                                                                born=None)


# Writers -------------------------------------------------------------------

def visit_added(patient: Patient, visit: Visit) -> None:
    """One new visit: a refresh adds its events to the month it holds."""
    household = patient.household
    CoverageChange.objects.create(desa_id=household.desa_id, posyandu_id=household.posyandu_id, patient=patient,
                                  month=month_of(visit.date), visit=visit, born=patient.birth_date)
    if later := _later_years(patient, visit.date.year):
        CoverageChange.objects.bulk_create(_rows(patient, household, later))
    _announce([household.posyandu_id])
    people_touched(patient.pk)


def months_changed(patient: Patient, months: Iterable[date]) -> None:
    """Months whose figures a write changed (a corrected visit's old and new
    month, the month complete basic immunisation moved to or from), and
    the months of later years that may count differently for it."""
    months = set(months)
    if months:
        months |= _later_years(patient, min(months).year)
        _announce([patient.household.posyandu_id])
        people_touched(patient.pk)
    CoverageChange.objects.bulk_create(_rows(patient, patient.household, months))


def visit_removed(patient: Patient, visit: Visit) -> None:
    CoverageChange.objects.filter(visit_id=visit.pk).update(visit=None, born=None)
    months_changed(patient, [visit.date])


def person_corrected(patient: Patient) -> None:
    """A birth date or sex corrected: every month of theirs may count
    differently (age bands, life stage, z-scores)."""
    _read_again([patient.pk])
    months = _visit_months([patient.pk]).get(patient.pk, set())
    CoverageChange.objects.bulk_create(_rows(patient, patient.household, months))
    if months:
        _announce([patient.household.posyandu_id])
    people_touched(patient.pk)


def household_moved(household: Household, *, old_desa_id: str, old_posyandu_id: int) -> None:
    """Everyone in the household counts at the new place for every month of
    theirs; a row at the old place first and one at the new place last (a
    refresh places a person where their latest row says they live)."""
    members = list(Patient.objects.filter(household=household, merged_into__isnull=True))
    _read_again([p.pk for p in members])
    months = _visit_months([p.pk for p in members])
    old = Household(desa_id=old_desa_id, posyandu_id=old_posyandu_id)
    rows = [row for p in members for row in _rows(p, old, months.get(p.pk, ()))]
    rows += [row for p in members for row in _rows(p, household, months.get(p.pk, ()))]
    CoverageChange.objects.bulk_create(rows)
    if rows:
        _announce([old_posyandu_id, household.posyandu_id])
    people_touched(*(p.pk for p in members))


def merged(kept: Patient, duplicate: Patient, duplicate_household: Household) -> set[date]:
    """Both people, every month of the visits the kept record now holds: the
    kept record gains them, the duplicate's counted contribution has to go.
    Returns those months."""
    _read_again([kept.pk, duplicate.pk])
    months = _visit_months([kept.pk]).get(kept.pk, set())
    CoverageChange.objects.bulk_create(_rows(kept, kept.household, months)
                                       + _rows(duplicate, duplicate_household, months))
    if months:
        _announce([kept.household.posyandu_id, duplicate_household.posyandu_id])
    people_touched(kept.pk, duplicate.pk)
    return months


# Readers and consumers: reports reads the log and applies it, and calls
# these to mark what it applied; it never writes the log itself. ------------

def pending_count(*, district: str, year: int) -> int:
    """Changes of a district-year not yet in the facts."""
    return CoverageChange.objects.filter(posyandu__district_id=district, month__year=year).count()


def _one_of(column: str, ids: list[int]) -> tuple[str, list]:
    # One parameter, whatever the count (a day of visits is thousands of rows).
    if connection.vendor == "postgresql":
        return f"{column} = ANY(CAST(%s AS bigint[]))", ["{" + ",".join(map(str, ids)) + "}"]
    return f"{column} IN (SELECT value FROM json_each(%s))", ["[" + ",".join(map(str, ids)) + "]"]


def consume(ids: list[int]) -> None:
    """Remove the rows a run applied: by id, so a row committed while it
    read (with a lower id, maybe) stays for the next run."""
    if ids:
        where, params = _one_of("id", ids)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {CoverageChange._meta.db_table} WHERE {where}", params)


def read_added_again(*, year: int | None, district: str | None = None, patient_ids: list[int] = ()) -> None:
    """Visits logged as added while a run read (rows it has not consumed, of
    its district or of the people it read): it may have counted them
    already, so their months are read again instead of added to."""
    if district is not None:
        where, params = (f"posyandu_id IN (SELECT id FROM {Facility._meta.db_table} WHERE district_id = %s)",
                         [district])
    elif patient_ids:
        where, params = _one_of("patient_id", list(patient_ids))
    else:
        return
    if year is not None:
        where, params = where + " AND month BETWEEN %s AND %s", [*params, date(year, 1, 1), date(year, 12, 31)]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {CoverageChange._meta.db_table} SET visit_id = NULL "
                       f"WHERE visit_id IS NOT NULL AND {where}", params)
