"""The Permenkes 2/2020 classes of a z-score, and BGM."""

import pytest

from clusters import nutrition_classes as n

from .who_method import growth


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
    assert n.classify("weight_for_age", z) == expected


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
    assert n.classify("height_for_age", z) == expected


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
    assert n.classify("weight_for_height", z) == expected


def test_an_unknown_z_has_no_class():
    assert n.classify("weight_for_age", None) is None
    assert n.classify("weight_for_age", float("nan")) is None


def test_class_values_are_the_documented_constants():
    assert n.WeightForAge.SEVERELY_UNDERWEIGHT == "severely_underweight"
    assert n.HeightForAge.STUNTED == "stunted"
    assert n.WeightForHeight.SEVERE_WASTING == "severe_wasting"
    assert set(n.CLASSIFICATION) == {"weight_for_age", "height_for_age", "weight_for_height"}


def test_growth_result_carries_the_classes_of_its_rounded_z_scores():
    # weianthro: 1  365  0.0645  9.646  0.10925 -> 6 kg is far below -3
    result = growth(age_days=365, weight_kg=6, length_cm=75.7, measured_lying=True)
    assert result.weight_for_age_class == "severely_underweight"
    assert result.height_for_age_class == n.classify("height_for_age", result.haz)
    assert result.weight_for_height_class == n.classify("weight_for_height", result.whz)
    assert type(result.weight_for_age_class) is str




def test_below_the_red_line_means_weight_for_age_under_minus_three():
    assert n.is_bgm(-3.01) is True
    assert n.is_bgm(-3.0) is False
    assert n.is_bgm(0.5) is False
    assert n.is_bgm(None) is None
