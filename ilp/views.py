"""The home page. It lives in ilp/, which knows every app, because it opens on
each role's work: a kader on the Posyandu session, a Pustu worker on the
desa, everyone else on the network's counters."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from clusters.home import kader_home, pustu_home
from facilities.models import FacilityType
from facilities.selectors import facility_counts_for
from followup.selectors import summary as due_summary
from stock.report_views import can_read_stock_reports
from stock.status import alert_counts


@login_required
def home(request):
    user = request.user
    facility = user.scope_facility
    today = timezone.localdate()
    if facility is not None and facility.type == FacilityType.POSYANDU:
        context = {"kader": kader_home(user, today=today), "due": due_summary(user, on=today)}
    elif facility is not None and facility.type == FacilityType.PUSTU:
        context = {"pustu": pustu_home(user, today=today), "due": due_summary(user, on=today)}
    else:
        context = {"counts": facility_counts_for(user)}
        # A Puskesmas's network or a whole district: its stock alerts, summed.
        if (user.scope_facility_id or user.scope_district_id) and can_read_stock_reports(user):
            context["stock"] = alert_counts(user, on=today)
    return render(request, "home.html", context)
