"""Reads of coverage facts, scoped to the user. Dashboards read facts only,
never visits."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Max, Sum

from .indicators import CUMULATIVE, REGISTRY, Indicator
from .models import AggregationRun, CoverageFact


@dataclass
class Figure:
    indicator: Indicator
    numerator: int | None
    denominator: int | None  # measured denominator (N/D, prevalence)
    computed_at: datetime | None
    target: int | None = None  # annual sasaran of the area, None = no target

    @property
    def percent(self):
        from .targets import coverage_percent

        if self.indicator.denominator_indicator:
            return coverage_percent(self.numerator, self.denominator)
        return coverage_percent(self.numerator, self.target)


def user_area(user) -> tuple[list[str] | None, list[int] | None]:
    """The area whose targets apply to the user: their district or facility."""
    if user.scope_district_id:
        return [user.scope_district_id], None
    if user.scope_facility_id:
        return None, [user.scope_facility_id]
    return None, None


def area_targets(user, year: int) -> dict[str, int | None]:
    from .targets import targets_for_areas

    regions, facilities = user_area(user)
    if regions is None and facilities is None:
        return {}
    found = targets_for_areas(year=year, region_codes=regions, facility_ids=facilities)
    key = regions[0] if regions else facilities[0]
    return {group: value for (area, group), value in found.items() if area == key}


def facts_for(user):
    return CoverageFact.objects.for_user(user)


def figures(user, *, year: int, month: int, posyandu_ids=None) -> list[Figure]:
    """Each indicator for the user's area, up to `month` of `year`: the
    year-to-date sum for cumulative ones, the month's value for monthly ones
    and prevalences. Two queries whatever the number of facts."""
    base = facts_for(user).filter(month__gte=date(year, 1, 1), month__lte=date(year, month, 1))
    if posyandu_ids is not None:
        base = base.filter(posyandu_id__in=posyandu_ids)
    ytd = {r["indicator"]: r for r in base.values("indicator").annotate(
        num=Sum("numerator"), den=Sum("denominator"), at=Max("computed_at"))}
    this_month = {r["indicator"]: r for r in base.filter(month=date(year, month, 1)).values("indicator").annotate(
        num=Sum("numerator"), den=Sum("denominator"), at=Max("computed_at"))}
    targets = area_targets(user, year)
    out = []
    for indicator in REGISTRY:
        row = ytd.get(indicator.code) if indicator.display == CUMULATIVE else this_month.get(indicator.code)
        out.append(Figure(indicator, row["num"] if row else None, row["den"] if row else None,
                          row["at"] if row else None, targets.get(indicator.target_group)))
    return out


def runs_for(user):
    from facilities.scope import user_sees_everything

    qs = AggregationRun.objects.select_related("requested_by").order_by("-created_at")
    if not user_sees_everything(user):
        district = user.scope_district_id or (user.scope_facility.district_id if user.scope_facility_id else None)
        qs = qs.filter(district_id=district)
    return qs
