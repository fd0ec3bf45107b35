"""The "Agregasi" page: recent runs, a rebuild started by a district user,
and each run's progress as JSON for the page's polling."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from ..models import AggregationRun
from ..pws import period_from
from .selectors import can_rebuild, rebuildable, runs_for
from .services import request_rebuild


@login_required
def aggregation_runs(request):
    if request.method == "POST":
        return _start_rebuild(request)
    return render(request, "reports/runs.html", {
        "runs": runs_for(request.user)[:10], "can_rebuild": can_rebuild(request.user),
        "year": timezone.localdate().year,
    })


def _start_rebuild(request):
    if not can_rebuild(request.user):
        raise PermissionDenied
    year = period_from(request.POST)[0].year
    district = request.user.scope_district_id or request.POST.get("district", "")
    if not rebuildable(request.user, district):
        messages.error(request, _("Choose a district/city."))
        return redirect("reports:runs")
    run = request_rebuild(by=request.user, district=district, year=year)
    if run.status == AggregationRun.Status.FAILED and run.message.startswith("queue unavailable"):
        messages.error(request, _("The job queue is unavailable; try again later."))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure()):
        messages.success(request, _("The district's figures are being recomputed."))
        return redirect(back)
    return redirect("reports:runs")


@login_required
def run_progress(request, pk):
    run = get_object_or_404(runs_for(request.user), pk=pk)
    return JsonResponse({"status": run.status, "done": run.done, "total": run.total, "message": run.message})
