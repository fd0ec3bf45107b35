"""One item's stock card in one Puskesmas network of the demo district,
simulated day by day for demo.stock's ledger: expired lots off the shelf,
the month's receipt from the IFK and issues to the Pustu, short and urgent
(cito) deliveries, the day's dispensing, damage and quarterly counts. Rows
go to the ledger (`ledger.add`), which writes them all at once."""

import math
from datetime import date, timedelta

from stock.models import Item, Kind, LossReason

SHORT_SHARE = 0.03  # of a Puskesmas's monthly deliveries of an item: short, a cito delivery follows
DAMAGE_SHARE = 0.15  # of (facility, item) cards with a damaged line in the year
COUNT_DIFFERENCE = 0.12  # of the lots on a shelf whose quarterly count differs from the card

NOTE_CITO = "Permintaan cito ke IFK"
NOTE_SHORT = "Pengiriman IFK kurang dari permintaan"
NOTE_NEAR_EXPIRY = "Kiriman IFK: mendekati kedaluwarsa"
NOTE_EXPIRED = "Kedaluwarsa, dipisahkan dari stok"
NOTE_COUNT = "Stok opname triwulan"
DAMAGE_NOTES = {True: ("Vial pecah", "VVM melewati batas", "Beku saat penyimpanan"),
                False: ("Kemasan rusak", "Terkena air", "Strip sobek")}


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


class Card:
    """One item in one Puskesmas network (the Puskesmas and the Pustu that
    keep it), day by day: expired lots off the shelf, the month's receipt
    and issues, urgent deliveries, the day's dispensing, damage, counts."""

    def __init__(self, ledger, pkm: int, item: Item, keepers: list[int], needs, n_days: int, *,
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
