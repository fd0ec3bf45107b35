"""The levels the review opens at, as on the PWS dashboards: district →
Puskesmas → desa → Posyandu. Whether a user may open one is decided by
facilities.scope.area_within_scope, like the PWS pages (404 outside).

reports.areas holds the same levels for the dashboards; reports imports
quality, not the other way round, so the little needed here is kept here.
The selectors accept any object with the fields of `Area` (kind, district,
puskesmas, desa, posyandu), the dashboards' areas included."""

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.urls import reverse

from facilities.models import Facility, FacilityType, Region, RegionLevel
from facilities.scope import area_within_scope, user_sees_everything

DISTRICT, PUSKESMAS, DESA, POSYANDU = "district", "puskesmas", "desa", "posyandu"
CHILD_KIND = {DISTRICT: PUSKESMAS, PUSKESMAS: DESA, DESA: POSYANDU, POSYANDU: None}


@dataclass(frozen=True)
class Area:
    kind: str
    name: str
    district: str
    puskesmas: int | None = None
    desa: str | None = None
    posyandu: int | None = None
    parent_of_posyandu: int | None = None
    label: str = ""

    @property
    def title(self) -> str:
        if self.kind == DISTRICT or not self.label or self.name.lower().startswith(self.label.lower()):
            return self.name
        return f"{self.label[:1].upper()}{self.label[1:]} {self.name}"

    @property
    def child_kind(self) -> str | None:
        return CHILD_KIND[self.kind]

    def url(self) -> str:
        return review_url(self)

    def within(self, user) -> bool:
        return area_within_scope(user, district=self.district, puskesmas=self.puskesmas, desa=self.desa,
                                 posyandu=self.posyandu, posyandu_parent=self.parent_of_posyandu)


def url_kwargs(area) -> dict:
    if area.kind == DISTRICT:
        return {"district": area.district}
    if area.kind == PUSKESMAS:
        return {"puskesmas": area.puskesmas}
    if area.kind == DESA:
        return {"puskesmas": area.puskesmas, "desa": area.desa}
    return {"posyandu": area.posyandu}


def review_url(area) -> str:
    """The review page of an area (this module's or the dashboards')."""
    return reverse(f"quality:{area.kind}", kwargs=url_kwargs(area))


def area_q(area, path: str) -> Q:
    """Rows placed in the area by the facility reached through `path`: any
    facility of a district or Puskesmas, one standing in a desa, or the
    Posyandu itself."""
    if area.kind == DISTRICT:
        return Q(**{f"{path}__district_id": area.district})
    if area.kind == PUSKESMAS:
        return Q(**{f"{path}__puskesmas_id": area.puskesmas})
    if area.kind == DESA:
        return Q(**{f"{path}__puskesmas_id": area.puskesmas, f"{path}__region_id": area.desa})
    return Q(**{f"{path}_id": area.posyandu})


def child_path(area, path: str) -> str | None:
    """The field, from `path` (a way to a Facility), that names the child
    level a row falls in: its Puskesmas, its desa, or the facility itself."""
    return {DISTRICT: f"{path}__puskesmas_id", PUSKESMAS: f"{path}__region_id", DESA: f"{path}_id"}.get(area.kind)


def district_area(code) -> Area:
    region = Region.objects.filter(code=code, level=RegionLevel.KABKOTA).first() if isinstance(code, str) else None
    if region is None:
        raise Http404
    return Area(DISTRICT, region.name, region.code, label=region.kind)


def puskesmas_area(pk: int) -> Area:
    pkm = Facility.objects.filter(pk=pk, type=FacilityType.PUSKESMAS).first()
    if pkm is None:
        raise Http404
    return Area(PUSKESMAS, pkm.name, pkm.district_id, puskesmas=pkm.pk, label=str(FacilityType.PUSKESMAS.label))


def desa_area(puskesmas: int, code: str) -> Area:
    # A desa is a level of a Puskesmas only if some of its Posyandu serve it.
    region = Region.objects.filter(
        code=code, level=RegionLevel.DESA,
        code__in=Facility.objects.filter(puskesmas_id=puskesmas, type=FacilityType.POSYANDU).values("region_id"),
    ).first()
    if region is None:
        raise Http404
    return Area(DESA, region.name, region.code[:5], puskesmas=puskesmas, desa=region.code, label=region.kind)


def posyandu_area(pk: int) -> Area:
    pos = Facility.objects.filter(pk=pk, type=FacilityType.POSYANDU).first()
    if pos is None:
        raise Http404
    return Area(POSYANDU, pos.name, pos.district_id, puskesmas=pos.puskesmas_id, desa=pos.region_id,
                posyandu=pos.pk, parent_of_posyandu=pos.parent_id, label=pos.get_type_display())


def open_area(user, kwargs: dict) -> Area:
    """The area named by the URL, if the user may open it; else 404."""
    if "posyandu" in kwargs:
        area = posyandu_area(kwargs["posyandu"])
    elif "desa" in kwargs:
        area = desa_area(kwargs["puskesmas"], kwargs["desa"])
    elif "puskesmas" in kwargs:
        area = puskesmas_area(kwargs["puskesmas"])
    else:
        area = district_area(kwargs["district"])
    if not area.within(user):
        raise Http404
    return area


def landing_area(user) -> Area | None:
    """Where a reviewer starts: a Dinkes officer's district, a Puskesmas
    head's Puskesmas; None for a national admin (who picks a district)."""
    if user.scope_district_id:
        return district_area(user.scope_district_id)
    facility = user.scope_facility
    if facility is not None and facility.type == FacilityType.PUSKESMAS:
        return puskesmas_area(facility.pk)
    return None


def districts_for(user):
    if not user_sees_everything(user):
        return Region.objects.none()
    codes = Facility.objects.filter(type=FacilityType.PUSKESMAS).values("district_id")
    return Region.objects.filter(code__in=codes).order_by("code")


def breadcrumbs(user, area: Area) -> list[tuple[str, str | None]]:
    """(name, url) from the district down to the area; no url for the area
    itself nor for a level the user may not open."""
    chain = [district_area(area.district)]
    if area.kind in (PUSKESMAS, DESA, POSYANDU):
        chain.append(area if area.kind == PUSKESMAS else puskesmas_area(area.puskesmas))
    if area.kind in (DESA, POSYANDU):
        chain.append(area if area.kind == DESA else Area(DESA, _desa_name(area.desa), area.district,
                                                         puskesmas=area.puskesmas, desa=area.desa))
    if area.kind == POSYANDU:
        chain.append(area)
    return [(level.name, None if level.kind == area.kind or not level.within(user) else level.url())
            for level in chain]


def _desa_name(code: str) -> str:
    return Region.objects.filter(code=code).values_list("name", flat=True).first() or code


def children(area: Area, counts: dict) -> list[tuple[str, str | None, int]]:
    """(name, review url or None, count) of the child areas with items, by
    name, in one query. Below a desa the children are its facilities: a
    Posyandu opens, a Pustu or Puskesmas building is named only."""
    keys = [k for k in counts if k is not None]
    if not keys or area.child_kind is None:
        return []
    if area.child_kind == DESA:
        names = dict(Region.objects.filter(code__in=keys).values_list("code", "name"))
        rows = [(names.get(k, k), Area(DESA, "", area.district, puskesmas=area.puskesmas, desa=k).url(), counts[k])
                for k in keys]
    else:
        rows = []
        for pk, name, ftype in Facility.objects.filter(pk__in=keys).values_list("pk", "name", "type"):
            if area.child_kind == PUSKESMAS:
                url = Area(PUSKESMAS, name, area.district, puskesmas=pk).url()
            elif ftype == FacilityType.POSYANDU:
                url = Area(POSYANDU, name, area.district, posyandu=pk).url()
            else:
                label = str(FacilityType(ftype).label)
                url, name = None, name if name.lower().startswith(label.lower()) else f"{label} {name}"
            rows.append((name, url, counts[pk]))
    return sorted(rows, key=lambda row: row[0])
