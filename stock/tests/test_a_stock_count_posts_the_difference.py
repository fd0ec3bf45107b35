from datetime import timedelta

from stock import services
from stock.models import Kind, Movement

from .conftest import balance, ledger


def test_a_count_below_the_ledger_posts_the_shortfall(farmasi, pkm, amoxicillin, receive_at, today):
    batch = receive_at(amoxicillin, 100, expiry=today + timedelta(days=90)).batch

    adjustment = services.count_stock(facility=pkm, batch=batch, counted=93, date=today, user=farmasi)

    assert (adjustment.kind, adjustment.quantity) == (Kind.COUNT_ADJUST, -7)
    assert balance(pkm, batch=batch) == ledger(pkm, amoxicillin) == 93


def test_a_count_above_the_ledger_posts_the_surplus(farmasi, pkm, amoxicillin, receive_at, today):
    batch = receive_at(amoxicillin, 100, expiry=today + timedelta(days=90)).batch
    assert services.count_stock(facility=pkm, batch=batch, counted=104, date=today, user=farmasi).quantity == 4
    assert balance(pkm, batch=batch) == 104


def test_a_count_that_agrees_posts_nothing(farmasi, pkm, amoxicillin, receive_at, today):
    batch = receive_at(amoxicillin, 100, expiry=today + timedelta(days=90)).batch
    assert services.count_stock(facility=pkm, batch=batch, counted=100, date=today, user=farmasi) is None
    assert Movement.objects.filter(kind=Kind.COUNT_ADJUST).count() == 0


def test_a_batch_found_where_the_ledger_had_none_is_counted_in(farmasi, pkm, pustu, amoxicillin, receive_at, today):
    batch = receive_at(amoxicillin, 10, expiry=today + timedelta(days=90)).batch
    services.count_stock(facility=pustu, batch=batch, counted=3, date=today, user=farmasi)
    assert balance(pustu, batch=batch) == 3
