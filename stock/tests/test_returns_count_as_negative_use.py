"""Units returned from a corrected visit (Kind.RETURN, dated the day of the
correction, so a month already reported stays as reported) reduce that
month's use in the LPLPO rather than counting as received, and the LPLPO's
closing stock is still the ledger's balance."""

from datetime import date

from clusters.models import Service
from clusters.services import visit_record, visit_update
from stock import services
from stock.lplpo import lplpo
from stock.models import Balance, Item


def test_a_dose_taken_off_a_corrected_visit_is_not_counted_as_used(farmasi, cast, people, pkm, today):
    month = today.replace(day=1)
    albendazole = Item.objects.get(code="ALB-400")
    services.receive(facility=pkm, item=albendazole, batch_number="A1", expiry=date(2031, 1, 31), funding="apbd2",
                     quantity=100, date=month, user=farmasi)
    deworming, weighing = (list(Service.objects.filter(code=c)) for c in ("DEWORMING", "WEIGHING"))
    for child in (people["son"], people["son"]):
        visit = visit_record(by=cast["petugas"], patient=child, facility=pkm, date=today,
                             package="balita", services=deworming + weighing, measurements={"weight_kg": 12},
                             confirm_warnings=True)
    visit_update(by=cast["petugas"], visit=visit, date=visit.date, services=weighing,
                 measurements={"weight_kg": 12}, setting=visit.setting, confirm_warnings=True)

    [line] = lplpo(user=farmasi, facility=pkm, month=month, today=today).lines
    assert (line.received, line.used) == (100, 1)
    assert line.closing == Balance.objects.get(facility=pkm, batch__item=albendazole).quantity == 99
