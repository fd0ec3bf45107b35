"""A refresh re-reads only the months the change log names; the other months
of the people it names come from their stored person-months."""

from datetime import date
from decimal import Decimal

from clusters.models import Measurement
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine
from reports.models import CoverageFact, CoverageYear
from reports.tests.refresh_helpers import YEAR, assert_a_rebuild_changes_nothing, built_version, child, count


def test_a_refresh_reads_again_only_the_months_the_log_names(record, network):
    kid = child(network)
    march = record(kid, date(YEAR, 3, 5), "balita", ["WEIGHING"], weight_kg=Decimal("9"))
    engine.rebuild("36.01", YEAR)
    assert count("D", 3) == 1
    # Changed behind the log's back: only a rebuild can see it.
    Measurement.objects.filter(visit=march).delete()
    record(kid, date(YEAR, 4, 5), "balita", ["WEIGHING"], weight_kg=Decimal("9.3"))
    engine.refresh()
    assert (count("D", 3), count("D", 4)) == (1, 1)
    engine.rebuild("36.01", YEAR)
    assert (count("D", 3), count("D", 4)) == (0, 1)


def test_the_eighth_weighing_recorded_after_a_rebuild_counts_in_its_month(record, network):
    kid = child(network)
    for month in range(1, 8):
        record(kid, date(YEAR, month, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8") + Decimal(month) / 10)
    engine.rebuild("36.01", YEAR)
    assert not CoverageFact.objects.filter(indicator="SPM_BALITA").exists()
    record(kid, date(YEAR, 9, 6), "balita", ["WEIGHING"], weight_kg=Decimal("9"))
    engine.refresh()
    assert count("SPM_BALITA", 9) == 1
    assert_a_rebuild_changes_nothing()


def test_progress_towards_an_all_of_indicator_is_kept_between_refreshes(record, network):
    mother = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"]["posyandu_b"]), sex="P",
                            birth_date=date(1994, 2, 2))
    for code in ("KF1", "KF2", "KF3"):
        record(mother, date(YEAR, 5, 2), "delivery", [code])
    engine.rebuild("36.01", YEAR)
    record(mother, date(YEAR, 6, 20), "delivery", ["KF4"])
    engine.refresh()
    assert count("KF_LENGKAP", 6) == 1
    assert_a_rebuild_changes_nothing()


def test_a_district_year_built_with_another_registry_is_rebuilt_by_the_next_refresh(record, network):
    kid = child(network)
    record(kid, date(YEAR, 2, 5), "balita", ["WEIGHING"], weight_kg=Decimal("9"))
    engine.rebuild("36.01", YEAR)
    version = built_version()
    CoverageYear.objects.update(state=version + 1)
    other = child(network)
    record(other, date(YEAR, 2, 7), "balita", ["WEIGHING"], weight_kg=Decimal("9"))
    result = engine.refresh()
    assert result["people"] == 0 and count("D", 2) == 2  # evaluated whole, not moved person by person
    assert CoverageYear.objects.get(district_id="36.01", year=YEAR).state == version


def test_a_correction_can_move_a_year_count_to_a_month_the_log_does_not_name(record, network, cast):
    from clusters.services import visit_update
    from patients.models import Pregnancy

    mother = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"]["posyandu_b"]), sex="P",
                            birth_date=date(1995, 3, 3))
    Pregnancy.objects.create(patient=mother, expected_delivery_date=date(YEAR, 10, 1))
    march = record(mother, date(YEAR, 3, 2), "anc", ["ANC_K1"])
    record(mother, date(YEAR, 5, 2), "anc", ["ANC_K1"])
    neighbour = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"]["posyandu_b"]), sex="P",
                               birth_date=date(1996, 4, 4))
    Pregnancy.objects.create(patient=neighbour, expected_delivery_date=date(YEAR, 12, 1))
    record(neighbour, date(YEAR, 5, 9), "anc", ["ANC_K1"])  # May already has a K1 fact
    engine.rebuild("36.01", YEAR)
    assert (count("K1", 3), count("K1", 5)) == (1, 1)
    visit_update(by=cast["kapus"], visit=march, date=march.date, services=[], measurements={}, setting="gedung")

    engine.refresh()  # the log names March only

    assert (count("K1", 3), count("K1", 5)) == (0, 2)
    assert_a_rebuild_changes_nothing()
