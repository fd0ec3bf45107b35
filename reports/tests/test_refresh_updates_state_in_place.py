"""A refresh rewrites the stored state of the people it re-evaluates in
place: each subject keeps its row, and the rows say what a rebuild says."""

from datetime import date
from decimal import Decimal

import numpy as np

from reports import aggregation
from reports.models import CoverageSubject
from reports.tests.refresh_helpers import YEAR, child


def state():
    return sorted(CoverageSubject.objects.values_list("id", "year", "patient_id", "pregnancy_id", "posyandu_id",
                                                      "months", "digest"))


def test_a_refreshed_person_keeps_their_state_row_with_new_months(record, network):
    kid, other = child(network), child(network)
    for person in (kid, other):
        record(person, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    aggregation.rebuild("36.01", YEAR)
    before = {row.patient_id: row for row in CoverageSubject.objects.filter(year=YEAR)}

    record(kid, date(YEAR, 4, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8.3"))
    aggregation.refresh()

    after = {row.patient_id: row for row in CoverageSubject.objects.filter(year=YEAR)}
    assert after[kid.pk].id == before[kid.pk].id
    assert after[kid.pk].months != before[kid.pk].months and after[kid.pk].digest != before[kid.pk].digest
    assert (after[other.pk].id, after[other.pk].months) == (before[other.pk].id, before[other.pk].months)


def test_the_state_a_refresh_writes_is_the_state_a_rebuild_keeps(record, network):
    kid, newcomer = child(network), child(network)
    record(kid, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    aggregation.rebuild("36.01", YEAR)
    record(kid, date(YEAR, 5, 6), "balita", ["WEIGHING", "VIT_A"], weight_kg=Decimal("8.5"))
    record(newcomer, date(YEAR, 5, 7), "balita", ["WEIGHING"], weight_kg=Decimal("7"))  # no state row yet

    aggregation.refresh()
    refreshed = state()
    aggregation.rebuild("36.01", YEAR)

    assert state() == refreshed  # same rows, same ids: the rebuild found nothing to rewrite
    assert {row[2] for row in refreshed} >= {kid.pk, newcomer.pk}


def test_rows_of_the_same_subject_are_paired_before_and_after():
    old = np.array([[2026, 5, 0], [2026, 7, 0], [2026, 7, 3]])
    new = np.array([[2026, 7, 3], [2026, 9, 0], [2026, 5, 0]])

    kept, taken = aggregation._same_rows(old, new)

    assert sorted(zip(kept.tolist(), taken.tolist(), strict=True)) == [(0, 2), (2, 0)]
    assert [len(a) for a in aggregation._same_rows(old[:0], new)] == [0, 0]
