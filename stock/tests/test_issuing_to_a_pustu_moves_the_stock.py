from datetime import timedelta

import pytest

from stock import services
from stock.models import Kind, Movement
from stock.services import StockRefused

from .conftest import balance, ledger


def test_issuing_to_a_pustu_moves_the_stock_between_the_two(farmasi, pkm, pustu, amoxicillin, receive_at, today):
    batch = receive_at(amoxicillin, 100, expiry=today + timedelta(days=90)).batch

    [issued] = services.issue(from_facility=pkm, to_facility=pustu, item=amoxicillin, quantity=30, date=today,
                              user=farmasi)

    assert (issued.out.kind, issued.out.quantity, issued.out.counterpart) == (Kind.ISSUE_OUT, -30, pustu)
    assert (issued.into.kind, issued.into.quantity, issued.into.counterpart) == (Kind.ISSUE_IN, 30, pkm)
    assert issued.out.batch == issued.into.batch == batch
    assert (balance(pkm, amoxicillin), balance(pustu, amoxicillin)) == (70, 30)
    assert (ledger(pkm, amoxicillin), ledger(pustu, amoxicillin)) == (70, 30)


def test_the_pustu_then_dispenses_from_what_it_received(cast, pkm, pustu, amoxicillin, receive_at, farmasi, today):
    receive_at(amoxicillin, 100, expiry=today + timedelta(days=90))
    services.issue(from_facility=pkm, to_facility=pustu, item=amoxicillin, quantity=30, date=today, user=farmasi)

    services.dispense(facility=pustu, item=amoxicillin, quantity=10, date=today, user=cast["pustu"])

    assert balance(pustu, amoxicillin) == 20


def test_stock_cannot_be_issued_to_another_puskesmas_network(farmasi, pkm, network, amoxicillin, receive_at, today):
    receive_at(amoxicillin, 100, expiry=today + timedelta(days=90))
    with pytest.raises(StockRefused):
        services.issue(from_facility=pkm, to_facility=network["36.01"]["puskesmas_b"], item=amoxicillin,
                       quantity=1, date=today, user=farmasi)
    assert not Movement.objects.filter(kind=Kind.ISSUE_OUT).exists()
