"""Downloads: the CSV and XLSX of a dashboard table hold what the page shows,
as real numbers, with area codes as text and the header frozen."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reports.indicators import REGISTRY
from reports.pws import tables as pws
from reports.pws.areas import district_area
from reports.tests.factories import TargetFactory
from reports.tests.pws_factories import RolledUpFactFactory

YEAR = 2026


@pytest.fixture
def facts(network):
    home = network["36.01"]
    TargetFactory(region_id="36.01", group="ibu_hamil", number=120)
    TargetFactory(facility=home["puskesmas"], region=None, group="ibu_hamil", number=80)
    for p, n in ((home["posyandu_pustu"], 10), (home["posyandu_pkm"], 5), (home["posyandu_b"], 3)):
        for m in (1, 2):
            RolledUpFactFactory(posyandu=p, month=date(YEAR, m, 1), indicator="K1", numerator=n)
            RolledUpFactFactory(posyandu=p, month=date(YEAR, m, 1), indicator="D", numerator=n * 2)
            RolledUpFactFactory(posyandu=p, month=date(YEAR, m, 1), indicator="N", numerator=n, denominator=n * 2)
    return home


def test_the_csv_holds_every_row_and_indicator_of_the_page(client, cast, facts):
    client.force_login(cast["dinkes"])
    response = client.get("/laporan/pws/kab/36.01/unduh.csv?tahun=2026&bulan=2")
    assert response["Content-Disposition"] == 'attachment; filename="pws_district_3601_2026-02.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == (2 + 1) * len(REGISTRY)  # two Puskesmas and the total
    table = pws.area_table(cast["dinkes"], district_area("36.01"), pws.Period(YEAR, 2), list(REGISTRY))
    by_key = {(r[next(iter(r))], r[list(r)[2]]): r for r in rows}
    for row in [*table.rows, table.total]:
        for code, cell in row.cells.items():
            line = by_key[(row.code, code)]
            values = list(line.values())
            assert values[7] == ("" if cell.value is None else str(cell.value))
            assert values[9] == ("" if cell.target is None else str(cell.target))
            assert values[10] == ("" if cell.percent is None else str(cell.percent))
    pkm = by_key[(facts["puskesmas"].code, "K1")]
    assert list(pkm.values())[7:11] == ["30", "", "80", "37.5"]


def test_the_xlsx_has_numbers_percentages_text_codes_and_a_frozen_header(client, cast, facts):
    client.force_login(cast["dinkes"])
    response = client.get("/laporan/pws/kab/36.01/unduh.xlsx?tahun=2026&bulan=2&klaster=K2")
    assert response["Content-Disposition"].endswith('pws_district_3601_2026-02.xlsx"')
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[0] and all(isinstance(h, str) for h in header)
    total_k1 = next(r for r in body if r[0] == "36.01" and r[2] == "K1")
    assert total_k1[7] == 36 and total_k1[9] == 120 and total_k1[10] == pytest.approx(0.3)
    assert isinstance(total_k1[0], str)  # the area code stays text
    percent_cell = next(c for c in ws.iter_rows(min_row=2) if c[0].value == "36.01" and c[2].value == "K1")[10]
    assert percent_cell.number_format == "0.0%"
    assert {r[4] for r in body} == {"K2"}
    page = client.get("/laporan/pws/kab/36.01/?tahun=2026&bulan=2&klaster=K2").content.decode()
    k1_total = page.split('id="pws-total"')[1].split('data-indicator="K1"')[1].split("</td>")[0]
    shown = str(Decimal(total_k1[10] * 100).quantize(Decimal("0.1"))).replace(".", ",")
    assert f'<span class="pct">{shown}</span>' in k1_total


def test_the_district_year_download_has_a_row_per_posyandu_and_month(client, cast, facts):
    client.force_login(cast["dinkes"])
    response = client.get(f"/laporan/pws/kab/36.01/fakta-{YEAR}.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == 3 * 2
    d = header.index("D")
    pustu_jan = next(r for r in body if r[0] == facts["posyandu_pustu"].code and r[5] == f"{YEAR}-01")
    assert pustu_jan[d] == 20 and pustu_jan[header.index("K1")] == 10 and pustu_jan[header.index("K4")] == 0
    assert pustu_jan[2] == facts["posyandu_pustu"].region_id
    csv_rows = list(csv.reader(io.StringIO(
        client.get(f"/laporan/pws/kab/36.01/fakta-{YEAR}.csv").content.decode("utf-8-sig"))))
    assert len(csv_rows) == 1 + 6 and csv_rows[0][6:] == [i.code for i in REGISTRY]


def test_the_indicator_ranking_downloads_alone(client, cast, facts):
    client.force_login(cast["dinkes"])
    response = client.get("/laporan/pws/kab/36.01/unduh.csv?tahun=2026&bulan=2&indikator=K1&urut=K1")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    assert {r[2] for r in rows} == {"K1"} and len(rows) == 3
