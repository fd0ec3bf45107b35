"""Computing a district's targets from its population writes one formula
target per desa and group, and leaves imported or entered ones alone."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from facilities.models import Region
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports.models import Target, TargetGroup, TargetParameters, TargetSource
from reports.targets import TargetError, compute_targets

from .helpers import DESA_3601, YEAR, desa_numbers, make_target


def test_compute_writes_one_formula_target_per_desa_and_group_summing_to_the_district_figure(registry, cast):
    result = compute_targets(district_code="36.01", year=YEAR, user=cast["dinkes"])
    assert result.created == 6 * len(TargetGroup.values)
    assert result.registered == 3
    for group, total in result.totals.items():
        numbers = desa_numbers(group)
        assert set(numbers) == set(DESA_3601)
        assert sum(numbers.values()) == total
    assert desa_numbers("ibu_hamil") == {
        "36.01.01.2001": 147,
        "36.01.01.2002": 11_293,
        "36.01.01.2003": 147,
        "36.01.02.2001": 147,
        "36.01.02.2002": 5_720,
        "36.01.02.2003": 146,
    }
    assert not Target.objects.exclude(source=TargetSource.FORMULA).exists()
    assert not Target.objects.filter(region__code__startswith="36.02").exists()
    assert Target.objects.filter(updated_by=cast["dinkes"]).count() == result.created


def test_a_district_without_registered_people_shares_its_targets_equally(regions):
    compute_targets(district_code="36.01", year=YEAR)
    numbers = desa_numbers("ibu_hamil")
    assert sorted(numbers.values()) == [2933, 2933, 2933, 2933, 2934, 2934]  # 17,600 ÷ 6


def test_merged_duplicate_records_are_not_counted_as_residents(registry, network):
    household = HouseholdFactory(posyandu=network["36.01"]["posyandu_b"])
    PatientFactory(household=household, merged_into=registry["mother"])
    assert compute_targets(district_code="36.01", year=YEAR).registered == 3


def test_computing_again_updates_formula_rows_without_duplicating(registry):
    compute_targets(district_code="36.01", year=YEAR)
    TargetParameters.objects.create(district_id="36.01", year=YEAR, crude_birth_rate=Decimal("20"))
    result = compute_targets(district_code="36.01", year=YEAR)
    assert result.created == 0
    assert Target.objects.count() == 6 * len(TargetGroup.values)
    assert sum(desa_numbers("ibu_hamil").values()) == 22_000
    assert compute_targets(district_code="36.01", year=YEAR).updated == 0


def test_formula_targets_never_overwrite_imported_or_entered_ones(registry):
    make_target("36.01.01.2001", 999, group="ibu_hamil", source=TargetSource.IMPORT)
    make_target("36.01.02.2003", 5, group="balita", source=TargetSource.MANUAL)
    result = compute_targets(district_code="36.01", year=YEAR)
    assert result.kept == 2
    assert result.kept_desa == ["36.01.01.2001", "36.01.02.2003"]
    kept = Target.objects.get(region="36.01.01.2001", group="ibu_hamil")
    assert (kept.number, kept.source) == (999, TargetSource.IMPORT)
    assert Target.objects.get(region="36.01.02.2003", group="balita").number == 5
    assert Target.objects.filter(region="36.01.01.2001", group="ibu_hamil").count() == 1
    # the other desa keep their own formula share
    assert desa_numbers("ibu_hamil")["36.01.01.2002"] == 11_293


def test_a_district_without_population_cannot_be_computed(regions):
    Region.objects.filter(code="36.01").update(population_total=None)
    with pytest.raises(TargetError):
        compute_targets(district_code="36.01", year=YEAR)
    with pytest.raises(TargetError):
        compute_targets(district_code="36.01.01", year=YEAR)  # not a district
    assert not Target.objects.exists()


def test_a_user_of_another_district_may_not_compute(cast):
    with pytest.raises(PermissionDenied):
        compute_targets(district_code="36.01", year=YEAR, user=cast["dinkes_other"])
    assert not Target.objects.exists()
