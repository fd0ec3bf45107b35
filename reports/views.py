from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from facilities.models import Region, RegionLevel, Role

from .models import AggregationRun
from .pws import period_from
from .selectors import runs_for

REBUILD_ROLES = {Role.STAF_DINKES, Role.ADMIN}


def can_rebuild(user) -> bool:
    return user.is_superuser or (user.role in REBUILD_ROLES and bool(user.scope_district_id))


@login_required
def coverage(request):
    """The first coverage page's address, kept for bookmarks: the PWS dashboard."""
    url = reverse("reports:pws")
    return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)


@login_required
def aggregation_runs(request):
    if request.method == "POST":
        if not can_rebuild(request.user):
            raise PermissionDenied
        year = period_from(request.POST)[0].year
        district = request.user.scope_district_id or request.POST.get("district", "")
        if not Region.objects.filter(code=district, level=RegionLevel.KABKOTA).exists():
            messages.error(request, _("Choose a district/city."))
            return redirect("reports:runs")
        run = AggregationRun.objects.create(district_id=district, year=year, kind=AggregationRun.Kind.REBUILD,
                                            requested_by=request.user)
        transaction.on_commit(lambda: _enqueue(request, run))
        back = request.POST.get("next", "")
        if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                                    require_https=request.is_secure()):
            messages.success(request, _("The district's figures are being recomputed."))
            return redirect(back)
        return redirect("reports:runs")
    return render(request, "reports/runs.html", {
        "runs": runs_for(request.user)[:10], "can_rebuild": can_rebuild(request.user),
        "year": timezone.localdate().year,
    })


def _enqueue(request, run):
    from .tasks import rebuild_coverage

    try:
        rebuild_coverage.delay(run.pk)
    except Exception as exc:  # broker down: say so, keep the run visible
        AggregationRun.objects.filter(pk=run.pk).update(status=AggregationRun.Status.FAILED,
                                                        message=f"queue unavailable: {exc!r}"[:500])
        messages.error(request, _("The job queue is unavailable; try again later."))


@login_required
def run_progress(request, pk):
    run = get_object_or_404(runs_for(request.user), pk=pk)
    return JsonResponse({"status": run.status, "done": run.done, "total": run.total, "message": run.message})
