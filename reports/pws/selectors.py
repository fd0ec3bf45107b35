"""Reads of the PWS dashboards: stored figures only, never visits.

A district's and a Puskesmas's figures come from the roll-ups
(CoverageRollup: the sums of the facts per Puskesmas and per desa, written
by the coverage engine with the facts), a desa's and a Posyandu's from the
facts themselves. Each read is one query whatever the data size."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Max, Min, Q, Sum
from django.utils.translation import gettext as _

from facilities.areas import DESA, DISTRICT, POSYANDU, PUSKESMAS, Area
from facilities.models import Facility, FacilityType, Region

from ..indicators import REGISTRY
from ..models import CoverageFact, CoverageRollup, PwsThresholds
from ..targets import targets_for_areas

SUM_FIELDS = ("ytd", "current", "previous", "ytd_den", "current_den", "previous_den")
REGISTRY_CODES = frozenset(i.code for i in REGISTRY)


def months_between(first: date, last: date) -> list[date]:
    """First days of the months from `first` to `last`, both included."""
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def reads_rollups(area: Area) -> bool:
    """Whether the area's figures are sums of roll-ups (its rows are
    Puskesmas or desa) rather than of Posyandu facts."""
    return area.kind in (DISTRICT, PUSKESMAS)


def _facts_q(area: Area, months: list[date]) -> Q:
    """A desa's or a Posyandu's facts of the months. The district and each
    month named: the facts' primary key leads with them (decision 13), so
    the facts are found by one index descent per Posyandu and month."""
    q = Q(district_id=area.district, month__in=months)
    if area.kind == DESA:
        # The Posyandu as a subquery, not a join: joined, PostgreSQL scanned
        # the district's facts of the months and kept the desa's.
        return q & Q(posyandu_id__in=Facility.objects.filter(puskesmas_id=area.puskesmas, region_id=area.desa)
                     .values("pk"))
    if area.kind == POSYANDU:
        return q & Q(posyandu_id=area.posyandu)
    raise ValueError(f"a {area.kind} reads its roll-ups")


def _rollups(user, area: Area, months: list[date], *, by_child: bool):
    """The roll-ups summing to the area's figures: for a district its
    Puskesmas's totals, for a Puskesmas its desa (or, without rows, its own
    total)."""
    qs = CoverageRollup.objects.for_user(user).filter(district_id=area.district, month__in=months)
    if area.kind == DISTRICT:
        return qs.filter(desa=""), "puskesmas_id" if by_child else None
    if by_child:
        return qs.filter(puskesmas_id=area.puskesmas).exclude(desa=""), "desa"
    return qs.filter(puskesmas_id=area.puskesmas, desa=""), None


def _stored(user, area: Area, months: list[date], *, by_child: bool):
    """(queryset, field naming the child or None): the rows whose sums are
    the area's figures."""
    if reads_rollups(area):
        return _rollups(user, area, months, by_child=by_child)
    qs = CoverageFact.objects.for_user(user).filter(_facts_q(area, months))
    return qs, "posyandu_id" if by_child and area.kind == DESA else None


def area_sums(user, area: Area, *, this: date, previous: date, year_start: date, codes: list[str],
              by_child: bool) -> Iterable[dict]:
    """One query: per child (`key`; None without `by_child`) and indicator,
    the year-to-date, this month's and last month's sums. A sum over no row
    is None."""
    qs, child = _stored(user, area, months_between(min(previous, year_start), this), by_child=by_child)
    if not REGISTRY_CODES <= set(codes):
        # Only for a part of the registry: the caller drops codes it did not
        # ask for, and PostgreSQL descends the key once per listed code.
        qs = qs.filter(indicator__in=codes)
    ytd = Q(month__gte=year_start)
    rows = qs.values(*([child] if child else []), "indicator").annotate(
        ytd=Sum("numerator", filter=ytd), current=Sum("numerator", filter=Q(month=this)),
        previous=Sum("numerator", filter=Q(month=previous)), ytd_den=Sum("denominator", filter=ytd),
        current_den=Sum("denominator", filter=Q(month=this)), previous_den=Sum("denominator", filter=Q(month=previous)),
    ).order_by()
    for row in rows:
        row["key"] = row.pop(child) if child else None
        yield row


def computed_between(user, area: Area, *, this: date, year_start: date, codes: list[str]) -> tuple:
    """(oldest, newest) computation of the area's figures of the year so far,
    (None, None) without any: one query. Apart from the sums, as taking both
    per row and indicator cost more than the sums."""
    qs, _child = _stored(user, area, months_between(year_start, this), by_child=False)
    if not REGISTRY_CODES <= set(codes):
        qs = qs.filter(indicator__in=codes)
    found = qs.aggregate(oldest=Min("computed_at"), newest=Max("computed_at"))
    return found["oldest"], found["newest"]


def monthly_sums(user, area: Area, indicator: str, *, first: date, last: date) -> dict[date, tuple[int, int | None]]:
    """{month: (numerator, denominator)} of one indicator over the area, for
    the months from `first` to `last`: one query."""
    qs, _child = _stored(user, area, months_between(first, last), by_child=False)
    rows = qs.filter(indicator=indicator).values("month").annotate(num=Sum("numerator"), den=Sum("denominator"))
    return {r["month"]: (r["num"] or 0, r["den"]) for r in rows.order_by()}


def child_areas(user, area: Area, area_class) -> list[tuple]:
    """(key, name, code, area, note) of the rows of the next level in the
    user's scope, `area` of `area_class`: one or two queries."""
    if area.kind == DISTRICT:
        pkms = Facility.objects.for_user(user).filter(district_id=area.district, type=FacilityType.PUSKESMAS)
        return [(f.pk, f.name, f.code, area_class(PUSKESMAS, f.name, f.code, f.district_id, puskesmas=f.pk),
                 "" if f.active else _("inactive")) for f in pkms.order_by("name")]
    if area.kind == PUSKESMAS:
        network = Facility.objects.for_user(user).filter(puskesmas_id=area.puskesmas,
                                                         type__in=[FacilityType.POSYANDU, FacilityType.PUSTU])
        desa_codes, pustu = set(), defaultdict(list)
        for ftype, region, name in network.values_list("type", "region_id", "name"):
            if ftype == FacilityType.POSYANDU:
                desa_codes.add(region)
            else:
                pustu[region].append(name)
        return [(r.code, r.name, r.code, area_class(DESA, r.name, r.code, area.district, puskesmas=area.puskesmas,
                                                    desa=r.code), ", ".join(sorted(pustu[r.code])))
                for r in Region.objects.filter(code__in=desa_codes).order_by("name")]
    if area.kind == DESA:
        pos = Facility.objects.for_user(user).filter(puskesmas_id=area.puskesmas, region_id=area.desa,
                                                      type=FacilityType.POSYANDU).order_by("name")
        return [(f.pk, f.name, f.code, area_class(POSYANDU, f.name, f.code, f.district_id, posyandu=f.pk),
                 " · ".join(x for x in (f.sub_area, "" if f.active else _("inactive")) if x)) for f in pos]
    return []


def area_targets(area: Area, child_keys: list, year: int, groups: list[str]) -> tuple[dict, dict]:
    """(targets per child key, targets of the area) for the indicators'
    groups: at most three queries."""
    regions, facilities = [], []
    own = area.district if area.kind == DISTRICT else area.desa if area.kind == DESA else None
    if own:
        regions.append(own)
    else:
        facilities.append(area.posyandu or area.puskesmas)
    if area.kind == PUSKESMAS:
        regions += child_keys
    else:
        facilities += child_keys
    found = targets_for_areas(year=year, groups=groups, region_codes=regions, facility_ids=facilities)
    child = defaultdict(dict)
    mine = {}
    own_key = own or area.posyandu or area.puskesmas
    for (key, group), number in found.items():
        if key == own_key and (own is not None) == isinstance(key, str):
            mine[group] = number
        else:
            child[key][group] = number
    return child, mine


def thresholds_row(district: str) -> PwsThresholds | None:
    return PwsThresholds.objects.filter(district_id=district).first()


def district_year_facts(user, area: Area, year: int) -> Iterable[tuple[int, date, str, int]]:
    """(Posyandu, month, indicator, numerator) of every fact of the district's
    year: one query."""
    months = months_between(date(year, 1, 1), date(year, 12, 1))
    return (CoverageFact.objects.for_user(user).filter(district_id=area.district, month__in=months)
            .values_list("posyandu_id", "month", "indicator").annotate(n=Sum("numerator")).order_by())


def posyandu_places(ids) -> dict[int, tuple[str, str, str, str]]:
    """{Posyandu: (code, name, desa code, Puskesmas name)}: one query."""
    return {pk: (code, name, region, pkm) for pk, code, name, region, pkm in Facility.objects.filter(pk__in=ids)
            .values_list("pk", "code", "name", "region_id", "puskesmas__name")}


def desa_names(codes) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
