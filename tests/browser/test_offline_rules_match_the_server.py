"""The offline session's rules (static/js/offline/rules.js, fed the JSON of
/api/v1/rules/) give a Posyandu row the same derived values, errors and
warnings as the server: a few hundred generated rows, both run in Chromium
in one call and compared field by field."""

import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from clusters import thresholds as t
from clusters.anthropometry import _rounded
from clusters.client_rules import client_rules
from clusters.derived import _dec, age_years, derive
from clusters.forms import LocalDecimalField, SessionRowForm
from clusters.measurements import check_ranges, growth_warnings, weight_change_warnings
from clusters.who_tables import lms_table

SCRIPTS = Path(__file__).resolve().parents[2] / "static" / "js" / "offline"
DERIVED = ("age_days", "waz", "haz", "whz", "baz", "weight_for_age_class", "height_for_age_class",
           "weight_for_height_class", "bgm", "flagged_z", "growth_code")
TEXT_FIELDS = ("weight_for_age_class", "height_for_age_class", "weight_for_height_class", "flagged_z")


@pytest.fixture
def rules_page(page):
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(path=str(SCRIPTS / "numbers.js"))
    page.add_script_tag(path=str(SCRIPTS / "rules.js"))
    return page


def _decimal_text(rng, low, high, places):
    return f"{rng.uniform(low, high):.{places}f}"


def _around(rng, median, spread, low, high, places):
    """A value near the WHO median most of the time, anywhere (even absurd) otherwise."""
    if rng.random() < 0.65:
        return f"{max(0.01, median * (1 + rng.gauss(0, spread))):.{places}f}"
    return _decimal_text(rng, low, high, places)


def generated_rows(seed: int, count: int) -> list[dict]:
    rng = random.Random(seed)
    weights, lengths = lms_table("weianthro"), lms_table("lenanthro")
    edges = [0, 1, 90, 91, 365, 730, 731, 732, 1095, 1460, 1825, 1826]
    rows = []
    for n in range(count):
        sex = rng.choice("LP")
        age = edges[n] if n < len(edges) else rng.randint(0, 1826)
        on = date(2024, 1, 1) + timedelta(days=rng.randint(0, 1060))
        born = on - timedelta(days=age)
        median_kg = weights[(1 if sex == "L" else 2, age)].m
        median_cm = lengths[(1 if sex == "L" else 2, age)].m
        weight = _around(rng, median_kg, 0.2, 0.2, 45, 2) if rng.random() < 0.9 else None
        length = _around(rng, median_cm, 0.08, 35, 135, 1) if rng.random() < 0.8 else None
        previous = None
        kind = rng.random()
        if kind < 0.45:  # in the calendar month before
            first = (on.replace(day=1) - timedelta(days=1)).replace(day=1)
            day = first + timedelta(days=rng.randint(0, 27))
            previous = (day, None)
        elif kind < 0.65:  # older
            previous = (on - timedelta(days=rng.randint(60, 200)), None)
        elif kind < 0.75 and on.day > 1:  # earlier the same month
            previous = (on.replace(day=rng.randint(1, on.day - 1)), None)
        if previous is not None:
            before = median_kg * (1 + rng.gauss(0, 0.1)) if weight is None else float(weight) + rng.gauss(0, 0.6)
            if rng.random() < 0.1:
                before = float(weight or median_kg) * rng.choice([0.7, 1.3])
            previous = (previous[0], Decimal(f"{max(0.5, before):.2f}"))
            if previous[0] < born:
                previous = None
        rows.append({
            "sex": sex, "born": born, "on": on, "previous": previous,
            "values": {
                "weight_kg": None if weight is None else Decimal(weight),
                "length_cm": None if length is None else Decimal(length),
                "measured_lying": rng.choice([True, False, None]),
                "muac_cm": Decimal(_decimal_text(rng, 3, 55, 1)) if rng.random() < 0.3 else None,
                "oedema": True if rng.random() < 0.1 else None,
            },
        })
    return rows


def _row(sex, born, on, previous=None, **values):
    values = {"weight_kg": None, "length_cm": None, "measured_lying": None, "muac_cm": None, "oedema": None,
              **{k: Decimal(v) if isinstance(v, str) else v for k, v in values.items()}}
    return {"sex": sex, "born": born, "on": on, "values": values,
            "previous": None if previous is None else (previous[0], Decimal(previous[1]))}


def edge_rows() -> list[dict]:
    """Rows on the edges random ones rarely hit: each range bound and just
    past it, a gain of exactly the KBM, a change of exactly what is allowed,
    months completed at the end of a shorter month, the length/height switch."""
    rows = []
    born, on = date(2024, 3, 10), date(2025, 6, 14)
    for field, key in (("weight_kg", "weight_kg:child"), ("length_cm", "length_cm:child"), ("muac_cm", "muac_cm")):
        step = Decimal("0.01") if field == "weight_kg" else Decimal("0.1")
        for bound, outwards in zip(t.RANGES[key], (-step, step, -step, step), strict=True):
            rows += [_row("L", born, on, **{field: str(bound)}), _row("P", born, on, **{field: str(bound + outwards)})]
    last_month = date(2025, 5, 20)
    for grams in (200, 190, 210):  # KBM at 14 months: 200 g
        rows.append(_row("P", born, on, (last_month, "9.00"), weight_kg=str(Decimal("9") + Decimal(grams) / 1000)))
    for weight in ("11.00", "11.01", "9.00", "8.99"):  # 26 days: 1.0 kg at most
        rows.append(_row("L", born, date(2025, 6, 20), (date(2025, 5, 25), "10.00"), weight_kg=weight))
    for weight in ("8.00", "7.99"):  # 61 days: 2.004 kg, but a loss of 20 % at most
        rows.append(_row("L", born, date(2025, 6, 20), (date(2025, 4, 20), "10.00"), weight_kg=weight))
    for day in (27, 28):  # born on the 31st: the second month completes on 28 February (KBM 800 g, then 900 g)
        rows.append(_row("L", date(2024, 12, 31), date(2025, 2, day), (date(2025, 1, 15), "5.00"), weight_kg="5.85"))
    for age in (730, 731):
        for lying in (True, False, None):
            rows.append(_row("P", on - timedelta(days=age), on, weight_kg="10.5", length_cm="82.3",
                             measured_lying=lying))
    rows.append(_row("L", date(2020, 2, 29), date(2025, 2, 28), weight_kg="18", oedema=True))  # five on 1 March
    rows.append(_row("L", date(2020, 3, 1), date(2025, 3, 1), weight_kg="18", oedema=True))  # five today
    return rows


def server_checks(row) -> dict:
    """check_ranges, growth_warnings and weight_change_warnings composed as
    clusters.services._validate composes them."""
    values, born, on = row["values"], row["born"], row["on"]
    years = age_years(born, on) if on >= born else 0
    errors, warnings = check_ranges(values, years=years)
    if years < t.CHILD_MAX_YEARS and on >= born:
        for field, messages in growth_warnings(values, sex=row["sex"], birth_date=born, on=on).items():
            warnings.setdefault(field, []).extend(messages)
        if not values.get("oedema"):
            changes = weight_change_warnings(values.get("weight_kg"), row["previous"], birth_date=born, on=on)
            for field, messages in changes.items():
                warnings.setdefault(field, []).extend(messages)
    for field in errors:
        warnings.pop(field, None)
    return {"errors": errors, "warnings": warnings}


def server_derived(row) -> dict | None:
    """What clusters.services._write_measurement stores; None where it refuses."""
    stored = {k: v for k, v in row["values"].items() if v not in (None, "", [])}
    try:
        out = derive(stored, sex=row["sex"], birth_date=row["born"], visit_date=row["on"], pregnant=False,
                     previous_weighing=row["previous"] if "weight_kg" in stored else None)
    except ValueError:
        return None
    return {key: ("" if key in TEXT_FIELDS else None) if out.get(key) is None else
            (str(out[key]) if isinstance(out[key], Decimal) else out[key]) for key in DERIVED}


def for_the_browser(row) -> dict:
    previous = row["previous"]
    return {
        "child": {"sex": row["sex"], "birth_date": row["born"].isoformat(),
                  "previous_weighing": None if previous is None else
                  {"date": previous[0].isoformat(), "kg": float(previous[1])}},
        "on": row["on"].isoformat(),
        "values": {k: float(v) if isinstance(v, Decimal) else v for k, v in row["values"].items()},
    }


RUN = """([rules, cases]) => cases.map((c) => ({
    derived: ILPRules.derive(rules, c.child, c.on, c.values),
    checked: ILPRules.check(rules, c.child, c.on, c.values),
}))"""


def compare(page, language, rows):
    with translation.override(language):
        rules = client_rules(language)
        expected = [(server_derived(row), server_checks(row)) for row in rows]
    got = page.evaluate(RUN, [rules, [for_the_browser(row) for row in rows]])
    derived_rows = 0
    for row, (derived, checked), result in zip(rows, expected, got, strict=True):
        case = (row["sex"], row["born"], row["on"], row["values"], row["previous"])
        if derived is None:
            assert result["derived"]["growth_code"] is None, case
        else:
            derived_rows += 1
            for key in DERIVED:
                assert result["derived"][key] == derived[key], (key, case)
        for kind in ("errors", "warnings"):
            assert sorted(result["checked"][kind]) == sorted(checked[kind]), (kind, case)
            assert result["checked"][kind] == checked[kind], (kind, case)
    return derived_rows


def test_derived_values_errors_and_warnings_match_the_server(rules_page):
    rows = generated_rows(seed=20, count=400) + edge_rows()
    assert compare(rules_page, "id", rows) > 300
    warned = [r for r in rows if server_checks(r)["warnings"]]
    refused = [r for r in rows if server_checks(r)["errors"]]
    flagged = [r for r in rows if (server_derived(r) or {}).get("flagged_z")]
    assert len(warned) > 40 and len(refused) > 20 and len(flagged) > 10  # the generator reaches every branch


def test_they_match_in_english_too(rules_page):
    assert compare(rules_page, "en", generated_rows(seed=7, count=80) + edge_rows()) > 50


TYPED = ["12,5", "12.5", "1.234,5", "abc", "", " 7 ", "-1", "0,5", ",5", "5,", "+3", "1e3", "1e-1", "1_0",
         "1 2", "\u00a012,5\u2003", "12..5", "12,,5", "inf", "NaN", "-", ",", "--1", "0", "007", "123,45",
         "1234,5", "12,345", "0,001", "\u0661\u0662", "12,5kg", "0x10"]


@pytest.mark.parametrize("name", [None, "weight_kg", "length_cm"])
def test_typed_numbers_are_read_as_the_form_reads_them(rules_page, name):
    field = LocalDecimalField(required=False) if name is None else SessionRowForm.base_fields[name]
    expected = []
    for text in TYPED:
        try:
            value = field.clean(text)
        except ValidationError:
            value = None
        expected.append(None if value is None else float(value))
    limits = None if name is None else client_rules("id")["fields"][name]
    got = rules_page.evaluate("([texts, limits]) => texts.map((t) => ILPRules.parseDecimal(t, limits))",
                              [TYPED, limits])
    assert dict(zip(TYPED, got, strict=True)) == dict(zip(TYPED, expected, strict=True))


def test_z_scores_are_rounded_as_the_server_stores_them(rules_page):
    # Exact binary ties (odd eighths) go to the even digit in Python's round().
    zs = [0.125, -0.125, 0.375, 2.625, -2.875, 1.005, 2.675, -0.004, -0.005, 1e-12, -3.0049999999999995, 5.995,
          -1.2345678, 0.0, 6.0, -6.005]
    expected = [str(_dec(_rounded(z))) for z in zs]
    assert rules_page.evaluate("(zs) => zs.map(ILPRules.roundZ)", zs) == expected
