from datetime import date

from followup.rules import Person, due_items


def test_a_person_who_moved_away_or_died_is_due_nothing():
    assert due_items(Person(1, date(2026, 1, 1), "L"))
    assert due_items(Person(1, date(2026, 1, 1), "L", left=True)) == []


def test_skipping_what_has_ended_changes_nothing_from_that_day_on():
    from datetime import timedelta

    from followup.rules import PregnancyFact, VisitFact

    people = [
        Person(1, date(1950, 3, 3), "P", [VisitFact(date(2026, 5, 1), frozenset({"HT_CARE"}))]),
        Person(2, date(1990, 2, 28), "P", [], [PregnancyFact(9, date(2027, 3, 1))]),
        Person(3, date(2010, 8, 1), "L"),
        Person(4, date(2021, 12, 5), "L", [VisitFact(date(2026, 10, 2), frozenset({"VIT_A"}), weighed=True)]),
    ]
    for since in (date(2026, 12, 4), date(2027, 1, 1), date(2031, 12, 6), date(2060, 1, 1)):
        for person in people:
            def alive(items, on=since):
                return {d for d in items if d.ends_on is None or d.ends_on > on}

            assert alive(due_items(person, since=since)) == alive(due_items(person))
            later = since + timedelta(days=400)
            assert alive(due_items(person, since=later), later) == alive(due_items(person), later)
