"""A file that cannot be read gives one clear message and writes nothing."""

import pytest
from django.utils import translation

from reports.models import Target
from reports.targets.sheets import MAX_BYTES, MAX_ROWS, read_sheet

from .sheets import GOOD, HEADER, csv_bytes, run_import, xlsx_bytes


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
    report = run_import(data, cast["dinkes"], filename=filename)
    assert expected in report.problem
    assert not report.applied and not report.errors
    assert not Target.objects.exists()


def test_a_workbook_uploaded_as_csv_is_named_as_such(cast):
    report = run_import(xlsx_bytes([["kode_wilayah", "tahun", "sasaran", "jumlah"]]), cast["dinkes"], filename="s.csv")
    assert "workbook" in report.problem


def test_a_workbook_with_only_a_header_has_no_data_rows(cast):
    report = run_import(xlsx_bytes([["kode_wilayah", "tahun", "sasaran", "jumlah"]]), cast["dinkes"], filename="s.xlsx")
    assert "no data rows" in report.problem


def test_a_file_with_more_rows_than_the_limit_is_refused(cast):
    rows = [f"36.01.01.2001,,2026,balita,{n}" for n in range(MAX_ROWS + 1)]
    with translation.override("en"):
        assert "too many rows" in run_import(csv_bytes(*rows), cast["dinkes"]).problem
        assert run_import(csv_bytes(*rows[:MAX_ROWS]), cast["dinkes"], dry_run=True).problem == ""
    assert not Target.objects.exists()


def test_a_file_larger_than_the_limit_is_refused(cast):
    data = GOOD + b"\n" * MAX_BYTES
    with translation.override("en"):
        assert "too large" in run_import(data, cast["dinkes"]).problem
    assert not Target.objects.exists()


def test_read_sheet_returns_rows_with_their_line_numbers():
    rows = read_sheet(b"\n" + GOOD, "x.csv")
    assert [line for line, _row in rows] == [3, 4, 5, 6, 7]
    assert rows[0][1]["kode_wilayah"] == "36.01.01.2001"
