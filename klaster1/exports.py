"""The Klaster 1 management page as XLSX, one sheet per service, in the
stock reports' layout (a title block above a frozen header row)."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook

from igd.models import Outcome, Triage
from stock.exports import sheet, xlsx_response

from .selectors import Board


def _hours(span) -> float | None:
    return round(span.total_seconds() / 3600, 1) if span is not None else None


def _number(value) -> float | None:
    return float(value) if value is not None else None


def board_xlsx(board: Board):
    wb = Workbook()
    wb.remove(wb.active)
    title = [[_("Cluster 1 management")], [date_format(board.month, "F Y")]]
    sheet(wb, _("Laboratory"), title,
          [_("Puskesmas"), _("Results"), _("Median turnaround (hours)")],
          ([r.facility.name, r.lab.results if r.lab else 0, _hours(r.lab.median) if r.lab else None]
           for r in board.rows), {1: 36, 2: 12, 3: 16})
    igds = [(r.facility.name, r.igd) for r in board.rows if r.igd is not None]
    if board.igd_total:
        igds.append((_("All Puskesmas"), board.igd_total))
    sheet(wb, _("Emergency (IGD)"), title,
          [_("Puskesmas"), _("Arrivals"), *(str(label) for label in Triage.labels), _("Not triaged"),
           _("Median minutes to triage"), *(str(label) for label in Outcome.labels), _("Still in the IGD")],
          ([name, i.arrivals, *(i.triage[v] for v in Triage.values), i.untriaged, i.median_minutes_to_triage,
            *(i.outcomes[v] for v in Outcome.values), i.open] for name, i in igds), {1: 36})
    wards = [(r.facility.name, r.ward) for r in board.wards]
    if board.ward_total:
        wards.append((_("All wards"), board.ward_total))
    sheet(wb, _("Inpatient ward"), title,
          [_("Puskesmas"), _("Beds"), _("Patient-days"), _("BOR (%)"), _("ALOS (days)"), _("Admissions"),
           _("Discharges"), _("Deaths")],
          ([name, w.beds, w.patient_days, _number(w.bor), _number(w.alos), w.admissions, w.discharges, w.deaths]
           for name, w in wards), {1: 36})
    return xlsx_response(wb, f"klaster1_{board.month:%Y-%m}.xlsx")
