"""The entry rules of a Posyandu session row, as data for the browser
(static/js/offline/rules.js), so that a phone offline checks and derives a
row as the server will: the WHO tables the z-scores need, every threshold,
and the messages in the user's language. Everything here is read from the
modules that define it; nothing is restated.

Numbers the server compares as Decimal (ranges, weight change) are sent as
decimal strings, so that the client can compare them exactly too."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils import formats, translation

from . import anthropometry, growth_codes, measurements, nutrition_classes, who_tables
from . import thresholds as t
from .numbers import MINUS

# The tables of the z-scores a session row stores (derived.derive): weight-
# for-age, length/height-for-age, weight-for-length/height and BMI-for-age.
# Arm circumference-for-age is computed but not stored, so not sent.
TABLES = ("weianthro", "lenanthro", "wflanthro", "wfhanthro", "bmianthro")
ROW_FIELDS = ("weight_kg", "length_cm", "muac_cm")  # the numbers a session row takes
RANGE_KEYS = ("weight_kg:child", "weight_kg:youth", "weight_kg:adult", "length_cm:child", "length_cm:youth",
              "length_cm:adult", "muac_cm")


def compact_table(name: str) -> dict[str, dict]:
    """A WHO table per sex ("1" boys, "2" girls): the first key (age in days,
    or length in tenths of a cm) and the l, m, s columns from it on."""
    rows = who_tables.lms_table(name)
    out = {}
    for sex in (1, 2):
        keys = sorted(key for s, key in rows if s == sex)
        if keys != list(range(keys[0], keys[-1] + 1)):
            raise ValueError(f"{name}: rows of sex {sex} are not one per key")
        lms = [rows[(sex, key)] for key in keys]
        out[str(sex)] = {"start": keys[0], "l": [p.l for p in lms], "m": [p.m for p in lms],
                         "s": [p.s for p in lms]}
    return out


def _decimals(values) -> list:
    return [None if v is None else str(v) for v in values]


def _field_limits() -> dict:
    from .forms import SessionRowForm  # forms import models: not at module load

    fields = SessionRowForm.base_fields
    return {name: {"max_digits": fields[name].max_digits, "decimal_places": fields[name].decimal_places}
            for name in ROW_FIELDS}


def _number_format() -> dict:
    grouping = settings.USE_THOUSAND_SEPARATOR
    return {
        "decimal_separator": str(formats.get_format("DECIMAL_SEPARATOR")),
        "thousand_separator": str(formats.get_format("THOUSAND_SEPARATOR")) if grouping else "",
        "number_grouping": int(formats.get_format("NUMBER_GROUPING")) if grouping else 0,
        "short_date_format": str(formats.get_format("SHORT_DATE_FORMAT")),
        "minus": MINUS,
    }


@cache
def client_rules(language: str) -> dict:
    """The rules in `language` (messages and number format). Built once per
    language; treat the result as read-only."""
    with translation.override(language):
        return {
            "language": language,
            "who": {
                "max_age_days": anthropometry.MAX_AGE_DAYS,
                "height_from_days": who_tables.HEIGHT_FROM_DAYS,
                "position_correction_cm": anthropometry.POSITION_CORRECTION_CM,
                "z_digits": anthropometry.Z_DIGITS,
                "sex_codes": anthropometry.SEX_CODES,
                "wfl_range_cm": list(who_tables.WFL_RANGE_CM),
                "wfh_range_cm": list(who_tables.WFH_RANGE_CM),
                "tables": {name: compact_table(name) for name in TABLES},
            },
            "classification": {index: [[str(label.value), op, bound] for label, op, bound in bands]
                               for index, bands in nutrition_classes.CLASSIFICATION.items()},
            "bgm_waz": nutrition_classes.BGM_WAZ,
            "growth_codes": {code.name: code.value for code in growth_codes.GrowthCode},
            "kbm_grams": {str(months): grams for months, grams in growth_codes.KBM_GRAMS.items()},
            "implausible_z": {index: list(bounds) for index, bounds in t.IMPLAUSIBLE_Z.items()},
            "confirm_z": {index: list(bounds) for index, bounds in t.CONFIRM_Z.items()},
            "child_max_years": t.CHILD_MAX_YEARS,
            "adult_from_years": t.ADULT_FROM_YEARS,
            "ranges": {key: _decimals(t.RANGES[key]) for key in RANGE_KEYS},
            "weight_change": {
                "per_month_kg": [[under, str(kg)] for under, kg in t.WEIGHT_CHANGE_PER_MONTH_KG],
                "per_month_share": str(t.WEIGHT_CHANGE_PER_MONTH_SHARE),
                "max_loss_share": str(t.WEIGHT_MAX_LOSS_SHARE),
                "days_per_month": str(anthropometry.DAYS_PER_MONTH),
            },
            "fields": _field_limits(),
            "units": {field: str(measurements.UNITS[field]) for field in ROW_FIELDS},
            "z_fields": measurements.Z_FIELD,
            "weight_based_z": list(measurements.WEIGHT_BASED_Z),
            "z_names": {index: str(name) for index, name in measurements.Z_NAMES.items()},
            "messages": {key: translation.gettext(msgid) for key, msgid in measurements.MESSAGES.items()},
            "format": _number_format(),
        }
