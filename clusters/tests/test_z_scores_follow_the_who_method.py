"""WHO z-scores: the values anthro publishes, the plain LMS formula, and the
adjusted indices beyond +-3 SD (see who_method for where expected values come
from)."""

import pytest

from .who_method import growth, who_sd, who_z, who_z_adjusted


@pytest.mark.parametrize(
    "case, expected",
    [
        # test-zscore-weight-for-age.R: anthro_zscore_weight_for_age(17, 1522, ..., sex 2) == 0.24
        (dict(sex="P", age_days=1522, weight_kg=17), ("waz", 0.24)),
        # test-zscore-length-for-age.R: round(((50 / 56.4833)^1 - 1) / (0.03492 * 1), 2) for boy, 44 days, 50 cm
        (dict(sex="L", age_days=44, length_cm=50), ("haz", round((50 / 56.4833 - 1) / 0.03492, 2))),
        # test-zscores.R "length for age uses adjusted lenhei": boy, 987 days, 72.86 cm lying -> -6.09
        (dict(sex="L", age_days=987, length_cm=72.86, measured_lying=True), ("haz", -6.09)),
        # test-zscores.R "young children with measured standing": boy, 9 months (274 days), 60 cm standing -> -5.02
        (dict(sex="L", age_days=274, length_cm=60, measured_lying=False), ("haz", -5.02)),
        # test-zscores.R "height measurements are used for age 24 months": girl, 24 months (731 days), 77.5 -> -2.55
        (dict(sex="P", age_days=731, length_cm=77.5), ("haz", -2.55)),
        (dict(sex="P", age_days=731, length_cm=77.5, measured_lying=False), ("haz", -2.55)),
    ],
)
def test_z_scores_match_values_published_in_anthros_own_tests(case, expected):
    field, value = expected
    assert getattr(growth(**case), field) == value


@pytest.mark.parametrize(
    "age_days, lying, corrected",
    # test-zscores.R "adds adjusted lenhei": ages 730, 800, 730, 800 with h, h, l, l and 100 cm
    [(730, False, 100.7), (800, False, 100.0), (730, True, 100.0), (800, True, 99.3)],
)
def test_corrected_length_matches_anthros_published_example(age_days, lying, corrected):
    result = growth(age_days=age_days, length_cm=100, measured_lying=lying)
    assert result.length_cm_corrected == corrected




def test_weight_for_age_inside_three_sd_is_the_plain_lms_formula():
    # weianthro: 2  1522  -0.3387  16.433  0.14051
    assert growth(sex="P", age_days=1522, weight_kg=17).waz == round(who_z(17, -0.3387, 16.433, 0.14051), 2)
    # weianthro: 1  365  0.0645  9.646  0.10925
    assert growth(age_days=365, weight_kg=8.1).waz == round(who_z(8.1, 0.0645, 9.646, 0.10925), 2)


def test_a_measurement_equal_to_the_median_has_z_zero():
    # weianthro: 1  365  0.0645  9.646  0.10925
    assert growth(age_days=365, weight_kg=9.646).waz == 0.0


def test_head_circumference_uses_the_plain_formula():
    # hcanthro: 1  100  1  40.8555  0.02901
    assert growth(age_days=100, head_cm=40).hcz == round(who_z(40, 1, 40.8555, 0.02901), 2)


def test_bmi_for_age_uses_the_corrected_length_and_bmianthro_by_age():
    # bmianthro: 1  100  -0.0179  16.9923  0.08457  L ; BMI = 7 / 0.60^2
    bmi = 7 / (60 / 100) ** 2
    assert growth(age_days=100, weight_kg=7, length_cm=60).baz == round(who_z(bmi, -0.0179, 16.9923, 0.08457), 2)
    # bmianthro: 1  500  -0.5172  16.2897  0.07904  L ; measured standing 79.3 -> 80.0 lying
    bmi = 10 / (80.0 / 100) ** 2
    result = growth(age_days=500, weight_kg=10, length_cm=79.3, measured_lying=False)
    assert result.baz == round(who_z(bmi, -0.5172, 16.2897, 0.07904), 2)


def test_arm_circumference_starts_at_91_days():
    # acanthro: 1  91  0.3933  13.4779  0.07474 (its first row)
    assert growth(age_days=91, muac_cm=13).acz == round(who_z(13, 0.3933, 13.4779, 0.07474), 2)
    assert growth(age_days=90, muac_cm=13).acz is None




def test_weight_for_age_above_plus_three_is_measured_in_sd2_to_sd3_steps():
    # weianthro: 1  365  0.0645  9.646  0.10925
    l, m, s = 0.0645, 9.646, 0.10925  # noqa: E741
    assert who_z(15, l, m, s) > 3
    sd3, sd2 = who_sd(l, m, s, 3), who_sd(l, m, s, 2)
    expected = round(3 + (15 - sd3) / (sd3 - sd2), 2)
    assert growth(age_days=365, weight_kg=15).waz == expected
    assert expected != round(who_z(15, l, m, s), 2)  # the adjustment matters here


def test_weight_for_age_below_minus_three_is_measured_in_sd2_to_sd3_steps():
    # weianthro: 1  365  0.0645  9.646  0.10925
    l, m, s = 0.0645, 9.646, 0.10925  # noqa: E741
    assert who_z(6, l, m, s) < -3
    sd3neg, sd2neg = who_sd(l, m, s, -3), who_sd(l, m, s, -2)
    expected = round(-3 + (6 - sd3neg) / (sd2neg - sd3neg), 2)
    assert growth(age_days=365, weight_kg=6).waz == expected
    assert expected != round(who_z(6, l, m, s), 2)


def test_weight_for_length_bmi_and_arm_circumference_are_adjusted_too():
    # wflanthro: 1  80  -0.3521  10.4475  0.08308  L
    assert growth(age_days=500, weight_kg=15, length_cm=80).whz == round(
        who_z_adjusted(15, -0.3521, 10.4475, 0.08308), 2
    )
    # bmianthro: 1  500  -0.5172  16.2897  0.07904  L
    bmi = 6 / 0.8**2
    assert growth(age_days=500, weight_kg=6, length_cm=80).baz == round(
        who_z_adjusted(bmi, -0.5172, 16.2897, 0.07904), 2
    )
    # acanthro: 2  400  -0.1733  14.2511  0.0825
    result = growth(sex="P", age_days=400, muac_cm=20)
    assert who_z(20, -0.1733, 14.2511, 0.0825) > 3
    assert result.acz == round(who_z_adjusted(20, -0.1733, 14.2511, 0.0825), 2)
    assert result.acz != round(who_z(20, -0.1733, 14.2511, 0.0825), 2)


def test_length_for_age_is_not_adjusted_beyond_three_sd():
    # lenanthro: 1  500  1  80.6578  0.03234  L -- a very tall child, z about +5.5
    result = growth(age_days=500, length_cm=95, measured_lying=True)
    assert result.haz == round(who_z(95, 1, 80.6578, 0.03234), 2)
    assert result.haz > 5
    # lenanthro: 1  987  1  93.6743  0.03772  H -- anthro's -6.09, plain formula on 72.86 - 0.7
    assert growth(age_days=987, length_cm=72.86, measured_lying=True).haz == round(
        who_z(72.86 - 0.7, 1, 93.6743, 0.03772), 2
    )
