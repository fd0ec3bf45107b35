"""Reads for the lab, scoped to the user (facilities.scope). Each runs a
fixed number of queries whatever the number of requests."""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F
from django.utils import timezone

from facilities.models import Facility, FacilityType

from .models import LabRequest, Status

# The worklist shows the oldest waiting requests; the count says how many wait in all.
WORKLIST_ROWS = 200


@dataclass
class Worklist:
    rows: list
    waiting: int


def worklist(*, user, lab: Facility | None = None) -> Worklist:
    """What waits at the labs in the user's area (at `lab` if given), oldest
    first, with the person, the requesting facility and the test. Two queries."""
    qs = LabRequest.objects.for_user(user).filter(status=Status.WAITING)
    if lab is not None:
        qs = qs.filter(lab=lab)
    rows = list(qs.select_related("patient", "test", "facility", "lab").order_by("requested_at", "pk")
                [:WORKLIST_ROWS])
    waiting = len(rows) if len(rows) < WORKLIST_ROWS else qs.count()
    return Worklist(rows=rows, waiting=waiting)


def labs_in_scope(user):
    """The Puskesmas whose lab the user may look at."""
    return Facility.objects.for_user(user).filter(type=FacilityType.PUSKESMAS, active=True).order_by("name")


def request_for(user, pk: int):
    """One request in the user's area (a DoesNotExist outside it)."""
    return (LabRequest.objects.for_user(user)
            .select_related("patient__household", "test", "facility", "lab", "visit", "requested_by", "resulted_by")
            .get(pk=pk))


def visit_requests(visit):
    """A visit's requests with their results (its page already checked
    the user may see the visit)."""
    return list(LabRequest.objects.filter(visit=visit).select_related("test").order_by("requested_at", "pk"))


def patient_results(patient, *, limit: int = 30):
    """The person's latest requests and results (the patient page already
    checked the user may see the person)."""
    return list(LabRequest.objects.filter(patient=patient).exclude(status=Status.CANCELLED)
                .select_related("test", "lab").order_by("-requested_at", "-pk")[:limit])


class _Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


@dataclass
class Turnaround:
    lab_id: int
    lab_name: str
    results: int
    median: timedelta


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(start, time.min), tz),
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz))


def turnaround(*, user, start: date, end: date) -> list[Turnaround]:
    """Median time from request to result per Puskesmas lab, for results
    entered from `start` to `end` (inclusive, local days) in the user's area.
    Results entered at the point of care are not the lab's work and are left
    out. One query (PostgreSQL computes the median)."""
    since, until = _bounds(start, end)
    qs = (LabRequest.objects.for_user(user)
          .filter(status=Status.DONE, point_of_care=False, resulted_at__gte=since, resulted_at__lt=until))
    took = ExpressionWrapper(F("resulted_at") - F("requested_at"), output_field=DurationField())
    if connection.vendor == "postgresql":
        rows = (qs.values("lab_id", "lab__name").annotate(results=Count("pk"), median=_Median(took))
                .order_by("lab__name", "lab_id"))
        return [Turnaround(r["lab_id"], r["lab__name"], r["results"], r["median"]) for r in rows]
    spans: dict[tuple[str, int], list[timedelta]] = {}
    for lab_id, name, requested, resulted in qs.values_list("lab_id", "lab__name", "requested_at", "resulted_at"):
        spans.setdefault((name, lab_id), []).append(resulted - requested)
    return [Turnaround(lab_id, name, len(v), statistics.median(sorted(v))) for (name, lab_id), v in sorted(
        spans.items())]
