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

from . import services
from .models import Kind, Movement, ServiceItem


def age_months(birth: date, day: date) -> int:
    return (day.year - birth.year) * 12 + day.month - birth.month - (day.day < birth.day)


def _line(facility) -> list[int]:
    """The facility, then those above it, nearest first."""
    line = []
    for pk in (facility.pk, facility.parent_id, facility.puskesmas_id):
        if pk and pk not in line:
            line.append(pk)
    return line


def draw(*, visit: Visit, given: Iterable[Service], by) -> list[Movement]:
    rules = list(ServiceItem.objects.filter(service__in=list(given)).select_related("item"))
    age = age_months(visit.patient.birth_date, visit.date)
    wanted: dict[int, tuple] = {}
    for rule in rules:
        if rule.applies_at(age):
            item, quantity = wanted.get(rule.item_id, (rule.item, 0))
            wanted[rule.item_id] = (item, quantity + rule.quantity)
    if not wanted:
        return []
    return services.dispense_for_visit(line=_line(visit.facility), wanted=wanted, visit=visit, by=by)


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
