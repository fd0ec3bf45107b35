"""The Klaster 1 management page's reads: per Puskesmas in the user's area,
for one month, the lab's turnaround, the IGD's arrivals and triage mix, and
the ward's bed occupancy and length of stay. Each part is its own app's
selector; this module only lines them up per Puskesmas. A fixed number of
queries whatever the size of the district."""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from facilities.models import Facility, FacilityType
from igd.models import Outcome, Triage
from igd.selectors import IgdMonth, igd_month
from inpatient.selectors import WardMonth, ward_month
from lab.selectors import Turnaround, turnaround


@dataclass
class Row:
    facility: Facility
    lab: Turnaround | None = None
    igd: IgdMonth | None = None
    ward: WardMonth | None = None  # a Puskesmas rawat inap only


@dataclass
class Board:
    month: date
    start: date
    end: date
    rows: list[Row] = field(default_factory=list)

    @property
    def lab_results(self) -> int:
        return sum(r.lab.results for r in self.rows if r.lab)

    @property
    def igd_total(self) -> IgdMonth | None:
        """The IGDs together: counts add up (a median does not, so none)."""
        igds = [r.igd for r in self.rows if r.igd is not None]
        if len(igds) < 2:
            return None
        total = IgdMonth(0, "", arrivals=sum(i.arrivals for i in igds), untriaged=sum(i.untriaged for i in igds),
                         open=sum(i.open for i in igds))
        for level in Triage.values:
            total.triage[level] = sum(i.triage[level] for i in igds)
        for outcome in Outcome.values:
            total.outcomes[outcome] = sum(i.outcomes[outcome] for i in igds)
        return total

    @property
    def wards(self) -> list[Row]:
        return [r for r in self.rows if r.ward is not None]

    @property
    def ward_total(self) -> WardMonth | None:
        """The wards together: BOR over all their beds, ALOS over all their
        discharges (every ward counts the same days of the month)."""
        wards = [r.ward for r in self.wards]
        if len(wards) < 2:
            return None
        sums = {f: sum(getattr(w, f) for w in wards)
                for f in ("beds", "bed_days", "patient_days", "admissions", "discharges", "total_stay", "deaths")}
        return WardMonth(facility_id=0, facility_name="", days=wards[0].days, **sums)


def month_end(month: date, today: date) -> date:
    """The month's last day, or today while the month runs."""
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    return min(last, today)


def board(*, user, month: date, today: date) -> Board:
    end = month_end(month, today)
    puskesmas = list(Facility.objects.for_user(user).filter(type=FacilityType.PUSKESMAS, active=True)
                     .order_by("name", "pk"))
    rows = {f.pk: Row(f) for f in puskesmas}
    for t in turnaround(user=user, start=month, end=end):
        if t.lab_id in rows:
            rows[t.lab_id].lab = t
    scoped = Facility.objects.for_user(user).filter(active=True)
    for i in igd_month(facilities_qs=scoped, month=month):
        if i.facility_id in rows:
            rows[i.facility_id].igd = i
    for w in ward_month(facilities_qs=scoped, month=month, today=today):
        if w.facility_id in rows:
            rows[w.facility_id].ward = w
    return Board(month=month, start=month, end=end, rows=list(rows.values()))


def previous_months(today: date, count: int = 12) -> list[date]:
    """The months a user may pick, newest first."""
    months, month = [], today.replace(day=1)
    for _ in range(count):
        months.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    return months
