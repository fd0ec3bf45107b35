"""The Permenkes 2/2020 nutritional-status classes of a child's z-scores, and
BGM (bawah garis merah). Every cut-off is here, in one place."""

from __future__ import annotations

import math

from django.db import models
from django.utils.translation import gettext_lazy as _


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


def is_bgm(waz: float | None) -> bool | None:
    """Bawah garis merah: weight-for-age below -3 SD. None when waz is unknown."""
    if waz is None or math.isnan(waz):
        return None
    return waz < BGM_WAZ
