"""What a visit's services consume, drawn from stock in the visit's own
transaction (clusters.signals.visit_services_changed): iron tablets at an
ANC visit, a vaccine dose at a Posyandu session. A service given draws its
items (ServiceItem) earliest expiry first; a service taken off a corrected
visit, or a removed visit, returns what it drew. Not enough usable stock
refuses the whole visit with a message naming the item and the facility.

Which stock: the visit's facility's if it keeps the item (it has a stock
card of it), else the nearest above it that does (a Posyandu session served
from its Pustu's box). Where no facility of the line keeps the item, the
visit draws nothing: stock is counted only where a facility has started
keeping a card of that item (decision 0025)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Sum

from clusters.models import Service, Visit
from facilities.models import Facility

from . import services
from .models import Balance, Kind, Movement, ServiceItem


def age_months(birth: date, day: date) -> int:
    return (day.year - birth.year) * 12 + day.month - birth.month - (day.day < birth.day)


def _line(facility) -> list[int]:
    """The facility, then those above it, nearest first."""
    line = []
    for pk in (facility.pk, facility.parent_id, facility.puskesmas_id):
        if pk and pk not in line:
            line.append(pk)
    return line


def _holders(facility, item_ids: Iterable[int]) -> dict[int, int]:
    """{item id: the facility whose stock a visit at `facility` draws}."""
    line = _line(facility)
    keeps: dict[int, set[int]] = {}
    for item_id, facility_id in (Balance.objects.filter(facility_id__in=line, batch__item_id__in=list(item_ids))
                                 .values_list("batch__item_id", "facility_id").distinct()):
        keeps.setdefault(item_id, set()).add(facility_id)
    return {item_id: next(pk for pk in line if pk in held) for item_id, held in keeps.items()}


def draw(*, visit: Visit, given: Iterable[Service], by) -> list[Movement]:
    rules = list(ServiceItem.objects.filter(service__in=list(given)).select_related("item"))
    if not rules:
        return []
    age = age_months(visit.patient.birth_date, visit.date)
    wanted: dict[int, list] = {}
    for rule in rules:
        if rule.applies_at(age):
            wanted.setdefault(rule.item_id, [rule.item, 0])[1] += rule.quantity
    holders = _holders(visit.facility, wanted)
    above = set(holders.values()) - {visit.facility_id}
    facilities = {visit.facility_id: visit.facility, **Facility.objects.in_bulk(above)} if above else {
        visit.facility_id: visit.facility}
    movements = []
    for item_id in sorted(holders):  # one order, so two visits never lock in a circle
        item, quantity = wanted[item_id]
        movements += services.dispense_for_visit(facility=facilities[holders[item_id]], item=item,
                                                 quantity=quantity, visit=visit, by=by)
    return movements


def give_back(*, visit: Visit, taken_off: Iterable[Service], by) -> list[Movement]:
    item_ids = set(ServiceItem.objects.filter(service__in=list(taken_off)).values_list("item_id", flat=True))
    if not item_ids:
        return []
    net = (Movement.objects.filter(visit=visit, kind__in=[Kind.DISPENSE, Kind.RETURN], batch__item_id__in=item_ids)
           .values("facility_id", "batch_id").annotate(net=Sum("quantity")).order_by("facility_id", "batch_id"))
    return [services.return_for_visit(facility_id=row["facility_id"], batch_id=row["batch_id"],
                                      quantity=-row["net"], visit=visit, by=by)
            for row in net if row["net"] < 0]


def on_visit_services_changed(sender, *, visit, added, removed, by, **kwargs):
    if removed:
        give_back(visit=visit, taken_off=removed, by=by)
    if added:
        draw(visit=visit, given=added, by=by)


def batches_given(visit_ids: Iterable[int]) -> dict[int, list[tuple[str, str]]]:
    """{visit id: [(item name, batch number)]} of what the visits drew and
    kept (returns netted out), for the person's record."""
    rows = (Movement.objects.filter(visit_id__in=list(visit_ids), kind__in=[Kind.DISPENSE, Kind.RETURN])
            .values("visit_id", "batch__item__name", "batch__number").annotate(net=Sum("quantity"))
            .order_by("visit_id", "batch__item__name", "batch__number"))
    out: dict[int, list[tuple[str, str]]] = {}
    for row in rows:
        if row["net"] < 0:
            out.setdefault(row["visit_id"], []).append((row["batch__item__name"], row["batch__number"]))
    return out
