"""The stock forms fed hostile input: no answer is a 500, a refused
submission writes no movement, batch or balance, and says what is wrong."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from .strategies import anything, dates, form, nasty_text, numbers
from .test_fuzz_forms import ERROR_MARKS

ids = st.one_of(numbers, st.integers(min_value=1, max_value=60).map(str))


def counts():
    from stock.models import Balance, Batch, Movement

    return (Movement.objects.count(), Batch.objects.count(), sum(Balance.objects.values_list("quantity", flat=True)))


@pytest.fixture
def stocked(cast, network):
    from stock import services
    from stock.models import Funding, Item

    pkm = network["36.01"]["puskesmas"]
    today = timezone.localdate()
    services.receive(facility=pkm, item=Item.objects.get(code="TTD"), batch_number="TTD-1", funding=Funding.APBN,
                     expiry=today + timedelta(days=300), quantity=50, date=today, user=cast["petugas"])
    client = Client()
    client.force_login(cast["petugas"])
    return client, pkm


def assert_handled(client, url, data):
    before = counts()
    response = client.post(url, data)
    assert response.status_code < 500, (url, data)
    if response.status_code != 302:
        assert counts() == before, (url, data)
        if data:
            assert any(mark in response.content.decode() for mark in ERROR_MARKS), (url, data)


@given(data=form(item=ids, batch_number=nasty_text, expiry=dates, funding=anything, quantity=numbers, date=dates))
def test_receiving_survives_hostile_input(stocked, data):
    client, pkm = stocked
    assert_handled(client, reverse("stock:receive", args=[pkm.pk]), data)


@given(data=form(to_facility=ids, item=ids, quantity=numbers, date=dates))
def test_issuing_survives_hostile_input(stocked, data):
    client, pkm = stocked
    assert_handled(client, reverse("stock:issue", args=[pkm.pk]), data)


@given(data=form(balance=ids, quantity=numbers, date=dates, reason=anything, note=nasty_text))
def test_recording_a_loss_survives_hostile_input(stocked, data):
    client, pkm = stocked
    assert_handled(client, reverse("stock:loss", args=[pkm.pk]), data)


@given(data=form(balance=ids, counted=numbers, date=dates, note=nasty_text))
def test_a_stock_count_survives_hostile_input(stocked, data):
    client, pkm = stocked
    assert_handled(client, reverse("stock:count", args=[pkm.pk]), data)


@given(data=form(bulan=anything, dana=anything))
def test_the_stock_card_and_lplpo_filters_survive_hostile_input(stocked, data):
    from stock.models import Item

    client, pkm = stocked
    item = Item.objects.get(code="TTD")
    for url in (reverse("stock:card", args=[pkm.pk, item.pk]), reverse("stock:lplpo", args=[pkm.pk]),
                reverse("stock:lplpo_print", args=[pkm.pk]), reverse("stock:lplpo_xlsx", args=[pkm.pk])):
        assert client.get(url, data).status_code == 200, (url, data)
