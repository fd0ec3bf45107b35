"""Reads for the ward, scoped to the user (facilities.scope). Each runs a
fixed number of queries whatever the number of admissions."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone

from facilities.models import Facility, FacilityType

from .models import Admission, Bed, length_of_stay


def wards_in_scope(user):
    """The Puskesmas rawat inap the user may look at."""
    return Facility.objects.for_user(user).filter(type=FacilityType.PUSKESMAS, inpatient=True,
                                                  active=True).order_by("name")


def current_admissions(*, user, facility: Facility) -> list[Admission]:
    """Who lies in the ward now, by bed. One query."""
    return list(Admission.objects.for_user(user).filter(facility=facility, discharged_at__isnull=True)
                .select_related("patient", "bed", "diagnosis").order_by("bed__label", "pk"))


def recent_discharges(*, user, facility: Facility, limit: int = 20) -> list[Admission]:
    return list(Admission.objects.for_user(user).filter(facility=facility, discharged_at__isnull=False)
                .select_related("patient", "bed").order_by("-discharged_at", "-pk")[:limit])


def admission_for(user, pk: int) -> Admission:
    """One admission in the user's area (a DoesNotExist outside it)."""
    return (Admission.objects.for_user(user)
            .select_related("patient__household", "facility", "bed", "diagnosis", "admitted_by", "discharged_by",
                            "delivery_visit")
            .get(pk=pk))


def free_beds(*, user):
    """The beds in use today of the Puskesmas rawat inap in the user's
    area, each annotated with whether someone lies in it. One query."""
    return (Bed.objects.for_user(user).in_use(timezone.localdate())
            .filter(facility__inpatient=True, facility__active=True)
            .select_related("facility")
            .annotate(occupied=Count("admissions", filter=Q(admissions__discharged_at__isnull=True)))
            .order_by("facility__name", "label"))


def patient_admissions(patient, *, limit: int = 20) -> list[Admission]:
    """The person's admissions, latest first (the patient page already
    checked the user may see the person)."""
    return list(Admission.objects.filter(patient=patient).select_related("facility", "bed", "diagnosis")
                .order_by("-admitted_at", "-pk")[:limit])


@dataclass
class WardMonth:
    facility_id: int
    facility_name: str
    beds: int  # in use on the last day counted
    days: int  # days of the month counted (up to today in the current month)
    bed_days: int  # days each bed was in use, of the days counted
    patient_days: int
    admissions: int  # admitted in the month
    discharges: int  # discharged in the month
    total_stay: int  # days of stay of those discharged in the month
    deaths: int

    @property
    def bor(self) -> Decimal | None:
        """Bed occupancy rate, %: patient-days / bed-days available × 100
        (beds × days while the beds stay the same)."""
        if not self.bed_days:
            return None
        return (Decimal(self.patient_days * 100) / self.bed_days).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def alos(self) -> Decimal | None:
        """Average length of stay, days: total stay of the discharges / discharges."""
        if not self.discharges:
            return None
        return (Decimal(self.total_stay) / self.discharges).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _local_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(first, time.min), tz),
            timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), tz))


def _days_in(first: date, last: date, start: date, end: date) -> int:
    """Days of [start, end) within [first, last]."""
    return max(0, (min(end, last + timedelta(days=1)) - max(start, first)).days)


def ward_month(*, facilities_qs, month: date, today: date | None = None) -> list[WardMonth]:
    """BOR and ALOS of each Puskesmas rawat inap of `facilities_qs` for the
    month of `month`, with its admissions, discharges and deaths. Patient-days
    count each day of a stay as the length of stay does (admission day
    through the day before discharge, one day for a stay that ends the day it
    began); an open stay counts up to today. The days of a month still
    running stop at today. The capacity is each bed's days in use among
    them, so a bed added or taken out of use later leaves the month as it
    was. Three queries."""
    today = today or timezone.localdate()
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    counted_last = min(last, today)
    days = max(0, (counted_last - first).days + 1)
    wards = list(facilities_qs.filter(type=FacilityType.PUSKESMAS, inpatient=True).order_by("name", "pk")
                 .values_list("pk", "name"))
    ids = [pk for pk, _ in wards]
    beds, bed_days = dict.fromkeys(ids, 0), dict.fromkeys(ids, 0)
    for bed in Bed.objects.filter(facility_id__in=ids).only("facility_id", "in_use_from", "in_use_until"):
        if days and bed.in_use_on(counted_last):
            beds[bed.facility_id] += 1
        bed_days[bed.facility_id] += bed.days_in_use(first, counted_last)
    since, until = _local_bounds(first, last)
    rows = (Admission.objects.filter(facility_id__in=ids, admitted_at__lt=until)
            .filter(Q(discharged_at__isnull=True) | Q(discharged_at__gte=since))
            .values_list("facility_id", "admitted_at", "discharged_at", "outcome"))
    out = {pk: WardMonth(pk, name, beds[pk], days, bed_days[pk], 0, 0, 0, 0, 0) for pk, name in wards}
    for facility_id, admitted_at, discharged_at, outcome in rows:
        ward = out[facility_id]
        start = timezone.localdate(admitted_at)
        end = timezone.localdate(discharged_at) if discharged_at else today
        if end <= start:  # a stay within one day is one day of care
            end = start + timedelta(days=1)
        if discharged_at is None:
            end = min(end, today + timedelta(days=1))
        ward.patient_days += _days_in(first, counted_last, start, end)
        if first <= start <= last:
            ward.admissions += 1
        if discharged_at is not None and first <= timezone.localdate(discharged_at) <= last:
            ward.discharges += 1
            ward.total_stay += length_of_stay(admitted_at, discharged_at)
            ward.deaths += outcome == "died"
    return [out[pk] for pk in ids]
