"""Whatever explicit rows exist, at whatever levels, `targets_for_areas` gives
every region and facility what the definition says, read plainly: its own
row, else the sum of the nearest rows beneath it, else none."""

import random

import pytest

from facilities.models import Catchment, Facility, FacilityType, Region

from .helpers import YEAR, make_target


def _plain(code: str, group: str, rows: dict) -> int | None:
    """A region's target straight from the definition: its row, else the sum
    of its children's targets where they have one, else none."""
    if (code, group) in rows:
        return rows[(code, group)]
    found = [t for c in Region.objects.filter(parent_id=code).values_list("code", flat=True)
             if (t := _plain(c, group, rows)) is not None]
    return sum(found) if found else None


def _plain_facility(facility: Facility, group: str, rows: dict, facility_rows: dict) -> int | None:
    if (facility.pk, group) in facility_rows:
        return facility_rows[(facility.pk, group)]
    if facility.type == FacilityType.PUSKESMAS:
        desa = Catchment.objects.filter(puskesmas=facility).values_list("desa_id", flat=True)
    elif facility.type == FacilityType.PUSTU:
        desa = [facility.region_id]
    else:
        return None
    found = [rows[(d, group)] for d in desa if (d, group) in rows]
    return sum(found) if found else None


@pytest.mark.parametrize("seed", range(6))
def test_targets_for_areas_equal_the_plain_definition_for_random_rows(network, seed):
    rng = random.Random(seed)
    codes = list(Region.objects.values_list("code", flat=True))
    facilities = list(Facility.objects.all())
    groups = ["balita", "lansia"]
    rows, facility_rows = {}, {}
    for code in rng.sample(codes, rng.randint(0, len(codes))):
        # Mostly desa, as in the field; sometimes a higher level stands for them.
        if code.count(".") == 3 or rng.random() < 0.3:
            group = rng.choice(groups)
            rows[(code, group)] = rng.choice([0, rng.randint(1, 500)])
            make_target(code, rows[(code, group)], group=group)
    for facility in rng.sample(facilities, rng.randint(0, 3)):
        group = rng.choice(groups)
        facility_rows[(facility.pk, group)] = rng.randint(1, 500)
        make_target(facility, facility_rows[(facility.pk, group)], group=group)
    make_target("36.01.01.2001", 7, year=YEAR + 1)  # another year counts for nothing

    asked = rng.sample(codes, rng.randint(1, len(codes)))
    got = targets_for_areas_of(asked, [f.pk for f in facilities], groups)

    for code in asked:
        for group in groups:
            assert got[(code, group)] == _plain(code, group, rows), (code, group)
    for facility in facilities:
        for group in groups:
            assert got[(facility.pk, group)] == _plain_facility(facility, group, rows, facility_rows), \
                (facility.code, group)


def targets_for_areas_of(codes, facility_ids, groups):
    from reports.targets import targets_for_areas

    return targets_for_areas(year=YEAR, groups=groups, region_codes=codes, facility_ids=facility_ids)
