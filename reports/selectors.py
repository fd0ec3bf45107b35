"""Reads for the aggregation pages, scoped to the user. Dashboard figures
are read in reports/pws.py."""

from .models import AggregationRun


def runs_for(user):
    from facilities.scope import user_sees_everything

    qs = AggregationRun.objects.select_related("requested_by").order_by("-created_at")
    if not user_sees_everything(user):
        district = user.scope_district_id or (user.scope_facility.district_id if user.scope_facility_id else None)
        qs = qs.filter(district_id=district)
    return qs
