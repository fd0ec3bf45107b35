"""Demo stock: a year of the demo district's drug and vaccine ledger,
consistent with its visits (docs/decisions/0025-stock-ledger.md).

- Every Puskesmas receives from the district pharmacy (IFK), on the first
  workday of each month, each item its network's visits consume
  (stock.ServiceItem), sized to the month's use plus its safety stock
  (Item.safety_stock_months × the average monthly use) and rounded up to
  whole packs; each month's lot of an item has a realistic batch number, a
  funding source and an expiry 6–30 months out. The same day it issues to
  each of its Pustu what the Pustu will use in the month plus its safety
  stock.
- Every service of a demo visit that ServiceItem maps draws its units (the
  age rule applied) as DISPENSE lines at the facility of the visit, or the
  nearest above it that keeps the item (stock.dispensing's rule: a
  Posyandu's visits draw from its Pustu or its Puskesmas), earliest expiry
  first, naming the visit and the patient. A Pustu keeps the items its own
  and its Posyandu's visits use; a Posyandu keeps none.
- Now and then the IFK delivers short: the Puskesmas runs dry after a day's
  visits and stays at zero until an urgent (cito) delivery comes on the day
  of the next visit that needs the item. In the last two months a few items
  per Puskesmas come short with no cito, so today they are below safety
  stock, or out.
- A lot still on a shelf on its expiry date is written off (LOSS, expired);
  a few units are damaged (LOSS, damaged); each quarter ends with a stock
  count (COUNT_ADJUST) with small differences; near-expiry lots the IFK
  pushed three months ago expire within the next three months, so the
  alerts show.

The stock cards open on the first day of the demo year: visits before it
(the older doses of the children) drew nothing.

Set-based: the district's mapped visit services are read in one query, the
ledger is simulated per Puskesmas network and item in date order in memory
(no line ever takes what is not on the shelf that day), batches and
movements are written by the demo's writer, and the balances computed by
one INSERT … SELECT … GROUP BY. Rows bypass stock.services (no locks per
row), as the demo's visits bypass clusters.services. Deterministic for a
district, seed, `today` and the visits in the database."""

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.utils import timezone

from clusters.models import Visit
from facilities.models import Facility, FacilityType
from stock.dispensing import age_months
from stock.models import Balance, Batch, Category, Funding, Item, Kind, LossReason, Movement, ServiceItem

from .replace import stock_statements
from .visit_parts import DAYS
from .visits import demo_user
from .writer import BulkWriter

SHORT_SHARE = 0.03  # of a Puskesmas's monthly deliveries of an item: short, a cito delivery follows
LOW_ITEMS = 2  # per Puskesmas, delivered short in the last two months: the first out today, the second low
ALERT_ITEMS = 2  # per Puskesmas, with a near-expiry lot pushed by the IFK three months ago
EXPIRED_ITEMS = 1  # per Puskesmas, with a near-expiry lot pushed eight months ago, partly written off
DAMAGE_SHARE = 0.15  # of (facility, item) cards with a damaged line in the year
COUNT_DIFFERENCE = 0.12  # of the lots on a shelf whose quarterly count differs from the card
COUNT_MONTHS = (3, 6, 9, 12)
SHORT_EXPIRY = 0.1  # of the IFK's monthly lots, with 6–9 months left instead of 12–30

MOVEMENT_COLUMNS = ["facility_id", "batch_id", "kind", "quantity", "date", "counterpart_id", "patient_id",
                    "visit_id", "reason", "note", "user_id", "created_at"]
NOTE_CITO = "Permintaan cito ke IFK"
NOTE_SHORT = "Pengiriman IFK kurang dari permintaan"
NOTE_NEAR_EXPIRY = "Kiriman IFK: mendekati kedaluwarsa"
NOTE_EXPIRED = "Kedaluwarsa, dipisahkan dari stok"
NOTE_COUNT = "Stok opname triwulan"
DAMAGE_NOTES = {True: ("Vial pecah", "VVM melewati batas", "Beku saat penyimpanan"),
                False: ("Kemasan rusak", "Terkena air", "Strip sobek")}


@dataclass
class StockResult:
    movements: int = 0
    batches: int = 0
    balances: int = 0
    facilities: int = 0  # keeping at least one card
    by_kind: Counter = field(default_factory=Counter)  # lines
    dispensed_units: Counter = field(default_factory=Counter)  # item code -> units
    short_deliveries: int = 0
    cito_deliveries: int = 0

    def summary(self) -> str:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.by_kind.items()))
        return (f"{self.movements} stock movements ({kinds}) of {self.batches} batches, {self.balances} balances "
                f"at {self.facilities} facilities")


def delete_stock(district_code: str) -> None:
    """The district's stock cards: its facilities' movements and balances,
    and the batches no card names any more."""
    with connection.cursor() as cursor:
        for sql, params in stock_statements(district_code):
            cursor.execute(sql, params)


@transaction.atomic
def build_stock(district_code: str, seed: int = 1, today: date | None = None) -> StockResult:
    today = today or timezone.localdate()
    delete_stock(district_code)
    planner = _Ledger(district_code, seed, today, demo_user().pk)
    planner.run()
    return planner.result


def _first_workday(day: date) -> date:
    return day + timedelta(days=1) if day.weekday() == 6 else day


def _last_workday(day: date) -> date:
    return day - timedelta(days=1) if day.weekday() == 6 else day


def _ceil(value: float, pack: int) -> int:
    return max(0, math.ceil(value / pack - 1e-9) * pack)


def _receipt_pack(item: Item) -> int:
    if item.doses_per_vial:
        return item.doses_per_vial
    return 100 if item.unit in ("tablet", "kaplet", "kapsul", "buah") else 10


def _issue_pack(item: Item) -> int:
    if item.doses_per_vial:
        return item.doses_per_vial
    return 10 if item.unit in ("tablet", "kaplet", "kapsul", "buah") else 1


class _Lot:
    __slots__ = ("expiry", "batch", "qty")

    def __init__(self, expiry, batch, qty):
        self.expiry, self.batch, self.qty = expiry, batch, qty


class _Ledger:
    def __init__(self, district, seed, today, user_id):
        self.district, self.today, self.user_id = district, today, user_id
        self.opening = today - timedelta(days=DAYS - 1)
        self.rng = random.Random(f"{district}:{seed}:stock")
        self.result = StockResult()
        self.rows = []  # (date, facility, batch index, kind, quantity, counterpart, patient, visit, reason, note)
        self.batch_rows = []  # (item id, number, expiry, funding)
        self.batch_index = {}  # key -> index in batch_rows
        self.numbers = set()

    # -- what the visits consume ----------------------------------------------

    def _load(self):
        self.facilities = {pk: (ftype, parent, pkm) for pk, ftype, parent, pkm in Facility.objects.filter(
            district_id=self.district).values_list("pk", "type", "parent_id", "puskesmas_id")}
        self.items = {i.pk: i for i in Item.objects.all()}
        rules = defaultdict(list)
        for rule in ServiceItem.objects.all():
            rules[rule.service_id].append(rule)
        self.rules = rules
        # Receipt days: the cards open on the demo year's first day, then the first workday of each month.
        days, month = [self.opening], self.opening.replace(day=1) + relativedelta(months=1)
        while month <= self.today:
            days.append(_first_workday(month))
            month += relativedelta(months=1)
        self.receipt_days = [d for d in days if d <= self.today]
        counts = []
        month = self.opening.replace(day=1)
        while month <= self.today:
            if month.month in COUNT_MONTHS:
                day = _last_workday(month + relativedelta(months=1) - timedelta(days=1))
                if self.opening < day <= self.today:
                    counts.append(day)
            month += relativedelta(months=1)
        self.count_days = set(counts)

    def _line(self, facility: int) -> list[int]:
        """The facility, then those above it, nearest first (stock.dispensing)."""
        _, parent, pkm = self.facilities[facility]
        line = []
        for pk in (facility, parent, pkm):
            if pk and pk not in line:
                line.append(pk)
        return line

    def _consumption(self) -> list[tuple]:
        """(date, visit, patient, facility, item, units) of every mapped
        service of the district's visits since the cards opened."""
        through = Visit.services.through.objects.filter(
            service_id__in=list(self.rules), visit__facility__district_id=self.district,
            visit__date__gte=self.opening, visit__date__lte=self.today,
        ).values_list("visit_id", "service_id", "visit__date", "visit__facility_id", "visit__patient_id",
                      "visit__patient__birth_date").order_by("visit__date", "visit_id", "service_id")
        out, current, wanted = [], None, {}

        def close():
            if current is not None:
                for item_id, units in wanted.items():
                    out.append((current[1], current[0], current[3], current[2], item_id, units))

        for visit_id, service_id, day, facility, patient, birth in through.iterator(chunk_size=20_000):
            if current is None or current[0] != visit_id:
                close()
                current, wanted = (visit_id, day, facility, patient), {}
            age = age_months(birth, day)
            for rule in self.rules[service_id]:
                if rule.applies_at(age):
                    wanted[rule.item_id] = wanted.get(rule.item_id, 0) + rule.quantity
        close()
        return out

    def _needs(self, consumption):
        """Who keeps which item, and what each keeper hands out by day: a Pustu
        keeps what its line uses, its Puskesmas everything its network uses."""
        keep = set()
        for _, _, _, facility, item_id, _ in consumption:
            line = self._line(facility)
            first = next((pk for pk in line if self.facilities[pk][0] != FacilityType.POSYANDU), None)
            if first is None:
                continue
            keep.add((first, item_id))
            keep.add((self.facilities[first][2] or first, item_id))
        needs = defaultdict(lambda: defaultdict(list))  # (facility, item) -> day index -> [(visit, patient, units)]
        for day, visit, patient, facility, item_id, units in consumption:
            holder = next((pk for pk in self._line(facility) if (pk, item_id) in keep), None)
            if holder is not None:
                needs[holder, item_id][(day - self.opening).days].append((visit, patient, units))
        return keep, needs

    # -- batches ----------------------------------------------------------------

    def _funding(self, item: Item) -> str:
        r = self.rng.random()
        if item.category == Category.VACCINE:
            return Funding.APBD_I if r < 0.1 else Funding.APBN
        if item.category == Category.ESSENTIAL:
            return Funding.BLUD_JKN if r < 0.2 else Funding.APBD_II
        return Funding.APBN

    def _number(self, item: Item, made: date) -> str:
        rng = self.rng
        while True:
            if item.category == Category.VACCINE:  # Bio Farma style: digits
                number = f"{rng.randint(1, 9)}{rng.randint(0, 999):03d}{made:%y}{rng.randint(0, 9)}"
            else:
                prefix = "".join(c for c in item.code if c.isalpha())[:3]
                number = f"{prefix}{made:%y%m}{rng.randint(1, 999):03d}"
            if (item.pk, number) not in self.numbers:
                self.numbers.add((item.pk, number))
                return number

    def _batch(self, item: Item, period: int) -> int:
        """The IFK's lot of the item for a month (shared by its Puskesmas)."""
        key = (item.pk, period)
        if key not in self.batch_index:
            received = self.receipt_days[period]
            rng = self.rng
            months = rng.randint(6, 9) if rng.random() < SHORT_EXPIRY else rng.randint(12, 30)
            expiry = received + relativedelta(months=months) + timedelta(days=rng.randint(0, 27))
            made = received - relativedelta(months=rng.randint(2, 8))
            self.batch_index[key] = len(self.batch_rows)
            self.batch_rows.append((item.pk, self._number(item, made), expiry, self._funding(item)))
        return self.batch_index[key]

    def _alert_batch(self, item: Item, received: date, expiry: tuple[int, int]) -> int:
        """A lot close to its expiry (`expiry`: days from `received`) that
        the IFK pushes to its Puskesmas."""
        key = (item.pk, "alert", received)
        if key not in self.batch_index:
            expiry = received + timedelta(days=self.rng.randint(*expiry))
            made = expiry - relativedelta(months=24)
            self.batch_index[key] = len(self.batch_rows)
            self.batch_rows.append((item.pk, self._number(item, made), expiry, self._funding(item)))
        return self.batch_index[key]

    def _expiry(self, batch: int) -> date:
        return self.batch_rows[batch][2]

    # -- the run ----------------------------------------------------------------

    def run(self):
        self._load()
        keep, needs = self._needs(self._consumption())
        networks = defaultdict(lambda: defaultdict(list))  # puskesmas -> item -> keepers (Puskesmas first)
        for facility, item_id in sorted(keep):
            pkm = self.facilities[facility][2] or facility
            networks[pkm][item_id].append(facility)
        self.result.facilities = len({f for f, _ in keep})
        n_days = (self.today - self.opening).days + 1
        for pkm in sorted(networks):
            items = networks[pkm]
            low, alerts, expired = self._chosen(pkm, items, needs)
            for item_id in sorted(items):
                keepers = sorted(items[item_id], key=lambda f: (f != pkm, f))
                _Card(self, pkm, self.items[item_id], keepers, needs, n_days,
                      low=low.get(item_id), alert=item_id in alerts, expired=item_id in expired).simulate()
        self._write()

    def _chosen(self, pkm, items, needs):
        """The items that come short in the last two months ("out", "low"),
        those with a near-expiry lot now and those with one that expired, at
        one Puskesmas."""
        recent = (self.receipt_days[-3] - self.opening).days if len(self.receipt_days) >= 3 else 0
        used = sorted(item_id for item_id, keepers in items.items()
                      if any(day >= recent for day in needs[pkm, item_id]))
        low_items = self.rng.sample(used, min(LOW_ITEMS, len(used)))
        low = dict(zip(low_items, ("out", "low"), strict=False))
        rest = [i for i in used if i not in low]
        alerts = set(self.rng.sample(rest, min(ALERT_ITEMS, len(rest))))
        rest = [i for i in rest if i not in alerts] or rest
        expired = set(self.rng.sample(rest, min(EXPIRED_ITEMS, len(rest))))
        return low, alerts, expired

    def add(self, day, facility, batch, kind, quantity, counterpart=None, patient=None, visit=None, reason="",
            note=""):
        self.rows.append((day, facility, batch, kind, quantity, counterpart, patient, visit, reason, note))

    # -- writing ------------------------------------------------------------------

    def _write(self):
        writer, result = BulkWriter(), self.result
        existing = {(item_id, number, funding): (pk, expiry) for pk, item_id, number, funding, expiry in
                    Batch.objects.filter(item_id__in={r[0] for r in self.batch_rows},
                                         number__in={r[1] for r in self.batch_rows})
                    .values_list("pk", "item_id", "number", "funding", "expiry")}
        pks, new = [None] * len(self.batch_rows), []
        for i, (item_id, number, expiry, funding) in enumerate(self.batch_rows):
            found = existing.get((item_id, number, funding))
            if found and found[1] == expiry:  # the same lot, already on another district's cards
                pks[i] = found[0]
                continue
            if found:
                number = f"{number}B"
            new.append((i, Batch(item_id=item_id, number=number, expiry=expiry, funding=funding)))
        writer.insert(Batch, [b for _, b in new])
        for i, batch in new:
            pks[i] = batch.pk
        result.batches = len(self.batch_rows)
        now = timezone.now()
        stamps = {}
        rows = []
        self.rows.sort(key=lambda r: r[0])  # stable: each card keeps its order within a day
        for day, facility, batch, kind, quantity, counterpart, patient, visit, reason, note in self.rows:
            if day not in stamps:
                stamps[day] = min(timezone.make_aware(datetime.combine(day, time(9))), now)
            rows.append((facility, pks[batch], kind, quantity, day, counterpart, patient, visit, reason, note,
                         self.user_id, stamps[day]))
            result.by_kind[kind] += 1
            if kind == Kind.DISPENSE:
                result.dispensed_units[self.items[self.batch_rows[batch][0]].code] -= quantity
        self.rows = []
        writer.write_rows(Movement, MOVEMENT_COLUMNS, rows)
        result.movements = len(rows)
        qn = connection.ops.quote_name
        balance, movement = qn(Balance._meta.db_table), qn(Movement._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {balance} (facility_id, batch_id, quantity) "
                f"SELECT m.facility_id, m.batch_id, SUM(m.quantity) FROM {movement} m "
                f"WHERE m.facility_id IN (SELECT id FROM {qn(Facility._meta.db_table)} WHERE district_id = %s) "
                f"GROUP BY m.facility_id, m.batch_id", [self.district])
            result.balances = cursor.rowcount


class _Card:
    """One item in one Puskesmas network (the Puskesmas and the Pustu that
    keep it), day by day: expired lots off the shelf, the month's receipt
    and issues, urgent deliveries, the day's dispensing, damage, counts."""

    def __init__(self, ledger: _Ledger, pkm: int, item: Item, keepers: list[int], needs, n_days: int, *,
                 low: str | None, alert: bool, expired: bool):
        self.ledger, self.pkm, self.item, self.keepers = ledger, pkm, item, keepers
        self.rng = ledger.rng
        self.n_days, self.low, self.alert, self.expired = n_days, low, alert, expired
        self.trim = None  # (day index, units): what the Puskesmas keeps after that day's visits
        self.needs = {f: needs.get((f, item.pk), {}) for f in keepers}
        self.shelf = {f: [] for f in keepers}
        # Units handed out before each day (prefix sums), per keeper.
        self.before = {}
        for f in keepers:
            daily = [0] * (n_days + 1)
            for i, lines in self.needs[f].items():
                daily[i + 1] = sum(units for _, _, units in lines)
            for i in range(n_days):
                daily[i + 1] += daily[i]
            self.before[f] = daily
        months = max(n_days / 30.4, 1)
        safety = float(item.safety_stock_months)
        self.safety = {f: safety * self.before[f][n_days] / months for f in keepers}
        self.safety[pkm] = safety * sum(self.before[f][n_days] for f in keepers) / months
        self.pack, self.issue_pack = _receipt_pack(item), _issue_pack(item)
        self.cito_on = None  # (day index, units) of a planned urgent delivery
        self.planned_until = -1  # the day index until which the Puskesmas runs to a plan: no damage, no counts
        self.damage = {}
        for f in keepers:
            if self.rng.random() < DAMAGE_SHARE and n_days > 30:
                self.damage[self.rng.randint(30, n_days - 1)] = f

    def used(self, f, start: int, end: int) -> int:
        """Units handed out at f on day indexes start..end."""
        return self.before[f][end + 1] - self.before[f][start]

    # -- the shelf ----------------------------------------------------------------

    def usable(self, f, day: date) -> int:
        return sum(lot.qty for lot in self.shelf[f] if lot.expiry > day)

    def put(self, f, batch: int, units: int):
        for lot in self.shelf[f]:
            if lot.batch == batch:
                lot.qty += units
                return
        self.shelf[f].append(_Lot(self.ledger._expiry(batch), batch, units))
        self.shelf[f].sort(key=lambda lot: (lot.expiry, lot.batch))

    def take(self, f, units: int, day: date) -> list[tuple[int, int]]:
        """[(batch, units)] earliest expiry first; the caller made sure there are enough."""
        out = []
        for lot in self.shelf[f]:
            if units == 0:
                break
            if lot.expiry <= day or lot.qty == 0:
                continue
            n = min(units, lot.qty)
            lot.qty -= n
            units -= n
            out.append((lot.batch, n))
        assert units == 0, "taken more than the shelf holds"
        return out

    # -- writing lines ------------------------------------------------------------

    def receive(self, day: date, batch: int, units: int, note: str = ""):
        if units > 0:
            self.put(self.pkm, batch, units)
            self.ledger.add(day, self.pkm, batch, Kind.RECEIPT, units, note=note)

    def issue(self, day: date, to: int, units: int):
        for batch, n in self.take(self.pkm, units, day):
            self.put(to, batch, n)
            self.ledger.add(day, self.pkm, batch, Kind.ISSUE_OUT, -n, counterpart=to)
            self.ledger.add(day, to, batch, Kind.ISSUE_IN, n, counterpart=self.pkm)

    def cito(self, day: date, period: int, units: int):
        self.receive(day, self.ledger._batch(self.item, period), _ceil(units, self.pack), NOTE_CITO)
        self.ledger.result.cito_deliveries += 1

    def ensure(self, f, units: int, day: date, period: int):
        """The fallback when a shelf cannot cover a need: the Puskesmas calls
        the IFK (cito), a Pustu the Puskesmas."""
        short = units - self.usable(f, day)
        if short <= 0:
            return
        if f == self.pkm:
            self.cito(day, period, short)
            return
        wanted = _ceil(short, self.issue_pack)
        self.ensure(self.pkm, wanted, day, period)
        self.issue(day, f, wanted)

    # -- the year -------------------------------------------------------------------

    def simulate(self):
        ledger, opening = self.ledger, self.ledger.opening
        receipts = {(d - opening).days: p for p, d in enumerate(ledger.receipt_days)}
        period = 0
        for i in range(self.n_days):
            day = opening + timedelta(days=i)
            self.write_off(day)
            if i in receipts:
                period = receipts[i]
                self.month(day, i, period)
            if self.cito_on and self.cito_on[0] == i:
                self.cito(day, period, self.cito_on[1])
                self.cito_on = None
            for f in self.keepers:
                for visit, patient, units in self.needs[f].get(i, ()):
                    self.ensure(f, units, day, period)
                    for batch, n in self.take(f, units, day):
                        ledger.add(day, f, batch, Kind.DISPENSE, -n, patient=patient, visit=visit)
            if i in self.damage and not (self.damage[i] == self.pkm and i <= self.planned_until):
                self.damaged(self.damage[i], day)
            if self.trim and self.trim[0] == i:
                self.spoilt(day, self.trim[1])
            if day in ledger.count_days:
                self.count(day, i)

    def write_off(self, day: date):
        for f in self.keepers:
            for lot in self.shelf[f]:
                if lot.expiry <= day and lot.qty > 0:
                    self.ledger.add(day, f, lot.batch, Kind.LOSS, -lot.qty, reason=LossReason.EXPIRED,
                                    note=NOTE_EXPIRED)
                    lot.qty = 0
            self.shelf[f] = [lot for lot in self.shelf[f] if lot.qty > 0]

    def month(self, day: date, i: int, period: int):
        """The month's receipt at the Puskesmas and its issues to the Pustu."""
        ledger = self.ledger
        last = len(ledger.receipt_days) - 1
        end_day = ledger.receipt_days[period + 1] - timedelta(days=1) if period < last else ledger.today
        end = (end_day - ledger.opening).days
        if self.alert and period == max(last - 3, 1):  # still on the shelves today, expiring soon
            network = sum(self.used(f, i, self.n_days - 1) for f in self.keepers)
            units = _ceil(network + 0.5 * self.safety[self.pkm], self.pack)
            expiry = ((ledger.today - day).days + 20, (ledger.today - day).days + 80)
            self.receive(day, ledger._alert_batch(self.item, day, expiry), units, NOTE_NEAR_EXPIRY)
        if self.expired and period == max(last - 8, 1):  # more than the network uses before it expires
            network = sum(self.used(f, i, min(i + 119, self.n_days - 1)) for f in self.keepers)
            units = _ceil(network + self.pack, self.pack)
            self.receive(day, ledger._alert_batch(self.item, day, (45, 70)), units, NOTE_NEAR_EXPIRY)
        issues = {}
        for f in self.keepers[1:]:
            wanted = self.used(f, i, end) + self.safety[f] - self.usable(f, end_day)
            if wanted > 0:
                issues[f] = _ceil(wanted, self.issue_pack)
        have = self.usable(self.pkm, end_day)
        out = sum(issues.values())
        units = _ceil(self.used(self.pkm, i, end) + out + self.safety[self.pkm] - have, self.pack)
        plan = self.short_plan(i, end, end_day, period, last, have, out)
        note = ""
        if plan is not None:
            units, note = plan, NOTE_SHORT
            ledger.result.short_deliveries += 1
        if units > 0:  # a batch is made only when it arrives
            self.receive(day, ledger._batch(self.item, period), units, note)
        for f, n in issues.items():
            self.ensure(self.pkm, n, day, period)
            self.issue(day, f, n)

    def short_plan(self, i, end, end_day, period, last, have, out) -> int | None:
        """Units of a short delivery that leaves the Puskesmas at zero after a
        day's visits, then a cito on the next day a visit needs the item; or,
        for a low item in the last two months, at zero (or a little) after
        the month's last visit, with no cito (exactly when nothing on the
        shelf expires within the month; damage takes the rest in the last
        month). None when no such plan fits."""
        rng = self.rng
        if self.low and period >= last - 1 and period > 0:
            mode = "end"
        elif 0 < period < last - 1 and rng.random() < SHORT_SHARE:
            mode = "cito"
        else:
            return None
        shelf = self.shelf[self.pkm]
        if mode == "cito" and any(lot.expiry <= end_day for lot in shelf) or any(
                i <= (d - self.ledger.opening).days <= end for d in self.ledger.count_days):
            return None  # the plan could not be exact
        days = sorted(d for d in self.needs[self.pkm] if i <= d <= end)
        cum, totals = out, []
        for d in days:
            cum += self.used(self.pkm, d, d)
            totals.append(cum)
        if mode == "end":
            extra = 0
            if self.low == "low" and period == last:
                recent = self.used(self.pkm, max(0, self.n_days - 91), self.n_days - 1) / 3
                extra = int(0.3 * min(self.safety[self.pkm], recent))
            self.planned_until = end
            if period == last:  # what the short delivery could not take away, damage does
                self.trim = (max([i, *days]), extra)
            return max(0, cum - have) + extra
        choices = [k for k in range(len(days) - 1)
                   if totals[k] >= have and days[k + 1] - days[k] >= 2 and days[k] - i <= 20]
        if not choices:
            return None
        k = rng.choice(choices)
        rest = cum - totals[k]
        self.cito_on = (days[k + 1], rest + self.safety[self.pkm])
        self.planned_until = days[k + 1]
        return totals[k] - have

    def damaged(self, f, day: date):
        lots = [lot for lot in self.shelf[f] if lot.expiry > day and lot.qty > 0]
        if not lots:
            return
        vaccine = bool(self.item.doses_per_vial)
        units = min(self.item.doses_per_vial if vaccine else self.rng.randint(1, 6), lots[0].qty)
        lots[0].qty -= units
        self.ledger.add(day, f, lots[0].batch, Kind.LOSS, -units, reason=LossReason.DAMAGED,
                        note=self.rng.choice(DAMAGE_NOTES[vaccine]))

    def spoilt(self, day: date, keep: int):
        """The Puskesmas's usable units above `keep`, damaged (a cold chain
        failure, water): a low item stays low until the next delivery."""
        excess = self.usable(self.pkm, day) - keep
        if excess <= 0:
            return
        note = DAMAGE_NOTES[bool(self.item.doses_per_vial)][2 if self.item.doses_per_vial else 1]
        for batch, n in self.take(self.pkm, excess, day):
            self.ledger.add(day, self.pkm, batch, Kind.LOSS, -n, reason=LossReason.DAMAGED, note=note)

    def count(self, day: date, i: int):
        for f in self.keepers:
            if f == self.pkm and i <= self.planned_until:
                continue
            for lot in self.shelf[f]:
                if lot.qty <= 0 or self.rng.random() >= COUNT_DIFFERENCE:
                    continue
                difference = self.rng.choice((-3, -2, -1, -1, 1, 2))
                if lot.qty + difference < 0:
                    continue
                lot.qty += difference
                self.ledger.add(day, f, lot.batch, Kind.COUNT_ADJUST, difference, note=NOTE_COUNT)
