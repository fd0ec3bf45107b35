"""The Klaster 1 stock page: items below safety stock, batches expiring
within three months, stock-out days this month and the stock each facility
holds, for the user's area (a Puskesmas its network, Dinkes its district),
on screen and as XLSX, in a fixed number of queries."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from lxml import html
from openpyxl import load_workbook

from stock import services

from .factories import ItemFactory


@pytest.fixture
def stocked(farmasi, pkm, pustu, amoxicillin, today):
    """Amoxicillin: 100 at the Puskesmas, 60 issued to the Pustu, which
    dispensed 55 of them (5 left, under a month of use). A vaccine batch
    expiring in 40 days at the Puskesmas."""
    services.receive(facility=pkm, item=amoxicillin, batch_number="A1", expiry=date(2031, 1, 31), funding="apbd2",
                     quantity=160, date=today - timedelta(days=20), user=farmasi)
    services.issue(from_facility=pkm, to_facility=pustu, item=amoxicillin, quantity=60,
                   date=today - timedelta(days=15), user=farmasi)
    services.dispense(facility=pustu, item=amoxicillin, quantity=55, date=today - timedelta(days=10), user=farmasi)
    services.receive(facility=pkm, item=ItemFactory(code="UJI-BCG", name="Vaksin BCG", unit="vial"),
                     batch_number="BCG-1", expiry=today + timedelta(days=40), funding="apbn", quantity=12,
                     date=today, user=farmasi)


def _tree(client, user):
    client.force_login(user)
    return html.fromstring(client.get(reverse("stock:status")).content)


def test_the_page_lists_low_and_expiring_stock_and_what_each_facility_holds(client, farmasi, pkm, pustu, stocked):
    tree = _tree(client, farmasi)
    assert tree.xpath(f'//*[@data-status="below"]/li[@data-item="UJI-AMX"][@data-facility="{pustu.pk}"]')
    assert tree.xpath(f'//*[@data-status="expiring"]/li[@data-item="UJI-BCG"][@data-facility="{pkm.pk}"]')
    held = {int(li.get("data-facility")): int(li.xpath('.//*[@data-count="items"]')[0].get("data-n"))
            for li in tree.xpath('//*[@data-status="facilities"]/li')}
    assert held[pkm.pk] == 2 and held[pustu.pk] == 1


def test_stock_out_days_this_month_are_listed_per_facility(client, farmasi, pkm, pustu, amoxicillin, stocked, today):
    services.dispense(facility=pustu, item=amoxicillin, quantity=5, date=today, user=farmasi)
    tree = _tree(client, farmasi)
    [days] = tree.xpath(f'//*[@data-status="stockouts"]/li[@data-facility="{pustu.pk}"]//*[@data-days]')
    assert days.get("data-days") == "1"


def test_dinkes_sees_the_district_and_a_puskesmas_only_its_network(client, cast, network, pkm, farmasi, stocked,
                                                                   today):
    other = network["36.01"]["puskesmas_b"]
    services.receive(facility=other, item=ItemFactory(code="UJI-OTH"), batch_number="O1",
                     expiry=today + timedelta(days=30), funding="apbn", quantity=3, date=today,
                     user=cast["kapus_other"])
    district = _tree(client, cast["dinkes"])
    assert district.xpath('//*[@data-status="expiring"]/li[@data-item="UJI-OTH"]')
    assert district.xpath('//*[@data-status="expiring"]/li[@data-item="UJI-BCG"]')
    network_only = _tree(client, farmasi)
    assert not network_only.xpath('//*[@data-status="expiring"]/li[@data-item="UJI-OTH"]')
    assert not _tree(client, cast["dinkes_other"]).xpath('//*[@data-status="expiring"]/li[@data-item]')


def test_the_status_downloads_as_xlsx_a_sheet_per_table(client, farmasi, stocked):
    client.force_login(farmasi)
    workbook = load_workbook(io.BytesIO(client.get(reverse("stock:status_xlsx")).content))
    assert len(workbook.sheetnames) == 4
    expiring = [row for row in workbook.worksheets[1].values if row and "BCG-1" in row]
    assert expiring and expiring[0][-1] == 12


def test_the_page_runs_a_fixed_number_of_queries(client, cast, farmasi, pkm, pustu, stocked, today,
                                                 django_assert_max_num_queries):
    for n in range(6):
        item = ItemFactory()
        services.receive(facility=pkm, item=item, batch_number=f"X{n}", expiry=today + timedelta(days=50),
                         funding="apbn", quantity=50, date=today - timedelta(days=40), user=farmasi)
        services.issue(from_facility=pkm, to_facility=pustu, item=item, quantity=45, date=today, user=farmasi)
        services.dispense(facility=pustu, item=item, quantity=45, date=today, user=farmasi)
    client.force_login(cast["dinkes"])
    with django_assert_max_num_queries(14):
        tree = html.fromstring(client.get(reverse("stock:status")).content)
    assert len(tree.xpath('//*[@data-status="expiring"]/li[@data-item]')) == 7
