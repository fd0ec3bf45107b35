"""Z-scores by measuring position, from the weight-for-length/height tables,
and for missing, invalid or out-of-range measurements."""

from decimal import Decimal

import pytest

from .who_method import growth, who_z


def test_a_child_under_two_measured_standing_gets_seven_millimetres_added():
    # lenanthro: 1  500  1  80.6578  0.03234  L
    result = growth(age_days=500, length_cm=80.0, measured_lying=False)
    assert result.length_cm_corrected == 80.7
    assert result.haz == round(who_z(80.7, 1, 80.6578, 0.03234), 2)
    assert growth(age_days=500, length_cm=80.0, measured_lying=True).haz == round(who_z(80.0, 1, 80.6578, 0.03234), 2)


def test_a_child_from_two_years_measured_lying_gets_seven_millimetres_taken_off():
    # lenanthro: 1  800  1  89.0391  0.03586  H
    result = growth(age_days=800, length_cm=90.0, measured_lying=True)
    assert result.length_cm_corrected == 89.3
    assert result.haz == round(who_z(89.3, 1, 89.0391, 0.03586), 2)
    assert growth(age_days=800, length_cm=90.0, measured_lying=False).haz == round(who_z(90, 1, 89.0391, 0.03586), 2)


def test_an_unknown_position_is_taken_as_the_recommended_one():
    assert growth(age_days=500, length_cm=80.0).length_cm_corrected == 80.0
    assert growth(age_days=800, length_cm=90.0).length_cm_corrected == 90.0


def test_weight_for_length_uses_the_corrected_length():
    # wflanthro: 1  80  -0.3521  10.4475  0.08308  L : standing 79.3 at 730 days is 80.0 lying, weight = median
    assert growth(age_days=730, weight_kg=10.4475, length_cm=79.3, measured_lying=False).whz == 0.0
    # wfhanthro: 1  80  -0.3521  10.5781  0.08298  H : lying 80.7 at 731 days is 80.0 standing, weight = median
    assert growth(age_days=731, weight_kg=10.5781, length_cm=80.7, measured_lying=True).whz == 0.0




def test_weight_for_length_table_is_used_up_to_730_days_and_height_table_from_731():
    # wflanthro: 1  80  -0.3521  10.4475  0.08308  L
    # wfhanthro: 1  80  -0.3521  10.5781  0.08298  H
    at_730 = growth(age_days=730, weight_kg=10.5, length_cm=80, measured_lying=True)
    at_731 = growth(age_days=731, weight_kg=10.5, length_cm=80, measured_lying=False)
    assert at_730.whz == round(who_z(10.5, -0.3521, 10.4475, 0.08308), 2)
    assert at_731.whz == round(who_z(10.5, -0.3521, 10.5781, 0.08298), 2)
    assert at_730.whz != at_731.whz


def test_weight_for_length_between_two_rows_interpolates_l_m_and_s():
    # wflanthro: 1  70.3  -0.3521  8.4906  0.08232  L
    # wflanthro: 1  70.4  -0.3521  8.5132  0.08233  L
    f = 0.7  # 70.37 is 70% of the way from 70.3 to 70.4
    l = -0.3521 + f * (-0.3521 - -0.3521)  # noqa: E741
    m = 8.4906 + f * (8.5132 - 8.4906)
    s = 0.08232 + f * (0.08233 - 0.08232)
    result = growth(age_days=300, weight_kg=7.0, length_cm=70.37, measured_lying=True)
    assert result.whz == round(who_z(7.0, l, m, s), 2)
    # neither row alone gives that value
    assert result.whz != round(who_z(7.0, -0.3521, 8.4906, 0.08232), 2)
    assert result.whz != round(who_z(7.0, -0.3521, 8.5132, 0.08233), 2)


def test_weight_for_length_on_a_row_uses_that_row():
    # wflanthro: 2  75.2  -0.3833  9.1862  0.09003  L
    assert growth(sex="P", age_days=300, weight_kg=8, length_cm=75.2).whz == round(
        who_z(8, -0.3833, 9.1862, 0.09003), 2
    )


@pytest.mark.parametrize(
    "age_days, length_cm, inside",
    [
        (700, 44.9, False),
        (700, 45.0, True),
        (700, 110.0, True),
        (700, 110.1, False),
        (731, 64.9, False),
        (731, 65.0, True),
        (731, 120.0, True),
        (731, 120.1, False),
    ],
)
def test_weight_for_length_outside_the_table_is_none(age_days, length_cm, inside):
    result = growth(age_days=age_days, weight_kg=10, length_cm=length_cm)
    assert (result.whz is not None) is inside
    assert result.haz is not None  # length-for-age does not depend on that range




def test_the_last_day_with_z_scores_is_1826():
    # weianthro: 1  1826  -0.1506  18.3352  0.13517
    assert growth(age_days=1826, weight_kg=18).waz == round(who_z(18, -0.1506, 18.3352, 0.13517), 2)
    after = growth(age_days=1827, weight_kg=18, length_cm=110, head_cm=50, muac_cm=16)
    assert after.age_days == 1827
    assert (after.waz, after.haz, after.whz, after.baz, after.hcz, after.acz) == (None,) * 6
    assert after.weight_for_age_class is None


def test_missing_measurements_give_none_for_their_indices_only():
    result = growth(age_days=400, weight_kg=9)
    assert result.waz is not None
    assert (result.haz, result.whz, result.baz, result.hcz, result.acz) == (None,) * 5
    assert result.length_cm_corrected is None
    assert result.height_for_age_class is None and result.weight_for_height_class is None


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf"), "abc", True])
def test_invalid_measurements_give_none_not_an_exception(bad):
    result = growth(age_days=400, weight_kg=bad, length_cm=bad, head_cm=bad, muac_cm=bad)
    assert (result.waz, result.haz, result.whz, result.baz, result.hcz, result.acz) == (None,) * 6


def test_a_measurement_before_birth_or_of_unknown_sex_gives_none():
    before_birth = growth(age_days=-1, weight_kg=3)
    assert before_birth.age_days == -1 and before_birth.waz is None
    assert growth(sex="X", age_days=100, weight_kg=6).waz is None
    assert growth(sex=None, age_days=100, weight_kg=6).waz is None


def test_decimals_from_the_database_are_accepted():
    assert growth(age_days=365, weight_kg=Decimal("9.646")).waz == 0.0


def test_results_are_rounded_to_two_decimals():
    result = growth(age_days=365, weight_kg=8.1, length_cm=73.3, head_cm=45.1)
    for z in (result.waz, result.haz, result.whz, result.baz, result.hcz):
        assert z == round(z, 2)
