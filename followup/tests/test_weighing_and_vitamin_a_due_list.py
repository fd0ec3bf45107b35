from datetime import date

from followup.tests.rules_helpers import child, listed

BORN = date(2025, 3, 15)


def test_a_child_weighed_this_month_is_not_listed_for_weighing():
    assert "WEIGHING" not in listed(child(BORN, weighed=(date(2026, 12, 2),)), date(2026, 12, 20))


def test_a_child_weighed_last_month_but_not_this_month_is_due():
    assert listed(child(BORN, weighed=(date(2026, 11, 28),)), date(2026, 12, 4))["WEIGHING"] == "due"


def test_a_child_weighed_neither_this_month_nor_last_is_overdue():
    assert listed(child(BORN, weighed=(date(2026, 10, 31),)), date(2026, 12, 1))["WEIGHING"] == "overdue"


def test_a_weighing_takes_the_child_off_the_overdue_list():
    before = child(BORN, weighed=(date(2026, 9, 5),))
    after = child(BORN, weighed=(date(2026, 9, 5), date(2026, 12, 4)))
    assert listed(before, date(2026, 12, 4))["WEIGHING"] == "overdue"
    assert "WEIGHING" not in listed(after, date(2026, 12, 4))


def test_weighing_stops_when_the_child_turns_five():
    person = child(date(2021, 12, 10), weighed=(date(2026, 10, 1),))
    assert listed(person, date(2026, 12, 9))["WEIGHING"] == "overdue"
    assert "WEIGHING" not in listed(person, date(2026, 12, 10))


def test_vitamin_a_is_due_in_february_and_august_from_six_months():
    person = child(date(2026, 1, 20))  # six months old in July
    assert "VIT_A" not in listed(person, date(2026, 7, 31))
    assert listed(person, date(2026, 8, 1))["VIT_A"] == "due"
    assert listed(person, date(2026, 9, 1))["VIT_A"] == "overdue"


def test_vitamin_a_given_in_august_is_next_due_in_february():
    person = child(BORN, (date(2026, 8, 12), "VIT_A"))
    assert "VIT_A" not in listed(person, date(2026, 12, 4))
    assert listed(person, date(2027, 2, 1))["VIT_A"] == "due"


def test_a_child_under_six_months_is_not_due_vitamin_a_in_august():
    assert "VIT_A" not in listed(child(date(2026, 3, 1)), date(2026, 8, 15))  # five months old
