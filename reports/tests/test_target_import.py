import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from reports import target_import
from reports.models import Target, TargetSource
from reports.target_import import import_targets, read_sheet
from reports.targets import compute_targets

HEADER = "kode_wilayah,kode_fasilitas,tahun,sasaran,jumlah\n"


def _csv(*lines: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(lines) + "\n").encode("utf-8")


def _import(data: bytes, user, filename="sasaran.csv", dry_run=False):
    with translation.override("en"):
        return import_targets(data=data, filename=filename, user=user, dry_run=dry_run)


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


GOOD = _csv(
    "36.01.01.2001,,2026,ibu_hamil,120",
    "36.01.01.2002,,2026,Ibu hamil,80",
    "36.01.01,,2026,Balita,1500",
    ",P36.01A,2026,bayi baru lahir,95",
    ",PY36.01a,2026,Under-fives,40",
)


# --- The file is checked row by row ----------------------------------------------


def test_a_dry_run_writes_nothing_and_lists_every_bad_row_with_its_reason(cast):
    data = _csv(
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
    report = _import(data, cast["dinkes"], dry_run=True)
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
    report = _import(GOOD, cast["dinkes"], dry_run=True)
    assert report.ok and not report.applied
    assert (report.rows, report.created, report.updated) == (5, 5, 0)
    assert not Target.objects.exists()


def test_a_good_csv_is_written_as_imported_targets(cast):
    report = _import(GOOD, cast["dinkes"])
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
    report = _import(data, cast["dinkes"])
    assert report.applied, (report.problem, report.errors)
    assert Target.objects.get().group == "lansia"


def test_a_good_xlsx_made_with_openpyxl_is_written(cast):
    data = _xlsx(
        [
            ["kode_wilayah", "kode_fasilitas", "tahun", "sasaran", "jumlah"],
            ["36.01.02.2001", None, 2026, "usia_produktif", 2500],
            [None, None, None, None, None],  # a blank row is skipped
            [None, "P36.01B", 2026.0, "Ibu bersalin", 75.0],
        ]
    )
    report = _import(data, cast["dinkes"], filename="Sasaran 2026.XLSX")
    assert report.applied, (report.problem, report.errors)
    assert Target.objects.get(region="36.01.02.2001").number == 2500
    assert Target.objects.get(facility__code="P36.01B", group="ibu_bersalin").number == 75


def test_bad_rows_of_an_xlsx_are_reported_with_their_sheet_row(cast):
    data = _xlsx(
        [
            ["kode_wilayah", "tahun", "sasaran", "jumlah"],
            ["36.01.02.2001", 2026, "balita", 12.5],
            ["36.01.02.2001", 2026, "lansia", 10],
        ]
    )
    report = _import(data, cast["dinkes"], filename="s.xlsx")
    assert [e.line for e in report.errors] == [2]
    assert not Target.objects.exists()  # all or nothing


def test_importing_again_updates_instead_of_duplicating(cast):
    _import(GOOD, cast["dinkes"])
    changed = GOOD.replace(b"36.01.01.2001,,2026,ibu_hamil,120", b"36.01.01.2001,,2026,ibu_hamil,125")
    report = _import(changed, cast["dinkes"])
    assert (report.created, report.updated, report.unchanged) == (0, 1, 4)
    assert Target.objects.count() == 5
    assert Target.objects.get(region="36.01.01.2001", group="ibu_hamil").number == 125


def test_an_import_replaces_a_formula_target_and_is_then_kept_by_the_formula(cast):
    compute_targets(district_code="36.01", year=2026)
    report = _import(_csv("36.01.01.2001,,2026,ibu_hamil,7"), cast["dinkes"])
    assert (report.created, report.updated) == (0, 1)
    compute_targets(district_code="36.01", year=2026)
    row = Target.objects.get(region="36.01.01.2001", group="ibu_hamil")
    assert (row.number, row.source) == (7, TargetSource.IMPORT)


def test_out_of_scope_rows_are_rejected_and_nothing_of_the_file_is_written(cast):
    data = _csv("36.01.01.2001,,2026,balita,10", "36.02.01.2001,,2026,balita,10", ",PY36.02a,2026,balita,4")
    report = _import(data, cast["dinkes"])
    assert [e.line for e in report.errors] == [3, 4]
    assert not Target.objects.exists()
    # the other district's staff may not write 36.01 either
    report = _import(_csv("36.01.01.2001,,2026,balita,10"), cast["dinkes_other"])
    assert [e.line for e in report.errors] == [2]
    assert not Target.objects.exists()


def test_a_national_superuser_may_import_anywhere(cast):
    data = _csv("36,,2026,balita,10", "36.02.01.2001,,2026,balita,10", ",PY36.02a,2026,balita,4")
    assert _import(data, cast["admin"]).applied
    assert Target.objects.count() == 3


def test_a_puskesmas_user_may_import_nothing_for_regions(cast):
    report = _import(_csv("36.01.01.2001,,2026,balita,10"), cast["kapus"])
    assert [e.line for e in report.errors] == [2]


# --- A file that cannot be read gives one clear message ----------------------------


@pytest.mark.parametrize(
    "data, filename, expected",
    [
        (b"", "sasaran.csv", "empty"),
        (b"\n\n  \n", "sasaran.csv", "empty"),
        (HEADER.encode(), "sasaran.csv", "no data rows"),
        (bytes(range(256)) * 8, "sasaran.csv", "not a text CSV"),
        (b"\x81\x8d\x8f\x90 kode_wilayah", "sasaran.csv", "encoding"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "sasaran.xlsx", "not a valid XLSX"),
        (b"PK\x03\x04garbage-that-is-no-zip", "sasaran.xlsx", "not a valid XLSX"),
        (GOOD, "sasaran.xlsx", "not a valid XLSX"),
        (GOOD, "sasaran.pdf", ".csv or .xlsx"),
        (GOOD, "sasaran.xls", ".csv or .xlsx"),
        (b"nama,umur\nSiti,30\n", "sasaran.csv", "Required columns missing"),
    ],
)
def test_a_malformed_file_gives_a_message_and_writes_nothing(cast, data, filename, expected):
    report = _import(data, cast["dinkes"], filename=filename)
    assert expected in report.problem
    assert not report.applied and not report.errors
    assert not Target.objects.exists()


def test_a_workbook_uploaded_as_csv_is_named_as_such(cast):
    report = _import(_xlsx([["kode_wilayah", "tahun", "sasaran", "jumlah"]]), cast["dinkes"], filename="s.csv")
    assert "workbook" in report.problem


def test_a_workbook_with_only_a_header_has_no_data_rows(cast):
    report = _import(_xlsx([["kode_wilayah", "tahun", "sasaran", "jumlah"]]), cast["dinkes"], filename="s.xlsx")
    assert "no data rows" in report.problem


def test_files_over_the_limits_are_refused(cast, monkeypatch):
    monkeypatch.setattr(target_import, "MAX_ROWS", 3)
    data = _csv(*[f"36.01.01.2001,,2026,{g},1" for g in ("balita", "lansia", "bayi", "baduta")])
    with translation.override("en"):
        assert "too many rows" in _import(data, cast["dinkes"]).problem
    monkeypatch.setattr(target_import, "MAX_BYTES", 100)
    assert "too large" in _import(data, cast["dinkes"]).problem
    assert not Target.objects.exists()


def test_the_indonesian_and_english_names_of_groups_are_accepted(regions):
    from reports.target_import import group_lookup

    names = group_lookup()
    assert names["ibu hamil"] == "ibu_hamil"
    assert names["usia lanjut"] == "lansia"
    assert names["pregnant women"] == "ibu_hamil"
    assert names["penderita diabetes melitus"] == "penderita_dm"
    assert names["terduga tbc"] == "terduga_tbc"
    assert names["bayi"] == "bayi"  # a code is never taken by another group's label


def test_read_sheet_returns_rows_with_their_line_numbers():
    rows = read_sheet(b"\n" + GOOD, "x.csv")
    assert [line for line, _row in rows] == [3, 4, 5, 6, 7]
    assert rows[0][1]["kode_wilayah"] == "36.01.01.2001"


# --- The page ----------------------------------------------------------------------


def _upload(data: bytes, name="sasaran.csv"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_the_import_page_has_dry_run_on_by_default(client, cast):
    client.force_login(cast["dinkes"])
    response = client.get(reverse("reports:targets:import"))
    assert response.status_code == 200
    assert response.context["form"]["dry_run"].value() is True
    assert 'name="dry_run"' in response.content.decode() and "checked" in response.content.decode()


def test_the_import_page_shows_the_dry_run_report_and_writes_nothing(client, cast):
    client.force_login(cast["dinkes"])
    data = _csv("36.01.01.2001,,2026,balita,10", "36.02.01.2001,,2026,balita,10")
    response = client.post(reverse("reports:targets:import"), {"file": _upload(data), "dry_run": "on"})
    assert response.status_code == 200
    assert 'id="import-errors"' in response.content.decode()
    assert [e.line for e in response.context["report"].errors] == [3]
    assert not Target.objects.exists()


def test_the_import_page_writes_a_good_file_when_dry_run_is_off(client, cast):
    client.force_login(cast["dinkes"])
    response = client.post(reverse("reports:targets:import"), {"file": _upload(GOOD)})
    assert response.status_code == 200
    assert response.context["report"].applied
    assert Target.objects.count() == 5


@pytest.mark.parametrize(
    "data, name",
    [(bytes(range(256)) * 40, "sasaran.csv"), (b"", "sasaran.csv"), (GOOD, "sasaran.docx"), (b"PK\x03\x04x", "a.xlsx")],
)
def test_a_garbage_upload_gets_a_message_not_a_server_error(client, cast, data, name):
    client.force_login(cast["dinkes"])
    response = client.post(reverse("reports:targets:import"), {"file": _upload(data, name), "dry_run": ""})
    assert response.status_code in (200, 400)
    content = response.content.decode()
    assert 'id="import-problem"' in content or "invalid-feedback" in content
    assert not Target.objects.exists()


def test_kader_cannot_open_or_post_the_import_page(client, cast):
    client.force_login(cast["kader"])
    assert client.get(reverse("reports:targets:import")).status_code == 403
    response = client.post(reverse("reports:targets:import"), {"file": _upload(GOOD)})
    assert response.status_code == 403
    assert not Target.objects.exists()


def test_dinkes_of_another_district_cannot_import_into_36_01_through_the_page(client, cast):
    client.force_login(cast["dinkes_other"])
    response = client.post(reverse("reports:targets:import"), {"file": _upload(GOOD)})
    assert len(response.context["report"].errors) == 5
    assert not Target.objects.exists()
