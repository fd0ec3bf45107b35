"""The stock pages on a phone: the list, the kartu stok and the four forms,
thin over the services; a facility outside the area is a 404, a read-only
role gets 403 on the forms."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stock.models import Balance, Kind, Movement

from .conftest import balance
from .factories import ItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(farmasi, amoxicillin, receive_at, today):
    return receive_at(amoxicillin, 100, expiry=today + timedelta(days=90), number="AMX-01")


def test_the_stock_list_shows_items_with_their_batches(client, farmasi, pkm, stocked):
    client.force_login(farmasi)
    page = client.get(reverse("stock:list", args=[pkm.pk])).content.decode()
    assert "Amoksisilin 500 mg kapsul" in page and "AMX-01" in page and reverse("stock:receive", args=[pkm.pk]) in page


def test_the_stock_list_runs_the_same_queries_for_many_items(client, farmasi, pkm, stocked, receive_at, today):
    client.force_login(farmasi)
    url = reverse("stock:list", args=[pkm.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        receive_at(ItemFactory(), 10, expiry=today + timedelta(days=200))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)


def test_the_stock_card_lists_movements_with_the_balance(client, farmasi, pkm, amoxicillin, stocked):
    client.force_login(farmasi)
    page = client.get(reverse("stock:card", args=[pkm.pk, amoxicillin.pk])).content.decode()
    assert "+100" in page and "AMX-01" in page


def test_receiving_through_the_form(client, farmasi, pkm, amoxicillin, today):
    client.force_login(farmasi)
    url = reverse("stock:receive", args=[pkm.pk])
    assert 'inputmode="numeric"' in client.get(url).content.decode()
    response = client.post(url, {"item": amoxicillin.pk, "batch_number": "N1", "expiry": today + timedelta(days=99),
                                 "funding": "apbn", "quantity": "250", "date": today})
    assert response.status_code == 302 and balance(pkm, amoxicillin) == 250


def test_a_quantity_with_a_separator_is_refused_not_guessed(client, farmasi, pkm, amoxicillin, today):
    client.force_login(farmasi)
    response = client.post(reverse("stock:receive", args=[pkm.pk]), {
        "item": amoxicillin.pk, "batch_number": "N1", "expiry": today + timedelta(days=99), "funding": "apbn",
        "quantity": "1.000", "date": today})
    assert response.status_code == 200 and not Movement.objects.exists()


def test_issuing_to_the_pustu_through_the_form(client, farmasi, pkm, pustu, amoxicillin, stocked, today):
    client.force_login(farmasi)
    response = client.post(reverse("stock:issue", args=[pkm.pk]),
                           {"to_facility": pustu.pk, "item": amoxicillin.pk, "quantity": "30", "date": today})
    assert response.status_code == 302 and balance(pustu, amoxicillin) == 30


def test_asking_too_much_shows_the_refusal_on_the_form(client, farmasi, pkm, pustu, amoxicillin, stocked, today):
    client.force_login(farmasi)
    response = client.post(reverse("stock:issue", args=[pkm.pk]),
                           {"to_facility": pustu.pk, "item": amoxicillin.pk, "quantity": "300", "date": today})
    assert response.status_code == 200 and "Amoksisilin 500 mg kapsul" in response.content.decode()
    assert balance(pkm, amoxicillin) == 100


def test_loss_and_count_through_the_forms(client, farmasi, pkm, amoxicillin, stocked, today):
    client.force_login(farmasi)
    shelf = Balance.objects.get(facility=pkm)
    client.post(reverse("stock:loss", args=[pkm.pk]),
                {"balance": shelf.pk, "quantity": "3", "reason": "damaged", "date": today})
    client.post(reverse("stock:count", args=[pkm.pk]), {"balance": shelf.pk, "counted": "90", "date": today})
    assert list(Movement.objects.filter(facility=pkm).values_list("kind", "quantity").order_by("pk")) == [
        (Kind.RECEIPT, 100), (Kind.LOSS, -3), (Kind.COUNT_ADJUST, -7)]


def test_a_facility_outside_the_area_is_not_found(client, cast, pkm, stocked):
    client.force_login(cast["kapus_other"])
    assert client.get(reverse("stock:list", args=[pkm.pk])).status_code == 404
    assert client.get(reverse("stock:receive", args=[pkm.pk])).status_code == 404


def test_dinkes_reads_the_stock_but_gets_no_forms(client, cast, pkm, stocked):
    client.force_login(cast["dinkes"])
    assert client.get(reverse("stock:list", args=[pkm.pk])).status_code == 200
    assert client.get(reverse("stock:receive", args=[pkm.pk])).status_code == 403


def test_a_batch_picked_on_the_issue_form_is_issued_instead_of_the_earliest(client, farmasi, pkm, pustu,
                                                                           amoxicillin, stocked, receive_at,
                                                                           today):
    late = receive_at(amoxicillin, 50, expiry=today + timedelta(days=400), number="AMX-LATE")
    client.force_login(farmasi)
    response = client.post(reverse("stock:issue", args=[pkm.pk]), {
        "to_facility": pustu.pk, "item": amoxicillin.pk, "quantity": "10", "date": today,
        "balance": Balance.objects.get(facility=pkm, batch=late.batch).pk})
    assert response.status_code == 302
    assert Balance.objects.get(facility=pustu).batch == late.batch


def test_a_batch_of_another_item_is_refused_on_the_issue_form(client, farmasi, pkm, pustu, amoxicillin, stocked,
                                                             receive_at, today):
    other = receive_at(ItemFactory(name="Parasetamol 500 mg tablet"), 50, expiry=today + timedelta(days=400))
    client.force_login(farmasi)
    response = client.post(reverse("stock:issue", args=[pkm.pk]), {
        "to_facility": pustu.pk, "item": amoxicillin.pk, "quantity": "10", "date": today,
        "balance": Balance.objects.get(facility=pkm, batch=other.batch).pk})
    assert response.status_code == 200 and "bukan batch" in response.content.decode()
    assert not Balance.objects.filter(facility=pustu).exists()


def test_the_stock_card_shows_the_chosen_months_from_the_balance_carried_in(client, farmasi, pkm, amoxicillin,
                                                                           receive_at, today):
    from lxml import html

    long_ago = today.replace(day=1) - timedelta(days=200)
    receive_at(amoxicillin, 40, expiry=today + timedelta(days=400), number="OLD", day=long_ago)
    receive_at(amoxicillin, 10, expiry=today + timedelta(days=400), number="NEW", day=today)
    client.force_login(farmasi)

    page = html.fromstring(client.get(reverse("stock:card", args=[pkm.pk, amoxicillin.pk])).content)
    assert page.xpath("string(//tr[@id='opening']/td[last()])").strip() == "40"
    assert [" ".join(r.text_content().split()) for r in page.xpath("//tbody/tr[not(@id)]/td[last()]")] == ["50"]

    page = html.fromstring(client.get(reverse("stock:card", args=[pkm.pk, amoxicillin.pk]), {"bulan": "12"}).content)
    assert page.xpath("string(//tr[@id='opening']/td[last()])").strip() == "0"
    assert [" ".join(r.text_content().split()) for r in page.xpath("//tbody/tr[not(@id)]/td[last()]")] == ["40", "50"]
