"""The Posyandu growth codes of a weighing (N, T, O, B) and the minimum weight
gain (KBM) they are judged against."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from .measured_values import as_date, positive


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


def completed_months(birth_date: date, on: date) -> int:
    """Age in completed calendar months. A month is complete on the same day of
    the month as the birth day, or on the last day of a shorter month (born on the
    31st: complete on 30 April and 28/29 February)."""
    birth_date, on = as_date(birth_date), as_date(on)
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
    measured_on, previous_on = as_date(measured_on), as_date(previous_on)
    last_month = (measured_on.year, measured_on.month - 1) if measured_on.month > 1 else (measured_on.year - 1, 12)
    if (previous_on.year, previous_on.month) != last_month:
        return GrowthCode.TIDAK_DITIMBANG.value
    now, before = positive(weight_kg), positive(previous_kg)
    if now is None or before is None:
        raise ValueError("growth_code needs two positive weights")
    gain_grams = round(now * 1000) - round(before * 1000)
    naik = gain_grams >= kbm_grams(completed_months(birth_date, measured_on))
    return GrowthCode.NAIK.value if naik else GrowthCode.TIDAK_NAIK.value
