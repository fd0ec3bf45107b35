from datetime import date

from followup.rules import Person, VisitFact
from followup.tests.rules_helpers import listed


def person(born: date, *visits: tuple[date, str]) -> Person:
    return Person(5, born, "L", [VisitFact(d, frozenset(c.split())) for d, c in visits])


def test_someone_turning_fifteen_becomes_due_for_ptm_screening():
    born = date(2011, 12, 20)
    assert "PTM_SCREENING" not in listed(person(born), date(2026, 11, 30))
    assert listed(person(born), date(2026, 12, 4))["PTM_SCREENING"] == "due"


def test_ptm_screening_this_year_is_next_due_in_january():
    someone = person(date(1980, 5, 5), (date(2026, 3, 10), "PTM_SCREENING"))
    assert "PTM_SCREENING" not in listed(someone, date(2026, 12, 4))
    assert listed(someone, date(2027, 1, 2))["PTM_SCREENING"] == "due"
    assert listed(someone, date(2027, 3, 10))["PTM_SCREENING"] == "overdue"


def test_an_adult_never_screened_is_overdue():
    assert listed(person(date(1980, 5, 5)), date(2026, 12, 4))["PTM_SCREENING"] == "overdue"


def test_at_sixty_ptm_screening_gives_way_to_the_elderly_screening():
    someone = person(date(1966, 12, 10), (date(2026, 2, 1), "PTM_SCREENING"))
    assert "PTM_SCREENING" not in listed(someone, date(2026, 12, 10))
    assert listed(someone, date(2026, 12, 10))["LANSIA_SCREENING"] == "due"


def test_school_screening_is_due_in_the_school_year_a_child_turns_seven():
    child = person(date(2019, 9, 1))
    assert listed(child, date(2026, 7, 1))["SCHOOL_SCREENING"] == "due"
    assert listed(child, date(2026, 10, 1))["SCHOOL_SCREENING"] == "overdue"
    assert "SCHOOL_SCREENING" not in listed(person(date(2019, 9, 1), (date(2026, 8, 3), "SCHOOL_SCREENING")),
                                            date(2026, 10, 1))
    assert "SCHOOL_SCREENING" not in listed(child, date(2027, 7, 1))
