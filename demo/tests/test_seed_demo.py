from io import StringIO

import pytest
from django.core.management import call_command

from facilities.models import Catchment, Facility, FacilityType, Region, RegionLevel, Role, User


@pytest.fixture
def banten_and_riau(real_regions):
    """The real regions of Banten and Riau (see demo/tests/conftest.py)."""


def network_snapshot():
    return list(
        Facility.objects.order_by("code").values_list(
            "code", "name", "type", "inpatient", "parent__code", "region_id", "sub_area", "active"
        )
    )


def run_seed(*args):
    out = StringIO()
    if "--people" not in args:
        args = (*args, "--people", "0")
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_pandeglang_gets_the_network_reported_at_its_ilp_launch(banten_and_riau):
    output = run_seed()
    counts = {t: Facility.objects.filter(type=t, district_id="36.01").count() for t in FacilityType.values}
    assert counts == {"puskesmas": 36, "pustu": 66, "posyandu": 1900}
    # One Puskesmas per kecamatan, the largest kecamatan with a second one.
    kecamatan = Region.objects.filter(parent_id="36.01", level=RegionLevel.KECAMATAN).count()
    assert kecamatan == 35
    # Every desa lies in exactly one Puskesmas catchment, of its own kecamatan.
    desa = Region.objects.desa().descendants_of("36.01").count()
    assert Catchment.objects.filter(desa__code__startswith="36.01.").count() == desa
    for c in Catchment.objects.select_related("puskesmas").filter(desa__code__startswith="36.01."):
        assert c.puskesmas.code[1:7] == c.desa_id[:8].replace(".", "")
    assert "kader" in output and "ilp-demo-2026" in output


def test_every_seeded_facility_obeys_the_network_rules(banten_and_riau):
    run_seed("--district", "14.72")
    counts = {t: Facility.objects.filter(type=t).count() for t in FacilityType.values}
    assert counts == {"puskesmas": 10, "pustu": 36, "posyandu": 201}
    for facility in Facility.objects.select_related("parent"):
        facility.full_clean()


def test_the_same_seed_gives_the_same_network_and_no_duplicates(banten_and_riau):
    run_seed("--seed", "7")
    first = network_snapshot()
    run_seed("--seed", "7")
    assert network_snapshot() == first
    assert Facility.objects.count() == 36 + 66 + 1900


def test_one_demo_user_per_role_each_with_a_scope(banten_and_riau):
    run_seed()
    roles = {u.username: (u.role, u.scope_facility_id or u.scope_district_id) for u in User.objects.all()}
    assert {r for r, _ in roles.values()} == set(Role.values)
    assert User.objects.get(username="perawat").scope_facility.inpatient
    assert all(scope for _, scope in roles.values())
    kader = User.objects.get(username="kader")
    assert kader.scope_facility.type == FacilityType.POSYANDU
    assert kader.scope_facility.parent_id == User.objects.get(username="pustu").scope_facility_id
    farmasi = User.objects.get(username="farmasi")
    assert farmasi.scope_facility == User.objects.get(username="kapus").scope_facility


def test_an_unknown_district_is_a_clear_error(banten_and_riau):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="tidak ditemukan"):
        run_seed("--district", "99.99")


def test_the_demo_district_gets_people_a_year_of_visits_and_coverage_facts(banten_and_riau):
    from clusters.models import Visit
    from reports.models import CoverageFact
    from stock.models import Kind, Movement

    output = run_seed("--district", "14.72", "--people", "400")
    assert "400 people" in output and "visits" in output and "coverage facts" in output
    assert Visit.objects.filter(patient__household__posyandu__district_id="14.72").exists()
    assert CoverageFact.objects.filter(district_id="14.72", indicator="D").exists()
    assert "stock movements" in output
    assert "inpatient wards" in output
    assert Movement.objects.filter(facility__district_id="14.72", kind=Kind.DISPENSE).exists()


def test_a_benchmark_puskesmas_in_the_district_is_never_given_a_demo_login(banten_and_riau):
    run_seed()
    desa = Region.objects.desa().descendants_of("36.01").order_by("code").first()
    Facility(type=FacilityType.PUSKESMAS, code="BENCH-STOCK-PKM", name="Puskesmas Bench Stok", region=desa).save()

    run_seed()

    assert not Facility.objects.get(code="BENCH-STOCK-PKM").active
    assert User.objects.get(username="kapus2").scope_facility.code.startswith("P36")


def test_a_coverage_only_district_gets_facts_and_nothing_the_engine_does_not_read(banten_and_riau):
    from clusters.models import Visit
    from followup.models import DueItem
    from lab.models import LabRequest
    from reports.models import CoverageFact
    from stock.models import Movement

    output = run_seed("--district", "14.72", "--people", "300", "--coverage-only")

    assert Visit.objects.filter(patient__household__posyandu__district_id="14.72").exists()
    assert CoverageFact.objects.filter(district_id="14.72", indicator="D").exists()
    assert "coverage facts" in output
    assert not Movement.objects.exists() and not LabRequest.objects.exists() and not DueItem.objects.exists()
