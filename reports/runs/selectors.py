"""Reads of runs, scoped to the user."""

from facilities.models import Role
from facilities.scope import can_manage_district, manageable_districts, user_sees_everything

from ..models import AggregationRun

REBUILD_ROLES = {Role.STAF_DINKES, Role.ADMIN}


def can_rebuild(user, district: str | None = None) -> bool:
    """Whether the user may start a rebuild of `district`, or (None) whether
    the page offers them the button: a district user, or a national admin,
    who names the district."""
    if not (user.is_superuser or (user.role in REBUILD_ROLES and user.scope_district_id)):
        return False
    return district is None or can_manage_district(user, district)


def rebuildable(user, district: str) -> bool:
    """Whether `district` is a district (kabupaten/kota) this user may rebuild."""
    return can_rebuild(user, district) and manageable_districts(user).filter(code=district).exists()


def runs_for(user):
    """Runs a user may follow: a run is district-wide, so everyone working in
    the district sees its progress, not only who may start one."""
    qs = AggregationRun.objects.select_related("requested_by").order_by("-created_at")
    if user_sees_everything(user):
        return qs
    district = user.scope_district_id or (user.scope_facility.district_id if user.scope_facility_id else None)
    return qs.filter(district_id=district)


def running_run(district: str) -> AggregationRun | None:
    return (
        AggregationRun.objects.filter(
            district_id=district, status__in=[AggregationRun.Status.QUEUED, AggregationRun.Status.RUNNING]
        )
        .order_by("-created_at")
        .first()
    )
