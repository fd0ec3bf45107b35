"""The due list and the recap as XLSX, like the PWS tables' downloads."""

from datetime import date

from django.http import HttpResponse
from django.utils.translation import gettext as _

from reports.pws.exports import NUMBER, TEXT, write_xlsx

from . import selectors
from .models import Rule

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def due_list_xlsx(user, *, on: date, filters: selectors.Filters) -> HttpResponse:
    """Every listed item (not one page), as a kader's visit list: a row per
    person and item, by household."""
    columns = [(_("Posyandu"), TEXT), (_("Desa/kelurahan"), TEXT), (_("Dusun"), TEXT), (_("RT"), TEXT),
               (_("RW"), TEXT), (_("Address"), TEXT), (_("Name"), TEXT), (_("Sex"), TEXT), (_("Birth date"), TEXT),
               (_("Service"), TEXT), (_("Due"), TEXT), (_("Due from"), TEXT), (_("Overdue since"), TEXT),
               (_("Days overdue"), NUMBER)]
    names = selectors.labels()
    rules = dict(Rule.choices)
    rows = (selectors.listed(user, on=on, filters=filters)
            .select_related("patient", "household", "household__desa", "posyandu")
            .order_by("posyandu__name", "household__dusun", "household__rw", "household__rt", "household_id",
                      "patient__name", "overdue_on"))

    def lines():
        for r in rows.iterator(chunk_size=2000):
            h, p = r.household, r.patient
            overdue = r.overdue_on <= on
            yield [r.posyandu.name, h.desa.name, h.dusun, h.rt, h.rw, h.address, p.name, p.get_sex_display(),
                   p.birth_date.isoformat(), str(rules.get(r.rule, "")) + ": " + names.get(r.item, r.item),
                   _("Overdue") if overdue else _("Due this month"), r.due_on.isoformat(),
                   r.overdue_on.isoformat() if overdue else "", (on - r.overdue_on).days if overdue else 0]

    return _response(write_xlsx(columns, lines(), _("Due list")), f"daftar_sasaran_{on:%Y-%m-%d}.xlsx")


def recap_xlsx(recap) -> HttpResponse:
    columns = [(_("Area"), TEXT), (_("Planned"), NUMBER), (_("Done"), NUMBER)]
    columns += [(str(label), NUMBER) for _code, label in recap.reasons]
    columns += [(str(label), NUMBER) for _code, label in recap.outcomes]
    columns += [(_("Back in care within 30 days"), NUMBER)]

    def lines():
        for row in [*recap.rows, recap.total]:
            yield ([row.name, row.planned, row.done] + [row.by_reason.get(c, 0) for c, _l in recap.reasons]
                   + [row.outcomes.get(c, 0) for c, _l in recap.outcomes] + [row.returned])

    return _response(write_xlsx(columns, lines(), _("Home visit recap")),
                     f"rekap_kunjungan_rumah_{recap.month:%Y-%m}.xlsx")
