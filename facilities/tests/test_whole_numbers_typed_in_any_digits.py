"""Ids picked from a list and counts typed on a phone are read as whole
numbers only when every character is a decimal digit: "²" is a digit to
`str.isdigit` but not a number to `int`."""

import pytest

from facilities.typed import whole_number


@pytest.mark.parametrize(("text", "number"), [("0", 0), ("42", 42), ("007", 7), ("٣٤", 34), ("１２", 12),
                                              ("9" * 12, 10 ** 12 - 1)])
def test_decimal_digits_in_any_script_read_as_their_number(text, number):
    assert whole_number(text) == number


@pytest.mark.parametrize("text", ["", "²", "1²", "-1", "+1", " 1", "1 ", "1.0", "1,5", "9" * 13, None, 7])
def test_anything_else_is_no_number(text):
    assert whole_number(text) is None


def test_the_number_of_digits_allowed_is_the_callers():
    assert whole_number("123", digits=3) == 123
    assert whole_number("1234", digits=3) is None
