"""Demo inpatient care: a year of admissions at each Puskesmas rawat inap of
the demo district (docs/decisions/0031-inpatient.md).

- Each Puskesmas rawat inap gets its beds (BEDS, kept if already there).
- The normal deliveries are the demo's own PERSALINAN visits at that
  Puskesmas: each becomes a delivery admission naming its visit, so the
  delivery still counts once (the visit), and the ward shows it.
- The IGD's admitted arrivals at that Puskesmas (demo.igd runs first) are
  admitted at their outcome time, naming the arrival; one that finds no
  free bed (or its person already in one) is turned into a referral.
- Other people of the Puskesmas' catchment come in with the common reasons
  for a Puskesmas ward (diarrhoea, typhoid, dengue, pneumonia...), a few a
  day, into a free bed, for one to six days; most go home recovered, some
  are referred to the district hospital, a few leave against advice or die.
- Every day of a stay has a morning note with vital signs. Stays not over
  by now are still open, so the ward has patients today.

Set-based: a few reads per ward, rows built in memory and written with
bulk_create; rows bypass inpatient.services as the demo's visits bypass
clusters.services. Deterministic for a district, seed, `today` and the
visits in the database."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from clusters.models import Diagnosis, Visit
from facilities.models import Facility, FacilityType
from igd.models import Arrival
from igd.models import Outcome as ArrivalOutcome
from inpatient.models import Admission, Bed, DailyNote, Outcome, length_of_stay
from patients.models import Patient

from .visit_parts import DAYS
from .visits import demo_user

BEDS = 10
ARRIVALS = (0, 0, 1, 1, 2)  # admissions a day other than deliveries and the IGD's, drawn evenly
REASONS = [("A09", 30), ("A01.0", 20), ("A90", 15), ("J18.9", 12), ("I10", 8), ("K29.7", 6), ("E11.9", 5),
           ("J45.9", 4)]
STAY_DAYS = [(1, 15), (2, 25), (3, 30), (4, 15), (5, 10), (6, 5)]
OUTCOMES = [(Outcome.RECOVERED, 85), (Outcome.REFERRED, 8), (Outcome.AGAINST_ADVICE, 5), (Outcome.DIED, 2)]
SOURCES = ["", "", "Rujukan Pustu", "Datang sendiri"]
HOSPITALS = ["RSUD Berkah Pandeglang", "RSUD dr. Dradjat Prawiranegara", "RSUD Banten"]
NOTES = ["Keadaan umum baik, makan dan minum cukup.", "Demam berkurang, infus lanjut.", "Masih lemas, observasi.",
         "Mual berkurang, diet lunak.", "Tanda vital stabil, rencana pulang besok."]


@dataclass
class InpatientResult:
    wards: int = 0
    beds: int = 0
    admissions: int = 0
    deliveries: int = 0
    open: int = 0
    notes: int = 0

    def summary(self) -> str:
        return (f"{self.wards} inpatient wards with {self.beds} beds: {self.admissions} admissions "
                f"({self.deliveries} deliveries, {self.open} in the ward now), {self.notes} daily notes")


def delete_inpatient(district_code: str) -> int:
    """The district's admissions and their notes (before its people and visits are replaced)."""
    return Admission.objects.filter(district_id=district_code).delete()[0]


def _pick(rng, weighted):
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


@transaction.atomic
def build_inpatient(district_code: str, seed: int = 1, today: date | None = None) -> InpatientResult:
    today = today or timezone.localdate()
    delete_inpatient(district_code)
    result = InpatientResult()
    wards = list(Facility.objects.filter(district_id=district_code, type=FacilityType.PUSKESMAS, inpatient=True,
                                         active=True).order_by("code"))
    Bed.objects.bulk_create([Bed(facility=w, label=f"Bed {n}") for w in wards for n in range(1, BEDS + 1)],
                            ignore_conflicts=True)
    diagnoses = {d.code: d.pk for d in Diagnosis.objects.filter(code__in=[c for c, _ in REASONS] + ["O80"])}
    reasons = [(c, w) for c, w in REASONS if c in diagnoses]
    if not wards or "O80" not in diagnoses or not reasons:
        return result
    user_id = demo_user().pk
    # Shared by the wards: a Puskesmas whose area has nobody seeded admits
    # from the whole district, and a person lies in one bed at a time.
    person_free: dict[int, datetime] = {}
    for ward in wards:
        _Ward(ward, seed, today, user_id, diagnoses, reasons, result, person_free).run()
        result.wards += 1
    result.beds = Bed.objects.filter(facility__in=wards).in_use(today).count()
    return result


class _Ward:
    def __init__(self, ward, seed, today, user_id, diagnoses, reasons, result, person_free):
        self.ward, self.today, self.user_id = ward, today, user_id
        self.diagnoses, self.reasons, self.result = diagnoses, reasons, result
        self.rng = random.Random(f"{ward.code}:{seed}:inpatient")
        self.tz = timezone.get_current_timezone()
        self.now = timezone.now()
        self.opening = today - timedelta(days=DAYS - 1)
        self.beds = list(Bed.objects.filter(facility=ward).in_use(today).order_by("label").values_list("pk", flat=True))
        self.bed_free = dict.fromkeys(self.beds, timezone.make_aware(datetime.combine(self.opening, time.min),
                                                                     self.tz))
        self.person_free = person_free

    def _at(self, day: date, hour: int, spread: int = 0) -> datetime:
        at = datetime.combine(day, time(hour)) + timedelta(minutes=self.rng.randint(0, spread))
        return timezone.make_aware(at, self.tz)

    def _free_bed(self, at: datetime):
        free = [b for b in self.beds if self.bed_free[b] <= at]
        return self.rng.choice(free) if free else None

    def _stay(self, *, patient_id, at, days, code, delivery_visit=None, arrival=None):
        bed = self._free_bed(at)
        if bed is None or self.person_free.get(patient_id, at) > at or at >= self.now:
            return None
        end = self._at(at.date() + timedelta(days=days), 9, 180)
        end = max(end, at + timedelta(hours=6))
        admission = Admission(patient_id=patient_id, facility=self.ward, district_id=self.ward.district_id,
                              bed_id=bed,
                              admitted_at=at, admitted_by_id=self.user_id, diagnosis_id=self.diagnoses[code],
                              delivery=delivery_visit is not None, delivery_visit_id=delivery_visit,
                              arrival_id=arrival, note="IGD" if arrival else "" if delivery_visit else
                              self.rng.choice(SOURCES))
        if end <= self.now:
            outcome = Outcome.RECOVERED if delivery_visit else _pick(self.rng, OUTCOMES)
            admission.discharged_at, admission.outcome = end, outcome
            admission.referred_to = self.rng.choice(HOSPITALS) if outcome == Outcome.REFERRED else ""
            admission.length_of_stay = length_of_stay(at, end)
            admission.discharged_by_id = self.user_id
        self.bed_free[bed] = end if end <= self.now else self.now + timedelta(days=365)
        self.person_free[patient_id] = self.bed_free[bed]
        return admission

    def run(self):
        people = list(Patient.objects.filter(household__posyandu__puskesmas_id=self.ward.pk, merged_into__isnull=True)
                      .order_by("pk").values_list("pk", flat=True))
        deliveries: dict[date, list] = {}
        for visit_id, patient_id, day in Visit.objects.filter(
                facility=self.ward, services__code="PERSALINAN", date__gte=self.opening, date__lte=self.today
        ).values_list("pk", "patient_id", "date").order_by("date", "pk"):
            deliveries.setdefault(day, []).append((visit_id, patient_id))
        # The IGD's admitted arrivals (demo.igd, seeded first) are admitted at
        # their outcome time; one that finds no free bed was referred instead.
        from_igd: dict[date, list] = {}
        for arrival_id, patient_id, closed_at in Arrival.objects.filter(
                facility=self.ward, outcome=ArrivalOutcome.ADMITTED, closed_at__isnull=False
        ).values_list("pk", "patient_id", "closed_at").order_by("closed_at", "pk"):
            from_igd.setdefault(timezone.localdate(closed_at), []).append((arrival_id, patient_id, closed_at))
        admissions, unplaced = [], []
        for offset in range(DAYS):
            day = self.opening + timedelta(days=offset)
            for arrival_id, patient_id, at in from_igd.get(day, []):
                stay = self._stay(patient_id=patient_id, at=at, days=_pick(self.rng, STAY_DAYS),
                                  code=_pick(self.rng, self.reasons), arrival=arrival_id)
                if stay is None:
                    unplaced.append(arrival_id)
                else:
                    admissions.append(stay)
            for visit_id, patient_id in deliveries.get(day, []):
                stay = self._stay(patient_id=patient_id, at=self._at(day, 1, 300), days=self.rng.choice((1, 1, 2)),
                                  code="O80", delivery_visit=visit_id)
                if stay is not None:
                    admissions.append(stay)
            for _ in range(self.rng.choice(ARRIVALS) if people else 0):
                stay = self._stay(patient_id=self.rng.choice(people), at=self._at(day, 7, 14 * 60),
                                  days=_pick(self.rng, STAY_DAYS), code=_pick(self.rng, self.reasons))
                if stay is not None:
                    admissions.append(stay)
        Admission.objects.bulk_create(admissions, batch_size=2000)
        Arrival.objects.filter(pk__in=unplaced).update(outcome=ArrivalOutcome.REFERRED, referred_to=HOSPITALS[0])
        notes = []
        for a in admissions:
            last = timezone.localdate(a.discharged_at or self.now)
            day = timezone.localdate(a.admitted_at) + timedelta(days=1)
            while day <= last:
                written = self._at(day, 7, 60)
                if written > a.admitted_at and written <= (a.discharged_at or self.now):
                    notes.append(DailyNote(admission=a, written_at=written, text=self.rng.choice(NOTES),
                                           systolic=self.rng.randint(100, 150), diastolic=self.rng.randint(60, 95),
                                           pulse=self.rng.randint(64, 110), temperature=self.rng.choice(
                                               ["36.5", "36.8", "37.2", "37.8", "38.4"]), author_id=self.user_id))
                day += timedelta(days=1)
        DailyNote.objects.bulk_create(notes, batch_size=5000)
        self.result.admissions += len(admissions)
        self.result.deliveries += sum(a.delivery for a in admissions)
        self.result.open += sum(a.discharged_at is None for a in admissions)
        self.result.notes += len(notes)
