"""The people behind a dashboard cell: for an indicator, an area and a
month, who is in its target group (the denominator, counted from people)
and who is counted in its figure (the numerator).

Who is counted is read from the stored subject state (CoverageSubject: each
subject's person-months, where it lived when computed) and folded by the
engine's own fold, the one that made the facts the cell shows: the counted
subjects of an area are exactly those the cell's figure counts, whatever
the change log still holds. Who is in the target group comes from the
group rules (reports.engine.groups). A subject counted is in the target
group by definition (someone weighed as an under-five was one), also where
the records disagree (a child who moved since the figures were computed):
the denominator is the group with the counted subjects added, so that the
people not yet counted are always denominator − numerator.

Two queries whatever the size: the state of the area's subjects of the
year, and the group."""

from dataclasses import dataclass

from django.db.models import Exists, IntegerField, Value
from django.db.models.functions import Coalesce

from facilities.areas import Area, area_q
from reports.indicators import Indicator
from reports.models import CoverageSubject

from . import groups, state
from .fold import fold_subjects, month_rows, stored_subjects
from .kinds import PATIENT, PREGNANCY

Subject = tuple[int, int]  # (patient id, pregnancy id or 0)


@dataclass(frozen=True)
class PeopleSets:
    indicator: Indicator
    year: int
    month: int
    denominator: frozenset[Subject]
    numerator: frozenset[Subject]

    @property
    def uncounted(self) -> frozenset[Subject]:
        """In the target group and not (yet) counted."""
        return self.denominator - self.numerator


def counted(indicator: Indicator, area: Area, year: int, month: int) -> frozenset[Subject]:
    """The subjects the area's cell of the month counts: in the month for a
    monthly figure, in the year up to it for a cumulative one. One query."""
    kind = PREGNANCY if indicator.subject == "pregnancy" else PATIENT
    stored = CoverageSubject.objects.filter(area_q(area, "posyandu"), district_id=area.district, year=year)
    stored = stored.filter(pregnancy__isnull=kind is PATIENT)
    # State of another version (until the refresh rebuilds its year) is
    # stored in a layout this fold does not read.
    stored = stored.filter(Exists(state.current(area.district, year)))
    rows = list(stored.values_list("patient_id", Coalesce("pregnancy_id", Value(0), output_field=IntegerField()),
                                   "year", "posyandu_id", "months").order_by())
    if not rows:
        return frozenset()
    subjects, _keys = fold_subjects(month_rows(stored_subjects(rows)), with_keys=False)
    folded = subjects[(PATIENT, PREGNANCY).index(kind)]
    values = folded.values[:, kind.indicators.index(indicator)]
    first = 1 if indicator.cumulative else month
    if indicator.window == "month":
        wanted = sum(1 << m for m in range(first, month + 1))
        hit = (values & wanted) != 0
    else:
        hit = (values >= first) & (values <= month)
    return frozenset(zip(folded.pid[hit].tolist(), folded.sid[hit].tolist(), strict=True))


def people_sets(indicator: Indicator, area: Area, year: int, month: int) -> PeopleSets:
    """The cell's denominator (the target group, counted from people, with
    every counted subject) and numerator, as sets of (patient id, pregnancy
    id or 0). Only for indicators whose group is counted from people
    (groups.lists_people); two queries."""
    if not groups.lists_people(indicator):
        raise ValueError(f"{indicator.code} has no target group counted from people")
    numerator = counted(indicator, area, year, month)
    group = groups.members(indicator, area, groups.window(indicator, year, month))
    return PeopleSets(indicator, year, month, frozenset(groups.subjects(group)) | numerator, numerator)


__all__ = ["PeopleSets", "counted", "people_sets"]
