"""The review's areas: the network's levels (facilities.areas, shared with
the PWS dashboards) linking to the review pages, and the child areas listed
with their counts."""

from django.urls import reverse

from facilities.areas import DESA, POSYANDU, PUSKESMAS, Area
from facilities.models import Facility, FacilityType, Region


class ReviewArea(Area):
    def url(self) -> str:
        return review_url(self)


def review_url(area: Area) -> str:
    """The review page of an area (of any app's class)."""
    return reverse(f"quality:{area.kind}", kwargs=area.url_kwargs())


district_area = ReviewArea.for_district
puskesmas_area = ReviewArea.for_puskesmas
desa_area = ReviewArea.for_desa
posyandu_area = ReviewArea.for_posyandu
open_area = ReviewArea.open


def landing_area(user) -> Area | None:
    """Where a reviewer starts: a Dinkes officer's district, a Puskesmas
    head's Puskesmas; None for anyone else (a national admin picks a
    district)."""
    facility = user.scope_facility
    if not user.scope_district_id and (facility is None or facility.type != FacilityType.PUSKESMAS):
        return None
    return ReviewArea.landing(user)


def children(area: Area, counts: dict) -> list[tuple[str, str | None, int]]:
    """(name, review url or None, count) of the child areas with items, by
    name, in one query. Below a desa the children are its facilities: a
    Posyandu opens, a Pustu or Puskesmas building is named only."""
    keys = [k for k in counts if k is not None]
    if not keys or area.child_kind is None:
        return []
    if area.child_kind == DESA:
        names = dict(Region.objects.filter(code__in=keys).values_list("code", "name"))
        rows = [(names.get(k, k), review_url(Area(DESA, "", k, area.district, puskesmas=area.puskesmas, desa=k)),
                 counts[k]) for k in keys]
    else:
        rows = []
        for pk, name, ftype in Facility.objects.filter(pk__in=keys).values_list("pk", "name", "type"):
            if area.child_kind == PUSKESMAS:
                url = review_url(Area(PUSKESMAS, name, "", area.district, puskesmas=pk))
            elif ftype == FacilityType.POSYANDU:
                url = review_url(Area(POSYANDU, name, "", area.district, posyandu=pk))
            else:
                label = str(FacilityType(ftype).label)
                url, name = None, name if name.lower().startswith(label.lower()) else f"{label} {name}"
            rows.append((name, url, counts[pk]))
    return sorted(rows, key=lambda row: row[0])
