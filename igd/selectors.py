"""Reads for the IGD, scoped to the user (facilities.scope). Each runs a
fixed number of queries whatever the number of arrivals."""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from facilities.models import Facility, FacilityType
from patients.models import Patient

from .models import Arrival, Outcome, Triage

# The day's list shows at most this many arrivals (a Puskesmas IGD sees tens).
DAY_ROWS = 300


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(day, time.min), tz),
            timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), tz))


@dataclass
class Register:
    open: list
    day: list


def register(*, user, day: date, puskesmas: Facility | None = None) -> Register:
    """The arrivals still open (any day), then those of `day`, latest
    first, with the person and the Puskesmas. Two queries."""
    qs = Arrival.objects.for_user(user).select_related("patient", "facility")
    if puskesmas is not None:
        qs = qs.filter(facility=puskesmas)
    start, end = _day_bounds(day)
    open_rows = list(qs.open().order_by("-arrived_at", "-pk")[:DAY_ROWS])
    day_rows = list(qs.filter(arrived_at__gte=start, arrived_at__lt=end, closed_at__isnull=False)
                    .order_by("-arrived_at", "-pk")[:DAY_ROWS])
    return Register(open=open_rows, day=day_rows)


def quick_records_waiting(user, puskesmas: Facility | None = None) -> int:
    """Quick records (patients.quick) of the user's area, or made at the
    Puskesmas chosen, not yet merged into a full record. One query."""
    waiting = Patient.objects.for_user(user).active().filter(provisional=True)
    if puskesmas is not None:  # a quick record's household is at the Puskesmas that made it
        waiting = waiting.filter(household__posyandu=puskesmas)
    return waiting.count()


def puskesmas_in_scope(user):
    """The Puskesmas whose IGD the user may look at."""
    return Facility.objects.for_user(user).filter(type=FacilityType.PUSKESMAS, active=True).order_by("name")


def arrival_for(user, pk: int) -> Arrival:
    """One arrival in the user's area (a DoesNotExist outside it)."""
    return (Arrival.objects.for_user(user)
            .select_related("patient__household", "facility", "created_by", "triaged_by", "closed_by",
                            "diagnosis")
            .get(pk=pk))


def patient_arrivals(patient, *, limit: int = 30) -> list:
    """The person's latest arrivals (the patient page already checked the
    user may see the person)."""
    return list(Arrival.objects.filter(patient=patient).select_related("facility")
                .order_by("-arrived_at", "-pk")[:limit])


@dataclass
class IgdMonth:
    facility_id: int
    facility_name: str
    arrivals: int = 0
    triage: dict = field(default_factory=lambda: dict.fromkeys(Triage.values, 0))  # level -> count
    untriaged: int = 0
    median_minutes_to_triage: float | None = None
    outcomes: dict = field(default_factory=lambda: dict.fromkeys(Outcome.values, 0))  # outcome -> count
    open: int = 0


def igd_month(*, facilities_qs, month: date) -> list[IgdMonth]:
    """Per Puskesmas of `facilities_qs` (already scoped by the caller), the
    IGD's month containing `month` (local days): arrivals, the count per
    triage level, the median minutes from arrival to triage, the count per
    outcome (arrivals still open counted apart). Two queries; a Puskesmas
    without arrivals has a row of zeros."""
    first = month.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    start, _ = _day_bounds(first)
    end, _ = _day_bounds(nxt)
    pkms = list(facilities_qs.filter(type=FacilityType.PUSKESMAS).order_by("name", "pk").values_list("pk", "name"))
    rows = {pk: IgdMonth(pk, name) for pk, name in pkms}
    waits: dict[int, list[float]] = {pk: [] for pk in rows}
    arrivals = (Arrival.objects.filter(facility_id__in=list(rows), arrived_at__gte=start, arrived_at__lt=end)
                .values_list("facility_id", "triage", "outcome", "arrived_at", "triaged_at"))
    for facility_id, level, outcome, arrived_at, triaged_at in arrivals.iterator(chunk_size=5000):
        row = rows[facility_id]
        row.arrivals += 1
        if level:
            row.triage[level] += 1
            waits[facility_id].append((triaged_at - arrived_at).total_seconds() / 60)
        else:
            row.untriaged += 1
        if outcome:
            row.outcomes[outcome] += 1
        else:
            row.open += 1
    for pk, minutes in waits.items():
        if minutes:
            rows[pk].median_minutes_to_triage = statistics.median(minutes)
    return list(rows.values())
