"""Stunting, wasting, underweight and BGM count a child by their latest
measurement of the month (the latest visit day with the value): a child at
−2.01 SD on the 7th and −1.98 SD on the 19th is not stunted that month, one
normal on the 7th and stunted on the 19th is. Whatever order the visits are
recorded in, and whether a refresh adds them to a stored month or a rebuild
reads the month whole."""

from datetime import date
from decimal import Decimal

import pytest

from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine
from reports.tests.refresh_helpers import YEAR, counted_everywhere, numerators

MARCH = date(YEAR, 3, 1)
EARLY, LATE = date(YEAR, 3, 7), date(YEAR, 3, 19)
W = Decimal

# (indicator, its denominator, measurements in its class, measurements not)
# for a boy of 24 months.
CASES = [
    ("STUNTING", "MEASURED_HAZ", {"weight_kg": W("11"), "length_cm": W("81.8")},  # -2.01 SD on the 7th
     {"weight_kg": W("11"), "length_cm": W("82.2")}),  # -1.98 SD on the 19th
    ("UNDERWEIGHT", "MEASURED_WAZ", {"weight_kg": W("9.6"), "length_cm": W("87")},
     {"weight_kg": W("10"), "length_cm": W("87")}),
    ("WASTING", "MEASURED_WHZ", {"weight_kg": W("10"), "length_cm": W("87")},
     {"weight_kg": W("10.4"), "length_cm": W("87")}),
    ("BGM", "D", {"weight_kg": W("8"), "length_cm": W("87")}, {"weight_kg": W("9.6"), "length_cm": W("87")}),
]


def boy(network, posyandu):
    return PatientFactory(household=HouseholdFactory(posyandu=network["36.01"][posyandu]), sex="L",
                          birth_date=date(2024, 3, 1))


def measured(record, kid, day, values):
    return record(kid, day, "balita", ["WEIGHING"], measured_lying=True, **values)


@pytest.mark.parametrize(("code", "denominator", "inside", "outside"), CASES, ids=[case[0] for case in CASES])
def test_a_child_counts_by_their_latest_measurement_of_the_month(record, network, code, denominator, inside,
                                                                  outside):
    engine.rebuild("36.01", YEAR)
    recovered = boy(network, "posyandu_pustu")  # in the class early in the month, not at its end
    faltered = boy(network, "posyandu_pkm")  # the other way round
    measured(record, recovered, EARLY, inside)
    measured(record, faltered, EARLY, outside)
    engine.refresh()  # the refresh below adds the later visits to these stored months
    measured(record, recovered, LATE, outside)
    measured(record, faltered, LATE, inside)

    pustu, pkm = network["36.01"]["posyandu_pustu"].pk, network["36.01"]["posyandu_pkm"].pk
    assert counted_everywhere(code) == {(pkm, MARCH): 1}
    assert numerators(denominator) == {(pustu, MARCH): 1, (pkm, MARCH): 1}


def test_a_measurement_recorded_late_for_an_earlier_day_does_not_replace_the_latest(record, network):
    engine.rebuild("36.01", YEAR)
    kid = boy(network, "posyandu_b")
    measured(record, kid, LATE, {"weight_kg": W("11"), "length_cm": W("82.2")})  # not stunted on the 19th
    engine.refresh()
    measured(record, kid, EARLY, {"weight_kg": W("11"), "length_cm": W("81.8")})  # stunted on the 7th

    assert counted_everywhere("STUNTING") == {}
    assert counted_everywhere("MEASURED_HAZ") == {(network["36.01"]["posyandu_b"].pk, MARCH): 1}


def test_a_child_is_judged_by_the_latest_visit_with_the_value_not_the_latest_visit(record, network):
    engine.rebuild("36.01", YEAR)
    kid = boy(network, "posyandu_b")
    measured(record, kid, EARLY, {"weight_kg": W("11"), "length_cm": W("81.8")})  # stunted on the 7th
    record(kid, LATE, "balita", ["WEIGHING"], weight_kg=W("11"))  # weighed only on the 19th

    assert counted_everywhere("STUNTING") == {(network["36.01"]["posyandu_b"].pk, MARCH): 1}
