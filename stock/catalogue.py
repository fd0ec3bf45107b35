"""The stock catalogue from CSV (stock/data/catalogue.csv, or a district's own
file through `import_stock_items`). All or nothing: every row is checked
first, each problem named by its row and column, and only a file without
errors is written, creating or updating items by code. A dry run checks and
reports what would change without writing. A data migration loads the
shipped file, passing its historical model."""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from facilities.typed import whole_number

from .models import Category, Programme, Unit

CATALOGUE_CSV = Path(__file__).resolve().parent / "data" / "catalogue.csv"
COLUMNS = ["code", "name", "unit", "category", "programme", "essential", "doses_per_vial", "safety_stock_months",
           "active"]
REQUIRED_COLUMNS = ["code", "name", "unit", "category"]
FIELDS = COLUMNS[1:]
TRUE_WORDS = {"1", "ya", "y", "yes", "true", "benar"}
FALSE_WORDS = {"0", "tidak", "t", "no", "n", "false", "salah"}
MAX_ROWS = 10_000


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        if self.column:
            return _("Row %(line)s, column %(column)s: %(message)s") % {
                "line": self.line, "column": self.column, "message": self.message}
        return _("Row %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    created: list[str] = field(default_factory=list)  # codes
    updated: dict[str, list[str]] = field(default_factory=dict)  # code -> fields that change
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def applied(self) -> bool:
        return not self.dry_run and not self.errors


def _choice(raw: dict, column: str, choices, line: int, errors: list[RowError], required: bool = True) -> str:
    value = raw.get(column, "").strip().lower()
    if not value:
        if required:
            errors.append(RowError(line, column, _("This column is required.")))
        return ""
    if value not in choices.values:
        errors.append(RowError(line, column, _("'%(value)s' is not one of: %(allowed)s.") % {
            "value": raw.get(column, ""), "allowed": ", ".join(choices.values)}))
    return value


def _bool(raw: dict, column: str, default: bool, line: int, errors: list[RowError]) -> bool:
    word = raw.get(column, "").strip().lower()
    if not word:
        return default
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    errors.append(RowError(line, column, _("Write 'ya' or 'tidak', not '%(value)s'.") % {"value": raw[column]}))
    return default


def _row(raw: dict, line: int, seen: dict[str, int], errors: list[RowError]) -> dict:
    code = raw.get("code", "").strip()
    if not code:
        errors.append(RowError(line, "code", _("The code is required.")))
    elif len(code) > 30:
        errors.append(RowError(line, "code", _("The code is at most 30 characters.")))
    elif code in seen:
        errors.append(RowError(line, "code", _("Code %(code)s is already on row %(other)s.") % {
            "code": code, "other": seen[code]}))
    else:
        seen[code] = line
    name = raw.get("name", "").strip()
    if not name:
        errors.append(RowError(line, "name", _("The name is required.")))
    elif len(name) > 160:
        errors.append(RowError(line, "name", _("The name is at most 160 characters.")))
    row = {"code": code, "name": name, "unit": _choice(raw, "unit", Unit, line, errors),
           "category": _choice(raw, "category", Category, line, errors),
           "programme": _choice(raw, "programme", Programme, line, errors, required=False),
           "essential": _bool(raw, "essential", False, line, errors),
           "active": _bool(raw, "active", True, line, errors), "doses_per_vial": None,
           "safety_stock_months": Decimal(1)}
    doses = raw.get("doses_per_vial", "").strip()
    if doses:
        count = whole_number(doses, digits=3)
        if not count or count > 100:
            errors.append(RowError(line, "doses_per_vial", _("Write a whole number from 1 to 100, not '%(value)s'.")
                                   % {"value": doses}))
        elif row["category"] != Category.VACCINE:
            errors.append(RowError(line, "doses_per_vial", _("Only a vaccine has doses per vial.")))
        else:
            row["doses_per_vial"] = count
    months = raw.get("safety_stock_months", "").strip()
    if months:
        try:
            value = Decimal(months.replace(",", "."))
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or not 0 <= value <= 24 or value != value.quantize(Decimal("0.1")):
            errors.append(RowError(line, "safety_stock_months", _(
                "Write a number of months from 0 to 24 with at most one decimal, not '%(value)s'.") % {
                "value": months}))
        else:
            row["safety_stock_months"] = value.quantize(Decimal("0.1"))
    return row


def _parse(text: str, report: ImportReport) -> list[dict]:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        report.errors.append(RowError(1, "", _("Required columns missing: %(columns)s.") % {
            "columns": ", ".join(missing)}))
        return []
    rows, seen = [], {}
    for line, raw in enumerate(reader, start=2):
        if len(rows) >= MAX_ROWS:
            report.errors.append(RowError(line, "", _("The file is too long: at most %(n)s rows.") % {"n": MAX_ROWS}))
            break
        raw = {(k or "").strip().lower(): (v if isinstance(v, str) else "") for k, v in raw.items()}
        if not any(v.strip() for v in raw.values()):
            continue
        rows.append(_row(raw, line, seen, report.errors))
    return rows


def import_items(*, text: str, dry_run: bool = True, item_model=None) -> ImportReport:
    """Check every row of the CSV `text`; unless it is a dry run or a row has
    an error, create or update the items by code. `item_model` is for the
    data migration (its historical model)."""
    if item_model is None:
        from .models import Item as item_model
    report = ImportReport(dry_run=dry_run)
    rows = _parse(text, report)
    report.rows = len(rows)
    if not rows and not report.errors:
        report.errors.append(RowError(1, "", _("The file has no data rows.")))
    if report.errors:
        return report
    existing = {i.code: i for i in item_model.objects.filter(code__in=[r["code"] for r in rows])}
    new, changed = [], []
    for row in rows:
        item = existing.get(row["code"])
        if item is None:
            new.append(item_model(**row))
            report.created.append(row["code"])
            continue
        fields = [f for f in FIELDS if getattr(item, f) != row[f]]
        if fields:
            for f in fields:
                setattr(item, f, row[f])
            changed.append(item)
            report.updated[row["code"]] = fields
        else:
            report.unchanged += 1
    if not dry_run:
        with transaction.atomic():
            item_model.objects.bulk_create(new)
            if changed:
                item_model.objects.bulk_update(changed, FIELDS)
    return report


def load_shipped_catalogue(item_model=None) -> ImportReport:
    return import_items(text=CATALOGUE_CSV.read_text(encoding="utf-8"), dry_run=False, item_model=item_model)


SERVICE_ITEMS_CSV = Path(__file__).resolve().parent / "data" / "service_items.csv"


def load_service_items(service_model=None, item_model=None, link_model=None) -> int:
    """What each service consumes (stock/data/service_items.csv): pairs not
    there yet are added; a pair an admin changed keeps their values.
    Returns how many were added."""
    if link_model is None:
        from clusters.models import Service as service_model

        from .models import Item as item_model
        from .models import ServiceItem as link_model
    rows = list(csv.DictReader(io.StringIO(SERVICE_ITEMS_CSV.read_text(encoding="utf-8"))))
    services = dict(service_model.objects.filter(code__in={r["service"] for r in rows}).values_list("code", "pk"))
    items = dict(item_model.objects.filter(code__in={r["item"] for r in rows}).values_list("code", "pk"))
    have = set(link_model.objects.values_list("service_id", "item_id"))
    new = []
    for r in rows:
        key = (services.get(r["service"]), items.get(r["item"]))
        if None in key or key in have:
            continue
        have.add(key)
        new.append(link_model(service_id=key[0], item_id=key[1], quantity=int(r["quantity"]),
                              min_age_months=int(r["min_age_months"]) if r["min_age_months"] else None,
                              max_age_months=int(r["max_age_months"]) if r["max_age_months"] else None))
    link_model.objects.bulk_create(new)
    return len(new)
