"""WHO z-scores, Permenkes classes and Posyandu growth codes.

Expected values never come from the module under test: either the WHO formula
is written out here from table rows quoted in the test (sex, index, l, m, s as
in clusters/data/who-growth/*.txt), or they are values published by the WHO's
own R package anthro (WorldHealthOrganization/anthro, tests/testthat/*.R)."""

import hashlib
import math
from datetime import date, timedelta
from decimal import Decimal

import pytest

from clusters import anthropometry as a

BIRTH = date(2020, 1, 1)


def on(age_days: int) -> date:
    return BIRTH + timedelta(days=age_days)


def growth(sex="L", age_days=100, **kwargs):
    return a.child_growth(sex=sex, birth_date=BIRTH, measured_on=on(age_days), **kwargs)


# The WHO method written out independently (Methods and development, chapter 7).
def who_z(y, l, m, s):  # noqa: E741
    return ((y / m) ** l - 1) / (s * l)


def who_sd(l, m, s, k):  # noqa: E741
    return m * (1 + l * s * k) ** (1 / l)


def who_z_adjusted(y, l, m, s):  # noqa: E741
    z = who_z(y, l, m, s)
    if z > 3:
        return 3 + (y - who_sd(l, m, s, 3)) / (who_sd(l, m, s, 3) - who_sd(l, m, s, 2))
    if z < -3:
        return -3 + (y - who_sd(l, m, s, -3)) / (who_sd(l, m, s, -2) - who_sd(l, m, s, -3))
    return z


# --- published by anthro -------------------------------------------------------------------------------------------


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


def test_the_published_weight_for_age_chart_matches_the_curves_to_one_decimal():
    # WHO printed table wfa_boys_0-to-5-years_zscores (kg, 1 decimal): -3, -2, median, +2, +3 SD.
    printed = {
        0: (2.1, 2.5, 3.3, 4.4, 5.0),
        24: (8.6, 9.7, 12.2, 15.3, 17.1),
        60: (12.4, 14.1, 18.3, 24.2, 27.9),
    }
    curves = a.weight_for_age_curves("L")
    for month, values in printed.items():
        row = curves[month]
        got = (row["sd3neg"], row["sd2neg"], row["median"], row["sd2"], row["sd3"])
        assert all(abs(g - v) <= 0.05 for g, v in zip(got, values, strict=True)), (month, got)


# --- the plain LMS formula -----------------------------------------------------------------------------------------


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


def test_lms_with_l_zero_uses_the_logarithm():
    assert a._z(math.e * 10, a.LMS(0, 10, 0.5)) == pytest.approx(2.0)


# --- beyond +-3 SD -------------------------------------------------------------------------------------------------


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


# --- measuring position --------------------------------------------------------------------------------------------


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


# --- weight-for-length/height tables -------------------------------------------------------------------------------


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


# --- missing, invalid and out of range -----------------------------------------------------------------------------


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


# --- Permenkes 2/2020 classes --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "z, expected",
    [
        (-3.01, "severely_underweight"),
        (-3.0, "underweight"),
        (-2.01, "underweight"),
        (-2.0, "normal"),
        (1.0, "normal"),
        (1.01, "risk_of_overweight"),
        (4.0, "risk_of_overweight"),
    ],
)
def test_weight_for_age_class_boundaries(z, expected):
    assert a.classify("weight_for_age", z) == expected


@pytest.mark.parametrize(
    "z, expected",
    [
        (-3.01, "severely_stunted"),
        (-3.0, "stunted"),
        (-2.01, "stunted"),
        (-2.0, "normal"),
        (3.0, "normal"),
        (3.01, "tall"),
    ],
)
def test_height_for_age_class_boundaries(z, expected):
    assert a.classify("height_for_age", z) == expected


@pytest.mark.parametrize(
    "z, expected",
    [
        (-3.01, "severe_wasting"),
        (-3.0, "wasting"),
        (-2.01, "wasting"),
        (-2.0, "normal"),
        (1.0, "normal"),
        (1.01, "risk_of_overweight"),
        (2.0, "risk_of_overweight"),
        (2.01, "overweight"),
        (3.0, "overweight"),
        (3.01, "obese"),
    ],
)
def test_weight_for_height_class_boundaries(z, expected):
    assert a.classify("weight_for_height", z) == expected


def test_an_unknown_z_has_no_class():
    assert a.classify("weight_for_age", None) is None
    assert a.classify("weight_for_age", float("nan")) is None


def test_class_values_are_the_documented_constants():
    assert a.WeightForAge.SEVERELY_UNDERWEIGHT == "severely_underweight"
    assert a.HeightForAge.STUNTED == "stunted"
    assert a.WeightForHeight.SEVERE_WASTING == "severe_wasting"
    assert set(a.CLASSIFICATION) == {"weight_for_age", "height_for_age", "weight_for_height"}


def test_growth_result_carries_the_classes_of_its_rounded_z_scores():
    # weianthro: 1  365  0.0645  9.646  0.10925 -> 6 kg is far below -3
    result = growth(age_days=365, weight_kg=6, length_cm=75.7, measured_lying=True)
    assert result.weight_for_age_class == "severely_underweight"
    assert result.height_for_age_class == a.classify("height_for_age", result.haz)
    assert result.weight_for_height_class == a.classify("weight_for_height", result.whz)
    assert type(result.weight_for_age_class) is str


# --- BGM -----------------------------------------------------------------------------------------------------------


def test_below_the_red_line_means_weight_for_age_under_minus_three():
    assert a.is_bgm(-3.01) is True
    assert a.is_bgm(-3.0) is False
    assert a.is_bgm(0.5) is False
    assert a.is_bgm(None) is None


# --- growth codes --------------------------------------------------------------------------------------------------

CHILD = date(2023, 1, 15)


def code(measured_on, weight_kg, previous):
    return a.growth_code(birth_date=CHILD, measured_on=measured_on, weight_kg=weight_kg, previous=previous)


def test_a_first_weighing_is_b():
    assert code(date(2023, 7, 20), 7.3, None) == "B"


def test_a_previous_weighing_not_in_last_calendar_month_is_o():
    assert code(date(2023, 7, 20), 7.3, (date(2023, 5, 20), 6.9)) == "O"  # two months ago
    assert code(date(2023, 7, 20), 7.3, (date(2023, 7, 2), 6.9)) == "O"  # same month


def test_a_previous_weighing_on_any_day_of_last_month_counts():
    assert code(date(2023, 7, 1), 7.5, (date(2023, 6, 30), 6.9)) == "N"
    assert code(date(2023, 7, 31), 7.5, (date(2023, 6, 1), 6.9)) == "N"


def test_the_gain_reaching_the_kbm_exactly_is_n_and_one_gram_less_is_t():
    # 6 completed months on 2023-07-20: KBM 400 g. 7.3 - 6.9 is 0.3999... in binary floating point.
    assert code(date(2023, 7, 20), 7.3, (date(2023, 6, 20), 6.9)) == "N"
    assert code(date(2023, 7, 20), 7.299, (date(2023, 6, 20), 6.9)) == "T"


def test_the_kbm_follows_the_age_in_completed_months():
    # the day before 6 months the child is 5 months old: KBM 500 g, so a 400 g gain is T
    assert code(date(2023, 7, 14), 7.3, (date(2023, 6, 14), 6.9)) == "T"
    assert code(date(2023, 7, 15), 7.3, (date(2023, 6, 14), 6.9)) == "N"


def test_losing_weight_is_t():
    assert code(date(2023, 7, 20), 6.8, (date(2023, 6, 20), 6.9)) == "T"


def test_weighings_across_new_year_compare_december_with_january():
    assert code(date(2024, 1, 10), 9.5, (date(2023, 12, 10), 9.3)) == "N"  # 11 months: KBM 200 g
    assert code(date(2024, 1, 10), 9.4, (date(2023, 12, 10), 9.3)) == "T"


def test_in_the_first_month_the_one_month_kbm_applies():
    born = date(2023, 3, 10)  # 0 completed months on 2023-04-05: KBM of month 1, 800 g
    weighed = date(2023, 4, 5), (date(2023, 3, 12), 3.3)
    assert a.growth_code(birth_date=born, measured_on=weighed[0], weight_kg=4.1, previous=weighed[1]) == "N"
    assert a.growth_code(birth_date=born, measured_on=weighed[0], weight_kg=4.099, previous=weighed[1]) == "T"


def test_completed_months_count_month_ends():
    assert a.completed_months(date(2023, 1, 31), date(2023, 2, 28)) == 1
    assert a.completed_months(date(2023, 1, 31), date(2023, 2, 27)) == 0
    assert a.completed_months(date(2023, 1, 15), date(2024, 1, 15)) == 12


def test_the_kbm_table_is_the_kms_table():
    expected = {1: 800, 2: 900, 3: 800, 4: 600, 5: 500, 6: 400, 7: 400, 8: 300, 9: 300, 10: 300, 11: 200}
    expected.update({month: 200 for month in range(12, 61)})
    assert a.KBM_GRAMS == expected


# --- growth chart curves -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sex", ["L", "P"])
def test_weight_for_age_curves_have_61_months_of_five_increasing_lines(sex):
    curves = a.weight_for_age_curves(sex)
    keys = ["sd3neg", "sd2neg", "median", "sd2", "sd3"]
    assert [row["month"] for row in curves] == list(range(61))
    assert all(set(row) == {"month", *keys} for row in curves)
    for row in curves:
        assert row["sd3neg"] < row["sd2neg"] < row["median"] < row["sd2"] < row["sd3"]
    for key in keys:
        line = [row[key] for row in curves]
        assert all(later > earlier for earlier, later in zip(line, line[1:], strict=False)), key


def test_weight_for_age_curves_use_the_row_at_month_times_30_4375_days():
    # weianthro: 1  0  0.3487  3.3464  0.14602
    month0 = a.weight_for_age_curves("L")[0]
    assert month0["median"] == 3.346
    assert month0["sd2"] == round(who_sd(0.3487, 3.3464, 0.14602, 2), 3)
    assert month0["sd3neg"] == round(who_sd(0.3487, 3.3464, 0.14602, -3), 3)
    # month 24 is 730.5 days, rounded half up as anthro does: weianthro 1  731  -0.0137  12.1548  0.11427
    month24 = a.weight_for_age_curves("L")[24]
    assert month24["median"] == 12.155
    assert month24["sd3"] == round(who_sd(-0.0137, 12.1548, 0.11427, 3), 3)


def test_weight_for_age_curves_reject_an_unknown_sex():
    with pytest.raises(ValueError):
        a.weight_for_age_curves("X")


# --- the tables themselves -----------------------------------------------------------------------------------------

SHA256 = {
    "acanthro.txt": "1b588802bc66534abb42ead27fe6f8e8d62b26967d764eecf16d0f4a8660a7bd",
    "bmianthro.txt": "78a4364e99303114fb2c458d28d64c6d10ac33832a5d5b2d437bc5cea1c93a0d",
    "hcanthro.txt": "e794e46f06b91223ad2c6435148dc08794a1d75b67613a652c3151201a98bf7c",
    "lenanthro.txt": "709f7a11881451daf7820f022d363d5bdb93746b5361d6bd9218af6ff838e0c2",
    "weianthro.txt": "bc15a6a623dd1d5beaeed1497666332aa54bc4ccd15ff9658c487d79694ab77b",
    "wfhanthro.txt": "0050d31041c2f7d4f8a34f27e8066fd73a24806835b9e4a0de1a7ee46d54d582",
    "wflanthro.txt": "ad470cf41b147bd2a16026e57fd17968df7bf746b9f0bf2ff85df95239643778",
}


@pytest.mark.parametrize("name", sorted(SHA256))
def test_the_who_tables_are_unchanged_copies(name):
    assert hashlib.sha256((a.DATA_DIR / name).read_bytes()).hexdigest() == SHA256[name]


def test_tables_are_parsed_once_and_complete():
    assert len(a._table("weianthro")) == 2 * 1827  # days 0..1826, both sexes
    assert len(a._table("acanthro")) == 2 * 1736  # days 91..1826
    assert len(a._table("wflanthro")) == 2 * 651  # 45.0..110.0 by 0.1
    assert len(a._table("wfhanthro")) == 2 * 551  # 65.0..120.0 by 0.1
    assert a._table("weianthro") is a._table("weianthro")
    assert a._table("wflanthro")[(1, 703)] == a.LMS(-0.3521, 8.4906, 0.08232)
