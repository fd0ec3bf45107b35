"""A sheet of targets is checked row by row and written all or nothing,
only for areas the user may manage."""

import pytest

from facilities.models import Region
from facilities.scope import can_manage_district
from reports.models import Target, TargetSource
from reports.targets import compute_targets
from reports.targets.importing import group_lookup

from .sheets import GOOD, csv_bytes, run_import, xlsx_bytes


def test_a_dry_run_writes_nothing_and_lists_every_bad_row_with_its_reason(cast):
    data = csv_bytes(
        "36.01.01.2001,,2026,ibu_hamil,120",  # 2: good
        "36.01.09.2001,,2026,ibu_hamil,10",  # 3: unknown region
        "36.02.01.2001,,2026,ibu_hamil,10",  # 4: other district
        "36.01.01.2002,,20x6,ibu_hamil,10",  # 5: bad year
        "36.01.01.2002,,1999,ibu_hamil,10",  # 6: year out of range
        "36.01.01.2002,,2026,kucing,10",  # 7: unknown group
        "36.01.01.2002,,2026,balita,-4",  # 8: negative
        "36.01.01.2002,,2026,lansia,12.5",  # 9: not a whole number
        "36.01.01.2001,,2026,Pregnant women,7",  # 10: duplicate of line 2
        ",NOPE,2026,balita,3",  # 11: unknown facility
        ",P36.02A,2026,balita,3",  # 12: facility of another district
        ",,2026,balita,3",  # 13: no area
        "36.01.01.2003,P36.01A,2026,balita,3",  # 14: both areas
        "36,,2026,balita,3",  # 15: the province is above a district user
        "36.01.01.2003,,2026,balita,",  # 16: no number
    )
    report = run_import(data, cast["dinkes"], dry_run=True)
    assert not report.applied
    reasons = {e.line: " ".join(e.messages) for e in report.errors}
    assert sorted(reasons) == list(range(3, 17))
    assert "unknown" in reasons[3] and "36.01.09.2001" in reasons[3]
    assert "outside your work area" in reasons[4]
    assert "'20x6'" in reasons[5]
    assert "'1999'" in reasons[6]
    assert "Unknown target group 'kucing'" in reasons[7]
    assert "negative" in reasons[8]
    assert "whole number" in reasons[9]
    assert "line 2" in reasons[10]
    assert "Facility NOPE is unknown" in reasons[11]
    assert "Facility P36.02A is outside your work area" in reasons[12]
    assert "kode_wilayah" in reasons[13]
    assert "not both" in reasons[14]
    assert "outside your work area" in reasons[15]
    assert "required" in reasons[16]
    assert not Target.objects.exists()


def test_a_dry_run_of_a_good_file_counts_what_it_would_do_and_writes_nothing(cast):
    report = run_import(GOOD, cast["dinkes"], dry_run=True)
    assert report.ok and not report.applied
    assert (report.rows, report.created, report.updated) == (5, 5, 0)
    assert not Target.objects.exists()


def test_a_good_csv_is_written_as_imported_targets(cast):
    report = run_import(GOOD, cast["dinkes"])
    assert report.applied, report.errors
    assert report.created == 5
    rows = {
        (t.region_id or t.facility.code, t.group): (t.number, t.source, t.updated_by)
        for t in Target.objects.select_related("facility")
    }
    assert rows == {
        ("36.01.01.2001", "ibu_hamil"): (120, TargetSource.IMPORT, cast["dinkes"]),
        ("36.01.01.2002", "ibu_hamil"): (80, TargetSource.IMPORT, cast["dinkes"]),
        ("36.01.01", "balita"): (1500, TargetSource.IMPORT, cast["dinkes"]),
        ("P36.01A", "bayi_baru_lahir"): (95, TargetSource.IMPORT, cast["dinkes"]),
        ("PY36.01a", "balita"): (40, TargetSource.IMPORT, cast["dinkes"]),
    }


def test_a_semicolon_csv_from_excel_in_windows_encoding_is_read(cast):
    data = "Kode Wilayah;Tahun;Sasaran;Jumlah;Nama\n36.01.01.2001;2026;Lansia;300;Désa Satu\n".encode("cp1252")
    report = run_import(data, cast["dinkes"])
    assert report.applied, (report.problem, report.errors)
    assert Target.objects.get().group == "lansia"


def test_a_good_xlsx_made_with_openpyxl_is_written(cast):
    data = xlsx_bytes(
        [
            ["kode_wilayah", "kode_fasilitas", "tahun", "sasaran", "jumlah"],
            ["36.01.02.2001", None, 2026, "usia_produktif", 2500],
            [None, None, None, None, None],  # a blank row is skipped
            [None, "P36.01B", 2026.0, "Ibu bersalin", 75.0],
        ]
    )
    report = run_import(data, cast["dinkes"], filename="Sasaran 2026.XLSX")
    assert report.applied, (report.problem, report.errors)
    assert Target.objects.get(region="36.01.02.2001").number == 2500
    assert Target.objects.get(facility__code="P36.01B", group="ibu_bersalin").number == 75


def test_bad_rows_of_an_xlsx_are_reported_with_their_sheet_row(cast):
    data = xlsx_bytes(
        [
            ["kode_wilayah", "tahun", "sasaran", "jumlah"],
            ["36.01.02.2001", 2026, "balita", 12.5],
            ["36.01.02.2001", 2026, "lansia", 10],
        ]
    )
    report = run_import(data, cast["dinkes"], filename="s.xlsx")
    assert [e.line for e in report.errors] == [2]
    assert not Target.objects.exists()  # all or nothing


def test_importing_again_updates_instead_of_duplicating(cast):
    run_import(GOOD, cast["dinkes"])
    changed = GOOD.replace(b"36.01.01.2001,,2026,ibu_hamil,120", b"36.01.01.2001,,2026,ibu_hamil,125")
    report = run_import(changed, cast["dinkes"])
    assert (report.created, report.updated, report.unchanged) == (0, 1, 4)
    assert Target.objects.count() == 5
    assert Target.objects.get(region="36.01.01.2001", group="ibu_hamil").number == 125


def test_an_import_replaces_a_formula_target_and_is_then_kept_by_the_formula(cast):
    compute_targets(district_code="36.01", year=2026)
    report = run_import(csv_bytes("36.01.01.2001,,2026,ibu_hamil,7"), cast["dinkes"])
    assert (report.created, report.updated) == (0, 1)
    compute_targets(district_code="36.01", year=2026)
    row = Target.objects.get(region="36.01.01.2001", group="ibu_hamil")
    assert (row.number, row.source) == (7, TargetSource.IMPORT)


def test_out_of_scope_rows_are_rejected_and_nothing_of_the_file_is_written(cast):
    data = csv_bytes("36.01.01.2001,,2026,balita,10", "36.02.01.2001,,2026,balita,10", ",PY36.02a,2026,balita,4")
    report = run_import(data, cast["dinkes"])
    assert [e.line for e in report.errors] == [3, 4]
    assert not Target.objects.exists()
    # the other district's staff may not write 36.01 either
    report = run_import(csv_bytes("36.01.01.2001,,2026,balita,10"), cast["dinkes_other"])
    assert [e.line for e in report.errors] == [2]
    assert not Target.objects.exists()


def test_a_national_superuser_may_import_anywhere(cast):
    data = csv_bytes("36,,2026,balita,10", "36.02.01.2001,,2026,balita,10", ",PY36.02a,2026,balita,4")
    assert run_import(data, cast["admin"]).applied
    assert Target.objects.count() == 3


def test_a_puskesmas_user_may_import_nothing_for_regions(cast):
    report = run_import(csv_bytes("36.01.01.2001,,2026,balita,10"), cast["kapus"])
    assert [e.line for e in report.errors] == [2]


def test_the_indonesian_and_english_names_of_groups_are_accepted(regions):
    names = group_lookup()
    assert names["ibu hamil"] == "ibu_hamil"
    assert names["usia lanjut"] == "lansia"
    assert names["pregnant women"] == "ibu_hamil"
    assert names["penderita diabetes melitus"] == "penderita_dm"
    assert names["terduga tbc"] == "terduga_tbc"
    assert names["bayi"] == "bayi"  # a code is never taken by another group's label


@pytest.mark.parametrize("who", ["admin", "dinkes", "dinkes_other", "kapus", "kader", "no_scope"])
def test_the_import_accepts_exactly_the_regions_the_user_may_manage(cast, who):
    user = cast[who]
    codes = list(Region.objects.order_by("code").values_list("code", flat=True))
    report = run_import(csv_bytes(*[f"{code},,2026,balita,1" for code in codes]), user, dry_run=True)
    refused = {
        codes[error.line - 2]
        for error in report.errors
        if any("outside your work area" in message for message in error.messages)
    }
    assert refused == {code for code in codes if not can_manage_district(user, code)}
