"""Range checks of measurements (thresholds in thresholds.py): a value outside
the plausible range is rejected, one near its edge is a warning to confirm."""

from decimal import Decimal

from django.utils.translation import gettext as _

from . import thresholds as t

UNITS = {
    "weight_kg": "kg", "length_cm": "cm", "head_cm": "cm", "muac_cm": "cm", "waist_cm": "cm",
    "systolic": "mmHg", "diastolic": "mmHg", "glucose_mg_dl": "mg/dL", "hb_g_dl": "g/dL",
    "gestational_age_weeks": _("weeks"), "srq20": "", "puma": "", "adl": "",
}


def _range_key(field: str, years: int) -> str:
    if field in ("weight_kg", "length_cm"):
        if years < t.CHILD_MAX_YEARS:
            return f"{field}:child"
        return f"{field}:youth" if years < t.ADULT_FROM_YEARS else f"{field}:adult"
    return field


def check_ranges(values: dict, *, years: int) -> tuple[dict, dict]:
    """(errors, warnings), each {field: [message]}."""
    errors, warnings = {}, {}
    for field, value in values.items():
        if value is None or field not in UNITS:
            continue
        low, warn_low, warn_high, high = t.RANGES[_range_key(field, years)]
        number = Decimal(str(value))
        unit = UNITS[field]
        if number.is_nan() or number < low or number > high:
            errors[field] = [_("Must be between %(low)s and %(high)s %(unit)s.") % {
                "low": low, "high": high, "unit": unit}]
        elif number < warn_low or number > warn_high:
            warnings[field] = [_("%(value)s %(unit)s is unusual; check the measurement.") % {
                "value": value, "unit": unit}]
    sys_, dia = values.get("systolic"), values.get("diastolic")
    if sys_ is not None and dia is not None and dia >= sys_ and "diastolic" not in errors:
        errors["diastolic"] = [_("Diastolic must be below systolic.")]
    if values.get("glucose_mg_dl") is not None and values.get("glucose_fasting") is None:
        errors["glucose_fasting"] = [_("Say whether the glucose was measured fasting.")]
    return errors, warnings
