import pytest

from facilities.models import Region, RegionLevel, region_kind_of
from facilities.region_import import RegionFileError, import_regions


def write_csv(tmp_path, rows, name="wilayah.csv"):
    path = tmp_path / name
    path.write_text("kode,nama\n" + "".join(f"{code},{nama}\n" for code, nama in rows), encoding="utf-8")
    return path


SMALL = [
    ("36", "Banten"),
    ("36.01", "Kabupaten Pandeglang"),
    ("36.01.01", "Sumur"),
    ("36.01.01.2001", "Kertajaya"),
    ("36.71", "Kota Tangerang"),
    ("36.71.01", "Tangerang"),
    ("36.71.01.1001", "Sukasari"),
]


@pytest.mark.slow
@pytest.mark.django_db
def test_the_whole_country_loads_with_the_decree_counts_and_a_second_run_changes_nothing():
    first = import_regions()
    counts = {level: Region.objects.filter(level=level).count() for level in RegionLevel.values}
    assert counts == {1: 38, 2: 514, 3: 7285, 4: 83762}
    assert first.created == 91599
    second = import_regions()
    assert (second.created, second.updated, second.unchanged) == (0, 0, 91599)
    assert Region.objects.count() == 91599
    pandeglang = Region.objects.get(code="36.01")
    assert (pandeglang.population_male, pandeglang.population_female, pandeglang.population_total) == (
        738650,
        698396,
        1437046,
    )


@pytest.mark.django_db
def test_a_changed_name_is_updated_not_duplicated(tmp_path):
    import_regions(write_csv(tmp_path, SMALL), None)
    renamed = [(c, "Kertajaya Baru" if c == "36.01.01.2001" else n) for c, n in SMALL]
    result = import_regions(write_csv(tmp_path, renamed), None)
    assert (result.created, result.updated) == (0, 1)
    assert Region.objects.filter(code="36.01.01.2001").get().name == "Kertajaya Baru"
    assert Region.objects.count() == len(SMALL)


@pytest.mark.django_db
def test_population_is_loaded_for_kabupaten_kota(tmp_path):
    pop = tmp_path / "penduduk.csv"
    pop.write_text("kode,nama,pria,wanita,total\n0,INDONESIA,1,1,2\n36.01,Kabupaten Pandeglang,735044,702002,1437046\n")
    import_regions(write_csv(tmp_path, SMALL), pop)
    region = Region.objects.get(code="36.01")
    assert (region.population_male, region.population_female, region.population_total) == (735044, 702002, 1437046)
    assert region.population_year == 2025


@pytest.mark.django_db
def test_a_row_whose_parent_is_missing_is_refused_and_nothing_is_written(tmp_path):
    with pytest.raises(RegionFileError):
        import_regions(write_csv(tmp_path, [("36", "Banten"), ("36.01.01", "Orphan")]), None)
    assert Region.objects.count() == 0


@pytest.mark.django_db
def test_parents_follow_the_code_path(tmp_path):
    import_regions(write_csv(tmp_path, SMALL), None)
    desa = Region.objects.get(code="36.01.01.2001")
    assert desa.parent_id == "36.01.01" and desa.level == RegionLevel.DESA
    assert desa.parent.parent.parent.code == "36"


@pytest.mark.parametrize(
    "code, kind",
    [
        ("36", "provinsi"),
        ("36.01", "kabupaten"),
        ("36.69", "kabupaten"),
        ("36.71", "kota"),
        ("36.01.01", "kecamatan"),
        ("36.01.01.2001", "desa"),
        ("36.71.01.1001", "kelurahan"),
    ],
)
def test_the_kind_of_a_region_is_read_from_its_code(code, kind):
    assert region_kind_of(code) == kind


@pytest.mark.django_db
def test_descendants_are_a_prefix_match_in_one_query(tmp_path, django_assert_num_queries):
    import_regions(write_csv(tmp_path, SMALL), None)
    with django_assert_num_queries(1):
        codes = list(Region.objects.descendants_of("36.01").values_list("code", flat=True))
    assert codes == ["36.01.01", "36.01.01.2001"]
