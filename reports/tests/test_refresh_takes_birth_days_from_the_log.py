"""A refresh places an added visit by the birth day its log row carries,
without reading the person's row; people the log names otherwise (months to
read again, or whose added visit is gone) are read as before."""

from datetime import date
from decimal import Decimal

from clusters.models import CoverageChange
from reports import engine
from reports.tests.refresh_helpers import (
    YEAR,
    assert_a_rebuild_changes_nothing,
    child,
    count,
    refresh_counting_statements,
    weighed_twice,
)


def test_added_visits_are_placed_without_reading_their_people(record, network):
    kids = weighed_twice(record, network)

    with_birth_days, fewer = refresh_counting_statements()

    assert with_birth_days["people"] == 3
    assert count("D", 4) == 3
    assert_a_rebuild_changes_nothing()
    # The same visits a month later, logged without birth days, are placed
    # by reading their people: one statement more.
    for kid in kids:
        record(kid, date(YEAR, 5, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8.6"))
    CoverageChange.objects.update(born=None)  # logged before the log carried birth days
    without, more = refresh_counting_statements()
    assert without["people"] == 3 and more > fewer
    assert count("D", 5) == 3
    assert_a_rebuild_changes_nothing()


def test_a_person_logged_without_a_birth_day_is_counted(record, network):
    kid = child(network)
    record(kid, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    engine.rebuild("36.01", YEAR)
    record(kid, date(YEAR, 4, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8.3"))
    CoverageChange.objects.update(born=None)

    engine.refresh()

    assert count("D", 4) == 1
    assert_a_rebuild_changes_nothing()
