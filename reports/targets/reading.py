"""Reading targets summed upward (`targets_for_areas`).

- An area's target is its own explicit Target row when there is one; else the
  sum of the nearest explicit rows beneath it (a kecamatan row stands for its
  desa); None when there is no row beneath it at all: "no target", never 0.
- A Puskesmas sums its catchment desa, a Pustu its desa, a Posyandu has only
  an explicit Target(facility=...) row.
"""

from collections import defaultdict

from django.db.models import Q

from facilities.models import Catchment, Facility, FacilityType, RegionLevel

from ..models import Target, TargetGroup


def _ancestors(code: str):
    """The codes above a region code, nearest first: 36.01.21.2005 → 36.01.21, 36.01, 36."""
    while "." in code:
        code = code.rsplit(".", 1)[0]
        yield code


def _covering_prefixes(codes) -> list[str]:
    """The fewest codes whose subtrees hold all of `codes`."""
    chosen: set[str] = set()
    for code in sorted(set(codes), key=lambda c: (c.count("."), c)):
        if not any(a in chosen for a in _ancestors(code)):
            chosen.add(code)
    return sorted(chosen)


def targets_for_areas(
    *,
    year: int,
    groups: list[str] | None = None,
    region_codes: list[str] | None = None,
    facility_ids: list[int] | None = None,
) -> dict[tuple[str | int, str], int | None]:
    """The target of each area and group for the year, keyed (region code, group)
    for regions and (facility id, group) for facilities. None means "no
    target": nothing is set for the area or beneath it. At most three queries,
    however many areas are asked."""
    groups = list(groups) if groups is not None else list(TargetGroup.values)
    region_codes = list(dict.fromkeys(region_codes or []))
    facility_ids = list(dict.fromkeys(facility_ids or []))
    result: dict[tuple[str | int, str], int | None] = {}
    if not groups or not (region_codes or facility_ids):
        return result

    facilities: dict[int, tuple[str, str]] = {}
    catchment: dict[int, list[str]] = defaultdict(list)
    if facility_ids:
        facilities = {
            pk: (ftype, region)
            for pk, ftype, region in Facility.objects.filter(pk__in=facility_ids).values_list("pk", "type", "region")
        }
        for puskesmas, desa in Catchment.objects.filter(puskesmas__in=facility_ids).values_list("puskesmas", "desa"):
            catchment[puskesmas].append(desa)
    facility_desa: dict[int, list[str]] = {}
    for pk, (ftype, region) in facilities.items():
        if ftype == FacilityType.PUSKESMAS:
            facility_desa[pk] = catchment.get(pk, [])
        elif ftype == FacilityType.PUSTU and region.count(".") == RegionLevel.DESA - 1:
            facility_desa[pk] = [region]
        else:
            facility_desa[pk] = []

    # One query: the explicit rows of the regions asked and everything beneath
    # them, of the facilities' desa, and of the facilities themselves.
    where = Q(pk__in=[])
    for code in _covering_prefixes(region_codes):
        where |= Q(region=code) | Q(region__code__startswith=code + ".")
    desa_needed = sorted({d for desa in facility_desa.values() for d in desa})
    if desa_needed:
        where |= Q(region__in=desa_needed)
    if facility_ids:
        where |= Q(facility__in=facility_ids)
    region_rows: dict[tuple[str, str], int] = {}
    facility_rows: dict[tuple[int, str], int] = {}
    for region, facility, group, number in Target.objects.filter(where, year=year, group__in=groups).values_list(
        "region", "facility", "group", "number"
    ):
        if region is not None:
            region_rows[(region, group)] = number
        else:
            facility_rows[(facility, group)] = number

    # Each row adds to the asked areas above it, up to the first ancestor
    # that has an explicit row of its own (which then stands for it).
    asked = set(region_codes)
    sums: dict[tuple[str, str], int] = {}
    chains: dict[str, tuple[str, ...]] = {}  # a district has thousands of rows over a few hundred codes
    for (code, group), number in region_rows.items():
        chain = chains.get(code)
        if chain is None:
            chain = chains[code] = tuple(_ancestors(code))
        for ancestor in chain:
            if (ancestor, group) in region_rows:
                break
            if ancestor in asked:
                sums[(ancestor, group)] = sums.get((ancestor, group), 0) + number

    for code in region_codes:
        for group in groups:
            explicit = region_rows.get((code, group))
            result[(code, group)] = explicit if explicit is not None else sums.get((code, group))
    for pk in facility_ids:
        for group in groups:
            explicit = facility_rows.get((pk, group))
            if explicit is not None:
                result[(pk, group)] = explicit
                continue
            numbers = [region_rows[(d, group)] for d in facility_desa.get(pk, []) if (d, group) in region_rows]
            result[(pk, group)] = sum(numbers) if numbers else None
    return result
