"""Units returned from a corrected or removed visit (Kind.RETURN, once the
ledger has it) reduce the month's use in the LPLPO and the use behind the
safety-stock alert, rather than counting as received."""

from datetime import date, timedelta

import pytest

from clusters.services import visit_record
from stock import services
from stock.lplpo import lplpo
from stock.models import Kind, Movement

pytestmark = pytest.mark.skipif(not hasattr(Kind, "RETURN"), reason="the ledger has no RETURN kind yet")


def test_a_return_reduces_the_months_use(farmasi, cast, people, pkm, amoxicillin, today):
    month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    visit = visit_record(by=cast["admin"], patient=people["son"], facility=pkm, date=month, package="balita",
                         measurements={"weight_kg": 12}, confirm_warnings=True)
    services.receive(facility=pkm, item=amoxicillin, batch_number="A1", expiry=date(2031, 1, 31), funding="apbd2",
                     quantity=100, date=month, user=farmasi)
    [dispensed] = services.dispense(facility=pkm, item=amoxicillin, quantity=30, date=month, user=farmasi,
                                    visit=visit)
    # The ledger line a corrected visit writes (its service keeps the balance; the LPLPO reads lines only).
    Movement.objects.create(facility=pkm, batch=dispensed.batch, kind=Kind.RETURN, quantity=10,
                            date=month + timedelta(days=1), visit=dispensed.visit, patient=dispensed.patient,
                            user=farmasi)
    [line] = lplpo(user=farmasi, facility=pkm, month=month, today=today).lines
    assert (line.received, line.used, line.adjusted, line.closing) == (100, 20, 0, 80)
