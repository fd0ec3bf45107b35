from datetime import timedelta

from stock import services

from .conftest import balance


def test_dispensing_takes_the_earliest_expiry_first_and_spans_batches(farmasi, pkm, amoxicillin, receive_at, today):
    late = receive_at(amoxicillin, 100, expiry=today + timedelta(days=400)).batch
    early = receive_at(amoxicillin, 30, expiry=today + timedelta(days=60)).batch
    middle = receive_at(amoxicillin, 20, expiry=today + timedelta(days=200)).batch

    used = services.dispense(facility=pkm, item=amoxicillin, quantity=40, date=today, user=farmasi)

    assert [(m.batch, m.quantity) for m in used] == [(early, -30), (middle, -10)]
    assert (balance(pkm, batch=early), balance(pkm, batch=middle), balance(pkm, batch=late)) == (0, 10, 100)


def test_a_named_batch_is_used_instead_of_the_earliest(farmasi, pkm, amoxicillin, receive_at, today):
    receive_at(amoxicillin, 30, expiry=today + timedelta(days=60))
    late = receive_at(amoxicillin, 100, expiry=today + timedelta(days=400)).batch

    [movement] = services.dispense(facility=pkm, item=amoxicillin, quantity=5, date=today, user=farmasi, batch=late)

    assert movement.batch == late and balance(pkm, batch=late) == 95


def test_issuing_also_takes_the_earliest_expiry_first(farmasi, pkm, pustu, amoxicillin, receive_at, today):
    receive_at(amoxicillin, 50, expiry=today + timedelta(days=400))
    early = receive_at(amoxicillin, 10, expiry=today + timedelta(days=30)).batch

    issued = services.issue(from_facility=pkm, to_facility=pustu, item=amoxicillin, quantity=10, date=today,
                            user=farmasi)

    assert [i.out.batch for i in issued] == [early]
