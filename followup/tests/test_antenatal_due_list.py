from datetime import date, timedelta

from followup.rules import PregnancyFact
from followup.tests.rules_helpers import listed, woman

LMP = date(2026, 6, 1)
HPL = LMP + timedelta(days=280)


def week(n: int, days: int = 0) -> date:
    return LMP + timedelta(weeks=n, days=days)


def pregnant(*anc: date, status="ongoing", ended_on=None):
    return woman(date(1995, 1, 1), PregnancyFact(7, HPL, LMP, status, ended_on), anc=anc)


def test_k1_is_due_in_trimester_one_and_overdue_from_week_eight():
    assert listed(pregnant(), week(7, 6))["K1"] == "due"
    assert listed(pregnant(), week(8))["K1"] == "overdue"


def test_k1_is_no_longer_asked_for_once_trimester_one_is_over():
    assert "K1" not in listed(pregnant(), week(13))
    assert listed(pregnant(), week(13))["K2"] == "due"


def test_a_k1_in_trimester_one_leaves_k2_due_from_week_thirteen():
    person = pregnant(week(5))
    assert "K1" not in listed(person, week(6)) and "K2" not in listed(person, week(6))  # July
    assert listed(person, week(10))["K2"] == "due"  # week 13 falls in this month (August)
    assert listed(person, week(17))["K2"] == "overdue"


def test_the_second_contact_of_trimester_two_is_due_two_weeks_after_the_first():
    person = pregnant(week(9), week(14))
    assert listed(person, week(16))["K3"] == "due"
    assert listed(person, week(19, 6))["K3"] == "due"
    assert listed(person, week(20))["K3"] == "overdue"


def test_trimester_three_asks_for_k4_to_k6():
    person = pregnant(week(9), week(14), week(18))
    assert listed(person, week(25))["K4"] == "due"
    person = pregnant(week(9), week(14), week(18), week(26), week(30))
    assert listed(person, week(32))["K6"] == "due"


def test_a_delivered_pregnancy_is_asked_for_no_more_antenatal_contacts():
    person = pregnant(week(9), status="delivered", ended_on=week(38))
    assert {k for k in listed(person, week(39)) if k.startswith("K")} == {"KF1", "KF2", "KF3", "KF4"}


def test_a_pregnancy_that_ended_is_asked_for_nothing():
    person = pregnant(week(9), status="ended", ended_on=week(11))
    assert {k for k in listed(person, week(14)) if k.startswith("K")} == set()
