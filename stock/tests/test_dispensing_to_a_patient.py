from datetime import timedelta

import pytest

from clusters.services import visit_record
from stock import services
from stock.models import Kind
from stock.services import StockRefused


@pytest.fixture
def visit(cast, people, pkm, today):
    return visit_record(by=cast["admin"], patient=people["son"], facility=pkm, date=today, package="balita",
                        measurements={"weight_kg": 12}, confirm_warnings=True)


def test_dispensing_for_a_visit_names_the_visit_and_its_patient(farmasi, pkm, amoxicillin, receive_at, visit, today):
    receive_at(amoxicillin, 20, expiry=today + timedelta(days=90))

    [movement] = services.dispense(facility=pkm, item=amoxicillin, quantity=10, date=today, user=farmasi,
                                   visit=visit)

    assert (movement.kind, movement.quantity, movement.visit, movement.patient) == (
        Kind.DISPENSE, -10, visit, visit.patient)


def test_a_visit_of_another_person_is_refused(farmasi, pkm, people, amoxicillin, receive_at, visit, today):
    receive_at(amoxicillin, 20, expiry=today + timedelta(days=90))
    with pytest.raises(StockRefused):
        services.dispense(facility=pkm, item=amoxicillin, quantity=1, date=today, user=farmasi,
                          patient=people["mother"], visit=visit)


def test_stock_is_not_dispensed_on_a_future_date(farmasi, pkm, amoxicillin, receive_at, today):
    receive_at(amoxicillin, 20, expiry=today + timedelta(days=90))
    with pytest.raises(StockRefused):
        services.dispense(facility=pkm, item=amoxicillin, quantity=1, date=today + timedelta(days=1), user=farmasi)
