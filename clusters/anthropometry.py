"""Child anthropometry: WHO Child Growth Standards (2006) z-scores, the
Permenkes 2/2020 nutritional-status classes and the Posyandu growth codes.

Pure Python (no models, no database). The z-scores follow the WHO's own method
exactly as its R package `anthro` (WorldHealthOrganization/anthro) implements it,
from the WHO LMS tables copied unchanged into `data/who-growth/`; see
docs/decisions/0005-who-z-scores.md for why this is our own code and how it is
checked.

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

import csv
import math
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

DATA_DIR = Path(__file__).resolve().parent / "data" / "who-growth"

# --- WHO method constants ------------------------------------------------------------------------------------------

SEX_CODES = {"L": 1, "P": 2}  # ILP sex -> WHO sex (1 boy, 2 girl)
MAX_AGE_DAYS = 1826  # last day with age in months (days / 30.4375) under 60
DAYS_PER_MONTH = 30.4375
HEIGHT_FROM_DAYS = 731  # lying length before, standing height from this age
POSITION_CORRECTION_CM = 0.7
WFL_RANGE_CM = (45.0, 110.0)  # wflanthro, under 731 days
WFH_RANGE_CM = (65.0, 120.0)  # wfhanthro, from 731 days
Z_DIGITS = 2


# --- Permenkes 2/2020 classes -----------------------------------------------------------------------------------


class WeightForAge(models.TextChoices):
    SEVERELY_UNDERWEIGHT = "severely_underweight", _("Severely underweight (berat badan sangat kurang)")
    UNDERWEIGHT = "underweight", _("Underweight (berat badan kurang)")
    NORMAL = "normal", _("Normal weight (berat badan normal)")
    RISK_OF_OVERWEIGHT = "risk_of_overweight", _("Risk of overweight (risiko berat badan lebih)")


class HeightForAge(models.TextChoices):
    SEVERELY_STUNTED = "severely_stunted", _("Severely stunted (sangat pendek)")
    STUNTED = "stunted", _("Stunted (pendek)")
    NORMAL = "normal", _("Normal height (normal)")
    TALL = "tall", _("Tall (tinggi)")


class WeightForHeight(models.TextChoices):
    SEVERE_WASTING = "severe_wasting", _("Severe wasting (gizi buruk)")
    WASTING = "wasting", _("Wasting (gizi kurang)")
    NORMAL = "normal", _("Normal (gizi baik)")
    RISK_OF_OVERWEIGHT = "risk_of_overweight", _("Risk of overweight (berisiko gizi lebih)")
    OVERWEIGHT = "overweight", _("Overweight (gizi lebih)")
    OBESE = "obese", _("Obese (obesitas)")


# Every cut-off in one place (regulations change). Per index, bands from the lowest
# up: (class, operator, bound) means "this class if z <operator> bound", tried in
# order; the last band (bound None) takes the rest. "<" and "<=" make each
# boundary explicit: -3 is underweight (not severe), +1 is still normal.
CLASSIFICATION: dict[str, tuple[tuple[str, str | None, float | None], ...]] = {
    "weight_for_age": (
        (WeightForAge.SEVERELY_UNDERWEIGHT, "<", -3.0),
        (WeightForAge.UNDERWEIGHT, "<", -2.0),
        (WeightForAge.NORMAL, "<=", 1.0),
        (WeightForAge.RISK_OF_OVERWEIGHT, None, None),
    ),
    "height_for_age": (
        (HeightForAge.SEVERELY_STUNTED, "<", -3.0),
        (HeightForAge.STUNTED, "<", -2.0),
        (HeightForAge.NORMAL, "<=", 3.0),
        (HeightForAge.TALL, None, None),
    ),
    "weight_for_height": (
        (WeightForHeight.SEVERE_WASTING, "<", -3.0),
        (WeightForHeight.WASTING, "<", -2.0),
        (WeightForHeight.NORMAL, "<=", 1.0),
        (WeightForHeight.RISK_OF_OVERWEIGHT, "<=", 2.0),
        (WeightForHeight.OVERWEIGHT, "<=", 3.0),
        (WeightForHeight.OBESE, None, None),
    ),
}

BGM_WAZ = -3.0  # bawah garis merah: weight-for-age below this


def classify(index: str, z: float | None) -> str | None:
    """The Permenkes 2/2020 class (a plain string value) of a z-score for an index
    of CLASSIFICATION; None when z is None or NaN."""
    if z is None or math.isnan(z):
        return None
    for label, op, bound in CLASSIFICATION[index]:
        if op is None or (z < bound if op == "<" else z <= bound):
            return str(label.value)
    return None  # unreachable: the last band is open


# --- Posyandu growth codes --------------------------------------------------------------------------------------


class GrowthCode(models.TextChoices):
    NAIK = "N", _("N: weight went up enough (naik)")
    TIDAK_NAIK = "T", _("T: weight did not go up enough (tidak naik)")
    TIDAK_DITIMBANG = "O", _("O: not weighed last month")
    BARU = "B", _("B: first weighing (baru)")


# Kenaikan Berat badan Minimal (KBM), grams, by the child's age in completed months
# at the current weighing (KMS / Permenkes 2/2020 practice).
KBM_GRAMS: dict[int, int] = {
    1: 800,
    2: 900,
    3: 800,
    4: 600,
    5: 500,
    6: 400,
    7: 400,
    8: 300,
    9: 300,
    10: 300,
    11: 200,
    **dict.fromkeys(range(12, 61), 200),
}


# --- tables ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LMS:
    l: float  # noqa: E741 (the WHO's name)
    m: float
    s: float


@cache  # functools.lru_cache(maxsize=None)
def _table(name: str) -> dict[tuple[int, int], LMS]:
    """A WHO table keyed by (sex, age in days) or, for wflanthro/wfhanthro,
    (sex, length in tenths of a cm). Parsed once, on first use."""
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


# --- the WHO formulas --------------------------------------------------------------------------------------------


def _z(y: float, p: LMS) -> float:
    if p.l == 0:
        return math.log(y / p.m) / p.s
    return ((y / p.m) ** p.l - 1) / (p.s * p.l)


def _sd(p: LMS, k: float) -> float:
    """The measurement at k SD."""
    if p.l == 0:
        return p.m * math.exp(p.s * k)
    base = 1 + p.l * p.s * k
    return p.m * base ** (1 / p.l) if base > 0 else math.nan


def _z_adjusted(y: float, p: LMS) -> float:
    z = _z(y, p)
    if z > 3:
        sd3 = _sd(p, 3)
        return 3 + (y - sd3) / (sd3 - _sd(p, 2))
    if z < -3:
        sd3neg = _sd(p, -3)
        return -3 + (y - sd3neg) / (_sd(p, -2) - sd3neg)
    return z


def _rounded(z: float | None) -> float | None:
    if z is None or not math.isfinite(z):
        return None
    return round(z, Z_DIGITS) + 0.0  # + 0.0: no "-0.0"


def _by_age(table: str, sex: int, age_days: int, y: float | None, adjusted: bool) -> float | None:
    if y is None:
        return None
    p = _table(table).get((sex, age_days))
    if p is None:
        return None
    return _rounded(_z_adjusted(y, p) if adjusted else _z(y, p))


def _wfl_lms(sex: int, age_days: int, lenhei: float) -> LMS | None:
    """l, m, s for weight-for-length (under 731 days) or -height, interpolated
    between 0.1 cm rows exactly as anthro does."""
    table, (low_cm, high_cm) = (
        ("wflanthro", WFL_RANGE_CM) if age_days < HEIGHT_FROM_DAYS else ("wfhanthro", WFH_RANGE_CM)
    )
    if not low_cm <= lenhei <= high_cm:
        return None
    low_key = math.trunc(lenhei * 10)
    upp_key = math.trunc(lenhei * 10 + 1)
    diff = (lenhei - low_key / 10) / 0.1
    rows = _table(table)
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


# --- inputs ------------------------------------------------------------------------------------------------------


def _positive(value) -> float | None:
    """A usable measurement: a finite number above zero (Decimal accepted)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number > 0 else None


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date, got {value!r}")


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


# --- public API --------------------------------------------------------------------------------------------------


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
    age_days = (_as_date(measured_on) - _as_date(birth_date)).days
    who_sex = SEX_CODES.get(sex) if isinstance(sex, str) else None
    weight = _positive(weight_kg)
    length = _positive(length_cm)
    lying = None if measured_lying is None else bool(measured_lying)
    clenhei = corrected_length(age_days, length, lying) if length is not None and age_days >= 0 else None

    if who_sex is None or not 0 <= age_days <= MAX_AGE_DAYS:
        return GrowthResult(age_days, _display_length(clenhei), *([None] * 9))

    bmi = weight / (clenhei / 100) ** 2 if weight is not None and clenhei is not None else None
    whz = None
    if weight is not None and clenhei is not None:
        p = _wfl_lms(who_sex, age_days, clenhei)
        whz = _rounded(_z_adjusted(weight, p)) if p is not None else None

    waz = _by_age("weianthro", who_sex, age_days, weight, adjusted=True)
    haz = _by_age("lenanthro", who_sex, age_days, clenhei, adjusted=False)
    return GrowthResult(
        age_days=age_days,
        length_cm_corrected=_display_length(clenhei),
        waz=waz,
        haz=haz,
        whz=whz,
        baz=_by_age("bmianthro", who_sex, age_days, bmi, adjusted=True),
        hcz=_by_age("hcanthro", who_sex, age_days, _positive(head_cm), adjusted=False),
        acz=_by_age("acanthro", who_sex, age_days, _positive(muac_cm), adjusted=True),
        weight_for_age_class=classify("weight_for_age", waz),
        height_for_age_class=classify("height_for_age", haz),
        weight_for_height_class=classify("weight_for_height", whz),
    )


def _display_length(value: float | None) -> float | None:
    # 80.0 + 0.7 is 80.7000000000000028 in binary; the z-scores use the unrounded value (as anthro does).
    return None if value is None else round(value, 2)


def is_bgm(waz: float | None) -> bool | None:
    """Bawah garis merah: weight-for-age below -3 SD. None when waz is unknown."""
    if waz is None or math.isnan(waz):
        return None
    return waz < BGM_WAZ


def completed_months(birth_date: date, on: date) -> int:
    """Age in completed calendar months. A month is complete on the same day of
    the month as the birth day, or on the last day of a shorter month (born on the
    31st: complete on 30 April and 28/29 February)."""
    birth_date, on = _as_date(birth_date), _as_date(on)
    months = (on.year - birth_date.year) * 12 + (on.month - birth_date.month)
    anniversary = min(birth_date.day, _days_in_month(on.year, on.month))
    return months if on.day >= anniversary else months - 1


def _days_in_month(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - date(year, month, 1)).days


def kbm_grams(age_months: int) -> int:
    """Minimum weight gain (KBM) for a weighing at this age: the 1-month value in
    the first month, the 60-month value after 60 months."""
    return KBM_GRAMS[min(max(age_months, min(KBM_GRAMS)), max(KBM_GRAMS))]


def growth_code(*, birth_date: date, measured_on: date, weight_kg: float, previous: tuple[date, float] | None) -> str:
    """Posyandu growth code of a weighing ("B", "O", "N" or "T").

    previous is the child's last earlier weighing (date, kg), or None. N and T need
    it to fall in the calendar month before measured_on; anything else (older, or
    in the same month) is O. N when the gain, in whole grams, is at least the KBM
    for the age in completed months. A weight that is not a positive number
    raises ValueError."""
    if previous is None:
        return GrowthCode.BARU.value
    previous_on, previous_kg = previous
    measured_on, previous_on = _as_date(measured_on), _as_date(previous_on)
    last_month = (measured_on.year, measured_on.month - 1) if measured_on.month > 1 else (measured_on.year - 1, 12)
    if (previous_on.year, previous_on.month) != last_month:
        return GrowthCode.TIDAK_DITIMBANG.value
    now, before = _positive(weight_kg), _positive(previous_kg)
    if now is None or before is None:
        raise ValueError("growth_code needs two positive weights")
    gain_grams = round(now * 1000) - round(before * 1000)
    naik = gain_grams >= kbm_grams(completed_months(birth_date, measured_on))
    return GrowthCode.NAIK.value if naik else GrowthCode.TIDAK_NAIK.value


def weight_for_age_curves(sex: str) -> list[dict]:
    """Weight (kg, 3 decimals) at -3, -2, 0, +2 and +3 SD for months 0..60, from
    weianthro at age_days = 30.4375 * month rounded half up (anthro's rounding:
    month 24 is day 731), for drawing the KMS growth chart."""
    who_sex = SEX_CODES.get(sex) if isinstance(sex, str) else None
    if who_sex is None:
        raise ValueError(f"sex must be 'L' or 'P', got {sex!r}")
    table = _table("weianthro")
    curves = []
    for month in range(61):
        p = table[(who_sex, math.floor(month * DAYS_PER_MONTH + 0.5))]
        curves.append(
            {
                "month": month,
                "sd3neg": round(_sd(p, -3), 3),
                "sd2neg": round(_sd(p, -2), 3),
                "median": round(p.m, 3),
                "sd2": round(_sd(p, 2), 3),
                "sd3": round(_sd(p, 3), 3),
            }
        )
    return curves
