"""Numbers as the active language writes them, for templates (`{% load
ilp_numbers %}`) and for messages alike.

    {{ m.weight_kg|measure }}      13,4 (id) / 13.4 (en); at most 2 decimals, no trailing zeros
    {{ m.length_cm|measure:1 }}    76,0: exactly 1 decimal
    {{ m.waz|zscore }}             −1,23: 2 decimals, with its sign
    value="{{ m.weight_kg|input_value }}"  what an <input> is refilled with: posted back
                                   unchanged, LocalDecimalField reads it as the same number

Values come as Decimal, float (subquery annotations on SQLite), int, or None
(shown as "")."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats

MINUS = "\u2212"  # a real minus sign: a hyphen before a number is easily misread


def as_decimal(value, places: int = 2) -> Decimal | None:
    """The value rounded half up to `places` decimals; None when it is not a finite number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        # str() first: a float's repr (12.9, not 12.9000000000000003552…) is what was stored.
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        return None
    if not number.is_finite():
        return None
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _places(number: Decimal) -> int:
    """Decimals left once trailing zeros are dropped (13.40 -> 1, 13.00 -> 0)."""
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def measure(value, places=None) -> str:
    """A measurement in the active language: at most 2 decimals without trailing
    zeros, or exactly `places` decimals when given."""
    if places not in (None, ""):
        number = as_decimal(value, int(places))
        return "" if number is None else formats.number_format(number, decimal_pos=int(places))
    number = as_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return formats.number_format(number, decimal_pos=_places(number))


def zscore(value) -> str:
    """A z-score with 2 decimals; a negative one with a minus sign."""
    number = as_decimal(value)
    if number is None:
        return ""
    text = formats.number_format(abs(number), decimal_pos=2)
    return f"{MINUS}{text}" if number < 0 else text


def input_value(value) -> str:
    """The text to put in an <input>: the active language's decimal mark, never
    a thousands separator (the form would read it as a decimal mark), and no
    trailing zeros."""
    if isinstance(value, str):
        return value
    number = as_decimal(value)
    if number is None:
        return ""
    text = f"{number:.{_places(number)}f}"
    return text.replace(".", str(formats.get_format("DECIMAL_SEPARATOR")))
