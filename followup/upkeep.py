"""Keeping the due table current: a household's rows are computed again, in
the writer's transaction, whenever something about one of its people
changes (patients.signals.people_changed), and for many households at once
when a district is seeded or the rules change (`rebuild_due`)."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from patients.models import Household, Patient

from .facts import people_of
from .models import DueItem
from .rules import due_items

CHUNK = 2000  # households read and written at once


def _rows(households, today: date) -> tuple[list[DueItem], set[int]]:
    rows, seen = [], set()
    for person, place in people_of(households):
        seen.add(place["household_id"])
        for item in due_items(person):
            # An item that already ended is never listed again: not stored.
            if item.ends_on is None or item.ends_on > today:
                rows.append(DueItem(patient_id=person.pk, rule=item.rule, item=item.item, due_on=item.due_on,
                                    overdue_on=item.overdue_on, ends_on=item.ends_on, **place))
    return rows, seen


FIELDS = ("patient_id", "household_id", "posyandu_id", "desa_id", "rule", "item", "due_on", "overdue_on", "ends_on")


def _key(row: DueItem) -> tuple:
    return tuple(getattr(row, f) for f in FIELDS)


def _replace(households, today: date) -> None:
    """Write only the difference: a saved visit usually moves one item."""
    rows, seen = _rows(households, today)
    wanted = {_key(r): r for r in rows}
    stale = []
    for pk, *key in DueItem.objects.filter(household_id__in=seen).values_list("pk", *FIELDS):
        if wanted.pop(tuple(key), None) is None:
            stale.append(pk)
    if stale:
        DueItem.objects.filter(pk__in=stale).delete()
    if wanted:
        DueItem.objects.bulk_create(wanted.values(), batch_size=5000)


@transaction.atomic
def recompute_households(household_ids: Iterable[int]) -> None:
    ids = sorted(set(household_ids))
    today = timezone.localdate()
    for start in range(0, len(ids), CHUNK):
        _replace(ids[start:start + CHUNK], today)


@transaction.atomic
def recompute_people(patient_ids: Iterable[int]) -> None:
    """The households of these people: three to five queries."""
    _replace(Patient.objects.filter(pk__in=list(patient_ids)).values("household_id"), timezone.localdate())


def rebuild(*, district: str | None = None) -> int:
    """Every household of a district (or all): returns the rows written."""
    households = Household.objects.all()
    if district:
        households = households.filter(posyandu__district_id=district)
    recompute_households(households.values_list("pk", flat=True))
    rows = DueItem.objects.all()
    return (rows.filter(posyandu__district_id=district) if district else rows).count()
