"""What a person is due for, from what is recorded about them: one function
per rule of issue 19, each from the domain spec (shared/domain/ILP.md §3 and
§7). A rule returns dated items; none looks at today's date, so an item
changes only when the person's records change (docs/decisions/0021).

The choices the spec leaves open are written here once:
- a dose, a weighing or a yearly screening is overdue a month after it
  became due (a yearly screening: a year after the last one);
- ANC: trimester I asks for one contact (K1), II for two (K2, K3), III for
  three (K4–K6); within a trimester the next contact is due two weeks after
  the last and overdue four weeks after it became due; what a trimester
  still lacks stops being asked for when it ends;
- school screening: grades 1, 7 and 10, taken as the school years starting
  in July of the year a child turns 7, 13 and 16."""

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, timedelta

from clusters.immunisation import DUE_UNTIL_DAYS, MIN_DAYS_BETWEEN_DOSES, SCHEDULE

from .models import Rule


def add_months(day: date, months: int) -> date:
    """As dateutil's relativedelta(months=n), kept to the month's last day;
    plain arithmetic, as the rules run for a whole district at once."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    if day.day <= 28:
        return day.replace(year=year, month=month)
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)

GRACE_MONTHS = 1
HB0_UNTIL_DAYS = 7  # HB0 is not given after the first week
BALITA_MONTHS = 60
VITAMIN_A_FROM_MONTHS = 6
VITAMIN_A_MONTHS = (2, 8)
NAEGELE_DAYS = 280
TRIMESTERS = ((0, 13, 1), (13, 25, 2), (25, None, 3))  # weeks from, weeks until, contacts asked for
K1_OVERDUE_WEEKS = 8
ANC_SPACING = timedelta(days=14)
ANC_GRACE = timedelta(days=28)
LATE_PREGNANCY = timedelta(days=14)  # past the HPL a pregnancy is still asked for its visits this long
KF = (("KF1", 0, 2), ("KF2", 3, 7), ("KF3", 8, 28), ("KF4", 29, 42))
KN = (("KN1", 0, 2), ("KN2", 3, 7), ("KN3", 8, 28))
MISSED_VISIBLE = timedelta(days=7)  # a missed last window stays listed, overdue, for a week
SCHOOL_AGES = (7, 13, 16)
PTM_FROM, PTM_UNTIL, LANSIA_FROM = 15, 60, 60
CHRONIC_CODES = ("HT_CARE", "DM_CARE")
TB_TREATMENT_MONTHS = 6
TB_CONTACT_GRACE = timedelta(days=14)


@dataclass(frozen=True)
class VisitFact:
    date: date
    codes: frozenset = frozenset()
    weighed: bool = False
    pregnancy_id: int | None = None
    package: str = ""


@dataclass(frozen=True)
class PregnancyFact:
    pk: int
    expected_delivery_date: date
    last_menstrual_period: date | None = None
    status: str = "ongoing"
    ended_on: date | None = None


@dataclass
class Person:
    pk: int
    birth_date: date
    sex: str
    visits: list[VisitFact] = field(default_factory=list)
    pregnancies: list[PregnancyFact] = field(default_factory=list)
    # Other members of the household who started TB treatment, and when.
    household_tb_starts: list[date] = field(default_factory=list)
    left: bool = False  # moved away, died, or merged into another record


@dataclass(frozen=True)
class Due:
    rule: str
    item: str
    due_on: date
    overdue_on: date
    ends_on: date | None = None


def month_start(day: date) -> date:
    return day.replace(day=1)


def _dates_of(person: Person, code: str) -> list[date]:
    return sorted(v.date for v in person.visits if code in v.codes)


def immunisation(person: Person) -> list[Due]:
    """The next dose of each series: due at its age, and a month after the
    previous dose of the series; a missed dose stays overdue until the fifth
    birthday (a drop-out when an earlier dose was given)."""
    given: dict[str, date] = {}
    for v in person.visits:
        for code in v.codes:
            if code not in given or v.date < given[code]:
                given[code] = v.date
    items, last_dose, pending = [], {}, set()
    for code, from_days, series, _dose in SCHEDULE:
        if code in given:
            last_dose[series] = given[code]
            continue
        if series in pending:
            continue
        pending.add(series)
        due = person.birth_date + timedelta(days=from_days)
        if series in last_dose:
            due = max(due, last_dose[series] + timedelta(days=MIN_DAYS_BETWEEN_DOSES))
        ends = person.birth_date + timedelta(days=(HB0_UNTIL_DAYS if code == "IMM_HB0" else DUE_UNTIL_DAYS) + 1)
        if due < ends:
            items.append(Due(Rule.IMMUNISATION, code, due, add_months(due, GRACE_MONTHS), ends))
    return items


def weighing(person: Person) -> list[Due]:
    """Every month until the fifth birthday: due from the month after the
    last weighing (the birth month if never weighed), overdue when a whole
    month passed without one."""
    ends = add_months(person.birth_date, BALITA_MONTHS)
    weighed = [v.date for v in person.visits if v.weighed]
    due = add_months(month_start(max(weighed)), 1) if weighed else month_start(person.birth_date)
    if due >= ends:
        return []
    return [Due(Rule.WEIGHING, "WEIGHING", due, add_months(due, GRACE_MONTHS), ends)]


def vitamin_a(person: Person) -> list[Due]:
    """February and August, 6–59 months: the first round after the last dose
    (and after six months of age); overdue once the round's month is over."""
    ends = add_months(person.birth_date, BALITA_MONTHS)
    start = month_start(add_months(person.birth_date, VITAMIN_A_FROM_MONTHS))
    if (given := _dates_of(person, "VIT_A")):
        start = max(start, add_months(month_start(given[-1]), 1))
    while start.month not in VITAMIN_A_MONTHS:
        start = add_months(start, 1)
    if start >= ends:
        return []
    return [Due(Rule.VITAMIN_A, "VIT_A", start, add_months(start, GRACE_MONTHS), ends)]


def conception(pregnancy: PregnancyFact) -> date:
    return pregnancy.last_menstrual_period or pregnancy.expected_delivery_date - timedelta(days=NAEGELE_DAYS)


def antenatal(person: Person) -> list[Due]:
    """An ongoing pregnancy's contacts by trimester (see the module's
    docstring): at most one item per trimester, the next contact it lacks."""
    items = []
    for p in person.pregnancies:
        if p.status != "ongoing":
            continue
        lmp, last_day = conception(p), p.expected_delivery_date + LATE_PREGNANCY
        contacts = sorted(v.date for v in person.visits if v.pregnancy_id == p.pk and v.package == "anc")
        asked_before = 0
        for weeks_from, weeks_until, asked in TRIMESTERS:
            start = lmp + timedelta(weeks=weeks_from)
            end = lmp + timedelta(weeks=weeks_until) if weeks_until else last_day
            within = [d for d in contacts if start <= d < end]
            if len(within) < asked:
                number = asked_before + len(within) + 1
                due = max(start, within[-1] + ANC_SPACING) if within else start
                overdue = lmp + timedelta(weeks=K1_OVERDUE_WEEKS) if number == 1 else due + ANC_GRACE
                if due < end:
                    items.append(Due(Rule.ANC, f"K{number}", due, min(overdue, end), min(end, last_day)))
            asked_before += asked
    return items


def _windows(rule: str, start: date, windows, person: Person) -> list[Due]:
    ends = start + timedelta(days=windows[-1][2] + 1) + MISSED_VISIBLE
    return [Due(rule, code, start + timedelta(days=first), start + timedelta(days=last + 1), ends)
            for code, first, last in windows if not _dates_of(person, code)]


def postnatal(person: Person) -> list[Due]:
    """KF1–KF4 from each delivery, each in its window; none asked a week
    after day 42."""
    return [item for p in person.pregnancies if p.status == "delivered" and p.ended_on
            for item in _windows(Rule.POSTNATAL, p.ended_on, KF, person)]


def newborn(person: Person) -> list[Due]:
    """KN1–KN3 from the birth day; none asked a week after day 28."""
    return _windows(Rule.NEWBORN, person.birth_date, KN, person)


def school(person: Person) -> list[Due]:
    items = []
    screened = _dates_of(person, "SCHOOL_SCREENING")
    for age in SCHOOL_AGES:
        start = date(person.birth_date.year + age, 7, 1)
        end = add_years(start, 1)
        if not any(start <= d < end for d in screened):
            items.append(Due(Rule.SCHOOL, "SCHOOL_SCREENING", start, add_months(start, 3), end))
    return items


def _yearly(person: Person, rule: str, code: str, from_years: int, until_years: int | None) -> list[Due]:
    start = add_years(person.birth_date, from_years)
    ends = add_years(person.birth_date, until_years) if until_years else None
    screened = [d for d in _dates_of(person, code) if d >= start]
    if screened:
        due = max(start, date(screened[-1].year + 1, 1, 1))
        overdue = max(due, add_years(screened[-1], 1))
    else:
        due, overdue = start, add_years(start, 1)
    if ends is not None and due >= ends:
        return []
    return [Due(rule, code, due, overdue, ends)]


def ptm(person: Person) -> list[Due]:
    """Yearly PTM screening from 15 to 59: due from January after the last
    screening, overdue a year after it."""
    return _yearly(person, Rule.PTM, "PTM_SCREENING", PTM_FROM, PTM_UNTIL)


def lansia(person: Person) -> list[Due]:
    return _yearly(person, Rule.LANSIA, "LANSIA_SCREENING", LANSIA_FROM, None)


def chronic(person: Person) -> list[Due]:
    """Anyone once served for hypertension or diabetes comes back monthly:
    due from the month after the last control, overdue after a missed month."""
    items = []
    for code in CHRONIC_CODES:
        if served := _dates_of(person, code):
            due = add_months(month_start(served[-1]), 1)
            items.append(Due(Rule.CHRONIC, code, due, add_months(due, GRACE_MONTHS)))
    return items


def tb(person: Person) -> list[Due]:
    """Six months of treatment with a visit every month, and a symptom
    screen for the household contacts of a case that started treatment."""
    items = []
    if started := _dates_of(person, "TB_TREATMENT"):
        ends = add_months(started[-1], TB_TREATMENT_MONTHS)
        seen = [v.date for v in person.visits if v.date >= started[-1] and v.codes & {"TB_TREATMENT", "TB_TEST",
                                                                                      "TB_SCREENING"}]
        due = add_months(month_start(max(seen)), 1)
        if due < ends:
            items.append(Due(Rule.TB_TREATMENT, "TB_TREATMENT", due, add_months(due, GRACE_MONTHS), ends))
    if person.household_tb_starts:
        case = max(person.household_tb_starts)
        if not any(d >= case for d in _dates_of(person, "TB_SCREENING")):
            items.append(Due(Rule.TB_CONTACT, "TB_SCREENING", case, case + TB_CONTACT_GRACE,
                             add_months(case, TB_TREATMENT_MONTHS)))
    return items


RULES = (immunisation, weighing, vitamin_a, antenatal, postnatal, newborn, school, ptm, lansia, chronic, tb)


CHILD_RULES = (immunisation, weighing, vitamin_a, newborn)


def due_items(person: Person, *, since: date | None = None) -> list[Due]:
    """Everything the person is due for; nothing for someone who left.
    `since`: the caller keeps no item that ended by then, so rules that can
    only give such items are skipped (a district's adults run no child
    rules); what is returned for any later day is the same."""
    if person.left:
        return []
    rules = RULES
    if since is not None:
        skip = set()
        if person.birth_date + timedelta(days=DUE_UNTIL_DAYS + 1) <= since:
            skip.update(CHILD_RULES)
        if date(person.birth_date.year + SCHOOL_AGES[-1] + 1, 7, 1) <= since:
            skip.add(school)
        if add_years(person.birth_date, PTM_UNTIL) <= since:
            skip.add(ptm)
        rules = [rule for rule in RULES if rule not in skip]
    return [item for rule in rules for item in rule(person)]


def month_end(day: date) -> date:
    return add_months(month_start(day), 1) - timedelta(days=1)


def state(item: Due, on: date) -> str:
    """Where an item stands on a day: "ended", "overdue", "due" (this
    month), or "later". The lists select the same with a filter on the
    stored dates (followup.selectors)."""
    if item.ends_on is not None and item.ends_on <= on:
        return "ended"
    if item.overdue_on <= on:
        return "overdue"
    if item.due_on <= month_end(on):
        return "due"
    return "later"


ITEM_RULES = {"WEIGHING": Rule.WEIGHING, "VIT_A": Rule.VITAMIN_A, "SCHOOL_SCREENING": Rule.SCHOOL,
              "PTM_SCREENING": Rule.PTM, "LANSIA_SCREENING": Rule.LANSIA, "HT_CARE": Rule.CHRONIC,
              "DM_CARE": Rule.CHRONIC, "TB_TREATMENT": Rule.TB_TREATMENT, "TB_SCREENING": Rule.TB_CONTACT}


def rule_of(item: str) -> str | None:
    """The rule an item code belongs to (a home visit's reasons are items)."""
    if item in ITEM_RULES:
        return ITEM_RULES[item]
    for prefix, rule in (("IMM_", Rule.IMMUNISATION), ("KF", Rule.POSTNATAL), ("KN", Rule.NEWBORN),
                         ("K", Rule.ANC)):
        if item.startswith(prefix):
            return rule
    return None
