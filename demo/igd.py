"""Demo emergency care: a year of IGD arrivals at each Puskesmas of the demo
district (docs/decisions/0032-igd.md).

- Two to nine arrivals a day per Puskesmas, more by day than at night; the
  people are the Puskesmas's own, and about 3% are registered on arrival
  ("Tn. X" or a name with an estimated age) as provisional records.
- Triage mix about 10% red, 30% yellow, 57% green, 3% black, triaged
  within minutes (red) to three quarters of an hour (green); vital signs that
  go with the level; actions from the list.
- Outcomes by level: black died; red mostly referred to the district
  hospital, some admitted where the Puskesmas has beds; green home. The last
  hours' arrivals are still open (some not triaged yet).

Set-based: one read of people per Puskesmas, rows built in memory and
written with bulk_create (rows bypass igd.services as the demo's visits
bypass clusters.services). Deterministic for a district, seed and `today`."""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from facilities.models import Facility, FacilityType
from igd.models import VITALS, Action, Arrival, Outcome, Triage, VitalsReading
from patients.models import Household, Patient

from .visit_parts import DAYS
from .visits import SEED_USERNAME, demo_user

BATCH = 5000
QUICK = 0.03
LEVELS = [(Triage.RED, 0.10), (Triage.YELLOW, 0.30), (Triage.GREEN, 0.57), (Triage.BLACK, 0.03)]
WAIT = {Triage.RED: (0, 5), Triage.YELLOW: (2, 15), Triage.GREEN: (5, 45), Triage.BLACK: (0, 10)}
COMPLAINTS = ["Sesak napas", "Nyeri dada", "Demam tinggi", "Kecelakaan lalu lintas", "Luka robek", "Diare dan muntah",
              "Kejang", "Nyeri perut", "Pingsan", "Perdarahan", "Digigit anjing", "Asma kambuh"]
HOSPITAL = "RSUD Kabupaten"


@dataclass
class IgdResult:
    arrivals: int = 0
    quick: int = 0
    by_level: Counter = field(default_factory=Counter)
    by_outcome: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        levels = ", ".join(f"{n} {code}" for code, n in sorted(self.by_level.items()))
        return f"{self.arrivals} IGD arrivals ({levels}); {self.quick} registered on arrival"


def delete_igd(district_code: str) -> int:
    """The district's arrivals, and the provisional people the demo registered
    on arrival (their households are at a Puskesmas, which the people
    replacement leaves alone)."""
    deleted = Arrival.objects.filter(district_id=district_code).delete()[0]
    # By name: replacing a district seeded without visits must not create the demo user.
    quick = Patient.objects.filter(provisional=True, created_by__username=SEED_USERNAME, merged_into__isnull=True,
                                   household__posyandu__district_id=district_code,
                                   household__posyandu__type=FacilityType.PUSKESMAS)
    ids, households = [], []
    for pk, household_id in quick.values_list("pk", "household_id"):
        ids.append(pk)
        households.append(household_id)
    Patient.objects.filter(pk__in=ids).delete()
    Patient.history.filter(id__in=ids).delete()
    Household.objects.filter(pk__in=households, members__isnull=True).delete()
    gone = set(households) - set(Household.objects.filter(pk__in=households).values_list("pk", flat=True))
    Household.history.filter(id__in=gone).delete()  # a delete writes a history row
    return deleted


@transaction.atomic
def build_igd(district_code: str, seed: int = 1, today: date | None = None) -> IgdResult:
    today = today or timezone.localdate()
    delete_igd(district_code)
    return _Igd(district_code, seed, today).run()


class _Igd:
    def __init__(self, district, seed, today):
        self.district, self.today = district, today
        self.rng = random.Random(f"{district}:{seed}:igd")
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.user = demo_user()
        self.rows: list[Arrival] = []
        self.result = IgdResult()

    def _level(self) -> str:
        return self.rng.choices([code for code, _ in LEVELS], weights=[w for _, w in LEVELS])[0]

    def _outcome(self, level: str, beds: bool) -> str:
        r = self.rng.random()
        if level == Triage.BLACK:
            return Outcome.DIED
        if level == Triage.RED:
            return (Outcome.REFERRED if r < 0.6 else Outcome.ADMITTED if r < 0.85 and beds
                    else Outcome.DIED if r < 0.9 else Outcome.REFERRED if r < 0.95 else Outcome.HOME)
        if level == Triage.YELLOW:
            return Outcome.HOME if r < 0.6 else Outcome.ADMITTED if r < 0.8 and beds else Outcome.REFERRED
        return Outcome.HOME if r < 0.95 else Outcome.REFERRED

    def _vitals(self, level: str) -> dict:
        ill = level in (Triage.RED, Triage.BLACK)
        systolic = self.rng.randint(70, 110) if ill else self.rng.randint(100, 170)
        return {"systolic": systolic, "diastolic": min(systolic - 20, self.rng.randint(50, 100)),
                "pulse": self.rng.randint(110, 150) if ill else self.rng.randint(60, 110),
                "respiratory_rate": self.rng.randint(24, 40) if ill else self.rng.randint(14, 24),
                "temperature_c": Decimal(self.rng.randint(355, 395)) / 10,
                "spo2": self.rng.randint(80, 93) if ill else self.rng.randint(94, 100),
                "gcs": self.rng.randint(6, 13) if ill else 15}

    def _quick_patient(self, pkm: Facility) -> tuple[Household, Patient]:
        household = Household(posyandu=pkm, desa_id=pkm.region_id, created_by=self.user,
                              address="Belum diketahui (registrasi cepat)")
        unknown = self.rng.random() < 0.5
        sex = self.rng.choice(["L", "P"])
        name = ("Tn. X" if sex == "L" else "Ny. X") if unknown else self.rng.choice(
            ["Bapak Ujang", "Ibu Entin", "Bapak Dadang", "Ibu Cucu"])
        self.result.quick += 1
        return household, Patient(name=name, sex=sex, created_by=self.user, provisional=True,
                                  birth_date=date(self.today.year - self.rng.randint(18, 80), 7, 1))

    def _day(self, pkm: Facility, people: list[int], day: date, quick: list):
        for _ in range(self.rng.randint(2, 9)):
            hour = self.rng.choice([7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 0, 3])
            arrived = timezone.make_aware(datetime.combine(day, time(hour, self.rng.randint(0, 59))), self.tz)
            if arrived > self.now:
                continue
            level = self._level()
            triaged = arrived + timedelta(minutes=self.rng.randint(*WAIT[level]), seconds=self.rng.randint(0, 59))
            closed = triaged + timedelta(minutes=self.rng.randint(20, 240))
            row = Arrival(facility=pkm, district_id=self.district, arrived_at=arrived, created_by=self.user,
                          chief_complaint=self.rng.choice(COMPLAINTS))
            if people and self.rng.random() >= QUICK:
                row.patient_id = self.rng.choice(people)
            else:
                row.quick_registered = True
                quick.append((row, *self._quick_patient(pkm)))
            if triaged <= self.now:
                row.triage, row.triaged_at, row.triaged_by = level, triaged, self.user
                for name, value in self._vitals(level).items():
                    setattr(row, name, value)
                row.vitals_at = triaged
                row.actions = sorted(self.rng.sample(Action.values, self.rng.randint(0, 3)))
                self.result.by_level[level] += 1
            if closed <= self.now and row.triage:
                row.outcome = self._outcome(level, pkm.inpatient)
                row.closed_at, row.closed_by = closed, self.user
                row.referred_to = HOSPITAL if row.outcome == Outcome.REFERRED else ""
                self.result.by_outcome[row.outcome] += 1
            self.rows.append(row)

    def run(self) -> IgdResult:
        opening = self.today - timedelta(days=DAYS - 1)
        residents = Patient.objects.filter(merged_into__isnull=True, provisional=False).order_by("pk")
        # A Puskesmas whose area has nobody seeded serves people from elsewhere in the district.
        district = list(residents.filter(household__posyandu__district_id=self.district)
                        .values_list("pk", flat=True)[:3000])
        if not district:
            return self.result
        for pkm in Facility.objects.filter(district_id=self.district, type=FacilityType.PUSKESMAS, active=True):
            people = list(residents.filter(household__posyandu__puskesmas_id=pkm.pk)
                          .values_list("pk", flat=True)[:3000]) or district
            quick: list = []
            for offset in range(DAYS):
                self._day(pkm, people, opening + timedelta(days=offset), quick)
            Household.objects.bulk_create([h for _, h, _ in quick], batch_size=BATCH)
            for _, household, patient in quick:
                patient.household_id = household.pk
            Patient.objects.bulk_create([p for _, _, p in quick], batch_size=BATCH)
            for row, _, patient in quick:
                row.patient_id = patient.pk
        Arrival.objects.bulk_create(self.rows, batch_size=BATCH)
        # Each measured arrival's vital signs are its one reading, as the service keeps them.
        VitalsReading.objects.bulk_create(
            [VitalsReading(arrival_id=row.pk, measured_at=row.vitals_at, recorded_by=self.user,
                           **{name: getattr(row, name) for name in VITALS}) for row in self.rows if row.vitals_at],
            batch_size=BATCH)
        self.result.arrivals = len(self.rows)
        return self.result
