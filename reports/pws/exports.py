"""Downloads of dashboard tables and of a district's year of facts, as CSV and
XLSX. XLSX cells hold real numbers (coverage as a fraction formatted as a
percentage), area codes stay text, and the header row is frozen."""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from facilities.areas import Area

from ..indicators import REGISTRY
from . import selectors
from .tables import STATUS_LABELS, Table

PERCENT, TEXT, NUMBER = "percent", "text", "number"


def table_columns() -> list[tuple[str, str]]:
    return [
        (_("Area code"), TEXT), (_("Area"), TEXT), (_("Indicator code"), TEXT), (_("Indicator"), TEXT),
        (_("Cluster"), TEXT), (_("Year"), NUMBER), (_("Month"), NUMBER), (_("Number"), NUMBER),
        (_("Measured denominator"), NUMBER), (_("Target (year)"), NUMBER), (_("Coverage"), PERCENT),
        (_("Expected by this month"), PERCENT), (_("Status"), TEXT), (_("Change since last month"), NUMBER),
    ]


def table_rows(table: Table) -> Iterator[list]:
    """One row per area and indicator, the total row last; percentages as
    Decimal percent (the XLSX writer turns them into fractions)."""
    for row in [*table.rows, table.total]:
        for indicator in table.indicators:
            cell = row.cells[indicator.code]
            yield [row.code, row.name, indicator.code, str(indicator.name), indicator.cluster, table.period.year,
                   table.period.month, cell.value, cell.denominator, cell.target, cell.percent, cell.expected,
                   str(STATUS_LABELS[cell.status]) if cell.status else "", cell.change]


def people_columns() -> list[tuple[str, str]]:
    return [(_("Name"), TEXT), (_("NIK"), TEXT), (_("Sex"), TEXT), (_("Birth date"), TEXT), (_("Age"), TEXT),
            (_("Expected delivery (HPL)"), TEXT), (_("Dusun"), TEXT), (_("RT"), TEXT), (_("RW"), TEXT),
            (_("Address"), TEXT), (_("Posyandu"), TEXT), (_("Last visit"), TEXT)]


def people_rows(people) -> Iterator[list]:
    """One row per person not yet counted (reports.pws.people), in the
    page's order; dates as ISO text, which every spreadsheet reads."""
    for p in people.people:
        yield [p.name, p.nik_masked, p.sex, p.birth_date.isoformat(), p.age,
               p.expected_delivery.isoformat() if p.expected_delivery else "", p.dusun, p.rt, p.rw, p.address,
               p.posyandu, p.last_visit.isoformat() if p.last_visit else ""]


def file_name(area: Area, year: int, month: int | None, ext: str, prefix: str = "pws") -> str:
    period = f"{year}-{month:02d}" if month else f"{year}"
    return f"{prefix}_{area.kind}_{area.slug}_{period}.{ext}"


def _csv_value(value):
    if value is None:
        return ""
    return value


def write_csv(columns: list[tuple[str, str]], rows: Iterable[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([name for name, _kind in columns])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    # A BOM so that Excel in Indonesia opens the UTF-8 file with the right characters.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(columns: list[tuple[str, str]], rows: Iterable[list], title: str) -> bytes:
    """Write-only workbook: memory stays flat for a whole district's year."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name, _kind in columns:
        c = WriteOnlyCell(ws, value=name)
        c.font = bold
        header.append(c)
    ws.append(header)
    percent_columns = [i for i, (_name, kind) in enumerate(columns) if kind == PERCENT]
    for row in rows:
        # Plain values write fastest; only percentages need a styled cell.
        # Python strings become string cells, so area codes stay text.
        out = [float(v) if isinstance(v, Decimal) else (None if v == "" else v) for v in row]
        for i in percent_columns:
            if out[i] is not None:
                c = WriteOnlyCell(ws, value=out[i] / 100)
                c.number_format = "0.0%"
                out[i] = c
        ws.append(out)
    with tempfile.TemporaryFile() as fh:
        wb.save(fh)
        fh.seek(0)
        return fh.read()


def district_year_columns() -> list[tuple[str, str]]:
    return [(_("Posyandu code"), TEXT), (_("Posyandu"), TEXT), (_("Desa/kelurahan code"), TEXT),
            (_("Desa/kelurahan"), TEXT), (_("Puskesmas"), TEXT), (_("Month"), TEXT)] + \
           [(i.code, NUMBER) for i in REGISTRY]


def district_year_rows(user, area: Area, year: int) -> Iterator[list]:
    """Every Posyandu × month of the year with a fact, one column per
    indicator's numerator (a measured denominator is itself an indicator's
    numerator: D for N/D, MEASURED_HAZ for stunting). Three queries."""
    cells: dict[tuple[int, date], dict[str, int]] = {}
    for posyandu, month, code, n in selectors.district_year_facts(user, area, year):
        cells.setdefault((posyandu, month), {})[code] = n
    places = selectors.posyandu_places({p for p, _m in cells})
    desa = selectors.desa_names({p[2] for p in places.values()})
    codes = [i.code for i in REGISTRY]
    for (posyandu, month) in sorted(cells, key=lambda k: (places.get(k[0], ("",))[0], k[1])):
        code, name, region, pkm = places.get(posyandu, (str(posyandu), "", "", ""))
        values = cells[(posyandu, month)]
        yield [code, name, region, desa.get(region, ""), pkm or "", f"{month:%Y-%m}"] + \
              [values.get(c, 0) for c in codes]

