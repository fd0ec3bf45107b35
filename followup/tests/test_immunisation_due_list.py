from datetime import date, timedelta

from followup.rules import immunisation
from followup.tests.rules_helpers import child, listed

BORN = date(2026, 1, 10)


def day(n: int) -> date:
    return BORN + timedelta(days=n)


def test_a_newborn_is_due_hb0_bcg_and_polio_from_birth():
    shown = listed(child(BORN), BORN)
    assert {"IMM_HB0", "IMM_BCG", "IMM_OPV1"} <= shown.keys()
    assert "IMM_DPT1" not in shown


def test_hb0_is_no_longer_asked_for_after_the_first_week():
    assert "IMM_HB0" in listed(child(BORN), day(7))
    assert "IMM_HB0" not in listed(child(BORN), day(8))


def test_dpt1_is_listed_in_the_month_it_falls_due_and_overdue_a_month_later():
    person = child(BORN, (BORN, "IMM_HB0 IMM_BCG IMM_OPV1"))
    assert "IMM_DPT1" not in listed(person, date(2026, 2, 28))
    assert listed(person, date(2026, 3, 1))["IMM_DPT1"] == "due"  # due on day 61 = 12 March
    assert listed(person, date(2026, 4, 11))["IMM_DPT1"] == "due"
    assert listed(person, date(2026, 4, 12))["IMM_DPT1"] == "overdue"


def test_the_next_dose_waits_at_least_a_month_after_the_previous_one():
    late_first = day(100)
    person = child(BORN, (BORN, "IMM_HB0 IMM_BCG IMM_OPV1"), (late_first, "IMM_DPT1"))
    shown_day_before = listed(person, late_first + timedelta(days=27))
    assert shown_day_before.get("IMM_DPT2") != "overdue"
    items = {d.item: d for d in immunisation(person)}
    assert items["IMM_DPT2"].due_on == late_first + timedelta(days=28)


def test_only_the_next_dose_of_a_series_is_listed():
    person = child(BORN, (BORN, "IMM_HB0 IMM_BCG IMM_OPV1"), (day(61), "IMM_DPT1"))
    shown = listed(person, day(200))
    assert "IMM_DPT2" in shown and "IMM_DPT3" not in shown


def test_a_missed_second_dose_is_a_drop_out_that_stays_overdue():
    person = child(BORN, (BORN, "IMM_HB0 IMM_BCG IMM_OPV1"), (day(61), "IMM_DPT1"))
    assert listed(person, day(300))["IMM_DPT2"] == "overdue"


def test_a_child_who_turns_five_leaves_the_immunisation_list():
    person = child(BORN, (BORN, "IMM_HB0 IMM_BCG IMM_OPV1"))
    assert "IMM_DPT1" in listed(person, date(2030, 12, 1))
    assert "IMM_DPT1" not in listed(person, BORN + timedelta(days=5 * 365 + 1))
