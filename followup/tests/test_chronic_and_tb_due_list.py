from datetime import date

from followup.rules import Person, VisitFact
from followup.tests.rules_helpers import listed


def person(*visits: tuple[date, str], tb_in_household: tuple[date, ...] = ()) -> Person:
    return Person(9, date(1970, 1, 1), "P", [VisitFact(d, frozenset(c.split())) for d, c in visits],
                  household_tb_starts=list(tb_in_household))


def test_a_hypertension_patient_seen_last_month_is_due_this_month():
    assert listed(person((date(2026, 11, 12), "HT_CARE")), date(2026, 12, 4))["HT_CARE"] == "due"


def test_a_hypertension_patient_who_missed_a_month_is_overdue():
    assert listed(person((date(2026, 10, 12), "HT_CARE")), date(2026, 12, 1))["HT_CARE"] == "overdue"


def test_diabetes_control_is_followed_apart_from_hypertension():
    shown = listed(person((date(2026, 12, 1), "HT_CARE"), (date(2026, 9, 1), "DM_CARE")), date(2026, 12, 4))
    assert "HT_CARE" not in shown and shown["DM_CARE"] == "overdue"


def test_people_never_served_for_hypertension_are_not_on_the_control_list():
    assert "HT_CARE" not in listed(person(), date(2026, 12, 4))


def test_a_tb_patient_who_missed_a_monthly_visit_is_overdue_until_treatment_ends():
    patient = person((date(2026, 8, 3), "TB_TREATMENT"))
    assert listed(patient, date(2026, 10, 1))["TB_TREATMENT"] == "overdue"
    assert "TB_TREATMENT" not in listed(patient, date(2027, 2, 3))


def test_household_contacts_of_a_new_case_are_due_a_symptom_screen():
    contact = person(tb_in_household=(date(2026, 11, 25),))
    assert listed(contact, date(2026, 12, 4))["TB_SCREENING"] == "due"
    assert listed(contact, date(2026, 12, 9))["TB_SCREENING"] == "overdue"
    screened = person((date(2026, 12, 1), "TB_SCREENING"), tb_in_household=(date(2026, 11, 25),))
    assert "TB_SCREENING" not in listed(screened, date(2026, 12, 4))
