"""An area's target is its own explicit row, else the sum of the nearest
explicit rows beneath it, else none."""

from facilities.models import Facility, Region
from reports.models import TargetGroup
from reports.targets import compute_targets, targets_for_areas

from .helpers import YEAR, make_target


def test_targets_sum_upward_to_kecamatan_district_province_and_puskesmas_catchment(desa_targets):
    home = desa_targets["36.01"]
    ids = [home[k].pk for k in ("puskesmas", "puskesmas_b", "pustu", "posyandu_pustu")]
    got = targets_for_areas(
        year=YEAR, groups=["balita"], region_codes=["36", "36.01", "36.01.01", "36.01.02"], facility_ids=ids
    )
    assert got[("36.01.01", "balita")] == 60
    assert got[("36.01.02", "balita")] == 5
    assert got[("36.01", "balita")] == 65
    assert got[("36", "balita")] == 65
    assert got[(home["puskesmas"].pk, "balita")] == 60  # catchment 36.01.01.*
    assert got[(home["puskesmas_b"].pk, "balita")] == 5
    assert got[(home["pustu"].pk, "balita")] == 20  # its desa 36.01.01.2002
    assert got[(home["posyandu_pustu"].pk, "balita")] is None  # only an explicit row counts


def test_an_explicit_target_of_an_area_wins_over_the_sum_beneath_it(desa_targets):
    home = desa_targets["36.01"]
    make_target("36.01.01", 100)
    make_target(home["puskesmas"], 70)
    make_target(home["posyandu_pustu"], 12)
    got = targets_for_areas(
        year=YEAR,
        groups=["balita"],
        region_codes=["36.01", "36.01.01"],
        facility_ids=[home["puskesmas"].pk, home["posyandu_pustu"].pk],
    )
    assert got[("36.01.01", "balita")] == 100
    assert got[("36.01", "balita")] == 105  # the kecamatan row stands for its desa
    assert got[(home["puskesmas"].pk, "balita")] == 70
    assert got[(home["posyandu_pustu"].pk, "balita")] == 12
    make_target("36.01", 1_000)
    assert targets_for_areas(year=YEAR, groups=["balita"], region_codes=["36.01"])[("36.01", "balita")] == 1_000


def test_an_area_without_targets_has_none_not_zero(desa_targets):
    got = targets_for_areas(
        year=YEAR,
        groups=["balita", "lansia"],
        region_codes=["36.02", "36.01", "36.01.02.2003", "99.99"],
        facility_ids=[desa_targets["36.02"]["puskesmas"].pk, 987_654],
    )
    assert got[("36.02", "balita")] is None
    assert got[("36.01", "lansia")] is None  # no desa has a lansia target
    assert got[("36.01.02.2003", "balita")] is None
    assert got[("99.99", "balita")] is None
    assert got[(desa_targets["36.02"]["puskesmas"].pk, "balita")] is None
    assert got[(987_654, "balita")] is None
    assert targets_for_areas(year=YEAR + 1, groups=["balita"], region_codes=["36.01"])[("36.01", "balita")] is None


def test_an_explicit_zero_target_is_kept_as_zero(desa_targets):
    make_target("36.02.01.2001", 0)
    assert targets_for_areas(year=YEAR, groups=["balita"], region_codes=["36.02"])[("36.02", "balita")] == 0


def test_every_group_is_answered_when_no_groups_are_given(desa_targets):
    got = targets_for_areas(year=YEAR, region_codes=["36.01"])
    assert {g for _area, g in got} == set(TargetGroup.values)


def test_targets_for_areas_runs_the_same_few_queries_for_one_area_or_many(desa_targets, django_assert_max_num_queries):
    compute_targets(district_code="36.02", year=YEAR)
    with django_assert_max_num_queries(3) as one:
        targets_for_areas(year=YEAR, groups=["balita"], region_codes=["36.01"])
    all_regions = list(Region.objects.values_list("code", flat=True))
    all_facilities = list(Facility.objects.values_list("pk", flat=True))
    with django_assert_max_num_queries(3) as many:
        got = targets_for_areas(year=YEAR, region_codes=all_regions, facility_ids=all_facilities)
    assert len(got) == (len(all_regions) + len(all_facilities)) * len(TargetGroup.values)
    with django_assert_max_num_queries(3) as facilities_only:
        targets_for_areas(year=YEAR, facility_ids=all_facilities)
    assert len(one.captured_queries) == 1
    assert len(many.captured_queries) == len(facilities_only.captured_queries) == 3


def test_computed_targets_of_the_desa_add_up_to_the_district_figure_through_targets_for_areas(registry):
    result = compute_targets(district_code="36.01", year=YEAR)
    got = targets_for_areas(year=YEAR, region_codes=["36.01", "36.01.01", "36.01.02"])
    for group, total in result.totals.items():
        assert got[("36.01", group)] == total
        assert got[("36.01.01", group)] + got[("36.01.02", group)] == total
