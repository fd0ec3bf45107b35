"""The coverage change log's one door. Every write that can change a figure
or a derived value names what it touched through one of the writers below,
inside its own transaction; `reports` reads and consumes the log through the
readers at the end and never writes these tables itself.

A row names a person, the area where they live (desa, Posyandu) and a month.
A refresh re-evaluates the people named for the years of the months named
and moves the facts by the difference, so a row per month a person's
figures may have changed in is all a correction has to say."""

from collections.abc import Iterable
from datetime import date

from patients.models import Household, Patient

from .models import CoverageChange, Visit


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


def months_changed(patient: Patient, months: Iterable[date]) -> None:
    """Months whose figures a write changed (a corrected visit's old and new
    month, the month complete basic immunisation moved to or from)."""
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


def merged(kept: Patient, duplicate: Patient, duplicate_household: Household) -> set[date]:
    """Both people, every month of the visits the kept record now holds: the
    kept record gains them, the duplicate's counted contribution has to go.
    Returns those months."""
    _read_again([kept.pk, duplicate.pk])
    months = _visit_months([kept.pk]).get(kept.pk, set())
    CoverageChange.objects.bulk_create(_rows(kept, kept.household, months)
                                       + _rows(duplicate, duplicate_household, months))
    return months


# Readers (reports consumes the log through these) -----------------------------

def pending_count(*, district: str, year: int) -> int:
    """Changes of a district-year not yet in the facts."""
    return CoverageChange.objects.filter(posyandu__district_id=district, month__year=year).count()
