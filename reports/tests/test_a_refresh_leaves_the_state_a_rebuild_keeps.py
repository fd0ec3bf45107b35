"""A refresh rewrites the stored state of the people it re-evaluates, and
only theirs: the rows then say what a rebuild says, so a rebuild after it
finds nothing to rewrite."""

from datetime import date
from decimal import Decimal

from reports import engine
from reports.models import CoverageSubject
from reports.tests.refresh_helpers import YEAR, child


def state():
    return sorted(CoverageSubject.objects.values_list("id", "year", "patient_id", "pregnancy_id", "posyandu_id",
                                                      "months", "digest"))


def test_a_refresh_rewrites_the_state_of_the_people_it_names_only(record, network):
    kid, other = child(network), child(network)
    for person in (kid, other):
        record(person, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    engine.rebuild("36.01", YEAR)
    before = {row.patient_id: row for row in CoverageSubject.objects.filter(year=YEAR)}

    record(kid, date(YEAR, 4, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8.3"))
    engine.refresh()

    after = {row.patient_id: row for row in CoverageSubject.objects.filter(year=YEAR)}
    assert after[kid.pk].months != before[kid.pk].months and after[kid.pk].digest != before[kid.pk].digest
    assert (after[other.pk].id, after[other.pk].months) == (before[other.pk].id, before[other.pk].months)


def test_the_state_a_refresh_writes_is_the_state_a_rebuild_keeps(record, network):
    kid, newcomer = child(network), child(network)
    record(kid, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    engine.rebuild("36.01", YEAR)
    record(kid, date(YEAR, 5, 6), "balita", ["WEIGHING", "VIT_A"], weight_kg=Decimal("8.5"))
    record(newcomer, date(YEAR, 5, 7), "balita", ["WEIGHING"], weight_kg=Decimal("7"))  # no state row yet

    engine.refresh()
    refreshed = state()
    engine.rebuild("36.01", YEAR)

    assert state() == refreshed  # same rows, same ids: the rebuild found nothing to rewrite
    assert {row[2] for row in refreshed} >= {kid.pk, newcomer.pk}
