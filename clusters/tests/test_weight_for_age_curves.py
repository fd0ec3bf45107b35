"""The weight-for-age curves drawn on the KMS growth chart."""

import pytest

from clusters import anthropometry as a

from .who_method import who_sd


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
