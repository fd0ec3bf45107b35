"""Reads of the due table and of home visits, scoped through for_user(): a
fixed number of queries whatever the area's size."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery, Window
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from clusters.models import Service, Visit
from patients.models import Household, Patient

from .models import DueItem, HomeVisit, Outcome, Rule
from .rules import month_end

PAGE_SIZE = 25
SCREENINGS = (Rule.PTM, Rule.LANSIA, Rule.SCHOOL)


@dataclass(frozen=True)
class Filters:
    posyandu: int | None = None
    desa: str | None = None
    rule: str | None = None
    dusun: str = ""
    rw: str = ""
    min_days_overdue: int | None = None  # None: due and overdue; 0: overdue only


@dataclass
class Item:
    rule: str
    item: str
    due_on: date
    overdue_on: date
    overdue: bool
    days_overdue: int
    label: str = ""

    @property
    def when(self) -> str:
        """"overdue 2 months", or "due from 5 Dec"."""
        if self.overdue:
            return overdue_for(self.days_overdue)
        return gettext("due from %(day)s") % {"day": date_format(self.due_on, "j M")}


def overdue_for(days: int) -> str:
    if days > 365:
        return gettext("overdue more than a year")
    if days < 31:
        return ngettext("overdue %(n)s day", "overdue %(n)s days", days) % {"n": days}
    months = round(days / 30)
    return ngettext("overdue %(n)s month", "overdue %(n)s months", months) % {"n": months}


@dataclass
class Member:
    patient: Patient
    items: list[Item] = field(default_factory=list)
    referral: HomeVisit | None = None

    @property
    def overdue(self) -> bool:
        return any(i.overdue for i in self.items)

    @property
    def lines(self) -> list["Line"]:
        """One line per rule: "Imunisasi: BCG, DPT-HB-Hib 1 · overdue 3
        months" rather than a line per dose, on a phone's width."""
        by_rule: dict[str, list[Item]] = {}
        for i in self.items:
            by_rule.setdefault(i.rule, []).append(i)
        return [Line(rule, items) for rule, items in by_rule.items()]


@dataclass
class Line:
    rule: str
    items: list[Item]

    @property
    def overdue(self) -> bool:
        return any(i.overdue for i in self.items)

    @property
    def codes(self) -> str:
        return " ".join(i.item for i in self.items)

    @property
    def label(self) -> str:
        if len(self.items) == 1:
            return self.items[0].label
        names = ", ".join(i.label.removeprefix("Imunisasi ") for i in self.items)
        return f"{Rule(self.rule).label}: {names}"

    @property
    def when(self) -> str:
        worst = max(self.items, key=lambda i: (i.days_overdue, -i.due_on.toordinal()))
        return worst.when


@dataclass
class HouseholdDue:
    household: Household
    members: list[Member]


def listed(user, *, on: date, filters: Filters = Filters()):
    """The due items the lists show on `on`: due this month or overdue, not
    ended, for the user's area and the filters."""
    rows = DueItem.objects.for_user(user).filter(due_on__lte=month_end(on)).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=on))
    if filters.posyandu:
        rows = rows.filter(posyandu_id=filters.posyandu)
    if filters.desa:
        rows = rows.filter(desa_id=filters.desa)
    if filters.rule:
        rows = rows.filter(rule=filters.rule)
    else:
        # The guideline's home-visit triggers (shared/domain/ILP.md §7); the
        # yearly screenings of every adult show when asked for by service.
        rows = rows.exclude(rule__in=SCREENINGS)
    if filters.dusun:
        rows = rows.filter(household__dusun__iexact=filters.dusun)
    if filters.rw:
        rows = rows.filter(household__rw=filters.rw)
    if filters.min_days_overdue is not None:
        rows = rows.filter(overdue_on__lte=on - timedelta(days=filters.min_days_overdue))
    return rows


def open_referrals():
    """Each person's latest home visit, when it referred them and they have
    not been served since (a visit on or after the home visit's date)."""
    latest = HomeVisit.objects.filter(patient=OuterRef("patient")).order_by("-date", "-pk").values("pk")[:1]
    served = Visit.objects.filter(patient=OuterRef("patient"), date__gte=OuterRef("date"))
    return (HomeVisit.objects.filter(pk=Subquery(latest), outcome=Outcome.REFERRED)
            .exclude(Exists(served)))


def labels() -> dict[str, str]:
    """Item code → the catalogue's name (ANC contacts by their K number)."""
    names = dict(Service.objects.values_list("code", "name"))
    names.update({f"K{n}": names.get(f"ANC_K{n}", f"ANC K{n}") for n in range(1, 7)})
    return names


def _item(rule: str, code: str, due_on: date, overdue_on: date, on: date, names: dict[str, str]) -> Item:
    overdue = overdue_on <= on
    return Item(rule, code, due_on, overdue_on, overdue, (on - overdue_on).days if overdue else 0,
                names.get(code, code))


def households_page(user, *, on: date, filters: Filters = Filters(), page: int = 1):
    """One page of households with something due, the longest overdue
    first; returns (households, total households). Four queries."""
    rows = listed(user, on=on, filters=filters)
    # The count of households rides along (a window over the groups): one
    # pass over the area's items instead of two.
    by_household = (rows.values("household_id").annotate(first=Min("overdue_on"),
                                                         total=Window(Count("household_id")))
                    .order_by("first", "household_id"))
    start = (max(page, 1) - 1) * PAGE_SIZE
    found = list(by_household[start:start + PAGE_SIZE])
    total = found[0]["total"] if found else (by_household.count() if page > 1 else 0)
    order = [r["household_id"] for r in found]
    # Plain values, one model instance per person and household rather than
    # five per item: most of a long page's time went to building them.
    items = list(rows.filter(household_id__in=order).order_by("overdue_on", "patient__name", "pk").values_list(
        "household_id", "patient_id", "rule", "item", "due_on", "overdue_on", "patient__name",
        "patient__birth_date", "patient__sex", "household__dusun", "household__rw", "household__rt",
        "household__address", "household__desa__name", "posyandu__name"))
    referrals = {v.patient_id: v for v in open_referrals().filter(patient_id__in={r[1] for r in items})}
    names = labels()
    grouped: dict[int, dict[int, Member]] = {hid: {} for hid in order}
    households: dict[int, Household] = {}
    for hid, pid, rule, code, due_on, overdue_on, name, born, sex, dusun, rw, rt, address, desa, posyandu in items:
        if hid not in households:
            households[hid] = Household(pk=hid, dusun=dusun, rw=rw, rt=rt, address=address)
            households[hid].desa_name, households[hid].posyandu_name = desa, posyandu
        member = grouped[hid].get(pid)
        if member is None:
            member = grouped[hid][pid] = Member(Patient(pk=pid, name=name, birth_date=born, sex=sex),
                                                referral=referrals.get(pid))
        member.items.append(_item(rule, code, due_on, overdue_on, on, names))
    return [HouseholdDue(households[hid], sorted(grouped[hid].values(), key=lambda m: (
        m.referral is None, not m.overdue, m.patient.name))) for hid in order], total


def household_due(user, household: Household, *, on: date) -> list[Member]:
    """A household's members, each with what they are due (maybe nothing),
    for the home visit form. Four queries."""
    names = labels()
    members = {p.pk: Member(p) for p in Patient.objects.filter(household=household, merged_into__isnull=True,
                                                               exit__isnull=True).order_by("birth_date")}
    for pid, rule, code, due_on, overdue_on in (listed(user, on=on).filter(household=household)
                                                .order_by("overdue_on")
                                                .values_list("patient_id", "rule", "item", "due_on", "overdue_on")):
        if pid in members:
            members[pid].items.append(_item(rule, code, due_on, overdue_on, on, names))
    for visit in open_referrals().filter(patient_id__in=list(members)):
        members[visit.patient_id].referral = visit
    return list(members.values())


def home_visits_of(user, household: Household, limit: int = 20) -> list[HomeVisit]:
    return list(HomeVisit.objects.for_user(user).filter(household=household).select_related("patient", "by")
                .order_by("-date", "-pk")[:limit])


def summary(user, *, on: date) -> dict[str, int]:
    """People due this month and people overdue in the user's area: one
    query, for the home page."""
    return listed(user, on=on).aggregate(
        due=Count("patient", distinct=True),
        overdue=Count("patient", distinct=True, filter=Q(overdue_on__lte=on)))
