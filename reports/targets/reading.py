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


def _add(into: dict[str, int], numbers: dict[str, int]) -> None:
    for group, number in numbers.items():
        into[group] = into.get(group, 0) + number


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
    covering = _covering_prefixes(region_codes)
    for code in covering:
        where |= Q(region=code) | Q(region__code__startswith=code + ".")
    # The facilities' desa not read already beneath a region asked (a
    # district's overview: every catchment desa, hundreds of parameters).
    covered = set(covering)
    desa_needed = sorted({d for desa in facility_desa.values() for d in desa
                          if d not in covered and not covered.intersection(_ancestors(d))})
    if desa_needed:
        where |= Q(region__in=desa_needed)
    if facility_ids:
        where |= Q(facility__in=facility_ids)
    region_rows: dict[str, dict[str, int]] = defaultdict(dict)  # code -> group -> number
    facility_rows: dict[tuple[int, str], int] = {}
    for region, facility, group, number in Target.objects.filter(where, year=year, group__in=groups).values_list(
        "region", "facility", "group", "number"
    ):
        if region is not None:
            region_rows[region][group] = number
        else:
            facility_rows[(facility, group)] = number

    # Each row adds to the asked areas above it, up to the first ancestor
    # that has an explicit row of its own (which then stands for it). A
    # district has thousands of desa rows under a few dozen kecamatan: they
    # are summed per kecamatan first, and each sum climbs from there.
    asked = set(region_codes)
    below: dict[str, dict[str, int]] = defaultdict(dict)
    upward = []
    for code, numbers in region_rows.items():
        if code.count(".") == RegionLevel.DESA - 1:
            _add(below[code.rsplit(".", 1)[0]], numbers)
        else:
            upward.append((numbers, tuple(_ancestors(code))))
    upward += [(numbers, (code, *_ancestors(code))) for code, numbers in below.items()]
    sums: dict[str, dict[str, int]] = defaultdict(dict)
    for numbers, chain in upward:
        for group, number in numbers.items():
            for ancestor in chain:
                if group in region_rows.get(ancestor, ()):
                    break
                if ancestor in asked:
                    sums[ancestor][group] = sums[ancestor].get(group, 0) + number

    for code in region_codes:
        explicit, summed = region_rows.get(code, {}), sums.get(code, {})
        for group in groups:
            number = explicit.get(group)
            result[(code, group)] = number if number is not None else summed.get(group)
    for pk in facility_ids:
        summed = {}
        for desa in facility_desa.get(pk, []):
            _add(summed, region_rows.get(desa, {}))
        for group in groups:
            number = facility_rows.get((pk, group))
            result[(pk, group)] = number if number is not None else summed.get(group)
    return result
