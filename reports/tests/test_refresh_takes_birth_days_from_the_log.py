"""A refresh places an added visit by the birth day its log row carries,
without reading the person's row; people the log names otherwise (months to
read again, or whose added visit is gone) are read as before."""

from datetime import date
from decimal import Decimal

from clusters.models import CoverageChange
from reports import aggregation
from reports.tests.refresh_helpers import (
    YEAR,
    assert_a_rebuild_changes_nothing,
    child,
    count,
    reads_of,
    weighed_twice,
)


def patient_reads(monkeypatch):
    return reads_of(monkeypatch, "patients_patient")


def test_added_visits_are_placed_without_reading_their_people(record, network, monkeypatch):
    weighed_twice(record, network)
    reads = patient_reads(monkeypatch)

    assert aggregation.refresh()["people"] == 3

    assert reads == []
    assert count("D", 4) == 3
    assert_a_rebuild_changes_nothing()


def test_a_person_logged_without_a_birth_day_is_read(record, network, monkeypatch):
    kid = child(network)
    record(kid, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    aggregation.rebuild("36.01", YEAR)
    record(kid, date(YEAR, 4, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8.3"))
    CoverageChange.objects.update(born=None)  # logged before the log carried birth days
    reads = patient_reads(monkeypatch)

    aggregation.refresh()

    assert len(reads) == 1
    assert count("D", 4) == 1
    assert_a_rebuild_changes_nothing()
