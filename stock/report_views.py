"""Stock reports, read only: the month's LPLPO of a facility (page, print
view, XLSX) and the stock status of the user's area (page, XLSX). The role
is checked first (403), then the facility's scope (404)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from facilities.models import Facility

from . import exports
from .lplpo import lplpo, month_asked
from .permissions import can_read_stock_reports
from .status import EXPIRY_MONTHS, stock_status


def _report(request, facility_id: int):
    if not can_read_stock_reports(request.user):
        raise PermissionDenied
    facility = get_object_or_404(Facility.objects.for_user(request.user), pk=facility_id)
    today = timezone.localdate()
    return lplpo(user=request.user, facility=facility, month=month_asked(request.GET.get("bulan"), today),
                 today=today)


@login_required
def lplpo_page(request, facility_id: int):
    report = _report(request, facility_id)
    return render(request, "stock/lplpo.html", {"report": report, "facility": report.facility,
                                                "this_month": timezone.localdate().replace(day=1)})


@login_required
def lplpo_print(request, facility_id: int):
    report = _report(request, facility_id)
    return render(request, "stock/lplpo_print.html", {"report": report, "facility": report.facility,
                                                      "printed": timezone.localdate()})


@login_required
def lplpo_xlsx(request, facility_id: int):
    return exports.lplpo_xlsx(_report(request, facility_id))


def _status(request):
    if not can_read_stock_reports(request.user):
        raise PermissionDenied
    return stock_status(user=request.user, on=timezone.localdate())


@login_required
def status_page(request):
    return render(request, "stock/status.html", {"status": _status(request), "expiry_months": EXPIRY_MONTHS})


@login_required
def status_xlsx(request):
    return exports.status_xlsx(_status(request))
