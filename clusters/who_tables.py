"""The WHO Child Growth Standards (2006) tables and the LMS formulas on them.

The tables are the WHO's LMS files copied unchanged into `data/who-growth/`
(the copies' SHA-256 are checked by the tests), read as anthro reads them:
keyed by (sex, age in days) or, for weight-for-length/height, (sex, length
in tenths of a cm). See docs/decisions/0005-who-z-scores.md.

- z = ((y/m)^l - 1) / (s*l) (ln(y/m)/s when l == 0).
- The measurement at k SD is SDk = m*(1 + l*s*k)^(1/l).
- The "adjusted" indices measure beyond +-3 in units of the distance between
  the 2 and 3 SD values: z > 3 -> 3 + (y - SD3)/(SD3 - SD2);
  z < -3 -> -3 + (y - SD-3)/(SD-2 - SD-3).
- Weight-for-length/height: the length table (45-110 cm) under 731 days of
  age, the height table (65-120 cm) from 731 days; l, m, s interpolated
  linearly between the two 0.1 cm rows around the length, as anthro does.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "who-growth"

HEIGHT_FROM_DAYS = 731  # lying length before, standing height from this age
WFL_RANGE_CM = (45.0, 110.0)  # wflanthro, under 731 days
WFH_RANGE_CM = (65.0, 120.0)  # wfhanthro, from 731 days


@dataclass(frozen=True)
class LMS:
    l: float  # noqa: E741 (the WHO's name)
    m: float
    s: float


@cache
def lms_table(name: str) -> dict[tuple[int, int], LMS]:
    """A WHO table (e.g. "weianthro") keyed by (sex, age in days) or, for
    wflanthro/wfhanthro, (sex, length in tenths of a cm). Parsed once, on
    first use; the same dict is returned afterwards."""
    rows: dict[tuple[int, int], LMS] = {}
    with open(DATA_DIR / f"{name}.txt", newline="", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t")
        header = [h.strip().lower() for h in next(reader)]
        by_length = header[1] in ("length", "height")
        for row in reader:
            if not row:
                continue
            sex, index, lam, mu, sigma = (row[i].strip() for i in range(5))
            key = round(float(index) * 10) if by_length else int(index)
            rows[(int(sex), key)] = LMS(float(lam), float(mu), float(sigma))
    return rows


def z_score(y: float, p: LMS) -> float:
    """The plain LMS z-score of the measurement y."""
    if p.l == 0:
        return math.log(y / p.m) / p.s
    return ((y / p.m) ** p.l - 1) / (p.s * p.l)


def measurement_at_sd(p: LMS, k: float) -> float:
    """The measurement at k SD (NaN where the formula has none)."""
    if p.l == 0:
        return p.m * math.exp(p.s * k)
    base = 1 + p.l * p.s * k
    return p.m * base ** (1 / p.l) if base > 0 else math.nan


def z_score_adjusted(y: float, p: LMS) -> float:
    """The z-score of the "adjusted" indices: beyond +-3 counted in SD2-SD3 steps."""
    z = z_score(y, p)
    if z > 3:
        sd3 = measurement_at_sd(p, 3)
        return 3 + (y - sd3) / (sd3 - measurement_at_sd(p, 2))
    if z < -3:
        sd3neg = measurement_at_sd(p, -3)
        return -3 + (y - sd3neg) / (measurement_at_sd(p, -2) - sd3neg)
    return z


def wfl_lms(sex: int, age_days: int, lenhei: float) -> LMS | None:
    """l, m, s for weight-for-length (under 731 days) or -height at a corrected
    length/height, interpolated between 0.1 cm rows exactly as anthro does:
    lower row = trunc(10*x)/10, upper row = trunc(10*x + 1)/10, weight
    (x - lower)/0.1; a length on a row uses that row. None outside the table."""
    table, (low_cm, high_cm) = (
        ("wflanthro", WFL_RANGE_CM) if age_days < HEIGHT_FROM_DAYS else ("wfhanthro", WFH_RANGE_CM)
    )
    if not low_cm <= lenhei <= high_cm:
        return None
    low_key = math.trunc(lenhei * 10)
    upp_key = math.trunc(lenhei * 10 + 1)
    diff = (lenhei - low_key / 10) / 0.1
    rows = lms_table(table)
    low = rows.get((sex, low_key))
    if low is None:
        return None
    if not diff > 0:
        return low
    upp = rows.get((sex, upp_key))
    if upp is None:
        return None
    return LMS(
        low.l + diff * (upp.l - low.l),
        low.m + diff * (upp.m - low.m),
        low.s + diff * (upp.s - low.s),
    )
