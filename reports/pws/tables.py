"""PWS (local-area monitoring) tables for the dashboards, from the stored
figures read by reports.pws.selectors (roll-ups above a desa, facts below),
never from visits.

For an area, a year and a month, each indicator gets, per child area (the
rows) and for the area itself (the total row): the value (year-to-date for
cumulative indicators, the month's for monthly ones and prevalences), the
target, the coverage, what is expected by this month, a traffic light and the
change since last month. Whatever the number of facts, areas or months, a
table costs a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from facilities.areas import Area

from ..indicators import CUMULATIVE, PREVALENCE, REGISTRY, Indicator
from ..targets import coverage_percent
from . import selectors

ON_TRACK, BEHIND, FAR_BEHIND = "on_track", "behind", "far_behind"
STATUS_LABELS = {ON_TRACK: _("On track"), BEHIND: _("Behind"), FAR_BEHIND: _("Far behind")}
# Why a cell shows no figure ("—"): said in the tables, totals and charts.
NO_DATA, NO_TARGET, NO_DENOMINATOR = "no_data", "no_target", "no_denominator"
REASONS = {
    NO_DATA: _("no data yet"),
    NO_TARGET: _("no target set for this year"),
    NO_DENOMINATOR: _("no denominator: nobody measured"),
}
CLUSTER_LABELS = {
    "K2": _("Cluster 2: mothers and children"),
    "K3": _("Cluster 3: adults and elderly"),
    "K4": _("Cluster 4: communicable disease control"),
}
STAGE_LABELS = {
    "ibu_hamil": _("Pregnant women"), "bayi_baru_lahir": _("Newborns"), "bayi": _("Infants"),
    "balita": _("Under-fives"), "usia_sekolah": _("School age"), "remaja": _("Adolescents"),
    "dewasa": _("Adults"), "lansia": _("Elderly"), "semua": _("All ages"),
}
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Thresholds:
    on_track: int = 100
    behind: int = 80


def thresholds_for(district: str) -> Thresholds:
    row = selectors.thresholds_row(district)
    return Thresholds(row.on_track_percent, row.behind_percent) if row else Thresholds()


@dataclass(frozen=True)
class Period:
    year: int
    month: int

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def previous(self) -> "Period":
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)

    @property
    def year_start(self) -> date:
        return date(self.year, 1, 1)


@dataclass(slots=True)
class Sums:
    ytd: int = 0
    current: int = 0
    previous: int = 0
    ytd_den: int = 0
    current_den: int = 0
    previous_den: int = 0

    def add(self, other: "Sums") -> None:
        self.ytd += other.ytd
        self.current += other.current
        self.previous += other.previous
        self.ytd_den += other.ytd_den
        self.current_den += other.current_den
        self.previous_den += other.previous_den


FIRST_YEAR = 2000


def period_from(params) -> tuple[Period, str]:
    """The year and month asked for (`tahun`, `bulan`), within sense; a month
    that has not come yet gives this month, and a notice saying so."""
    today = timezone.localdate()
    try:
        year = int(params.get("tahun", today.year))
    except (TypeError, ValueError):
        year = today.year
    year = min(max(year, FIRST_YEAR), today.year)
    try:
        month = int(params.get("bulan", today.month if year == today.year else 12))
    except (TypeError, ValueError):
        month = today.month if year == today.year else 12
    month = min(max(month, 1), 12)
    notice = ""
    if year == today.year and month > today.month:
        notice = gettext("%(asked)s %(year)s has not come yet; the figures shown are up to %(now)s %(year)s.") % {
            "asked": MONTHS[month], "now": MONTHS[today.month], "year": year}
        month = today.month
    return Period(year, month), notice


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def expected_percent(indicator: Indicator, month: int) -> Decimal:
    """The coverage expected by the end of `month`: the target ÷ 12 × month for
    a year-to-date indicator, all of it for a monthly one."""
    return _round(HUNDRED * month / 12) if indicator.cumulative else HUNDRED


@dataclass(slots=True)
class Cell:
    indicator: Indicator
    has_data: bool
    value: int | None = None  # number counted (YTD for cumulative indicators)
    denominator: int | None = None  # measured denominator (ratios, prevalences)
    target: int | None = None  # annual target (sasaran); None = no target
    percent: Decimal | None = None
    expected: Decimal | None = None  # % expected by this month
    status: str | None = None
    change: Decimal | int | None = None  # vs last month: points of % (or a count)

    @property
    def kind(self) -> str:
        return self.indicator.kind

    @property
    def status_label(self):
        return STATUS_LABELS.get(self.status, "")

    @property
    def missing(self) -> str | None:
        """Why there is no percentage to show (NO_DATA, NO_TARGET,
        NO_DENOMINATOR), or None when there is one or none is meant (counts).
        A target of 0 is no target: nothing can be covered against it."""
        if not self.has_data:
            return NO_DATA
        if self.percent is not None or self.kind == "count":
            return None
        return NO_TARGET if self.kind == "target" else NO_DENOMINATOR

    @property
    def reason(self):
        return REASONS.get(self.missing, "")

    @property
    def achievement(self) -> Decimal | None:
        """Coverage as a share of what is expected by now (100 = on schedule);
        what sorts areas worst first."""
        if self.percent is None:
            return None
        if self.expected:
            return self.percent * HUNDRED / self.expected
        if self.indicator.display == PREVALENCE:
            return -self.percent  # more stunting is worse
        return self.percent


def make_cell(indicator: Indicator, sums: Sums | None, target: int | None, period: Period,
              thresholds: Thresholds) -> Cell:
    if sums is None:
        # Nothing recorded for the period: no figure and so no status, not
        # "0 % far behind".
        return Cell(indicator, has_data=False, target=target if indicator.target_group else None)
    cumulative = indicator.cumulative
    value = sums.ytd if cumulative else sums.current
    kind = indicator.kind
    cell = Cell(indicator, has_data=True, value=value)
    if kind == "target":
        cell.target = target
        cell.percent = coverage_percent(value, target)
        cell.expected = expected_percent(indicator, period.month)
        if cell.percent is not None:
            share = cell.percent * HUNDRED / cell.expected
            cell.status = ON_TRACK if share >= thresholds.on_track else BEHIND if share >= thresholds.behind \
                else FAR_BEHIND
            now, before = coverage_percent(sums.current, target), coverage_percent(sums.previous, target)
            cell.change = now - before
    elif kind == "ratio":
        cell.denominator = sums.ytd_den if cumulative else sums.current_den
        cell.percent = coverage_percent(value, cell.denominator)
        before = coverage_percent(sums.previous, sums.previous_den)
        if cell.percent is not None and before is not None and not cumulative:
            cell.change = cell.percent - before
    else:
        cell.change = sums.current - sums.previous
    return cell


@dataclass
class Row:
    key: object  # child area key: facility id or region code
    name: str
    code: str
    url: str | None
    cells: dict[str, Cell] = field(default_factory=dict)
    note: str = ""  # e.g. the Pustu serving a desa, or "inactive"

    @property
    def has_data(self) -> bool:
        return any(c.has_data for c in self.cells.values())

    def sort_key(self, indicator_code: str | None):
        """Worst first; rows without a judgeable figure last."""
        if indicator_code:
            value = self.cells[indicator_code].achievement
        else:
            values = [c.achievement for c in self.cells.values() if c.status]
            value = sum(values) / len(values) if values else None
        return (value is None, value if value is not None else 0, self.name)


@dataclass
class Table:
    area: Area
    period: Period
    indicators: list[Indicator]
    rows: list[Row]
    total: Row
    computed_oldest: datetime | None
    computed_newest: datetime | None
    thresholds: Thresholds

    @property
    def has_data(self) -> bool:
        return self.computed_oldest is not None


def select_indicators(cluster: str | None = None, stage: str | None = None, codes=None) -> list[Indicator]:
    chosen = [i for i in REGISTRY if (not cluster or i.cluster == cluster) and (not stage or i.stage == stage)]
    if codes:
        chosen = [i for i in chosen if i.code in codes]
    return chosen


def area_table(user, area: Area, period: Period, indicators: list[Indicator], *, with_rows: bool = True) -> Table:
    """The area's table: a row per child area in the user's scope (unless
    `with_rows` is False) and the area's total. A fixed number of queries:
    one for the sums, one or two for the child areas, at most three for
    targets, one for the thresholds."""
    codes = [i.code for i in indicators]
    indicator_codes = set(codes)
    children = selectors.child_areas(user, area, type(area)) if with_rows and area.child_kind else []
    rows = [Row(key, name, code, child.url(), note=note) for key, name, code, child, note in children]
    per_child: dict = defaultdict(dict)
    total: dict[str, Sums] = {}
    # The areas (child keys, None for the area itself) with a fact in the
    # year so far and in the month: elsewhere a period has no data at all.
    with_year, with_month = set(), set()
    for found in selectors.area_sums(user, area, this=period.first, previous=period.previous.first,
                                     year_start=period.year_start, codes=codes, by_child=bool(rows)):
        if found["indicator"] not in indicator_codes:
            continue
        sums = Sums(*(found[k] or 0 for k in selectors.SUM_FIELDS))
        key = found["key"]
        # A sum over no row is NULL: whether the area had any fact then.
        if found["ytd"] is not None:
            with_year.update((key, None))
        if found["current"] is not None:
            with_month.update((key, None))
        per_child[key][found["indicator"]] = sums
        total.setdefault(found["indicator"], Sums()).add(sums)
    oldest, newest = selectors.computed_between(user, area, this=period.first, year_start=period.year_start,
                                                codes=codes)
    groups = sorted({i.target_group for i in indicators if i.target_group})
    child_targets, own_targets = selectors.area_targets(area, [r.key for r in rows], period.year, groups) \
        if groups else ({}, {})
    thresholds = thresholds_for(area.district)

    def cells_for(key, sums_by_code: dict, targets: dict) -> dict[str, Cell]:
        # An area with a fact in the period has been computed: a missing
        # cell there is a zero. Without any (the year so far for cumulative
        # indicators, the month for monthly ones) the period has no data.
        seen = {CUMULATIVE: key in with_year}
        return {i.code: make_cell(i, sums_by_code.get(i.code, Sums()) if seen.get(i.display, key in with_month)
                                  else None, targets.get(i.target_group), period, thresholds) for i in indicators}

    for row in rows:
        row.cells = cells_for(row.key, per_child.get(row.key, {}), child_targets.get(row.key, {}))
    total_row = Row(area.code, area.name, area.code, None, cells_for(None, total, own_targets))
    return Table(area, period, indicators, rows, total_row, oldest, newest, thresholds)


def sort_rows(table: Table, indicator_code: str | None) -> None:
    if indicator_code not in {i.code for i in table.indicators}:
        indicator_code = None
    table.rows.sort(key=lambda r: r.sort_key(indicator_code))
