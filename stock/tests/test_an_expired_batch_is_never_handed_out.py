from datetime import timedelta

import pytest

from stock import services
from stock.models import LossReason, Movement
from stock.services import StockRefused

from .conftest import balance


@pytest.fixture
def expired(amoxicillin, receive_at, today):
    """40 capsules whose expiry date is today: from today they may not be used."""
    return receive_at(amoxicillin, 40, expiry=today, day=today - timedelta(days=10)).batch


def test_an_expired_batch_cannot_be_dispensed(farmasi, pkm, amoxicillin, expired, today):
    with pytest.raises(StockRefused, match="Amoksisilin 500 mg kapsul") as refused:
        services.dispense(facility=pkm, item=amoxicillin, quantity=1, date=today, user=farmasi)
    assert refused.value.params["available"] == 0
    with pytest.raises(StockRefused, match=expired.number):
        services.dispense(facility=pkm, item=amoxicillin, quantity=1, date=today, user=farmasi, batch=expired)
    assert balance(pkm, batch=expired) == 40


def test_an_expired_batch_cannot_be_issued(farmasi, pkm, pustu, amoxicillin, expired, today):
    with pytest.raises(StockRefused):
        services.issue(from_facility=pkm, to_facility=pustu, item=amoxicillin, quantity=1, date=today, user=farmasi)
    with pytest.raises(StockRefused):
        services.issue(from_facility=pkm, to_facility=pustu, item=amoxicillin, quantity=1, date=today, user=farmasi,
                       batch=expired)
    assert Movement.objects.filter(facility=pustu).count() == 0


def test_the_day_before_expiry_it_still_can(farmasi, pkm, amoxicillin, expired, today):
    services.dispense(facility=pkm, item=amoxicillin, quantity=1, date=today - timedelta(days=1), user=farmasi)
    assert balance(pkm, batch=expired) == 39


def test_an_expired_batch_is_written_off_as_a_loss(farmasi, pkm, expired, today):
    loss = services.record_loss(facility=pkm, batch=expired, quantity=40, date=today, user=farmasi,
                                reason=LossReason.EXPIRED)
    assert loss.quantity == -40 and balance(pkm, batch=expired) == 0
