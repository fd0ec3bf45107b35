"""Child anthropometry: WHO Child Growth Standards (2006) z-scores, the
Permenkes 2/2020 nutritional-status classes and the Posyandu growth codes.

Pure Python (no database). The z-scores follow the WHO's own method exactly
as its R package `anthro` (WorldHealthOrganization/anthro) implements it, from
the WHO LMS tables copied unchanged into `data/who-growth/`; see
docs/decisions/0005-who-z-scores.md for why this is our own code and how it is
checked. This module computes a child's z-scores; the parts live beside it:
reading the tables and the LMS formulas (`who_tables`), the Permenkes classes
(`nutrition_classes`), the growth codes (`growth_codes`). Every name other
code uses is importable from here.

The method, step by step:

- Age is whole days, `(measured_on - birth_date).days`; z-scores exist from day
  0 to day 1826 (age in months = days / 30.4375 < 60), arm circumference from
  day 91 (where its table starts).
- Length/height: lying length is the reference under 731 days, standing height
  from 731 days. Under 731 days measured standing adds 0.7 cm; from 731 days
  measured lying takes 0.7 cm off. The corrected value feeds length/height-for-
  age, weight-for-length/height and BMI. Position unknown = the recommended one,
  no correction.
- z = ((y/m)^l - 1) / (s*l) (ln(y/m)/s when l == 0) with l, m, s of the child's
  sex and age in days (or length for weight-for-length/height).
- Weight-for-age, weight-for-length/height, BMI-for-age and arm circumference-
  for-age ("adjusted" indices): beyond +-3 the z-score is measured in units of
  the distance between the 2 and 3 SD values, SDk = m*(1 + l*s*k)^(1/l):
  z > 3 -> 3 + (y - SD3)/(SD3 - SD2); z < -3 -> -3 + (y - SD-3)/(SD-2 - SD-3).
  Length/height-for-age and head circumference-for-age use the plain formula.
- Weight-for-length/height: the length table (45-110 cm) under 731 days of age,
  the height table (65-120 cm) from 731 days. l, m, s are interpolated linearly
  between the two 0.1 cm rows around the length, as anthro does: lower row =
  trunc(10*x)/10, upper row = trunc(10*x + 1)/10, weight (x - lower)/0.1; a
  length on a row uses that row.
- BMI = weight / (corrected length in m)^2 against bmianthro by age in days
  (anthro joins on age and sex only: the table's loh column just records that
  rows under 731 days are length-based).
- Results are rounded to 2 decimals (anthro's default precision) and the
  Permenkes classes are taken from the rounded value.

Out-of-range or missing inputs give None, never an exception.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from .growth_codes import KBM_GRAMS, GrowthCode, completed_months, growth_code, kbm_grams
from .measured_values import as_date, positive
from .nutrition_classes import (
    BGM_WAZ,
    CLASSIFICATION,
    HeightForAge,
    WeightForAge,
    WeightForHeight,
    classify,
    is_bgm,
)
from .who_tables import (
    DATA_DIR,
    HEIGHT_FROM_DAYS,
    LMS,
    WFH_RANGE_CM,
    WFL_RANGE_CM,
    lms_table,
    measurement_at_sd,
    wfl_lms,
    z_score,
    z_score_adjusted,
)

__all__ = [
    "BGM_WAZ",
    "CLASSIFICATION",
    "DATA_DIR",
    "DAYS_PER_MONTH",
    "HEIGHT_FROM_DAYS",
    "KBM_GRAMS",
    "LMS",
    "MAX_AGE_DAYS",
    "SEX_CODES",
    "WFH_RANGE_CM",
    "WFL_RANGE_CM",
    "GrowthCode",
    "GrowthResult",
    "HeightForAge",
    "WeightForAge",
    "WeightForHeight",
    "child_growth",
    "classify",
    "completed_months",
    "corrected_length",
    "growth_code",
    "is_bgm",
    "kbm_grams",
    "weight_for_age_curves",
]

SEX_CODES = {"L": 1, "P": 2}  # ILP sex -> WHO sex (1 boy, 2 girl)
MAX_AGE_DAYS = 1826  # last day with age in months (days / 30.4375) under 60
DAYS_PER_MONTH = 30.4375
POSITION_CORRECTION_CM = 0.7
Z_DIGITS = 2


def _rounded(z: float | None) -> float | None:
    if z is None or not math.isfinite(z):
        return None
    return round(z, Z_DIGITS) + 0.0  # + 0.0: no "-0.0"


def _by_age(table: str, sex: int, age_days: int, y: float | None, adjusted: bool) -> float | None:
    if y is None:
        return None
    p = lms_table(table).get((sex, age_days))
    if p is None:
        return None
    return _rounded(z_score_adjusted(y, p) if adjusted else z_score(y, p))


def corrected_length(age_days: int, length_cm: float, measured_lying: bool | None) -> float:
    """Length/height converted to the reference position for the age: lying under
    731 days, standing from 731 days. Position unknown: taken as the reference."""
    if measured_lying is None:
        return length_cm
    if age_days < HEIGHT_FROM_DAYS and not measured_lying:
        return length_cm + POSITION_CORRECTION_CM
    if age_days >= HEIGHT_FROM_DAYS and measured_lying:
        return length_cm - POSITION_CORRECTION_CM
    return length_cm


@dataclass(frozen=True)
class GrowthResult:
    age_days: int
    length_cm_corrected: float | None
    waz: float | None  # weight-for-age
    haz: float | None  # length/height-for-age
    whz: float | None  # weight-for-length/height
    baz: float | None  # BMI-for-age
    hcz: float | None  # head circumference-for-age
    acz: float | None  # arm circumference-for-age (MUAC), table starts at 91 days
    weight_for_age_class: str | None
    height_for_age_class: str | None
    weight_for_height_class: str | None


def child_growth(
    *,
    sex: str,
    birth_date: date,
    measured_on: date,
    weight_kg: float | None = None,
    length_cm: float | None = None,
    measured_lying: bool | None = None,
    head_cm: float | None = None,
    muac_cm: float | None = None,
) -> GrowthResult:
    """WHO z-scores and Permenkes classes for one measurement of a child.

    sex is "L" or "P". Measurements may be floats or Decimals; a missing, zero,
    negative or non-finite one gives None for the indices that need it, and so
    does an age outside 0..1826 days or an unknown sex. The dates are required
    (a non-date raises TypeError)."""
    age_days = (as_date(measured_on) - as_date(birth_date)).days
    who_sex = SEX_CODES.get(sex) if isinstance(sex, str) else None
    weight = positive(weight_kg)
    length = positive(length_cm)
    lying = None if measured_lying is None else bool(measured_lying)
    clenhei = corrected_length(age_days, length, lying) if length is not None and age_days >= 0 else None

    if who_sex is None or not 0 <= age_days <= MAX_AGE_DAYS:
        return GrowthResult(age_days, _display_length(clenhei), *([None] * 9))

    bmi = weight / (clenhei / 100) ** 2 if weight is not None and clenhei is not None else None
    whz = None
    if weight is not None and clenhei is not None:
        p = wfl_lms(who_sex, age_days, clenhei)
        whz = _rounded(z_score_adjusted(weight, p)) if p is not None else None

    waz = _by_age("weianthro", who_sex, age_days, weight, adjusted=True)
    haz = _by_age("lenanthro", who_sex, age_days, clenhei, adjusted=False)
    return GrowthResult(
        age_days=age_days,
        length_cm_corrected=_display_length(clenhei),
        waz=waz,
        haz=haz,
        whz=whz,
        baz=_by_age("bmianthro", who_sex, age_days, bmi, adjusted=True),
        hcz=_by_age("hcanthro", who_sex, age_days, positive(head_cm), adjusted=False),
        acz=_by_age("acanthro", who_sex, age_days, positive(muac_cm), adjusted=True),
        weight_for_age_class=classify("weight_for_age", waz),
        height_for_age_class=classify("height_for_age", haz),
        weight_for_height_class=classify("weight_for_height", whz),
    )


def _display_length(value: float | None) -> float | None:
    # 80.0 + 0.7 is 80.7000000000000028 in binary; the z-scores use the unrounded value (as anthro does).
    return None if value is None else round(value, 2)


def weight_for_age_curves(sex: str) -> list[dict]:
    """Weight (kg, 3 decimals) at -3, -2, 0, +2 and +3 SD for months 0..60, from
    weianthro at age_days = 30.4375 * month rounded half up (anthro's rounding:
    month 24 is day 731), for drawing the KMS growth chart."""
    who_sex = SEX_CODES.get(sex) if isinstance(sex, str) else None
    if who_sex is None:
        raise ValueError(f"sex must be 'L' or 'P', got {sex!r}")
    table = lms_table("weianthro")
    curves = []
    for month in range(61):
        p = table[(who_sex, math.floor(month * DAYS_PER_MONTH + 0.5))]
        curves.append(
            {
                "month": month,
                "sd3neg": round(measurement_at_sd(p, -3), 3),
                "sd2neg": round(measurement_at_sd(p, -2), 3),
                "median": round(p.m, 3),
                "sd2": round(measurement_at_sd(p, 2), 3),
                "sd3": round(measurement_at_sd(p, 3), 3),
            }
        )
    return curves
