"""The shipped test catalogue (lab/data/tests.csv), created or updated by
code. A data migration loads it, passing its historical model; the national
admin keeps it in the admin afterwards."""

import csv
from decimal import Decimal
from pathlib import Path

CATALOGUE_CSV = Path(__file__).resolve().parent / "data" / "tests.csv"
TRUE_WORDS = {"1", "ya", "yes", "true"}


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if text.strip() else None


def _bool(text: str) -> bool | None:
    text = text.strip().lower()
    return None if not text else text in TRUE_WORDS


def read_catalogue(path: Path = CATALOGUE_CSV) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = []
        for raw in csv.DictReader(f):
            rows.append({
                "code": raw["code"].strip(), "name": raw["name"].strip(), "unit": raw["unit"].strip(),
                "result_type": raw["result_type"].strip(), "outcomes": raw["outcomes"].split(),
                "decimal_places": int(raw["decimal_places"] or 0),
                **{k: _decimal(raw[k]) for k in ("low", "high", "low_female", "high_female", "plausible_min",
                                                 "plausible_max")},
                "feeds": raw["feeds"].strip(), "fasting": _bool(raw["fasting"]),
                "tb_test": bool(_bool(raw["tb_test"])), "point_of_care": bool(_bool(raw["point_of_care"])),
                "packages": raw["packages"].split(), "order": int(raw["order"] or 0),
            })
    return rows


def load_shipped_catalogue(model=None, path: Path = CATALOGUE_CSV) -> int:
    if model is None:
        from .models import LabTest as model
    rows = read_catalogue(path)
    for row in rows:
        code = row.pop("code")
        model.objects.update_or_create(code=code, defaults=row)
    return len(rows)
