"""Range checks of measurements (thresholds in thresholds.py): a value outside
the plausible range is rejected, one near its edge, a z-score WHO flags as
implausible, or a weight change too large for the time that passed is a
warning to confirm."""

from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from . import anthropometry
from . import thresholds as t
from .numbers import measure, zscore

UNITS = {
    "weight_kg": "kg", "length_cm": "cm", "head_cm": "cm", "muac_cm": "cm", "waist_cm": "cm",
    "systolic": "mmHg", "diastolic": "mmHg", "glucose_mg_dl": "mg/dL", "hb_g_dl": "g/dL",
    "gestational_age_weeks": gettext_lazy("weeks"), "srq20": "", "puma": "", "adl": "",
}
# The z-scores WHO gives no value for when both feet have pitting oedema.
WEIGHT_BASED_Z = ("waz", "whz", "baz")
Z_FIELD = {"waz": "weight_kg", "whz": "weight_kg", "baz": "weight_kg", "haz": "length_cm"}
Z_NAMES = {"waz": gettext_lazy("Weight-for-age"), "haz": gettext_lazy("Length/height-for-age"),
           "whz": gettext_lazy("Weight-for-length/height"), "baz": gettext_lazy("BMI-for-age")}

# The messages, by name: the checks below and the client's copy of the rules
# (clusters.client_rules) translate the same msgids.
MESSAGES = {
    "out_of_range": gettext_noop("Must be between %(low)s and %(high)s %(unit)s."),
    "unusual": gettext_noop("%(value)s %(unit)s is unusual; check the measurement."),
    "oedema_over_five": gettext_noop("Oedema is recorded here only for children under five."),
    "implausible_z": gettext_noop(
        "%(index)s z-score %(z)s is beyond what WHO considers plausible; check the measurement and the "
        "birth date."),
    "weight_gain": gettext_noop(
        "%(kg)s kg more than at the weighing of %(day)s (%(before)s kg): more than a child gains in that "
        "time; check the weight."),
    "weight_loss": gettext_noop(
        "%(kg)s kg less than at the weighing of %(day)s (%(before)s kg): more than a child loses in that "
        "time; check the weight."),
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
            errors[field] = [_(MESSAGES["out_of_range"]) % {
                "low": measure(low), "high": measure(high), "unit": unit}]
        elif number < warn_low or number > warn_high:
            warnings[field] = [_(MESSAGES["unusual"]) % {
                "value": measure(value), "unit": unit}]
    sys_, dia = values.get("systolic"), values.get("diastolic")
    if sys_ is not None and dia is not None and dia >= sys_ and "diastolic" not in errors:
        errors["diastolic"] = [_("Diastolic must be below systolic.")]
    if values.get("glucose_mg_dl") is not None and values.get("glucose_fasting") is None:
        errors["glucose_fasting"] = [_("Say whether the glucose was measured fasting.")]
    if values.get("oedema") and years >= t.CHILD_MAX_YEARS:
        errors["oedema"] = [_(MESSAGES["oedema_over_five"])]
    return errors, warnings


def _float(value):
    return None if value is None else float(value)


def growth_warnings(values: dict, *, sex: str, birth_date: date, on: date) -> dict:
    """{field: [message]} for the z-scores of an under-five beyond CONFIRM_Z."""
    oedema = bool(values.get("oedema"))
    growth = anthropometry.child_growth(
        sex=sex, birth_date=birth_date, measured_on=on,
        weight_kg=None if oedema else _float(values.get("weight_kg")),
        length_cm=_float(values.get("length_cm")), measured_lying=values.get("measured_lying"),
    )
    warnings: dict = {}
    for index, (low, high) in t.CONFIRM_Z.items():
        z = getattr(growth, index)
        if z is None or (oedema and index in WEIGHT_BASED_Z) or low <= z <= high:
            continue
        warnings.setdefault(Z_FIELD[index], []).append(
            _(MESSAGES["implausible_z"]) % {"index": Z_NAMES[index], "z": zscore(z)})
    return warnings


def allowed_weight_change(previous_kg: Decimal, *, age_months: int, days: int) -> Decimal:
    per_month = next(kg for under, kg in t.WEIGHT_CHANGE_PER_MONTH_KG if under is None or age_months < under)
    per_month = max(per_month, previous_kg * t.WEIGHT_CHANGE_PER_MONTH_SHARE)
    months = max(Decimal(1), Decimal(days) / Decimal(str(anthropometry.DAYS_PER_MONTH)))
    return per_month * months


def weight_change_warnings(weight, previous: tuple[date, Decimal] | None, *, birth_date: date, on: date) -> dict:
    """{"weight_kg": [message]} when an under-five's weight moved more since
    the previous weighing than a child's can in that time."""
    if weight is None or previous is None:
        return {}
    before_on, before_kg = previous[0], Decimal(str(previous[1]))
    weight = Decimal(str(weight))
    change = weight - before_kg
    allowed = allowed_weight_change(before_kg, age_months=anthropometry.completed_months(birth_date, on),
                                    days=(on - before_on).days)
    if abs(change) <= allowed and -change <= before_kg * t.WEIGHT_MAX_LOSS_SHARE:
        return {}
    signed = measure(abs(change))
    return {"weight_kg": [
        _(MESSAGES["weight_gain"] if change > 0 else MESSAGES["weight_loss"]) % {
            "kg": signed, "day": formats.date_format(before_on, "SHORT_DATE_FORMAT"), "before": measure(before_kg)}
    ]}
