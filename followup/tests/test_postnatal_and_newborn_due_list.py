from datetime import date, timedelta

from followup.rules import PregnancyFact
from followup.tests.rules_helpers import child, listed, woman

DELIVERED = date(2026, 11, 20)


def mother(*codes):
    return woman(date(1996, 4, 4), PregnancyFact(3, DELIVERED, None, "delivered", DELIVERED), codes=codes)


def test_kf1_is_overdue_from_the_third_day_after_delivery():
    assert listed(mother(), DELIVERED + timedelta(days=2))["KF1"] == "due"
    assert listed(mother(), DELIVERED + timedelta(days=3))["KF1"] == "overdue"


def test_kf4_window_is_day_29_to_42():
    shown = listed(mother(), DELIVERED + timedelta(days=28))
    assert shown["KF4"] == "due"  # due this month already, from day 29
    assert listed(mother(), DELIVERED + timedelta(days=42))["KF4"] == "due"
    assert listed(mother(), DELIVERED + timedelta(days=43))["KF4"] == "overdue"


def test_a_kf2_given_leaves_the_list():
    shown = listed(mother((DELIVERED + timedelta(days=4), "KF1 KF2")), DELIVERED + timedelta(days=5))
    assert "KF1" not in shown and "KF2" not in shown and "KF3" in shown


def test_postpartum_visits_are_not_asked_for_long_after_delivery():
    assert not {k for k in listed(mother(), DELIVERED + timedelta(days=60)) if k.startswith("KF")}


def test_kn_windows_follow_the_birth_day():
    baby = child(DELIVERED)
    assert listed(baby, DELIVERED + timedelta(days=2))["KN1"] == "due"
    assert listed(baby, DELIVERED + timedelta(days=3))["KN1"] == "overdue"
    assert listed(baby, DELIVERED + timedelta(days=7))["KN2"] == "due"
    assert listed(baby, DELIVERED + timedelta(days=8))["KN2"] == "overdue"
    assert listed(baby, DELIVERED + timedelta(days=29))["KN3"] == "overdue"
    assert "KN3" not in listed(baby, DELIVERED + timedelta(days=40))
