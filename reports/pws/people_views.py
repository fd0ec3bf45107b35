"""From a dashboard cell to the people: the page listing who is in the
indicator's target group and not yet counted in the cell, and its XLSX
download. An area outside the user's scope, an unknown indicator or one
whose group cannot be counted from people is a 404."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from facilities.areas import DISTRICT

from ..engine.groups import lists_people
from ..indicators import BY_CODE
from . import exports
from . import tables as pws
from .areas import open_area
from .people import uncounted_people
from .views import _context, _download

PER_PAGE = 200  # people on a page; the download holds them all


def _open(request, indicator: str, kwargs: dict):
    area = open_area(request.user, kwargs)
    found = BY_CODE.get(indicator)
    if found is None or not lists_people(found):
        raise Http404
    period, notice = pws.period_from(request.GET)
    return area, found, period, notice


@login_required
def people_page(request, indicator, **kwargs):
    area, found, period, notice = _open(request, indicator, kwargs)
    if area.kind == DISTRICT:
        # A whole district's people take seconds to find at a million people
        # and nobody visits them from one list: its Puskesmas each have theirs.
        table = pws.area_table(request.user, area, period, [found])
        return render(request, "reports/pws/people_district.html", _context(
            request, area, period, notice, table, indicator=found, keep_filters={}))
    people = uncounted_people(request.user, area, found, period)
    table = pws.area_table(request.user, area, period, [found], with_rows=False)
    page = Paginator(people.people, PER_PAGE).get_page(request.GET.get("hal"))
    return render(request, "reports/pws/people.html", _context(
        request, area, period, notice, table, indicator=found, people=people, cell=table.total.cells[found.code],
        page=page, keep_filters={}))


@login_required
def people_export(request, indicator, fmt, **kwargs):
    area, found, period, _notice = _open(request, indicator, kwargs)
    people = uncounted_people(request.user, area, found, period)
    name = exports.file_name(area, period.year, period.month, fmt, prefix=f"belum_{found.code.lower()}")
    return _download(fmt, exports.people_columns(), exports.people_rows(people), name, found.code)
