from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from stock import services
from stock.models import Balance, LossReason, Movement
from stock.services import StockRefused

from .conftest import balance


def test_asking_for_more_than_there_is_is_refused_naming_the_item_and_what_is_left(
        farmasi, pkm, amoxicillin, receive_at, today):
    receive_at(amoxicillin, 12, expiry=today + timedelta(days=90))
    before = Movement.objects.count()

    with pytest.raises(StockRefused) as refused:
        services.dispense(facility=pkm, item=amoxicillin, quantity=13, date=today, user=farmasi)

    assert (refused.value.params["available"], refused.value.params["wanted"]) == (12, 13)
    message = refused.value.messages[0]
    assert "Amoksisilin 500 mg kapsul" in message and "12" in message and "13" in message
    assert balance(pkm, amoxicillin) == 12 and Movement.objects.count() == before


def test_a_loss_larger_than_the_batch_is_refused(farmasi, pkm, amoxicillin, receive_at, today):
    batch = receive_at(amoxicillin, 5, expiry=today + timedelta(days=90)).batch
    with pytest.raises(StockRefused) as refused:
        services.record_loss(facility=pkm, batch=batch, quantity=6, date=today, user=farmasi,
                             reason=LossReason.DAMAGED)
    assert refused.value.params["available"] == 5 and "5" in refused.value.messages[0]
    assert balance(pkm, batch=batch) == 5


def test_the_database_itself_refuses_a_negative_balance(farmasi, pkm, amoxicillin, receive_at, today):
    receive_at(amoxicillin, 5, expiry=today + timedelta(days=90))
    with pytest.raises(IntegrityError), transaction.atomic():
        Balance.objects.filter(facility=pkm).update(quantity=F("quantity") - 6)


@pytest.mark.parametrize("quantity", [0, -3, 2.5, True])
def test_a_quantity_must_be_a_whole_number_above_zero(farmasi, pkm, amoxicillin, receive_at, today, quantity):
    receive_at(amoxicillin, 5, expiry=today + timedelta(days=90))
    with pytest.raises(StockRefused):
        services.dispense(facility=pkm, item=amoxicillin, quantity=quantity, date=today, user=farmasi)


def test_a_movement_is_never_edited(farmasi, amoxicillin, receive_at, today):
    movement = receive_at(amoxicillin, 5, expiry=today + timedelta(days=90))
    movement.quantity = 500
    with pytest.raises(ValidationError):
        movement.save()
    with pytest.raises(ValidationError):
        movement.delete()
    movement.refresh_from_db()
    assert movement.quantity == 5
