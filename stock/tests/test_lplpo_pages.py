"""The LPLPO on screen, in print and as XLSX: the same figures, numbers in
the user's language, a fixed number of queries whatever the number of items;
Dinkes reads it, a kader may not, another Puskesmas's is not found."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from lxml import html
from openpyxl import load_workbook

from stock import services

from .conftest import balance
from .factories import ItemFactory


@pytest.fixture
def stocked(farmasi, pkm, pustu, amoxicillin, today):
    services.receive(facility=pkm, item=amoxicillin, batch_number="A1", expiry=date(2031, 1, 31), funding="apbd2",
                     quantity=1500, date=today, user=farmasi)
    services.issue(from_facility=pkm, to_facility=pustu, item=amoxicillin, quantity=100, date=today, user=farmasi)
    services.dispense(facility=pustu, item=amoxicillin, quantity=7, date=today, user=farmasi)


def _cell(page, code, column):
    return html.fromstring(page).xpath(f'//tr[@data-item="{code}"]/td[@data-col="{column}"]')[0].text_content().strip()


def test_the_lplpo_page_shows_the_months_figures(client, farmasi, pkm, pustu, amoxicillin, stocked):
    client.force_login(farmasi)
    page = client.get(reverse("stock:lplpo", args=[pkm.pk])).content.decode()
    assert _cell(page, "UJI-AMX", "received") == "1.500"  # Indonesian digit grouping
    assert _cell(page, "UJI-AMX", "used") == "7"
    assert _cell(page, "UJI-AMX", "closing") == "1.493"
    assert balance(pkm, amoxicillin) + balance(pustu, amoxicillin) == 1493


def test_the_print_view_has_the_table_and_its_print_stylesheet(client, farmasi, pkm, stocked):
    client.force_login(farmasi)
    page = client.get(reverse("stock:lplpo_print", args=[pkm.pk])).content.decode()
    tree = html.fromstring(page)
    assert tree.xpath('//link[contains(@href, "stock-print.css")]')
    assert _cell(page, "UJI-AMX", "closing") == "1.493" and tree.xpath('//*[@data-lplpo="print-now"]')


def test_the_lplpo_downloads_as_xlsx_with_numbers_in_number_cells(client, farmasi, pkm, stocked, today):
    client.force_login(farmasi)
    response = client.get(reverse("stock:lplpo_xlsx", args=[pkm.pk]), {"bulan": f"{today:%Y-%m}"})
    assert response["Content-Disposition"].endswith(f'_{today:%Y-%m}.xlsx"')
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    header = next(i for i, row in enumerate(rows) if row and row[0] == "No.")
    line = rows[header + 1]  # No., code, item, unit, opening, received, supply, used, lost, issued, adjusted, closing
    assert (line[1], line[5], line[7], line[11]) == ("UJI-AMX", 1500, 7, 1493)


def test_a_past_month_is_asked_for_with_bulan(client, farmasi, pkm, stocked, today):
    client.force_login(farmasi)
    last_month = today.replace(day=1) - timedelta(days=1)
    page = client.get(reverse("stock:lplpo", args=[pkm.pk]), {"bulan": f"{last_month:%Y-%m}"}).content.decode()
    assert not html.fromstring(page).xpath('//tr[@data-item="UJI-AMX"]')


def test_the_lplpo_runs_a_fixed_number_of_queries(client, farmasi, pkm, pustu, stocked, today,
                                                   django_assert_max_num_queries):
    client.force_login(farmasi)
    url = reverse("stock:lplpo", args=[pkm.pk])
    for _ in range(6):
        item = ItemFactory()
        services.receive(facility=pkm, item=item, batch_number="X", expiry=date(2031, 1, 31), funding="apbn",
                         quantity=50, date=today - timedelta(days=40), user=farmasi)
        services.issue(from_facility=pkm, to_facility=pustu, item=item, quantity=5, date=today, user=farmasi)
    with django_assert_max_num_queries(10):
        page = client.get(url).content.decode()
    assert len(html.fromstring(page).xpath("//tr[@data-item]")) == 7


def test_dinkes_reads_the_lplpo_of_its_district(client, cast, pkm, stocked):
    client.force_login(cast["dinkes"])
    assert client.get(reverse("stock:lplpo", args=[pkm.pk])).status_code == 200
    client.force_login(cast["dinkes_other"])
    assert client.get(reverse("stock:lplpo", args=[pkm.pk])).status_code == 404


def test_a_kader_may_not_read_the_lplpo(client, cast, network):
    client.force_login(cast["kader"])
    assert client.get(reverse("stock:lplpo", args=[cast["kader"].scope_facility_id])).status_code == 403
