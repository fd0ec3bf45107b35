"""What a district's target of each group is: the formulas, the district's
(or province's) parameters, the sharing out over desa, and coverage."""

from decimal import Decimal

import pytest

from reports.models import TargetGroup, TargetParameters
from reports.targets import coverage_percent, distribute, district_figures, effective_parameters, parameters_from

from .helpers import YEAR


def test_the_default_formulas_give_the_hand_computed_figures_for_a_million_people():
    cbr, proportions = parameters_from(None)
    figures = district_figures(1_000_000, cbr, proportions)
    # births = 16 / 1,000 × 1,000,000 = 16,000
    assert figures["ibu_hamil"] == 17_600  # 1.10 × births
    assert figures["ibu_bersalin"] == 16_800  # 1.05 × births
    assert figures["bayi_baru_lahir"] == 16_800
    assert figures["bayi"] == 16_800
    assert figures["balita"] == 76_000
    assert figures["baduta"] == 30_000
    assert figures["usia_pendidikan_dasar"] == 160_000
    assert figures["usia_produktif"] == 660_000
    assert figures["lansia"] == 118_000
    assert figures["remaja_putri"] == 80_000
    # aged 15+ = (0.66 + 0.118) × 1,000,000 = 778,000
    assert figures["penderita_hipertensi"] == 233_400  # 0.30 × 778,000
    assert figures["penderita_dm"] == 15_560  # 0.02 × 778,000
    assert figures["odgj_berat"] == 1_800
    assert set(figures) == set(TargetGroup.values)


def test_district_parameters_override_the_birth_rate_and_proportions_and_round_half_up(regions):
    TargetParameters.objects.create(
        district_id="36.01",
        year=YEAR,
        crude_birth_rate=Decimal("18.5"),
        proportions={"lansia": "0.1", "penderita_hipertensi": 0.25, "unknown_group": "0.5", "balita": "not a number"},
    )
    cbr, proportions = effective_parameters("36.01", YEAR)
    figures = district_figures(1_234_567, cbr, proportions)
    # births = 18.5 × 1,234.567 = 22,839.4895
    assert figures["ibu_hamil"] == 25_123  # × 1.10 = 25,123.43845
    assert figures["ibu_bersalin"] == 23_981  # × 1.05 = 23,981.463975
    # aged 15+ = (0.66 + 0.1) × 1,234,567 = 938,270.92; × 0.25 = 234,567.73
    assert figures["penderita_hipertensi"] == 234_568
    assert figures["lansia"] == 123_457  # 123,456.7
    assert proportions["balita"] == Decimal("0.076")  # an unreadable override is ignored
    # another year keeps the defaults
    assert effective_parameters("36.01", YEAR + 1)[0] == Decimal("16.0")


def test_a_district_without_its_own_parameters_uses_its_provinces(regions):
    TargetParameters.objects.create(district_id="36", year=YEAR, crude_birth_rate=Decimal("20"))
    TargetParameters.objects.create(district_id="36.02", year=YEAR, crude_birth_rate=Decimal("15"))
    assert effective_parameters("36.01", YEAR)[0] == Decimal("20")
    assert effective_parameters("36.02", YEAR)[0] == Decimal("15")


def test_distribute_sums_exactly_and_follows_the_weights_with_a_small_equal_share():
    parts = distribute(17_600, {"a": 2, "b": 1, "c": 0, "d": 0, "e": 0, "f": 0})
    assert sum(parts.values()) == 17_600
    # 5% (880) equally over 6 = 146.67 each; 95% (16,720) as 2 : 1
    assert parts == {"a": 11_293, "b": 5_720, "c": 147, "d": 147, "e": 147, "f": 146}


@pytest.mark.parametrize("total", [0, 1, 5, 7, 999, 123_457])
def test_distribute_always_sums_to_the_total(total):
    weights = {f"d{i}": w for i, w in enumerate([0, 3, 17, 1, 0, 250, 9])}
    assert sum(distribute(total, weights).values()) == total
    assert sum(distribute(total, dict.fromkeys(weights, 0)).values()) == total


@pytest.mark.parametrize(
    "numerator, target, expected",
    [
        (50, 200, Decimal("25.0")),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (250, 200, Decimal("125.0")),
        (0, 10, Decimal("0.0")),
        (5, None, None),
        (5, 0, None),
        (None, 10, None),
    ],
)
def test_coverage_percent_is_none_without_amake_target(numerator, target, expected):
    assert coverage_percent(numerator, target) == expected
