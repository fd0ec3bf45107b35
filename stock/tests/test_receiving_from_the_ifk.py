from datetime import timedelta

import pytest

from stock.models import Batch, Funding, Kind, Movement
from stock.services import StockRefused

from .conftest import balance


def test_a_receipt_creates_the_batch_and_adds_to_the_balance(pkm, amoxicillin, receive_at, today):
    first = receive_at(amoxicillin, 100, expiry=today + timedelta(days=90), number="R1")
    again = receive_at(amoxicillin, 50, expiry=today + timedelta(days=90), number="R1")
    assert first.batch == again.batch and first.kind == Kind.RECEIPT and balance(pkm, amoxicillin) == 150


def test_the_same_batch_number_from_another_funding_source_has_its_own_card(pkm, amoxicillin, receive_at, today):
    expiry = today + timedelta(days=90)
    receive_at(amoxicillin, 10, expiry=expiry, number="R1", funding=Funding.APBN)
    receive_at(amoxicillin, 10, expiry=expiry, number="R1", funding=Funding.BLUD_JKN)
    assert Batch.objects.filter(item=amoxicillin, number="R1").count() == 2


def test_a_batch_received_again_with_another_expiry_is_refused(amoxicillin, receive_at, today):
    receive_at(amoxicillin, 10, expiry=today + timedelta(days=90), number="R1")
    with pytest.raises(StockRefused, match="R1"):
        receive_at(amoxicillin, 10, expiry=today + timedelta(days=91), number="R1")
    assert Movement.objects.count() == 1


def test_an_expired_batch_is_not_received(amoxicillin, receive_at, today):
    with pytest.raises(StockRefused):
        receive_at(amoxicillin, 10, expiry=today, day=today)
    assert not Batch.objects.filter(item=amoxicillin).exists()


def test_an_item_taken_out_of_the_catalogue_is_not_received(amoxicillin, receive_at, today):
    amoxicillin.active = False
    amoxicillin.save()
    with pytest.raises(StockRefused, match="Amoksisilin"):
        receive_at(amoxicillin, 10, expiry=today + timedelta(days=90))
