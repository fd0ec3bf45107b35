from datetime import date

from followup.rules import Person, due_items


def test_a_person_who_moved_away_or_died_is_due_nothing():
    assert due_items(Person(1, date(2026, 1, 1), "L"))
    assert due_items(Person(1, date(2026, 1, 1), "L", left=True)) == []
