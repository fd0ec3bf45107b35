"""Coverage is numerator ÷ target × 100, rounded half up to one decimal,
exactly: never a binary fraction's rounding, whatever the size."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from reports.targets import coverage_percent


def rounded_half_up(numerator, target) -> Decimal:
    tenths = Fraction(numerator * 1000, target)
    whole = int(tenths)
    if tenths - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole) / 10


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=10**9))
def test_coverage_percent_is_the_ratio_rounded_half_up_to_a_tenth(numerator, target):
    got = coverage_percent(numerator, target)
    assert got == rounded_half_up(numerator, target)
    assert got.as_tuple().exponent == -1  # shown with one decimal: 100,0 and 0,0 too


def test_ties_round_up_and_no_target_gives_no_percent():
    assert str(coverage_percent(1, 8)) == "12.5"
    assert str(coverage_percent(1, 16)) == "6.3"  # 6.25
    assert str(coverage_percent(1, 1)) == "100.0"
    assert str(coverage_percent(0, 7)) == "0.0"
    assert coverage_percent(5, 0) is None and coverage_percent(5, None) is None and coverage_percent(None, 5) is None
