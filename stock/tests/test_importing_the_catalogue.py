"""The catalogue import: the shipped file is loaded with the database, a
district's file creates and updates items by code, a dry run writes nothing
and says what would change, and every problem names its row and column."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from stock.catalogue import CATALOGUE_CSV, import_items
from stock.models import Category, Item

HEADER = "code,name,unit,category,programme,essential,doses_per_vial,safety_stock_months,active\n"


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_stock_items", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_shipped_catalogue_is_in_every_database_with_the_40_essential_items(db):
    assert Item.objects.filter(essential=True).count() == 40
    amoxicillin = Item.objects.get(code="AMX-500")
    assert (amoxicillin.name, amoxicillin.unit) == ("Amoksisilin 500 mg kapsul", "kapsul")
    assert Item.objects.get(code="V-BCG").doses_per_vial == 20
    assert Item.objects.get(code="DEKSA-05").name == "Deksametason 0,5 mg tablet"
    assert set(Item.objects.values_list("category", flat=True)) == set(Category.values)


def test_importing_the_shipped_file_again_changes_nothing(db):
    report = import_items(text=CATALOGUE_CSV.read_text(encoding="utf-8"), dry_run=False)
    assert (report.created, report.updated, report.errors) == ([], {}, [])
    assert report.unchanged == Item.objects.count() == len(CATALOGUE_CSV.read_text().splitlines()) - 1


def test_a_file_creates_and_updates_items_by_code(db, tmp_path):
    path = tmp_path / "obat.csv"
    path.write_text(HEADER + "AMX-500,Amoksisilin 500 mg kaplet,kaplet,esensial,,ya,,\"1,5\",ya\n"
                    "BARU-1,Asam askorbat 50 mg tablet,tablet,esensial,,tidak,,,\n", encoding="utf-8")
    out, _err = run(path)
    assert "BARU-1" in out and "AMX-500" in out
    amoxicillin = Item.objects.get(code="AMX-500")
    assert (amoxicillin.unit, amoxicillin.safety_stock_months) == ("kaplet", Decimal("1.5"))
    assert Item.objects.get(code="BARU-1").active


def test_a_dry_run_writes_nothing_and_reports_what_would_change(db, tmp_path):
    path = tmp_path / "obat.csv"
    path.write_text(HEADER + "AMX-500,Amoksisilin 250 mg kapsul,kapsul,esensial,,ya,,1,ya\n"
                    "BARU-1,Asam askorbat 50 mg tablet,tablet,esensial,,tidak,,,\n", encoding="utf-8")
    before = list(Item.objects.order_by("pk").values())

    out, _err = run(path, "--dry-run")

    assert list(Item.objects.order_by("pk").values()) == before
    assert "BARU-1" in out and "AMX-500 (name)" in out


def test_a_dry_run_with_errors_names_each_row_and_column_and_writes_nothing(db, tmp_path):
    path = tmp_path / "obat.csv"
    path.write_text(HEADER + "OK-1,Obat baik,tablet,esensial,,,,,\n"
                    "SALAH-1,Obat satuan salah,butir,esensial,,,,,\n"
                    ",Tanpa kode,tablet,esensial,,,,,\n"
                    "SALAH-2,Obat dosis,tablet,esensial,,,10,dua,mungkin\n"
                    "OK-1,Obat kembar,tablet,esensial,,,,,\n", encoding="utf-8")
    count = Item.objects.count()

    with pytest.raises(CommandError):
        run(path, "--dry-run")
    report = import_items(text=path.read_text(), dry_run=False)

    assert Item.objects.count() == count
    places = {(e.line, e.column) for e in report.errors}
    assert places == {(3, "unit"), (4, "code"), (5, "doses_per_vial"), (5, "safety_stock_months"), (5, "active"),
                      (6, "code")}
    message = str(next(e for e in report.errors if e.column == "unit"))
    assert "3" in message and "unit" in message and "butir" in message


def test_a_file_without_the_required_columns_is_refused(db):
    report = import_items(text="kode,nama\nX,Y\n", dry_run=False)
    assert report.errors and report.errors[0].line == 1 and "code" in report.errors[0].message
