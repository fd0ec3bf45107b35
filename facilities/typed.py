"""Whole numbers typed or posted by a person (ids picked from a list,
counts): decimal digits in any script, as `int` reads them. `str.isdigit`
also accepts digits such as "²" that `int` refuses, and a request that
trusted it ended in a server error."""


def whole_number(text, *, digits: int = 12) -> int | None:
    """`text` as a whole number when it is 1 to `digits` decimal digits, else None."""
    if not isinstance(text, str) or not 0 < len(text) <= digits or not text.isdecimal():
        return None
    return int(text)
