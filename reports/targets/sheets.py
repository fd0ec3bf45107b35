"""Reading a sheet of rows from an uploaded CSV or XLSX file (`read_sheet`).

CSV in UTF-8 or Windows-1252, separated by `,` `;` or tab; XLSX from its first
worksheet. A file that cannot be read at all (not CSV/XLSX, bad encoding,
empty, too large, required columns missing) raises SheetError with one
message for the user; no row is looked at then."""

import csv
import io
import re

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 30
REGION_COLUMN, FACILITY_COLUMN = "kode_wilayah", "kode_fasilitas"
REQUIRED_COLUMNS = ("tahun", "sasaran", "jumlah")


class SheetError(Exception):
    """The file as a whole cannot be read; the message says why."""


def read_sheet(data: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a CSV or XLSX file as (line, {column: text}), with
    lower-case column names. Raises SheetError with a message for the user."""
    if not data:
        raise SheetError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise SheetError(_("The file is too large: at most %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    name = (filename or "").lower()
    is_zip = data[:4] == b"PK\x03\x04"
    if name.endswith(".xlsx"):
        if not is_zip:
            raise SheetError(_("This file is not a valid XLSX workbook."))
        table = _xlsx_rows(data)
    elif name.endswith(".csv"):
        if is_zip:
            raise SheetError(_("This file is a workbook, not a CSV: save it as .xlsx or export it as CSV."))
        table = _csv_rows(data)
    else:
        raise SheetError(_("Upload a .csv or .xlsx file."))
    return _with_header(table)


def _csv_rows(data: bytes):
    if b"\x00" in data:
        raise SheetError(_("This file is not a text CSV."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetError(_('The file\'s encoding cannot be read: save it as "CSV UTF-8".'))
    if any(ch < " " and ch not in "\t\r\n" for ch in text[:65536]):
        raise SheetError(_("This file is not a text CSV."))
    sample = text[:4096]
    delimiter = max((";", ",", "\t"), key=sample.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise SheetError(_("The CSV file cannot be read (%(error)s).") % {"error": exc}) from exc


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors: many kinds on a damaged workbook
        raise SheetError(_("This file is not a valid XLSX workbook.")) from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None or not hasattr(sheet, "iter_rows"):
            raise SheetError(_("The workbook has no worksheet."))
        try:
            for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
                yield [_cell_text(v) for v in values]
        except SheetError:
            raise
        except Exception as exc:  # a damaged sheet inside a valid zip
            raise SheetError(_("This file is not a valid XLSX workbook.")) from exc
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _normal_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", (name or "").strip().lstrip("\ufeff").lower())


def _with_header(table) -> list[tuple[int, dict[str, str]]]:
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for line, values in enumerate(table, start=1):
        if header is None:
            if not any((v or "").strip() for v in values):
                continue
            header = [_normal_header(v) for v in values]
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if REGION_COLUMN not in header and FACILITY_COLUMN not in header:
                missing.insert(0, f"{REGION_COLUMN} / {FACILITY_COLUMN}")
            if missing:
                raise SheetError(_("Required columns missing: %(cols)s.") % {"cols": ", ".join(missing)})
            continue
        if not any((v or "").strip() for v in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise SheetError(_("The file has too many rows: at most %(n)s.") % {"n": MAX_ROWS})
        row = {}
        for name, value in zip(header, values, strict=False):
            if name and name not in row:
                row[name] = (value or "").strip()
        rows.append((line, row))
    if header is None:
        raise SheetError(_("The file is empty."))
    if not rows:
        raise SheetError(_("The file has no data rows."))
    return rows
