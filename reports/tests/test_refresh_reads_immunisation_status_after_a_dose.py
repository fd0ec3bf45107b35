"""A refresh reads a child's immunisation status only when it may have
changed: a dose was added, or months are read again (corrections, merges, a
series completed by a late dose). A day of weighing reads no status, and the
children it weighs stay counted as immunised where they were."""

from datetime import date, timedelta
from decimal import Decimal

from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine
from reports.tests.refresh_helpers import YEAR, assert_a_rebuild_changes_nothing, count, refresh_counting_statements

BIRTH = date(2025, 3, 1)
COMPLETED = BIRTH + timedelta(days=315)  # 2026-01-10, the MR1 dose
WITHOUT_MR1 = [("IMM_HB0", 0), ("IMM_BCG", 0), ("IMM_OPV1", 0), ("IMM_DPT1", 65), ("IMM_OPV2", 65),
               ("IMM_DPT2", 96), ("IMM_OPV3", 96), ("IMM_DPT3", 126), ("IMM_OPV4", 126), ("IMM_IPV1", 126)]


def infant(network, record, doses):
    kid = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"]), sex="P",
                         birth_date=BIRTH)
    for code, age in doses:
        record(kid, BIRTH + timedelta(days=age), "balita", [code])
    return kid


def test_a_weighing_reads_no_status_and_the_child_stays_immunised(record, network):
    kid = infant(network, record, [*WITHOUT_MR1, ("IMM_MR1", 315)])
    engine.rebuild("36.01")
    assert count("IDL", 1) == 1
    record(kid, date(YEAR, 4, 6), "balita", ["WEIGHING"], weight_kg=Decimal("9"))

    weighed, weighing_statements = refresh_counting_statements()

    assert weighed["people"] == 1
    assert count("IDL", 1) == 1
    assert count("D", 4) == 1
    assert_a_rebuild_changes_nothing()
    # The same weighing a month later with a dose reads the status besides.
    record(kid, date(YEAR, 5, 6), "balita", ["WEIGHING", "IMM_PCV3"], weight_kg=Decimal("9"))
    dosed, dose_statements = refresh_counting_statements()
    assert dosed["people"] == 1 and dose_statements > weighing_statements
    assert count("IDL", 1) == 1
    assert_a_rebuild_changes_nothing()


def test_the_dose_that_completes_the_series_is_counted(record, network):
    kid = infant(network, record, WITHOUT_MR1)
    record(kid, date(YEAR, 1, 5), "balita", ["WEIGHING"], weight_kg=Decimal("8.5"))
    engine.rebuild("36.01")
    assert count("IDL", 1) == 0
    record(kid, COMPLETED, "balita", ["IMM_MR1"])

    assert engine.refresh()["people"] == 1

    assert count("IDL", 1) == 1
    assert_a_rebuild_changes_nothing()


def test_a_late_dose_completing_the_series_in_another_year_is_counted_there(record, network):
    kid = infant(network, record, [d for d in WITHOUT_MR1 if d[0] != "IMM_OPV4"] + [("IMM_MR1", 315)])
    for day in (date(2025, 6, 5), date(YEAR, 1, 5)):  # both years built
        record(kid, day, "balita", ["WEIGHING"], weight_kg=Decimal("8.5"))
    engine.rebuild("36.01")
    assert count("IDL", 1) == 0

    record(kid, date(2025, 8, 5), "balita", ["IMM_OPV4"])
    assert engine.refresh()["people"] == 2  # one person in each year

    assert count("IDL", 1) == 1
    assert_a_rebuild_changes_nothing()
