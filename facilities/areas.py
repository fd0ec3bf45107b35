"""The levels of the network a page can show, one each: district → Puskesmas
→ desa (with its Pustu) → Posyandu, for the PWS dashboards and the
data-quality review alike. An area knows its child level, its URL arguments
and whether a user may open it: facilities.scope.area_within_scope decides,
the same module that scopes every queryset, and a level outside the user's
scope is a 404, like a missing one.

Each app subclasses `Area` with its own `url()`; the constructors are class
methods, so an app's areas (and the breadcrumbs built from one) are of its
class."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404

from .models import Facility, FacilityType, Region, RegionLevel
from .scope import area_within_scope, facility_field, facility_key, user_sees_everything

DISTRICT, PUSKESMAS, DESA, POSYANDU = "district", "puskesmas", "desa", "posyandu"
CHILD_KIND = {DISTRICT: PUSKESMAS, PUSKESMAS: DESA, DESA: POSYANDU, POSYANDU: None}


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
    def slug(self) -> str:
        """For file names: the area's code, safe in a file name."""
        return self.code.replace(".", "")

    def url_kwargs(self) -> dict:
        if self.kind == DISTRICT:
            return {"district": self.district}
        if self.kind == PUSKESMAS:
            return {"puskesmas": self.puskesmas}
        if self.kind == DESA:
            return {"puskesmas": self.puskesmas, "desa": self.desa}
        return {"posyandu": self.posyandu}

    def url(self) -> str:
        raise NotImplementedError("each app's areas name their own page")

    def within(self, user) -> bool:
        return area_within_scope(user, district=self.district, puskesmas=self.puskesmas, desa=self.desa,
                                 posyandu=self.posyandu, posyandu_parent=self.parent_of_posyandu)

    # The constructors: each one query, a 404 for a missing level.

    @classmethod
    def for_district(cls, code) -> "Area":
        region = Region.objects.filter(code=code, level=RegionLevel.KABKOTA).first() if isinstance(code, str) \
            else None
        if region is None:
            raise Http404
        return cls(DISTRICT, region.name, region.code, region.code, label=region.kind)

    @classmethod
    def for_puskesmas(cls, pk: int) -> "Area":
        pkm = Facility.objects.filter(pk=pk, type=FacilityType.PUSKESMAS).first()
        if pkm is None:
            raise Http404
        return cls(PUSKESMAS, pkm.name, pkm.code, pkm.district_id, puskesmas=pkm.pk,
                   label=str(FacilityType.PUSKESMAS.label))

    @classmethod
    def for_desa(cls, puskesmas: int, code: str) -> "Area":
        # A desa is a level of a Puskesmas only if some of its Posyandu serve it.
        region = Region.objects.filter(
            code=code, level=RegionLevel.DESA,
            code__in=Facility.objects.filter(puskesmas_id=puskesmas, type=FacilityType.POSYANDU).values("region_id"),
        ).first() if isinstance(code, str) else None
        if region is None:
            raise Http404
        return cls(DESA, region.name, region.code, region.code[:5], puskesmas=puskesmas, desa=region.code,
                   label=region.kind)

    @classmethod
    def for_posyandu(cls, pk: int) -> "Area":
        pos = Facility.objects.filter(pk=pk, type=FacilityType.POSYANDU).first()
        if pos is None:
            raise Http404
        return cls(POSYANDU, pos.name, pos.code, pos.district_id, puskesmas=pos.puskesmas_id, desa=pos.region_id,
                   posyandu=pos.pk, parent_of_posyandu=pos.parent_id, label=pos.get_type_display())

    @classmethod
    def from_kwargs(cls, kwargs: dict) -> "Area":
        """The area named by a URL's arguments (those of `url_kwargs`)."""
        if "posyandu" in kwargs:
            return cls.for_posyandu(kwargs["posyandu"])
        if "desa" in kwargs:
            return cls.for_desa(kwargs["puskesmas"], kwargs["desa"])
        if "puskesmas" in kwargs:
            return cls.for_puskesmas(kwargs["puskesmas"])
        return cls.for_district(kwargs["district"])

    @classmethod
    def open(cls, user, kwargs: dict) -> "Area":
        """The area named by the URL, if the user may open it; else 404."""
        area = cls.from_kwargs(kwargs)
        if not area.within(user):
            raise Http404
        return area

    @classmethod
    def landing(cls, user) -> "Area | None":
        """Where a user starts: a Dinkes officer's district, a Puskesmas
        head's Puskesmas, a Pustu's desa, a kader's Posyandu; None for a
        national user (who picks a district)."""
        if user.scope_district_id:
            return cls.for_district(user.scope_district_id)
        facility = user.scope_facility
        if facility is None:
            return None
        if facility.type == FacilityType.PUSKESMAS:
            return cls.for_puskesmas(facility.pk)
        if facility.type == FacilityType.PUSTU:
            try:
                return cls.for_desa(facility.puskesmas_id, facility.region_id)
            except Http404:
                return None
        return cls.for_posyandu(facility.pk)


def districts_for(user):
    """Districts a national user can choose from (those with a network)."""
    if not user_sees_everything(user):
        return Region.objects.none()
    codes = Facility.objects.filter(type=FacilityType.PUSKESMAS).values("district_id")
    return Region.objects.filter(code__in=codes).order_by("code")


def breadcrumbs(user, area: Area) -> list[tuple[str, str | None]]:
    """(name, url) from the district down to the area; the url is None for a
    level the user may not open (shown as plain text) and for the area itself.
    The levels are of the area's class, so they link to the same app."""
    cls = type(area)
    chain: list[Area] = [cls.for_district(area.district)]
    if area.kind in (PUSKESMAS, DESA, POSYANDU):
        chain.append(area if area.kind == PUSKESMAS else cls.for_puskesmas(area.puskesmas))
    if area.kind in (DESA, POSYANDU):
        try:
            chain.append(area if area.kind == DESA else cls.for_desa(area.puskesmas, area.desa))
        except Http404:
            pass
    if area.kind == POSYANDU:
        chain.append(area)
    return [(level.name, None if level.kind == area.kind or not level.within(user) else level.url())
            for level in chain]


def area_q(area: Area, path: str) -> Q:
    """Rows placed in the area by the facility reached through `path` ("":
    the facilities themselves): any facility of a district or Puskesmas,
    one standing in a desa, or the Posyandu itself."""
    if area.kind == DISTRICT:
        return Q(**{facility_field(path, "district_id"): area.district})
    if area.kind == PUSKESMAS:
        return Q(**{facility_field(path, "puskesmas_id"): area.puskesmas})
    if area.kind == DESA:
        return Q(**{facility_field(path, "puskesmas_id"): area.puskesmas,
                    facility_field(path, "region_id"): area.desa})
    return Q(**{facility_key(path): area.posyandu})


def child_path(area: Area, path: str) -> str | None:
    """The field, from `path` (a way to a Facility), that names the child
    level a row falls in: its Puskesmas, its desa, or the facility itself."""
    return {DISTRICT: f"{path}__puskesmas_id", PUSKESMAS: f"{path}__region_id", DESA: f"{path}_id"}.get(area.kind)
