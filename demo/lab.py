"""Demo laboratory: a year of the demo district's test requests and results,
consistent with its visits (docs/decisions/0029-laboratory.md).

- Every demo visit with an Hb or a glucose value had it tested: at a
  Puskesmas by its lab (20 minutes to 3 hours), at a Pustu or Posyandu
  mostly at the point of care, else by the Puskesmas lab a day later. The
  result is the visit's own value (glucose fasting or not), flagged against
  the catalogue's range for the person's sex.
- Every triple elimination service had its HIV, syphilis and HBsAg rapid
  tests, a few reactive; every TB test a TCM (or, now and then, a BTA smear),
  positive for the people who then started treatment, taking one to three
  days.
- Yesterday's and today's ANC and adult screening visits without an Hb or a
  glucose value have it waiting at the lab, so the worklist has work.

Set-based: three reads of the district's visits, rows built in memory and
written by the demo's writer (COPY on PostgreSQL); rows bypass lab.services as the demo's visits
bypass clusters.services. Deterministic for a district, seed, `today` and
the visits in the database."""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from clusters.models import Measurement, Visit
from facilities.models import Facility, FacilityType
from lab.catalogue import load_shipped_catalogue
from lab.models import LabRequest, LabTest, Outcome, Status, flag_of

from .visit_parts import DAYS
from .visits import demo_user
from .writer import BulkWriter

BATCH = 5000
POINT_OF_CARE = 0.7  # of the Hb and glucose tests of a Pustu or Posyandu visit
WAITING = 0.6  # of yesterday's and today's ANC and screening visits without the value
REACTIVE = {"HIV": 0.004, "SIFILIS": 0.01, "HBSAG": 0.02}
SMEAR = 0.2  # of TB tests done by microscopy (BTA) instead of TCM
COLUMNS = ["patient_id", "visit_id", "test_id", "facility_id", "lab_id", "district_id", "status", "note",
           "requested_at", "requested_by_id", "value", "outcome", "flag", "point_of_care", "resulted_at",
           "resulted_by_id"]


@dataclass
class LabResult:
    requests: int = 0
    by_status: Counter = field(default_factory=Counter)
    by_test: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        tests = ", ".join(f"{n} {code}" for code, n in sorted(self.by_test.items()))
        return f"{self.requests} lab requests ({tests}); {self.by_status[Status.WAITING]} waiting"


def delete_lab(district_code: str) -> int:
    """The district's requests (before its people and visits are replaced)."""
    return LabRequest.objects.filter(district_id=district_code).delete()[0]


@transaction.atomic
def build_lab(district_code: str, seed: int = 1, today: date | None = None) -> LabResult:
    today = today or timezone.localdate()
    delete_lab(district_code)
    if not LabTest.objects.exists():  # a database flushed after its migrations (transactional tests)
        load_shipped_catalogue()
    return _Lab(district_code, seed, today).run()


class _Lab:
    def __init__(self, district, seed, today):
        self.district, self.today = district, today
        self.opening = today - timedelta(days=DAYS - 1)
        self.rng = random.Random(f"{district}:{seed}:lab")
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.user_id = demo_user().pk
        self.tests = {t.code: t for t in LabTest.objects.all()}
        self.facilities = {pk: (ftype, pkm) for pk, ftype, pkm in Facility.objects.filter(
            district_id=district).values_list("pk", "type", "puskesmas_id")}
        self.rows: list[tuple] = []
        self.writer = BulkWriter()
        self.result = LabResult()

    def _asked(self, day: date) -> datetime:
        at = datetime.combine(day, time(8)) + timedelta(minutes=self.rng.randint(0, 240))
        return timezone.make_aware(at, self.tz)

    def _add(self, code, *, visit_id, patient_id, sex, facility_id, day, value=None, outcome="", took=None,
             poc=False, waiting=False, always_done=False):
        test = self.tests[code]
        ftype, pkm = self.facilities[facility_id]
        asked = self._asked(day)
        if always_done:  # the visit already counts the examination: its result is in
            asked = min(asked, self.now - timedelta(minutes=30))
            took = min(took, self.now - asked)
        done = not waiting and asked + took <= self.now
        status = Status.DONE if done else Status.WAITING
        lab = facility_id if ftype == FacilityType.PUSKESMAS else pkm
        result = (value, outcome, flag_of(test, sex, value=value, outcome=outcome), poc, asked + took,
                  self.user_id) if done else (None, "", "", False, None, None)
        self.rows.append((patient_id, visit_id, test.pk, facility_id, lab, self.district, status, "", asked,
                          self.user_id, *result))
        self.result.by_test[code] += 1
        self.result.by_status[status] += 1
        if len(self.rows) >= BATCH:
            self._flush()

    def _flush(self):
        self.writer.write_rows(LabRequest, COLUMNS, self.rows)
        self.result.requests += len(self.rows)
        self.rows = []

    def _minutes(self, low, high) -> timedelta:
        return timedelta(minutes=self.rng.randint(low, high))

    def _measured(self):
        here = Q(visit__facility__district_id=self.district, visit__date__gte=self.opening)
        rows = (Measurement.objects.filter(here).filter(Q(hb_g_dl__isnull=False) | Q(glucose_mg_dl__isnull=False))
                .values_list("visit_id", "visit__patient_id", "visit__patient__sex", "visit__facility_id",
                             "visit__date", "hb_g_dl", "glucose_mg_dl", "glucose_fasting").order_by("visit_id"))
        for visit_id, patient_id, sex, facility_id, day, hb, glucose, fasting in rows.iterator(chunk_size=BATCH):
            at_puskesmas = self.facilities[facility_id][0] == FacilityType.PUSKESMAS
            for code, value in (("HB", hb), ("GDP" if fasting else "GDS", glucose)):
                if value is None:
                    continue
                poc = not at_puskesmas and self.rng.random() < POINT_OF_CARE
                took = self._minutes(5, 20) if poc else self._minutes(20, 180) + timedelta(
                    days=0 if at_puskesmas else 1)
                self._add(code, visit_id=visit_id, patient_id=patient_id, sex=sex, facility_id=facility_id, day=day,
                          value=value, took=took, poc=poc)

    def _services(self):
        through = Visit.services.through.objects.filter(
            visit__facility__district_id=self.district, visit__date__gte=self.opening)
        treated = set(through.filter(service__code="TB_TREATMENT").values_list("visit__patient_id", flat=True))
        rows = (through.filter(service__code__in=["TRIPLE_ELIM", "TB_TEST"])
                .values_list("visit_id", "service__code", "visit__patient_id", "visit__patient__sex",
                             "visit__facility_id", "visit__date").order_by("visit_id"))
        for visit_id, service, patient_id, sex, facility_id, day in rows.iterator(chunk_size=BATCH):
            where = {"visit_id": visit_id, "patient_id": patient_id, "sex": sex, "facility_id": facility_id,
                     "day": day}
            if service == "TRIPLE_ELIM":
                for code, share in REACTIVE.items():
                    outcome = Outcome.REACTIVE if self.rng.random() < share else Outcome.NON_REACTIVE
                    self._add(code, **where, outcome=outcome, took=self._minutes(30, 180))
                continue
            sick = patient_id in treated
            if self.rng.random() < SMEAR:
                outcome = self.rng.choice([Outcome.AFB_1, Outcome.AFB_2, Outcome.AFB_SCANTY]) if sick \
                    else Outcome.NEGATIVE
                self._add("BTA", **where, outcome=outcome, took=self._minutes(600, 1800), always_done=True)
            else:
                outcome = Outcome.MTB_RIF_SENSITIVE if sick else Outcome.MTB_NOT_DETECTED
                self._add("TCM", **where, outcome=outcome, took=self._minutes(1440, 4320), always_done=True)

    def _waiting(self):
        recent = (Visit.objects.filter(facility__district_id=self.district, date__gte=self.today - timedelta(days=1),
                                       package__in=["anc", "ptm", "lansia"])
                  .values_list("pk", "patient_id", "patient__sex", "facility_id", "date", "package",
                               "measurement__hb_g_dl", "measurement__glucose_mg_dl").order_by("pk"))
        for visit_id, patient_id, sex, facility_id, day, package, hb, glucose in recent:
            code = "HB" if package == "anc" else "GDS"
            if (hb if code == "HB" else glucose) is not None or self.rng.random() >= WAITING:
                continue
            self._add(code, visit_id=visit_id, patient_id=patient_id, sex=sex, facility_id=facility_id, day=day,
                      waiting=True, took=timedelta(0))

    def run(self) -> LabResult:
        self._measured()
        self._services()
        self._waiting()
        self._flush()
        return self.result


def bench(district: str, *, requests: int = 20, seed: int = 1) -> dict:
    """One line of figures for `bench_lab`: the worklist of the Puskesmas
    with the most waiting as its analyst, in-process through the full
    middleware stack, and the district's median turnaround for the year as
    Dinkes (the selector the management page will read)."""
    import time as clock

    from django.db.models import Count
    from django.urls import reverse

    from facilities.models import Role
    from lab.selectors import turnaround
    from patients.models import Patient

    from .quality_bench import bench_user, time_page

    if not LabRequest.objects.filter(district_id=district).exists():
        build_lab(district, seed)
    busiest = (LabRequest.objects.filter(district_id=district, status=Status.WAITING).values("lab_id")
               .annotate(n=Count("pk")).order_by("-n", "lab_id").first())
    if busiest is None:
        raise RuntimeError(f"nothing waits at a lab of {district}: seed it with seed_demo")
    lab = Facility.objects.get(pk=busiest["lab_id"])
    analyst = bench_user("bench-lab", Role.LABORATORIUM, scope_facility=lab, scope_district=None)
    dinkes = bench_user("bench-dinkes-lab", Role.STAF_DINKES, scope_facility=None, scope_district_id=district)
    page = time_page(analyst, reverse("lab:worklist"), requests=requests)
    today = timezone.localdate()
    started = clock.perf_counter()
    labs = turnaround(user=dinkes, start=today - timedelta(days=364), end=today)
    turnaround_ms = (clock.perf_counter() - started) * 1000
    return {
        "people": Patient.objects.filter(household__posyandu__district_id=district).count(),
        "lab_requests": LabRequest.objects.filter(district_id=district).count(),
        "waiting_at_lab": busiest["n"],
        "worklist_median_ms": page["median_ms"], "worklist_p95_ms": page["p95_ms"],
        "worklist_queries": page["queries"],
        "turnaround_ms": round(turnaround_ms, 1), "turnaround_labs": len(labs),
    }
