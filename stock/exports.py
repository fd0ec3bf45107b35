"""The LPLPO and the stock status as XLSX (openpyxl): real numbers in number
cells, codes as text, a title block above a frozen header row, the layout of
the printed form."""

import io

from django.http import HttpResponse
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .lplpo import Lplpo

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)


def lplpo_columns() -> list[str]:
    return [_("No."), _("Code"), _("Item"), _("Unit"), _("Opening stock"), _("Received"), _("Supply"), _("Used"),
            _("Lost (expired/damaged)"), _("Issued out"), _("Count adjustment"), _("Closing stock"),
            _("Stock-out days"), _("Optimum stock"), _("Request")]


def lplpo_rows(report: Lplpo):
    for n, line in enumerate(report.lines, 1):
        yield [n, line.item.code, line.item.name, line.item.unit_label, line.opening, line.received,
               line.supply, line.used, line.lost, line.issued, line.adjusted, line.closing, line.stockout_days,
               line.optimum, line.request]


def sheet(wb: Workbook, title: str, heading: list[list], columns: list[str], rows, widths: dict[int, int]):
    ws = wb.create_sheet(title=title[:31])
    for line in heading:
        ws.append(line)
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(columns)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append(row)
    ws.freeze_panes = f"A{header_row + 1}"
    for index in range(1, len(columns) + 1):
        ws.column_dimensions[get_column_letter(index)].width = widths.get(index, 12)
    return ws


def xlsx_response(wb: Workbook, name: str) -> HttpResponse:
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def lplpo_xlsx(report: Lplpo) -> HttpResponse:
    wb = Workbook()
    wb.remove(wb.active)
    heading = [
        [_("Report of use and request for drugs (LPLPO)")],
        [_("Facility"), report.facility.name, report.facility.code],
        [_("Covers"), ", ".join(f.name for f in report.facilities)],
        [_("Month"), date_format(report.month, "F Y")],
        [_("Optimum stock (months of use)"), float(report.months_of_stock)],
        [],
    ]
    sheet(wb, _("LPLPO"), heading, lplpo_columns(), lplpo_rows(report), {1: 5, 2: 12, 3: 40})
    return xlsx_response(wb, f"lplpo_{slugify(report.facility.code)}_{report.month:%Y-%m}.xlsx")


def status_xlsx(status) -> HttpResponse:
    """The stock status page's four tables, a sheet each."""
    wb = Workbook()
    wb.remove(wb.active)
    title = [[_("Stock status")], [_("Date"), status.on.isoformat()], []]
    sheet(wb, _("Below safety stock"), title,
           [_("Facility"), _("Code"), _("Item"), _("Unit"), _("Usable stock"), _("Monthly use"), _("Safety stock")],
           ([r.facility.name, r.item.code, r.item.name, r.item.unit_label, r.usable, float(r.monthly_use),
             float(r.safety_stock)] for r in status.below),
           {1: 30, 3: 40})
    sheet(wb, _("Expiring batches"), title,
           [_("Facility"), _("Code"), _("Item"), _("Batch"), _("Expiry date"), _("Funding source"), _("Quantity")],
           ([b.facility.name, b.batch.item.code, b.batch.item.name, b.batch.number, b.batch.expiry.isoformat(),
             b.batch.get_funding_display(), b.quantity] for b in status.expiring),
           {1: 30, 3: 40})
    sheet(wb, _("Stock-out days"), title,
           [_("Facility"), _("Code"), _("Item"), _("Stock-out days")],
           ([r.facility.name, r.item.code, r.item.name, r.days] for r in status.stockouts), {1: 30, 3: 40})
    sheet(wb, _("Stock held"), title,
           [_("Puskesmas"), _("Facility"), _("Code"), _("Item"), _("Unit"), _("Usable stock"), _("Total stock")],
           ([h.facility.puskesmas.name if h.facility.puskesmas else "", h.facility.name, h.item.code, h.item.name,
             h.item.unit_label, h.usable, h.total] for h in status.held),
           {1: 30, 2: 30, 4: 40})
    return xlsx_response(wb, f"status_stok_{status.on:%Y-%m-%d}.xlsx")
