"""A refresh reads the facts at the Posyandu the change log places people at;
a person who moved takes their counts from the Posyandu their stored state
names, whose facts it reads as well."""

from datetime import date
from decimal import Decimal

from reports import engine
from reports.models import CoverageFact
from reports.tests.refresh_helpers import YEAR, assert_a_rebuild_changes_nothing, child


def weighed_at(posyandu):
    return dict(CoverageFact.objects.filter(indicator="D", posyandu=posyandu).values_list("month__month",
                                                                                          "numerator"))


def test_a_child_who_moved_and_is_weighed_again_is_counted_at_the_new_posyandu_only(record, network):
    old, new = network["36.01"]["posyandu_pustu"], network["36.01"]["posyandu_b"]
    kid, stays = child(network), child(network)
    for person in (kid, stays):
        record(person, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    engine.rebuild("36.01", YEAR)
    assert weighed_at(old) == {3: 2}
    kid.household.posyandu = new
    kid.household.save()

    record(kid, date(YEAR, 4, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8.4"))
    engine.refresh()

    assert weighed_at(old) == {3: 1}
    assert weighed_at(new) == {3: 1, 4: 1}
    assert_a_rebuild_changes_nothing()
