"""KF and KN lengkap count a mother or a newborn in the month of the last of
their visits, also when the first fell in the previous year: a baby born on
28 December has KN1 and KN2 in December and KN3 in January."""

from datetime import date

from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine
from reports.tests.refresh_helpers import YEAR, counted_everywhere

LAST_YEAR = YEAR - 1


def test_visits_begun_in_december_complete_in_january(record, network):
    for year in (LAST_YEAR, YEAR):
        engine.rebuild("36.01", year)
    household = HouseholdFactory(posyandu=network["36.01"]["posyandu_pkm"])
    mother = PatientFactory(household=household, sex="P", birth_date=date(1995, 6, 1))
    baby = PatientFactory(household=household, sex="L", birth_date=date(LAST_YEAR, 12, 28))
    for code, day in (("KF1", date(LAST_YEAR, 12, 28)), ("KF2", date(LAST_YEAR, 12, 31)),
                      ("KF3", date(YEAR, 1, 10)), ("KF4", date(YEAR, 2, 2))):
        record(mother, day, "delivery", [code])
    for code, day in (("KN1", date(LAST_YEAR, 12, 29)), ("KN2", date(LAST_YEAR, 12, 31)),
                      ("KN3", date(YEAR, 1, 10))):
        record(baby, day, "balita", [code])

    home = network["36.01"]["posyandu_pkm"].pk
    assert counted_everywhere("KF_LENGKAP", year=LAST_YEAR) == {}
    assert counted_everywhere("KF_LENGKAP") == {(home, date(YEAR, 2, 1)): 1}
    assert counted_everywhere("KN_LENGKAP", year=LAST_YEAR) == {}
    assert counted_everywhere("KN_LENGKAP") == {(home, date(YEAR, 1, 1)): 1}
    assert counted_everywhere("KN1", year=LAST_YEAR) == {(home, date(LAST_YEAR, 12, 1)): 1}


def test_visits_all_given_last_year_are_not_counted_again(record, network):
    for year in (LAST_YEAR, YEAR):
        engine.rebuild("36.01", year)
    mother = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"]["posyandu_pkm"]), sex="P",
                            birth_date=date(1995, 6, 1))
    for code, day in (("KF1", date(LAST_YEAR, 11, 2)), ("KF2", date(LAST_YEAR, 11, 6)),
                      ("KF3", date(LAST_YEAR, 11, 20)), ("KF4", date(LAST_YEAR, 12, 10))):
        record(mother, day, "delivery", [code])
    record(mother, date(YEAR, 1, 5), "delivery", ["KF4"])  # recorded twice

    home = network["36.01"]["posyandu_pkm"].pk
    assert counted_everywhere("KF_LENGKAP", year=LAST_YEAR) == {(home, date(LAST_YEAR, 12, 1)): 1}
    assert counted_everywhere("KF_LENGKAP") == {}
