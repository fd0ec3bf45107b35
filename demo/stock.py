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

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.utils import timezone

from clusters.models import Visit
from facilities.models import Facility, FacilityType
from stock import use
from stock.dispensing import age_months
from stock.models import Balance, Batch, Category, Funding, Item, Kind, Movement, ServiceItem

from .replace import stock_statements
from .stock_card import Card
from .visit_parts import DAYS
from .visits import demo_user
from .writer import BulkWriter

LOW_ITEMS = 2  # per Puskesmas, delivered short in the last two months: the first out today, the second low
ALERT_ITEMS = 2  # per Puskesmas, with a near-expiry lot pushed by the IFK three months ago
EXPIRED_ITEMS = 1  # per Puskesmas, with a near-expiry lot pushed eight months ago, partly written off
COUNT_MONTHS = (3, 6, 9, 12)
SHORT_EXPIRY = 0.1  # of the IFK's monthly lots, with 6–9 months left instead of 12–30

MOVEMENT_COLUMNS = ["facility_id", "batch_id", "kind", "quantity", "date", "counterpart_id", "patient_id",
                    "visit_id", "reason", "note", "user_id", "created_at"]


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
                Card(self, pkm, self.items[item_id], keepers, needs, n_days,
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
        use.rebuild(Facility.objects.filter(district_id=self.district))
