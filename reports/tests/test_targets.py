from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import translation

from facilities.models import Facility, Region
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports.models import Target, TargetGroup, TargetParameters, TargetSource
from reports.targets import (
    TargetError,
    compute_targets,
    coverage_percent,
    distribute,
    district_figures,
    effective_parameters,
    parameters_from,
    targets_for_areas,
)

YEAR = 2026
DESA_3601 = [f"36.01.{kec}.{desa}" for kec in ("01", "02") for desa in ("2001", "2002", "2003")]


def _target(area, number, group=TargetGroup.BALITA, source=TargetSource.MANUAL, year=YEAR):
    if isinstance(area, str):
        return Target.objects.create(region_id=area, year=year, group=group, number=number, source=source)
    return Target.objects.create(facility=area, year=year, group=group, number=number, source=source)


def _desa_numbers(group, district="36.01", year=YEAR):
    return dict(
        Target.objects.filter(region__code__startswith=district + ".", year=year, group=group).values_list(
            "region", "number"
        )
    )


# --- Formulas -----------------------------------------------------------------


def test_the_default_formulas_give_the_hand_computed_figures_for_a_million_people():
    cbr, proportions = parameters_from(None)
    figures = district_figures(1_000_000, cbr, proportions)
    # births = 16 / 1,000 × 1,000,000 = 16,000
    assert figures["ibu_hamil"] == 17_600  # 1.10 × births
    assert figures["ibu_bersalin"] == 16_800  # 1.05 × births
    assert figures["bayi_baru_lahir"] == 16_800
    assert figures["bayi"] == 16_800
    assert figures["balita"] == 76_000
    assert figures["baduta"] == 30_000
    assert figures["usia_pendidikan_dasar"] == 160_000
    assert figures["usia_produktif"] == 660_000
    assert figures["lansia"] == 118_000
    assert figures["remaja_putri"] == 80_000
    # aged 15+ = (0.66 + 0.118) × 1,000,000 = 778,000
    assert figures["penderita_hipertensi"] == 233_400  # 0.30 × 778,000
    assert figures["penderita_dm"] == 15_560  # 0.02 × 778,000
    assert figures["odgj_berat"] == 1_800
    assert set(figures) == set(TargetGroup.values)


def test_district_parameters_override_the_birth_rate_and_proportions_and_round_half_up(regions):
    TargetParameters.objects.create(
        district_id="36.01",
        year=YEAR,
        crude_birth_rate=Decimal("18.5"),
        proportions={"lansia": "0.1", "penderita_hipertensi": 0.25, "unknown_group": "0.5", "balita": "not a number"},
    )
    cbr, proportions = effective_parameters("36.01", YEAR)
    figures = district_figures(1_234_567, cbr, proportions)
    # births = 18.5 × 1,234.567 = 22,839.4895
    assert figures["ibu_hamil"] == 25_123  # × 1.10 = 25,123.43845
    assert figures["ibu_bersalin"] == 23_981  # × 1.05 = 23,981.463975
    # aged 15+ = (0.66 + 0.1) × 1,234,567 = 938,270.92; × 0.25 = 234,567.73
    assert figures["penderita_hipertensi"] == 234_568
    assert figures["lansia"] == 123_457  # 123,456.7
    assert proportions["balita"] == Decimal("0.076")  # an unreadable override is ignored
    # another year keeps the defaults
    assert effective_parameters("36.01", YEAR + 1)[0] == Decimal("16.0")


def test_a_district_without_its_own_parameters_uses_its_provinces(regions):
    TargetParameters.objects.create(district_id="36", year=YEAR, crude_birth_rate=Decimal("20"))
    TargetParameters.objects.create(district_id="36.02", year=YEAR, crude_birth_rate=Decimal("15"))
    assert effective_parameters("36.01", YEAR)[0] == Decimal("20")
    assert effective_parameters("36.02", YEAR)[0] == Decimal("15")


def test_distribute_sums_exactly_and_follows_the_weights_with_a_small_equal_share():
    parts = distribute(17_600, {"a": 2, "b": 1, "c": 0, "d": 0, "e": 0, "f": 0})
    assert sum(parts.values()) == 17_600
    # 5% (880) equally over 6 = 146.67 each; 95% (16,720) as 2 : 1
    assert parts == {"a": 11_293, "b": 5_720, "c": 147, "d": 147, "e": 147, "f": 146}


@pytest.mark.parametrize("total", [0, 1, 5, 7, 999, 123_457])
def test_distribute_always_sums_to_the_total(total):
    weights = {f"d{i}": w for i, w in enumerate([0, 3, 17, 1, 0, 250, 9])}
    assert sum(distribute(total, weights).values()) == total
    assert sum(distribute(total, dict.fromkeys(weights, 0)).values()) == total


# --- Computing ----------------------------------------------------------------


@pytest.fixture
def registry(people):
    """Registered residents of 36.01: two in desa 36.01.01.2002 (the Pustu's
    Posyandu) and one in 36.01.02.2002."""
    return people


def test_compute_writes_one_formula_target_per_desa_and_group_summing_to_the_district_figure(registry, cast):
    result = compute_targets(district_code="36.01", year=YEAR, user=cast["dinkes"])
    assert result.created == 6 * len(TargetGroup.values)
    assert result.registered == 3
    for group, total in result.totals.items():
        numbers = _desa_numbers(group)
        assert set(numbers) == set(DESA_3601)
        assert sum(numbers.values()) == total
    assert _desa_numbers("ibu_hamil") == {
        "36.01.01.2001": 147,
        "36.01.01.2002": 11_293,
        "36.01.01.2003": 147,
        "36.01.02.2001": 147,
        "36.01.02.2002": 5_720,
        "36.01.02.2003": 146,
    }
    assert not Target.objects.exclude(source=TargetSource.FORMULA).exists()
    assert not Target.objects.filter(region__code__startswith="36.02").exists()
    assert Target.objects.filter(updated_by=cast["dinkes"]).count() == result.created


def test_a_district_without_registered_people_shares_its_targets_equally(regions):
    compute_targets(district_code="36.01", year=YEAR)
    numbers = _desa_numbers("ibu_hamil")
    assert sorted(numbers.values()) == [2933, 2933, 2933, 2933, 2934, 2934]  # 17,600 ÷ 6


def test_merged_duplicate_records_are_not_counted_as_residents(registry, network):
    household = HouseholdFactory(posyandu=network["36.01"]["posyandu_b"])
    PatientFactory(household=household, merged_into=registry["mother"])
    assert compute_targets(district_code="36.01", year=YEAR).registered == 3


def test_computing_again_updates_formula_rows_without_duplicating(registry):
    compute_targets(district_code="36.01", year=YEAR)
    TargetParameters.objects.create(district_id="36.01", year=YEAR, crude_birth_rate=Decimal("20"))
    result = compute_targets(district_code="36.01", year=YEAR)
    assert result.created == 0
    assert Target.objects.count() == 6 * len(TargetGroup.values)
    assert sum(_desa_numbers("ibu_hamil").values()) == 22_000
    assert compute_targets(district_code="36.01", year=YEAR).updated == 0


def test_formula_targets_never_overwrite_imported_or_entered_ones(registry):
    _target("36.01.01.2001", 999, group="ibu_hamil", source=TargetSource.IMPORT)
    _target("36.01.02.2003", 5, group="balita", source=TargetSource.MANUAL)
    result = compute_targets(district_code="36.01", year=YEAR)
    assert result.kept == 2
    assert result.kept_desa == ["36.01.01.2001", "36.01.02.2003"]
    kept = Target.objects.get(region="36.01.01.2001", group="ibu_hamil")
    assert (kept.number, kept.source) == (999, TargetSource.IMPORT)
    assert Target.objects.get(region="36.01.02.2003", group="balita").number == 5
    assert Target.objects.filter(region="36.01.01.2001", group="ibu_hamil").count() == 1
    # the other desa keep their own formula share
    assert _desa_numbers("ibu_hamil")["36.01.01.2002"] == 11_293


def test_a_district_without_population_cannot_be_computed(regions):
    Region.objects.filter(code="36.01").update(population_total=None)
    with pytest.raises(TargetError):
        compute_targets(district_code="36.01", year=YEAR)
    with pytest.raises(TargetError):
        compute_targets(district_code="36.01.01", year=YEAR)  # not a district
    assert not Target.objects.exists()


def test_a_user_of_another_district_may_not_compute(cast):
    with pytest.raises(PermissionDenied):
        compute_targets(district_code="36.01", year=YEAR, user=cast["dinkes_other"])
    assert not Target.objects.exists()


# --- Reading, summed upward ---------------------------------------------------


@pytest.fixture
def desa_targets(network):
    for code, number in {"36.01.01.2001": 10, "36.01.01.2002": 20, "36.01.01.2003": 30, "36.01.02.2001": 5}.items():
        _target(code, number)
    return network


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
    _target("36.01.01", 100)
    _target(home["puskesmas"], 70)
    _target(home["posyandu_pustu"], 12)
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
    _target("36.01", 1_000)
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
    _target("36.02.01.2001", 0)
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


# --- Coverage -----------------------------------------------------------------


@pytest.mark.parametrize(
    "numerator, target, expected",
    [
        (50, 200, Decimal("25.0")),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (250, 200, Decimal("125.0")),
        (0, 10, Decimal("0.0")),
        (5, None, None),
        (5, 0, None),
        (None, 10, None),
    ],
)
def test_coverage_percent_is_none_without_a_target(numerator, target, expected):
    assert coverage_percent(numerator, target) == expected


# --- Pages --------------------------------------------------------------------


def _url(name, *args):
    return reverse(f"reports:targets:{name}", args=args)


def test_dinkes_is_sent_to_their_district_and_sees_its_targets(client, cast, desa_targets):
    client.force_login(cast["dinkes"])
    response = client.get(_url("index") + f"?tahun={YEAR}")
    assert response.status_code == 302
    assert response.url == _url("district", "36.01") + f"?tahun={YEAR}"
    response = client.get(response.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Kabupaten Pandeglang" in content
    assert 'data-area="36.01.01"' in content and 'data-area="P36.01A"' in content
    assert response.context["district_row"][list(TargetGroup.values).index("balita")] == 65
    assert (
        dict(response.context["puskesmas_rows"])[desa_targets["36.01"]["puskesmas"]][
            list(TargetGroup.values).index("balita")
        ]
        == 60
    )


def test_dinkes_saves_parameters_and_computes_targets_of_their_district(client, cast, registry):
    client.force_login(cast["dinkes"])
    data = {"tahun": YEAR, "crude_birth_rate": "20"}
    page = client.get(_url("district", "36.01") + f"?tahun={YEAR}")
    for field in page.context["params_form"].proportion_fields():
        data[field.html_name] = field.initial
    data["p_balita"] = "0.08"
    response = client.post(_url("parameters", "36.01"), data)
    assert response.status_code == 302
    params = TargetParameters.objects.get(district="36.01", year=YEAR)
    assert params.crude_birth_rate == Decimal("20")
    assert params.proportions == {"balita": "0.08"}  # only what differs from the defaults

    response = client.post(_url("compute", "36.01"), {"tahun": YEAR}, follow=True)
    assert response.status_code == 200
    assert sum(_desa_numbers("ibu_hamil").values()) == 22_000
    assert sum(_desa_numbers("balita").values()) == 80_000
    assert Target.objects.filter(updated_by=cast["dinkes"]).count() == 6 * len(TargetGroup.values)


def test_invalid_parameters_are_refused_with_the_form_shown_again(client, cast, regions):
    client.force_login(cast["dinkes"])
    with translation.override("en"):
        response = client.post(_url("parameters", "36.01"), {"tahun": YEAR, "crude_birth_rate": "-3", "p_balita": "7"})
    assert response.status_code == 400
    assert response.context["params_form"].errors
    assert not TargetParameters.objects.exists()


@pytest.mark.parametrize("who", ["kader", "kapus", "petugas", "pustu", "no_scope"])
def test_health_workers_get_403_on_every_target_page(client, cast, who):
    client.force_login(cast[who])
    assert client.get(_url("index")).status_code == 403
    assert client.get(_url("district", "36.01")).status_code == 403
    assert client.get(_url("import")).status_code == 403
    assert client.post(_url("compute", "36.01"), {"tahun": YEAR}).status_code == 403
    assert client.post(_url("parameters", "36.01"), {"tahun": YEAR, "crude_birth_rate": "20"}).status_code == 403
    assert not Target.objects.exists() and not TargetParameters.objects.exists()


def test_anonymous_users_are_sent_to_login(client, regions):
    response = client.get(_url("district", "36.01"))
    assert response.status_code == 302 and "/masuk/" in response.url


def test_dinkes_of_another_district_cannot_see_or_write_its_targets(client, cast, desa_targets):
    client.force_login(cast["dinkes_other"])
    assert client.get(_url("district", "36.01")).status_code == 404
    assert client.get(_url("export", "36.01")).status_code == 404
    assert client.post(_url("compute", "36.01"), {"tahun": YEAR}).status_code == 404
    assert client.post(_url("parameters", "36.01"), {"tahun": YEAR, "crude_birth_rate": "30"}).status_code == 404
    assert Target.objects.count() == 4
    assert not TargetParameters.objects.exists()
    response = client.get(_url("index"))
    assert response.url.startswith(_url("district", "36.02"))


def test_a_national_admin_chooses_among_all_districts(client, cast):
    client.force_login(cast["admin"])
    response = client.get(_url("index"))
    assert response.status_code == 200
    assert [d.code for d in response.context["districts"]] == ["36.01", "36.02"]
    assert client.get(_url("district", "36.02")).status_code == 200
    assert client.get(_url("district", "36.01.01")).status_code == 404  # not a district


def test_target_forms_need_the_csrf_token(cast, regions):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(cast["dinkes"])
    assert csrf_client.post(_url("compute", "36.01"), {"tahun": YEAR}).status_code == 403
    assert not Target.objects.exists()


def test_the_export_is_a_csv_of_the_districts_explicit_targets(client, cast, desa_targets):
    client.force_login(cast["dinkes"])
    response = client.get(_url("export", "36.01") + f"?tahun={YEAR}")
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0] == "kode_wilayah,kode_fasilitas,nama,tahun,sasaran,jumlah,sumber"
    assert len(lines) == 5
