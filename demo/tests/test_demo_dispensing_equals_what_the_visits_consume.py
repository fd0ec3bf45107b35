"""The demo ledger dispenses exactly what the visits' services consume, as
stock.dispensing would have drawn it on each save: per item and facility,
the units of every mapped service (age rule applied) of the visits since
the cards opened, at the visit's facility if it keeps the item (has a
balance row of it), else the nearest above it that does, else nowhere."""

from collections import Counter, defaultdict

from django.db.models import Min, Sum

from clusters.models import Visit
from facilities.models import Facility, FacilityType
from stock.dispensing import age_months
from stock.models import Balance, Kind, Movement, ServiceItem


def expected_draws() -> Counter:
    opening = Movement.objects.aggregate(first=Min("date"))["first"]
    keeps = set(Balance.objects.values_list("facility_id", "batch__item_id"))
    above = {pk: (parent, pkm) for pk, parent, pkm in Facility.objects.values_list("pk", "parent_id",
                                                                                      "puskesmas_id")}
    rules = defaultdict(list)
    for rule in ServiceItem.objects.all():
        rules[rule.service_id].append(rule)
    expected = Counter()
    for service, day, facility, birth in Visit.services.through.objects.filter(
            visit__date__gte=opening).values_list("service_id", "visit__date", "visit__facility_id",
                                                   "visit__patient__birth_date"):
        age = age_months(birth, day)
        for rule in rules[service]:
            if not rule.applies_at(age):
                continue
            line = [facility, *above[facility]]
            holder = next((pk for pk in line if pk and (pk, rule.item_id) in keeps), None)
            if holder is not None:
                expected[holder, rule.item_id] += rule.quantity
    return expected


def test_the_units_dispensed_per_item_and_facility_equal_what_the_visits_consume(stocked_year):
    dispensed = Counter({(row["facility_id"], row["batch__item_id"]): -row["n"] for row in
                         Movement.objects.filter(kind=Kind.DISPENSE).values("facility_id", "batch__item_id")
                         .annotate(n=Sum("quantity"))})

    assert dispensed == expected_draws()
    assert sum(dispensed.values()) == sum(stocked_year.dispensed_units.values())


def test_posyandu_keep_no_stock_and_their_visits_draw_from_above(stocked_year):
    keepers = set(Balance.objects.values_list("facility__type", flat=True))
    assert keepers == {FacilityType.PUSKESMAS, FacilityType.PUSTU}
    from_posyandu = Movement.objects.filter(kind=Kind.DISPENSE, visit__facility__type=FacilityType.POSYANDU)
    assert from_posyandu.exists()
