"""The areas a PWS dashboard can show, one level each: district → Puskesmas →
desa (with its Pustu) → Posyandu. An area knows how to select its coverage
facts, which child level its rows are, and its URL. Whether a user may open it
is decided by facilities.scope.area_within_scope, the same module that scopes
every queryset; a level outside the user's scope is a 404, like a missing one."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.http import Http404
from django.urls import reverse

from facilities.models import Facility, FacilityType, Region, RegionLevel
from facilities.scope import area_within_scope, user_sees_everything

DISTRICT, PUSKESMAS, DESA, POSYANDU = "district", "puskesmas", "desa", "posyandu"
CHILD_KIND = {DISTRICT: PUSKESMAS, PUSKESMAS: DESA, DESA: POSYANDU, POSYANDU: None}
# The CoverageFact field that groups facts into the rows of the next level.
CHILD_FIELD = {DISTRICT: "posyandu__puskesmas_id", PUSKESMAS: "posyandu__region_id", DESA: "posyandu_id"}


@dataclass(frozen=True)
class Area:
    kind: str
    name: str
    code: str  # region code or facility code, as shown and exported
    district: str
    puskesmas: int | None = None
    desa: str | None = None
    posyandu: int | None = None
    parent_of_posyandu: int | None = field(default=None, compare=False)
    label: str = ""  # "Puskesmas", "Desa", … for headings

    @property
    def title(self) -> str:
        """The area as a heading: "Kabupaten Pandeglang", "Puskesmas Jiput",
        "Desa Sukamaju"; region names of districts already carry their kind."""
        if self.kind == DISTRICT or not self.label or self.name.lower().startswith(self.label.lower()):
            return self.name
        return f"{self.label[:1].upper()}{self.label[1:]} {self.name}"

    @property
    def child_kind(self) -> str | None:
        return CHILD_KIND[self.kind]

    @property
    def child_field(self) -> str | None:
        return CHILD_FIELD.get(self.kind)

    def facts_q(self, first: date, last: date) -> Q:
        """The area's facts of the months from `first` to `last` (first days
        of months). The district and each month named: the facts' primary
        key leads with them (decision 13), so a Puskesmas's facts are found
        by one index descent per Posyandu and month."""
        months = []
        month = first
        while month <= last:
            months.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        q = Q(district_id=self.district, month__in=months)
        if self.kind == DISTRICT:
            return q
        # The Posyandu as a subquery, not a join: joined, PostgreSQL scanned
        # the district's facts of the months and kept the Puskesmas's.
        if self.kind == PUSKESMAS:
            return q & Q(posyandu_id__in=Facility.objects.filter(puskesmas_id=self.puskesmas).values("pk"))
        if self.kind == DESA:
            return q & Q(posyandu_id__in=Facility.objects.filter(puskesmas_id=self.puskesmas,
                                                                  region_id=self.desa).values("pk"))
        return q & Q(posyandu_id=self.posyandu)

    def url_kwargs(self) -> dict:
        if self.kind == DISTRICT:
            return {"district": self.district}
        if self.kind == PUSKESMAS:
            return {"puskesmas": self.puskesmas}
        if self.kind == DESA:
            return {"puskesmas": self.puskesmas, "desa": self.desa}
        return {"posyandu": self.posyandu}

    def url(self, view: str = "", **extra) -> str:
        name = f"reports:pws_{self.kind}" + (f"_{view}" if view else "")
        return reverse(name, kwargs={**self.url_kwargs(), **extra})

    @property
    def slug(self) -> str:
        """For file names: the area's code, safe in a file name."""
        return self.code.replace(".", "")

    def within(self, user) -> bool:
        return area_within_scope(user, district=self.district, puskesmas=self.puskesmas, desa=self.desa,
                                 posyandu=self.posyandu, posyandu_parent=self.parent_of_posyandu)


def _region(code: str, level: int) -> Region:
    region = Region.objects.filter(code=code, level=level).first() if isinstance(code, str) else None
    if region is None:
        raise Http404
    return region


def district_area(code: str) -> Area:
    region = _region(code, RegionLevel.KABKOTA)
    return Area(DISTRICT, region.name, region.code, region.code, label=region.kind)


def puskesmas_area(pk: int) -> Area:
    pkm = Facility.objects.filter(pk=pk, type=FacilityType.PUSKESMAS).first()
    if pkm is None:
        raise Http404
    return Area(PUSKESMAS, pkm.name, pkm.code, pkm.district_id, puskesmas=pkm.pk,
                label=str(FacilityType.PUSKESMAS.label))


def desa_area(puskesmas: int, code: str) -> Area:
    # A desa is a level of a Puskesmas only if some of its Posyandu serve it.
    if not Facility.objects.filter(puskesmas_id=puskesmas, region_id=code, type=FacilityType.POSYANDU).exists():
        raise Http404
    region = _region(code, RegionLevel.DESA)
    return Area(DESA, region.name, region.code, region.code[:5], puskesmas=puskesmas, desa=region.code,
                label=region.kind)


def posyandu_area(pk: int) -> Area:
    pos = Facility.objects.filter(pk=pk, type=FacilityType.POSYANDU).first()
    if pos is None:
        raise Http404
    return Area(POSYANDU, pos.name, pos.code, pos.district_id, puskesmas=pos.puskesmas_id, desa=pos.region_id,
                posyandu=pos.pk, parent_of_posyandu=pos.parent_id, label=pos.get_type_display())


def area_from_kwargs(kwargs: dict) -> Area:
    if "posyandu" in kwargs:
        return posyandu_area(kwargs["posyandu"])
    if "desa" in kwargs:
        return desa_area(kwargs["puskesmas"], kwargs["desa"])
    if "puskesmas" in kwargs:
        return puskesmas_area(kwargs["puskesmas"])
    return district_area(kwargs["district"])


def open_area(user, kwargs: dict) -> Area:
    """The area named by the URL, if the user may open it; else 404."""
    area = area_from_kwargs(kwargs)
    if not area.within(user):
        raise Http404
    return area


def landing_area(user) -> Area | None:
    """Where a user's dashboard starts: a Dinkes officer's district, a
    Puskesmas head's Puskesmas, a Pustu's desa, a kader's Posyandu."""
    if user.scope_district_id:
        return district_area(user.scope_district_id)
    facility = user.scope_facility
    if facility is None:
        return None
    if facility.type == FacilityType.PUSKESMAS:
        return puskesmas_area(facility.pk)
    if facility.type == FacilityType.PUSTU:
        try:
            return desa_area(facility.puskesmas_id, facility.region_id)
        except Http404:
            return None
    return posyandu_area(facility.pk)


def districts_for(user):
    """Districts a national user can choose from (those with a network)."""
    if not user_sees_everything(user):
        return Region.objects.none()
    codes = Facility.objects.filter(type=FacilityType.PUSKESMAS).values("district_id")
    return Region.objects.filter(code__in=codes).order_by("code")


def breadcrumbs(user, area: Area) -> list[tuple[str, str | None]]:
    """(name, url) from the district down to the area; the url is None for a
    level the user may not open (shown as plain text) and for the area itself."""
    chain: list[Area] = [district_area(area.district)]
    if area.kind in (PUSKESMAS, DESA, POSYANDU):
        chain.append(puskesmas_area(area.puskesmas))
    if area.kind in (DESA, POSYANDU):
        try:
            chain.append(desa_area(area.puskesmas, area.desa))
        except Http404:
            pass
    if area.kind == POSYANDU:
        chain.append(area)
    crumbs = []
    for level in chain:
        is_self = level.kind == area.kind
        crumbs.append((level.name, None if is_self or not level.within(user) else level.url()))
    return crumbs
