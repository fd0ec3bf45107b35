from django.db.models import Count, Q

from .models import Facility, FacilityType


def facilities_for(user, *, q: str = "", type: str = ""):
    qs = Facility.objects.for_user(user).select_related("region", "parent")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if type:
        qs = qs.filter(type=type)
    return qs.order_by("type", "name")


def facility_counts_for(user) -> dict[str, int]:
    rows = Facility.objects.for_user(user).filter(active=True).values("type").annotate(n=Count("pk"))
    counts = {t: 0 for t in FacilityType.values}
    counts.update({r["type"]: r["n"] for r in rows})
    return counts
