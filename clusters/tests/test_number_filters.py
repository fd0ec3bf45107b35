"""Numbers are shown the way the active language writes them."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from clusters.templatetags.ilp_numbers import input_value, measure, zscore


@pytest.mark.parametrize("value, id_text, en_text", [
    (Decimal("13.40"), "13,4", "13.4"),
    (Decimal("12.95"), "12,95", "12.95"),
    (12.9000000000001, "12,9", "12.9"),
    (12.9000000001, "12,9", "12.9"),
    (Decimal("13.00"), "13", "13"),
    (76, "76", "76"),
    (Decimal("0.5"), "0,5", "0.5"),
    (None, "", ""),
])
def test_a_measurement_shows_at_most_two_decimals_without_trailing_zeros(value, id_text, en_text):
    with translation.override("id"):
        assert measure(value) == id_text
    with translation.override("en"):
        assert measure(value) == en_text


def test_a_measurement_can_be_shown_with_a_fixed_number_of_decimals():
    with translation.override("id"):
        assert measure(Decimal("76"), 1) == "76,0" and measure(12.94, "1") == "12,9"
    with translation.override("en"):
        assert measure(Decimal("76"), 1) == "76.0"


def test_a_z_score_keeps_two_decimals_and_its_sign():
    with translation.override("id"):
        assert zscore(Decimal("-1.234")) == "\u22121,23" and zscore(0.5) == "0,50" and zscore(None) == ""
    with translation.override("en"):
        assert zscore(-1.2) == "\u22121.20"


def test_an_input_is_refilled_with_the_language_s_decimal_mark_and_no_trailing_zeros():
    with translation.override("id"):
        assert input_value(Decimal("13.40")) == "13,4" and input_value(Decimal("1234.50")) == "1234,5"
        assert input_value(None) == "" and input_value("13,40") == "13,40"  # typed text stays as typed
    with translation.override("en"):
        assert input_value(Decimal("13.40")) == "13.4"


def test_the_filters_load_in_a_template():
    template = Template("{% load ilp_numbers %}{{ w|measure }}|{{ z|zscore }}|{{ w|input_value }}")
    with translation.override("id"):
        assert template.render(Context({"w": Decimal("12.90"), "z": Decimal("-0.50")})) == "12,9|\u22120,50|12,9"
