"""What counts as a usable measurement or date in the growth computations:
anything else gives None (or, for a date, TypeError), never a wrong figure."""

from __future__ import annotations

import math
from datetime import date, datetime


def positive(value) -> float | None:
    """A usable measurement: a finite number above zero (Decimal accepted)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number > 0 else None


def as_date(value) -> date:
    """The date of a date or datetime; TypeError for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date, got {value!r}")
