"""Balita is 0–59 completed months (shared/domain/ILP.md section 2): ages
count in calendar months, so a child weighed on their 5th birthday is no
longer an under-five, and one born on 29 February turns five on 28 February."""

from datetime import date
from decimal import Decimal

from clusters.models import Service
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine
from reports.tests.refresh_helpers import YEAR, counted_everywhere


def child(network, posyandu, born):
    household = HouseholdFactory(posyandu=network["36.01"][posyandu])
    return PatientFactory(household=household, sex="L", birth_date=born)


def weighed(record, kid, day):
    return record(kid, day, "balita", (), weight_kg=Decimal("17.5"), length_cm=Decimal("108"))


def test_a_child_weighed_on_their_fifth_birthday_is_not_a_balita(record, network):
    engine.rebuild("36.01", YEAR)
    fifth_birthday = child(network, "posyandu_pustu", date(2021, 3, 10))
    fifth_birthday_tomorrow = child(network, "posyandu_pkm", date(2021, 3, 11))
    for kid in (fifth_birthday, fifth_birthday_tomorrow):
        weighed(record, kid, date(YEAR, 3, 10))

    assert counted_everywhere("D") == {(network["36.01"]["posyandu_pkm"].pk, date(YEAR, 3, 1)): 1}


def test_a_child_born_on_29_february_is_five_on_28_february(record, network):
    engine.rebuild("36.01", 2025)
    five = child(network, "posyandu_pustu", date(2020, 2, 29))
    four = child(network, "posyandu_pkm", date(2020, 2, 29))
    weighed(record, five, date(2025, 2, 28))
    weighed(record, four, date(2025, 2, 27))

    assert counted_everywhere("D", year=2025) == {(network["36.01"]["posyandu_pkm"].pk, date(2025, 2, 1)): 1}


def test_vitamin_a_counts_from_six_calendar_months_not_from_182_days(record, network):
    Service.objects.filter(code="VIT_A").update(min_age_months=None, max_age_months=None)
    engine.rebuild("36.01", YEAR)
    # Born on 31 August: six months old on 28 February (181 days), as
    # February has no 31st; the day before, five months.
    six = child(network, "posyandu_pustu", date(2025, 8, 31))
    five = child(network, "posyandu_pkm", date(2025, 8, 31))
    record(six, date(YEAR, 2, 28), "balita", ["VIT_A"])
    record(five, date(YEAR, 2, 27), "balita", ["VIT_A"])
    # On the 5th birthday, no longer.
    record(child(network, "posyandu_b", date(2021, 2, 20)), date(YEAR, 2, 20), "balita", ["VIT_A"])

    assert counted_everywhere("VIT_A") == {(network["36.01"]["posyandu_pustu"].pk, date(YEAR, 2, 1)): 1}
