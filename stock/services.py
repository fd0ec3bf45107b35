"""Writes to the stock ledger. Each service writes its movements and keeps
the balances in one transaction, or writes nothing and raises StockRefused
(or PermissionDenied when the user may not move stock at that facility).

Decrements lock the balance rows of the item at the facility (ordered by pk,
so two writers never wait on each other in a circle), read them fresh, then
take the units with a conditional UPDATE (quantity >= n). Two users
dispensing the last units at once: the second waits for the first's commit,
finds nothing left and is refused; the CHECK quantity >= 0 stands behind it.

Stock writes change no coverage figure (those come from visits), so they
write no row of the clusters change log; the movement itself is the audit
row of a stock write: who, when, what, for whom (docs/decisions/0025)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import Visit
from facilities.models import Facility
from patients.models import Patient

from . import use
from .models import Balance, Batch, Funding, Item, Kind, LossReason, Movement
from .permissions import can_move_stock


class StockRefused(ValidationError):
    """A stock write that would break the ledger's rules; nothing was written.
    A shortfall carries `params` (item, available, wanted...) beside its
    message."""


@dataclass(frozen=True)
class Issued:
    """One batch moved by `issue`: the line on each facility's stock card."""

    out: Movement
    into: Movement


def _check_may_act(user, facility: Facility) -> None:
    if not can_move_stock(user):
        raise PermissionDenied(_("Your role may read stock but not change it."))
    if not Facility.objects.for_user(user).filter(pk=facility.pk).exists():
        raise PermissionDenied(_("This facility is outside your work area."))


def _check_quantity(quantity: int) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        raise StockRefused(_("The quantity must be a whole number above zero."), code="quantity")


def _check_date(day: date) -> None:
    if day > timezone.localdate():
        raise StockRefused(_("The date cannot be in the future."), code="date")


def _short(item: Item, available: int, wanted: int, facility: Facility) -> StockRefused:
    return StockRefused(
        _("Not enough %(item)s at %(facility)s: %(available)s %(unit)s usable, %(wanted)s asked."),
        code="insufficient", params={"item": item.name, "facility": facility.name, "available": available,
                                     "unit": item.get_unit_display(), "wanted": wanted})


def _add(facility: Facility, batch: Batch, quantity: int) -> None:
    balance, _created = Balance.objects.get_or_create(facility=facility, batch=batch)
    Balance.objects.filter(pk=balance.pk).update(quantity=F("quantity") + quantity)


def _take(balance_pk: int, quantity: int) -> bool:
    return Balance.objects.filter(pk=balance_pk, quantity__gte=quantity).update(
        quantity=F("quantity") - quantity) == 1


def _locked_balances(facility: Facility, item: Item) -> list[Balance]:
    """The item's balances at the facility, locked until the commit and read
    after any writer before us committed (FEFO order)."""
    rows = (Balance.objects.select_for_update(of=("self",)).filter(facility=facility, batch__item=item)
            .select_related("batch").order_by("pk"))
    return sorted((b for b in rows if b.quantity > 0), key=lambda b: (b.batch.expiry, b.batch_id))


def _allocate(*, facility: Facility, item: Item, quantity: int, day: date, batch: Batch | None):
    """[(balance, units)] taking `quantity` from the batches usable on `day`,
    earliest expiry first (FEFO), or from `batch` only."""
    balances = _locked_balances(facility, item)
    if batch is not None:
        if batch.item_id != item.pk:
            raise StockRefused(_("Batch %(batch)s is not a batch of %(item)s.") % {
                "batch": batch.number, "item": item.name}, code="batch")
        if not batch.usable_on(day):
            raise StockRefused(_("Batch %(batch)s of %(item)s expired on %(expiry)s and cannot be used.") % {
                "batch": batch.number, "item": item.name, "expiry": batch.expiry.strftime("%d-%m-%Y")},
                code="expired")
        balances = [b for b in balances if b.batch_id == batch.pk]
    usable = [b for b in balances if b.batch.usable_on(day)]
    available = sum(b.quantity for b in usable)
    if available < quantity:
        raise _short(item, available, quantity, facility)
    plan, left = [], quantity
    for balance in usable:
        if left == 0:
            break
        units = min(left, balance.quantity)
        plan.append((balance, units))
        left -= units
    for balance, units in plan:
        if not _take(balance.pk, units):  # the lock makes this unreachable; the CHECK stands behind it
            raise _short(item, available - quantity, quantity, facility)
    return plan


@transaction.atomic
def receive(*, facility: Facility, item: Item, batch_number: str, expiry: date, funding: str, quantity: int,
            date: date, user) -> Movement:
    """A receipt from the district pharmacy (IFK): the batch is created on
    its first receipt and must keep its expiry on later ones."""
    _check_may_act(user, facility)
    _check_quantity(quantity)
    _check_date(date)
    batch_number = (batch_number or "").strip()
    if not batch_number:
        raise StockRefused(_("The batch number is required."), code="batch")
    if funding not in Funding.values:
        raise StockRefused(_("Unknown funding source."), code="funding")
    if not item.active:
        raise StockRefused(_("%(item)s is no longer in the catalogue.") % {"item": item.name}, code="inactive")
    if expiry <= date:
        raise StockRefused(_("Batch %(batch)s of %(item)s expired on %(expiry)s and cannot be received.") % {
            "batch": batch_number, "item": item.name, "expiry": expiry.strftime("%d-%m-%Y")}, code="expired")
    batch, _created = Batch.objects.get_or_create(item=item, number=batch_number, funding=funding,
                                                  defaults={"expiry": expiry})
    if batch.expiry != expiry:
        raise StockRefused(_("Batch %(batch)s of %(item)s was received before with expiry %(expiry)s.") % {
            "batch": batch.number, "item": item.name, "expiry": batch.expiry.strftime("%d-%m-%Y")}, code="expiry")
    _add(facility, batch, quantity)
    return Movement.objects.create(facility=facility, batch=batch, kind=Kind.RECEIPT, quantity=quantity,
                                   date=date, user=user)


@transaction.atomic
def issue(*, from_facility: Facility, to_facility: Facility, item: Item, quantity: int, date: date, user,
          batch: Batch | None = None) -> list[Issued]:
    """Stock handed to another facility of the same Puskesmas network (a Pustu,
    a Posyandu's vaccine carrier, or back to the Puskesmas): an ISSUE_OUT at
    the source and the matching ISSUE_IN at the destination, per batch."""
    _check_may_act(user, from_facility)
    _check_quantity(quantity)
    _check_date(date)
    if to_facility.pk == from_facility.pk or to_facility.puskesmas_id != from_facility.puskesmas_id:
        raise StockRefused(_("Stock can only be issued to another facility of the same Puskesmas."),
                           code="destination")
    # Both ends' rows of the item, locked in one pk order: a Pustu returning
    # stock while the Puskesmas issues to it cannot deadlock.
    list(Balance.objects.select_for_update(of=("self",))
         .filter(facility__in=[from_facility.pk, to_facility.pk], batch__item=item)
         .order_by("pk").values_list("pk", flat=True))
    issued = []
    for balance, units in _allocate(facility=from_facility, item=item, quantity=quantity, day=date, batch=batch):
        _add(to_facility, balance.batch, units)
        out = Movement.objects.create(facility=from_facility, batch=balance.batch, kind=Kind.ISSUE_OUT,
                                      quantity=-units, date=date, counterpart=to_facility, user=user)
        into = Movement.objects.create(facility=to_facility, batch=balance.batch, kind=Kind.ISSUE_IN,
                                       quantity=units, date=date, counterpart=from_facility, user=user)
        issued.append(Issued(out=out, into=into))
    use.count([i.out for i in issued])
    return issued


@transaction.atomic
def dispense(*, facility: Facility, item: Item, quantity: int, date: date, user, patient: Patient | None = None,
             visit: Visit | None = None, batch: Batch | None = None) -> list[Movement]:
    """Units given to a patient (for a visit if known): one movement per batch
    used, earliest expiry first."""
    _check_may_act(user, facility)
    _check_quantity(quantity)
    _check_date(date)
    if visit is not None:
        if patient is not None and visit.patient_id != patient.pk:
            raise StockRefused(_("The visit is another person's."), code="visit")
        patient = patient or visit.patient
    lines = [
        Movement.objects.create(facility=facility, batch=balance.batch, kind=Kind.DISPENSE, quantity=-units,
                                date=date, patient=patient, visit=visit, user=user)
        for balance, units in _allocate(facility=facility, item=item, quantity=quantity, day=date, batch=batch)
    ]
    use.count(lines)
    return lines


@transaction.atomic
def record_loss(*, facility: Facility, batch: Batch, quantity: int, date: date, user, reason: str,
                note: str = "") -> Movement:
    """Expired or damaged units taken off the shelf (an expired batch too)."""
    _check_may_act(user, facility)
    _check_quantity(quantity)
    _check_date(date)
    if reason not in LossReason.values:
        raise StockRefused(_("Choose why the stock was lost."), code="reason")
    if reason == LossReason.OTHER and not note.strip():
        raise StockRefused(_("Say what happened to the stock."), code="note")
    balance = Balance.objects.select_for_update().filter(facility=facility, batch=batch).first()
    available = balance.quantity if balance else 0
    if balance is None or not _take(balance.pk, quantity):
        raise StockRefused(
            _("Not enough %(item)s of batch %(batch)s at %(facility)s: %(available)s %(unit)s, %(wanted)s asked."),
            code="insufficient", params={"item": batch.item.name, "batch": batch.number, "facility": facility.name,
                                         "available": available, "unit": batch.item.get_unit_display(),
                                         "wanted": quantity})
    line = Movement.objects.create(facility=facility, batch=batch, kind=Kind.LOSS, quantity=-quantity, date=date,
                                   reason=reason, note=note.strip()[:200], user=user)
    use.count([line])
    return line


@transaction.atomic
def count_stock(*, facility: Facility, batch: Batch, counted: int, date: date, user, note: str = "") -> Movement | None:
    """A stock count (stok opname) of one batch: the difference from the
    ledger is posted as a COUNT_ADJUST; nothing when they agree."""
    _check_may_act(user, facility)
    _check_date(date)
    if isinstance(counted, bool) or not isinstance(counted, int) or counted < 0:
        raise StockRefused(_("The count must be a whole number, zero or more."), code="quantity")
    balance, _created = Balance.objects.get_or_create(facility=facility, batch=batch)
    balance = Balance.objects.select_for_update().get(pk=balance.pk)
    difference = counted - balance.quantity
    if difference == 0:
        return None
    Balance.objects.filter(pk=balance.pk).update(quantity=counted)
    return Movement.objects.create(facility=facility, batch=batch, kind=Kind.COUNT_ADJUST, quantity=difference,
                                   date=date, note=note.strip()[:200], user=user)


def dispense_for_visit(*, line: list[int], wanted: dict[int, tuple[Item, int]], visit: Visit,
                       by) -> list[Movement]:
    """What the services given at `visit` consume, in the visit's transaction
    (stock.dispensing): `wanted` is {item id: (item, units)}, `line` the
    visit's facility and those above it, nearest first. Each item is drawn,
    earliest expiry first, from the nearest facility of the line that keeps
    a card of it; an item none keeps is not drawn. Whoever may record the
    visit may draw: the visit's own checks stand for the stock role here.
    All items in one lock, one update and one insert, as a visit save pays
    for them (bench_stock)."""
    balances = list(Balance.objects.select_for_update(of=("self",))
                    .filter(facility_id__in=line, batch__item_id__in=list(wanted))
                    .select_related("batch").order_by("pk"))
    kept: dict[int, list[Balance]] = {}
    for balance in balances:
        kept.setdefault(balance.batch.item_id, []).append(balance)
    plan = []
    for item_id, rows in sorted(kept.items()):
        item, quantity = wanted[item_id]
        _check_quantity(quantity)
        holder = min((b.facility_id for b in rows), key=line.index)
        usable = sorted((b for b in rows if b.facility_id == holder and b.quantity > 0 and
                         b.batch.usable_on(visit.date)), key=lambda b: (b.batch.expiry, b.batch_id))
        available = sum(b.quantity for b in usable)
        if available < quantity:
            facility = visit.facility if holder == visit.facility_id else Facility.objects.get(pk=holder)
            raise _short(item, available, quantity, facility)
        left = quantity
        for balance in usable:
            if left == 0:
                break
            units = min(left, balance.quantity)
            plan.append((balance, units))
            left -= units
    if not plan:
        return []
    # The rows are locked and were read after any earlier writer's commit;
    # the CHECK quantity >= 0 stands behind this.
    Balance.objects.filter(pk__in=[b.pk for b, _ in plan]).update(
        quantity=F("quantity") - Case(*[When(pk=b.pk, then=Value(units)) for b, units in plan]))
    lines = Movement.objects.bulk_create([
        Movement(facility_id=balance.facility_id, batch=balance.batch, kind=Kind.DISPENSE, quantity=-units,
                 date=visit.date, patient_id=visit.patient_id, visit=visit, user=by)
        for balance, units in plan])
    use.count(lines)
    return lines


def return_for_visit(*, facility_id: int, batch_id: int, quantity: int, visit: Visit, by) -> Movement:
    """Units a corrected or removed visit had drawn, back on the shelf of the
    batch they came from."""
    _check_quantity(quantity)
    facility, batch = Facility.objects.get(pk=facility_id), Batch.objects.get(pk=batch_id)
    _add(facility, batch, quantity)
    line = Movement.objects.create(facility=facility, batch=batch, kind=Kind.RETURN, quantity=quantity,
                                   date=timezone.localdate(), patient_id=visit.patient_id, visit=visit, user=by)
    use.count([line])
    return line
