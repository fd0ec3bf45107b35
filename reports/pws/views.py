"""PWS dashboards: thin views over the tables and series (figures), the
areas (which level, in scope or 404) and the exports (downloads)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from facilities.scope import can_manage_district
from quality.areas import review_url
from quality.permissions import can_review
from quality.selectors import open_visit_badge

from ..freshness import freshness
from ..indicators import BY_CODE
from ..runs import can_rebuild
from . import exports
from . import series as pws_series
from . import tables as pws
from .areas import DESA, DISTRICT, POSYANDU, PUSKESMAS, breadcrumbs, districts_for, landing_area, open_area


def _filters(request) -> tuple[str, str]:
    cluster = request.GET.get("klaster", "")
    stage = request.GET.get("tahap", "")
    return (cluster if cluster in pws.CLUSTER_LABELS else "", stage if stage in pws.STAGE_LABELS else "")


def _context(request, area, period, notice, table, **extra):
    today = timezone.localdate()
    fresh = freshness(area, table)
    return {
        "area": area, "crumbs": breadcrumbs(request.user, area), "period": period, "notice": notice,
        "month_name": MONTHS[period.month], "months": list(MONTHS.items()),
        "years": list(range(today.year, max(pws.FIRST_YEAR, today.year - 5) - 1, -1)),
        "table": table, "fresh": fresh, "run": fresh.run, "can_rebuild": can_rebuild(request.user)
        and area.within(request.user) and can_manage_district(request.user, area.district),
        "cluster_labels": pws.CLUSTER_LABELS, "stage_labels": pws.STAGE_LABELS,
        "query": request.GET.urlencode(), "quality": _quality(request.user, area, period), **extra,
    }


def _quality(user, area, period) -> dict | None:
    """The open visit items of the data-quality review for the area and
    month (one query), for those who may open the review."""
    if not can_review(user):
        return None
    badge = open_visit_badge(user, area, year=period.year, month=period.month)
    return {"open": badge.open, "at_least": badge.at_least, "url": review_url(area)}


@login_required
def landing(request):
    area = landing_area(request.user)
    if area is not None:
        url = area.url()
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    districts = districts_for(request.user)
    return render(request, "reports/pws/landing.html", {"districts": districts})


@login_required
def area_page(request, **kwargs):
    area = open_area(request.user, kwargs)
    if area.kind == POSYANDU:
        return clusters_page(request, **kwargs)
    period, notice = pws.period_from(request.GET)
    cluster, stage = _filters(request)
    table = pws.area_table(request.user, area, period, pws.select_indicators(cluster, stage))
    sort = request.GET.get("urut", "")
    pws.sort_rows(table, sort)
    return render(request, "reports/pws/area.html", _context(
        request, area, period, notice, table, cluster=cluster, stage=stage, sort=sort,
        child_label=_child_label(area),
        keep_filters={k: v for k, v in (("klaster", cluster), ("tahap", stage), ("urut", sort)) if v}))


def _child_label(area):
    return {DISTRICT: _("Puskesmas"), PUSKESMAS: _("Desa/kelurahan (Pustu)"), DESA: _("Posyandu")}.get(
        area.kind, "")


@login_required
def clusters_page(request, **kwargs):
    """One area's indicators grouped by cluster: what each cluster coordinator
    reports at the monthly PWS review, and the printable monthly report."""
    area = open_area(request.user, kwargs)
    period, notice = pws.period_from(request.GET)
    table = pws.area_table(request.user, area, period, pws.select_indicators(), with_rows=False)
    groups = []
    for code, label in pws.CLUSTER_LABELS.items():
        cells = [table.total.cells[i.code] for i in table.indicators if i.cluster == code]
        if cells:
            groups.append((label, cells))
    return render(request, "reports/pws/clusters.html", _context(request, area, period, notice, table,
                                                                 groups=groups))


@login_required
def indicator_page(request, indicator, **kwargs):
    area = open_area(request.user, kwargs)
    found = BY_CODE.get(indicator)
    if found is None:
        raise Http404
    period, notice = pws.period_from(request.GET)
    table = pws.area_table(request.user, area, period, [found], with_rows=area.child_kind is not None)
    pws.sort_rows(table, found.code)
    total = table.total.cells[found.code]
    points = pws_series.monthly_series(request.user, area, found, period, total.target)
    kind = found.kind
    if kind == "target" and not total.target:
        kind = "count"  # no coverage to draw without a target: the numbers, and why
    chart = {
        "labels": [MONTHS[p.month][:3] for p in points],
        "kind": kind, "note": total.reason,
        "monthly": [float(p.percent) if p.percent is not None else None for p in points],
        "cumulative": [float(p.cumulative_percent) if p.cumulative_percent is not None else None for p in points],
        "expected": [float(p.expected) if p.expected is not None else None for p in points],
        "counts": [p.value for p in points],
        "text": {"monthly": _("This month's coverage (%)"), "cumulative": _("Cumulative coverage (%)"),
                 "expected": _("Expected by this month (%)"), "counts": _("Number per month"),
                 "ratio": _("Percent of the measured")},
    }
    return render(request, "reports/pws/indicator.html", _context(
        request, area, period, notice, table, indicator=found, cell=total, points=points,
        chart=chart, child_label=_child_label(area)))


@login_required
def export_table(request, fmt, **kwargs):
    area = open_area(request.user, kwargs)
    period, _notice = pws.period_from(request.GET)
    cluster, stage = _filters(request)
    codes = [request.GET["indikator"]] if request.GET.get("indikator") else None
    table = pws.area_table(request.user, area, period, pws.select_indicators(cluster, stage, codes))
    pws.sort_rows(table, request.GET.get("urut", ""))
    columns, rows = exports.table_columns(), exports.table_rows(table)
    return _download(fmt, columns, rows, exports.file_name(area, period.year, period.month, fmt), "PWS")


@login_required
def export_district_year(request, year, fmt, **kwargs):
    area = open_area(request.user, kwargs)
    today = timezone.localdate()
    if not pws.FIRST_YEAR <= year <= today.year:
        raise Http404
    rows = exports.district_year_rows(request.user, area, year)
    name = exports.file_name(area, year, None, fmt, prefix="fakta")
    return _download(fmt, exports.district_year_columns(), rows, name, str(year))


def _download(fmt, columns, rows, name, title) -> HttpResponse:
    if fmt == "csv":
        body, content_type = exports.write_csv(columns, rows), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = exports.write_xlsx(columns, rows, title)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
