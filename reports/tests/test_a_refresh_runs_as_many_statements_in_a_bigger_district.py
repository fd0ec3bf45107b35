"""What a refresh costs follows the change, not the district: one child's
weighing takes as many statements in a district of a few people as in one
with many more people and visits, and gives the facts a rebuild gives."""

from datetime import date
from decimal import Decimal

from reports import engine
from reports.tests.refresh_helpers import (
    YEAR,
    assert_a_rebuild_changes_nothing,
    child,
    count,
    refresh_counting_statements,
)


def weigh(record, kid, month):
    record(kid, date(YEAR, month, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8") + month / Decimal(10))


def test_one_weighing_takes_as_many_statements_however_many_people_live_there(record, network):
    kid = child(network)
    weigh(record, kid, 3)
    engine.rebuild("36.01", YEAR)
    weigh(record, kid, 4)
    small, in_a_small_district = refresh_counting_statements()

    for _ in range(15):
        neighbour = child(network)
        for month in (2, 3, 4, 5):
            weigh(record, neighbour, month)
    engine.rebuild("36.01", YEAR)
    weigh(record, kid, 6)
    big, in_a_bigger_district = refresh_counting_statements()

    assert small["people"] == big["people"] == 1
    assert in_a_bigger_district == in_a_small_district
    assert count("D", 6) == 1 and count("D", 4) == 16
    assert_a_rebuild_changes_nothing()
