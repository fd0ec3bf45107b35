"""Demo visits: one year (the 365 days ending `today`) of the services the
demo district's people would have had, for the people build_people wrote.

- Monthly Posyandu weighing and measuring of balita (about 80% attendance, some
  children rarely come), growth from a persistent length-for-age and weight-
  for-length z per child through the WHO LMS tables, vitamin A and deworming in
  February and August; one PosyanduSession per Posyandu and day used.
- ANC K1-K6 for the ongoing pregnancies; for each baby born in the year a
  delivered pregnancy of the mother (Patient.mother, else a woman 16-45 of the
  household) with its ANC, PERSALINAN at a Puskesmas for ~90%, KF1-KF4 and
  KN1-KN3 in their windows, with dropouts.
- Immunisation on schedule with dropouts for children under 2 at the start of
  the year. Their doses before that year are written too (immunisation-only
  visits at the Puskesmas or Pustu): without them no child could reach complete
  basic immunisation in the year. ImmunisationStatus for each child with a dose.
- Yearly PTM screening of adults 15-59, lansia screening of 60+, monthly
  hypertension and diabetes care for part of those found, TB symptom screens
  with a few tests and treatments.

Every Measurement carries the values clusters.services would derive: derive()
is called for each one with the person's previous weighing and pregnancy state
at that date. Deterministic for a district, seed, `today` and the people in the
database; planned in memory household by household and written per batch of
households (COPY on PostgreSQL, bulk_create elsewhere), so the number of queries
grows with batches, never with people. Visits are entered by the inactive
system user "demo-seed", who also creates the delivered pregnancies.

Not written: history rows (bulk writes bypass django-simple-history) and
CoverageChange rows; run a full rebuild of the aggregates after seeding.
Running it again first deletes the district's visits (of its people or in
sessions of its Posyandu), sessions, immunisation statuses and the pregnancies
created by demo-seed (delete_visits), so the same seed gives the same result.
"""

import json
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import groupby

from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from facilities.demo import DemoError
from facilities.models import Facility, FacilityType, Region, RegionLevel, User
from patients.models import Patient, Pregnancy, PregnancyStatus

from . import immunisation
from . import thresholds as t
from .anthropometry import LMS, _table, _wfl_lms, completed_months, corrected_length
from .derived import age_years, derive
from .models import ImmunisationStatus, Measurement, PosyanduSession, Service, Setting, Visit
from .services import MEASUREMENT_FIELDS

SEED_USERNAME = "demo-seed"
DAYS = 365
BATCH_PEOPLE = 25_000  # people planned and written per batch (memory stays flat at a million)

# Shares and rates (per person and year unless said otherwise).
WEIGHING_PROPENSITY = ((0.70, 0.85, 1.0), (0.20, 0.55, 0.85), (0.10, 0.1, 0.4))  # (share, low, high)
HAZ_MEAN, HAZ_SD = -1.15, 1.1  # ~22% stunted (HAZ < -2)
WHZ_MEAN, WHZ_SD = -0.3, 1.0
WRONG_POSITION = {True: 0.08, False: 0.05}  # under 2 years measured standing / from 2 years lying
SICK_MONTH = 0.04  # a month whose weight drops
PTM_SHARE = {15: 0.30, 30: 0.40, 45: 0.50}  # by age from
LANSIA_SHARE = 0.5
TB_SCREEN_SHARE = 0.12
TB_PRESUMPTIVE = 0.03  # of those screened
HT_CARE_SHARE, DM_CARE_SHARE = 0.45, 0.5  # of those found
HT_RISK = ((15, 0.07), (25, 0.15), (35, 0.28), (45, 0.44), (55, 0.54), (60, 0.56), (70, 0.63))
DM_RISK = ((15, 0.01), (25, 0.03), (35, 0.07), (45, 0.12), (55, 0.16), (60, 0.18))
FACILITY_BIRTH = 0.9
ANC_SLOTS = ("ANC_K1", "ANC_K2", "ANC_K3", "ANC_K4", "ANC_K5", "ANC_K6")
ANC_ATTEND = (0.96, 0.93, 0.92, 0.88, 0.87, 0.82)
KF_WINDOWS = (("KF1", 0, 2, 0.92), ("KF2", 3, 7, 0.82), ("KF3", 8, 28, 0.75), ("KF4", 29, 42, 0.62))
KN_WINDOWS = (("KN1", 0, 1, 0.94), ("KN2", 3, 7, 0.85), ("KN3", 8, 28, 0.78))
# Immunisation contacts: (due age in days, extra delay range in days); each gives the next dose of every series due.
CONTACTS = ((0, 7, 30), (61, 0, 20), (91, 0, 20), (122, 0, 20), (274, 0, 25), (365, 0, 30), (548, 0, 45))
CONTACT_ATTEND = (0.95, 0.95, 0.95, 0.95, 0.9, 0.85, 0.8)
CONTACT_DROPOUT = 0.025  # the family stops coming altogether
STOCK_OUT = {"RV": 0.04, "PCV": 0.04, "IPV": 0.03}
SERIES_DOSES: dict[str, list[tuple[str, int]]] = {}
for _code, _due, _series, _dose in immunisation.SCHEDULE:
    SERIES_DOSES.setdefault(_series, []).append((_code, _due))
SERIES_MAX_AGE = {"BCG": 364, "RV": 240, "HB0": 1}


def _workday(day: date, today: date) -> date:
    """Puskesmas and Posyandu work Monday to Saturday."""
    if day.weekday() != 6:
        return day
    return day + timedelta(days=1) if day < today else day - timedelta(days=1)


def _inverse(p: LMS, z: float) -> float:
    """The measurement at z: m*(1 + l*s*z)^(1/l)."""
    if p.l == 0:
        return p.m * math.exp(p.s * z)
    return p.m * max(1 + p.l * p.s * z, 0.05) ** (1 / p.l)


def _d(value: float, places: str = "0.1") -> Decimal:
    return Decimal(f"{value:.{len(places) - 2}f}")


def _risk(table, years: int) -> float:
    value = 0.0
    for since, p in table:
        if years >= since:
            value = p
    return value


@dataclass
class VisitsResult:
    district: Region
    visits: int = 0
    measurements: int = 0
    service_rows: int = 0
    sessions: int = 0
    pregnancies: int = 0  # delivered pregnancies created for the babies of the year
    immunisation_statuses: int = 0
    replaced: int = 0  # visits deleted first
    by_service: Counter = field(default_factory=Counter)


class _Draft:
    __slots__ = ("day", "facility", "setting", "package", "pregnancy", "session", "services", "values", "pregnant")

    def __init__(self, day, facility, setting, package, services, values=None, pregnancy=None, session=None,
                 pregnant=None):
        self.day, self.facility, self.setting, self.package = day, facility, setting, package
        self.services, self.values, self.pregnancy = services, values, pregnancy
        self.session, self.pregnant = session, pregnant


class _Person:
    __slots__ = ("pk", "sex", "birth", "household", "posyandu", "mother", "drafts", "adult", "child", "pregnancies")

    def __init__(self, pk, sex, birth, household, posyandu, mother):
        self.pk, self.sex, self.birth, self.household = pk, sex, birth, household
        self.posyandu, self.mother = posyandu, mother
        self.drafts: list[_Draft] = []
        self.adult = None  # (height, bmi, waist offset, hypertensive, diabetic, muac)
        self.child = None  # _Child
        self.pregnancies: list[tuple[date, date]] = []  # (LMP, first day no longer pregnant)


class _Child:
    __slots__ = ("haz", "whz", "hcz", "acz", "noise", "attend", "weighings")

    def __init__(self, rng: random.Random):
        self.haz = min(max(rng.gauss(HAZ_MEAN, HAZ_SD), -4.5), 3.5)
        self.whz = min(max(rng.gauss(WHZ_MEAN, WHZ_SD), -4.0), 3.5)
        self.hcz = min(max(rng.gauss(-0.3, 1.0), -3.5), 3.5)
        self.acz = 0.6 * self.whz + rng.gauss(0, 0.6)
        self.noise = 0.0
        r, cum, band = rng.random(), 0.0, WEIGHING_PROPENSITY[-1]
        for share, *bounds in WEIGHING_PROPENSITY:
            cum += share
            if r < cum:
                band = (share, *bounds)
                break
        self.attend = rng.uniform(band[1], band[2])
        self.weighings: dict[int, _Draft] = {}  # month index -> weighing draft


class _Writer:
    """Rows of one batch, written with COPY (PostgreSQL) or bulk_create."""

    def __init__(self):
        self.pg = connection.vendor == "postgresql"
        self.rows: dict[type, list] = {}

    def add(self, model, row):
        self.rows.setdefault(model, []).append(row)

    def flush(self, order, columns):
        for model in order:
            rows = self.rows.pop(model, [])
            if rows:
                self._write(model, columns[model], rows)

    def _write(self, model, cols, rows):
        if not self.pg:
            objs = [model(**dict(zip(cols, row, strict=True))) for row in rows]
            # bulk_create stamps auto_now_add fields with now; put back the
            # times given (a visit is entered on its day).
            stamped = [f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)
                       and f.attname in cols]
            given = [[getattr(o, name) for name in stamped] for o in objs]
            model.objects.bulk_create(objs, batch_size=2000)
            if stamped:
                for o, values in zip(objs, given, strict=True):
                    for name, value in zip(stamped, values, strict=True):
                        setattr(o, name, value)
                model.objects.bulk_update(objs, stamped, batch_size=500)
            return
        opts, qn = model._meta, connection.ops.quote_name
        db_cols = ", ".join(qn(opts.get_field(c).column) for c in cols)
        with connection.cursor() as cursor, cursor.copy(f"COPY {qn(opts.db_table)} ({db_cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


VISIT_COLUMNS = ["id", "patient_id", "facility_id", "date", "setting", "package", "pregnancy_id", "session_id",
                 "entered_by_id", "note", "confirmed", "submission_key", "created_at", "updated_at"]
SESSION_COLUMNS = ["id", "posyandu_id", "date", "opened_by_id", "opened_at"]
PREGNANCY_COLUMNS = ["id", "patient_id", "last_menstrual_period", "expected_delivery_date", "status", "ended_on",
                     "created_at", "created_by_id"]
STATUS_COLUMNS = ["patient_id", "given", "due", "basic_complete", "basic_complete_on", "updated_at"]
THROUGH = Visit.services.through


def demo_user() -> User:
    user, created = User.objects.get_or_create(
        username=SEED_USERNAME, defaults={"first_name": "Data", "last_name": "demo", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def delete_visits(district_code: str) -> int:
    """Set-based: the visits of the district's people or in its Posyandu
    sessions with their services and measurements, the sessions, the
    immunisation statuses and the pregnancies demo-seed created. Call it before
    build_people replaces the people (its generic delete would go row by row).
    Returns the number of visits deleted."""
    patients = Patient._base_manager.filter(household__posyandu__district_id=district_code).values("pk")
    sessions = PosyanduSession.objects.filter(posyandu__district_id=district_code)
    visits = Visit._base_manager.filter(Q(patient__in=patients) | Q(session__in=sessions.values("pk"))).values("pk")
    THROUGH.objects.filter(visit__in=visits)._raw_delete(connection.alias)
    Measurement._base_manager.filter(visit__in=visits)._raw_delete(connection.alias)
    deleted = Visit._base_manager.filter(pk__in=visits)._raw_delete(connection.alias)
    sessions._raw_delete(connection.alias)
    ImmunisationStatus.objects.filter(patient__in=patients)._raw_delete(connection.alias)
    Pregnancy._base_manager.filter(patient__in=patients, created_by__username=SEED_USERNAME)._raw_delete(
        connection.alias
    )
    return deleted


@transaction.atomic
def build_visits(district_code: str, seed: int = 1, today: date | None = None) -> VisitsResult:
    district = Region.objects.filter(code=district_code, level=RegionLevel.KABKOTA).first()
    if district is None:
        raise DemoError(f"Kabupaten/kota {district_code} tidak ditemukan; jalankan import_regions dahulu.")
    user = demo_user()
    result = VisitsResult(district=district)
    result.replaced = delete_visits(district_code)
    _Planner(district_code, seed, today or timezone.localdate(), user.pk, result).run()
    return result


class _Planner:
    def __init__(self, district_code, seed, today, user_id, result):
        self.district, self.today, self.user_id, self.result = district_code, today, user_id, result
        self.start = today - timedelta(days=DAYS - 1)
        self.rng = random.Random(f"{district_code}:{seed}:visits")
        self.now = timezone.now()
        self.entered: dict[date, datetime] = {}
        self.writer = _Writer()
        self.pg = self.writer.pg
        self.lenanthro = _table("lenanthro")
        self.hcanthro = _table("hcanthro")
        self.acanthro = _table("acanthro")
        fields = Measurement._meta.concrete_fields
        self.m_columns = [f.attname for f in fields]
        self.m_index = {name: i for i, name in enumerate(self.m_columns)}
        defaults = []
        for f in fields:
            value = f.get_default()
            defaults.append(json.dumps(value) if self.pg and isinstance(value, list) else value)
        self.m_defaults = defaults
        self.m_json = {self.m_index["skilas_flags"], self.m_index["tb_symptoms"]}
        visit_fields = {f.attname for f in Visit._meta.concrete_fields}
        if visit_fields != set(VISIT_COLUMNS):
            raise DemoError(f"clusters.demo is out of date with Visit: {sorted(visit_fields ^ set(VISIT_COLUMNS))}")
        self.columns = {
            Visit: VISIT_COLUMNS, Measurement: self.m_columns, THROUGH: ["visit_id", "service_id"],
            PosyanduSession: SESSION_COLUMNS, Pregnancy: PREGNANCY_COLUMNS, ImmunisationStatus: STATUS_COLUMNS,
        }

    # -- loading ------------------------------------------------------------

    def _load(self):
        services = {code: (pk, set(types)) for code, pk, types in Service.objects.values_list("code", "pk",
                                                                                              "facility_types")}
        needed = set(ANC_SLOTS) | {"PERSALINAN", "WEIGHING", "VIT_A", "PTM_SCREENING", "LANSIA_SCREENING",
                                   "TB_SCREENING", "TB_TEST", "TB_TREATMENT", "HT_CARE", "DM_CARE"}
        missing = sorted(needed - set(services))
        if missing:
            raise DemoError(f"Service catalogue lacks {', '.join(missing)}; run the migrations.")
        self.service_ids = {code: pk for code, (pk, _) in services.items()}
        facilities = list(Facility.objects.filter(district_id=self.district).values_list(
            "pk", "type", "parent_id", "puskesmas_id", "active"))
        active = {pk: ftype for pk, ftype, _, _, is_active in facilities if is_active}
        any_pkm = sorted(pk for pk, ftype in active.items() if ftype == FacilityType.PUSKESMAS)
        if not any_pkm:
            raise DemoError(f"Kabupaten/kota {self.district} belum punya Puskesmas aktif; bangun jaringan demo dahulu.")
        self.facility_type = active
        # Per Posyandu: (the Posyandu if active, its Pustu if any and active, its Puskesmas or another active one)
        self.network = {}
        for pk, ftype, parent, pkm, _ in facilities:
            if ftype != FacilityType.POSYANDU:
                continue
            self.network[pk] = (
                pk if pk in active else None,
                parent if active.get(parent) == FacilityType.PUSTU else None,
                pkm if active.get(pkm) == FacilityType.PUSKESMAS else any_pkm[0],
            )
        # One Posyandu day a month, on a day of its own.
        self.months = []
        y, m = self.start.year, self.start.month
        while (y, m) <= (self.today.year, self.today.month):
            self.months.append((y, m))
            y, m = (y, m + 1) if m < 12 else (y + 1, 1)
        self.session_days = {}
        for pk in sorted(self.network):
            if self.network[pk][0] is None:
                continue
            dom = self.rng.randint(4, 25)
            days = []
            for y, m in self.months:
                day = date(y, m, dom)
                if day.weekday() == 6:
                    day += timedelta(days=1)
                days.append(day if self.start <= day <= self.today else None)
            self.session_days[pk] = days
        self.session_ids: dict[tuple[int, date], int] = {}
        self.next_ids = {
            model: (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1
            for model in (Visit, PosyanduSession, Pregnancy)
        }
        self.first_ids = dict(self.next_ids)
        people = list(Patient._base_manager.filter(
            household__posyandu__district_id=self.district, merged_into__isnull=True
        ).order_by("household_id", "pk").values_list("pk", "sex", "birth_date", "household_id",
                                                     "household__posyandu_id", "mother_id"))
        ongoing = Pregnancy._base_manager.filter(
            patient__household__posyandu__district_id=self.district, status=PregnancyStatus.ONGOING
        ).order_by("pk").values_list("pk", "patient_id", "last_menstrual_period", "expected_delivery_date")
        self.ongoing = {}
        for pk, patient, lmp, edd in ongoing:
            self.ongoing[patient] = (pk, lmp or edd - timedelta(days=280))
        return people

    # -- the run ------------------------------------------------------------

    def run(self):
        people = self._load()
        batch: list[list[_Person]] = []
        size = 0
        for household, rows in groupby(people, key=lambda r: r[3]):
            members = [_Person(pk, sex, birth, household, posyandu, mother)
                       for pk, sex, birth, _, posyandu, mother in rows]
            batch.append(members)
            size += len(members)
            if size >= BATCH_PEOPLE:
                self._batch(batch)
                batch, size = [], 0
        if batch:
            self._batch(batch)
        self._finish_sequences()

    def _batch(self, households):
        for members in households:
            self._household(members)
        self.writer.flush(
            [PosyanduSession, Pregnancy, Visit, Measurement, THROUGH, ImmunisationStatus], self.columns
        )

    def _finish_sequences(self):
        if not self.pg:
            return
        with connection.cursor() as cursor:
            for model in (Visit, PosyanduSession, Pregnancy):
                if self.next_ids[model] != self.first_ids[model]:
                    table = model._meta.db_table
                    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM "
                                   f"{connection.ops.quote_name(table)}))")

    def _new_id(self, model) -> int:
        pk = self.next_ids[model]
        self.next_ids[model] += 1
        return pk

    # -- places and days ------------------------------------------------------

    def _month_index(self, day: date) -> int:
        return (day.year - self.months[0][0]) * 12 + day.month - self.months[0][1]

    def _session_on_or_after(self, posyandu, day: date, within: int = 35):
        """(day, posyandu) of the first session of the Posyandu on or after day, or None."""
        days = self.session_days.get(posyandu)
        if days is None:
            return None
        i = max(self._month_index(day), 0)
        while i < len(days):
            s = days[i]
            if s is not None and s >= day:
                return s if (s - day).days <= within else None
            i += 1
        return None

    def _random_session(self, posyandu):
        days = [d for d in self.session_days.get(posyandu, ()) if d is not None]
        return days[self.rng.randrange(len(days))] if days else None

    def _at_posyandu(self, person, day, package, services, values=None, pregnancy=None, pregnant=None):
        return _Draft(day, person.posyandu, Setting.POSYANDU, package, services, values, pregnancy,
                      (person.posyandu, day), pregnant)

    def _building(self, person, pustu_share=0.35):
        _, pustu, pkm = self.network[person.posyandu]
        return pustu if pustu and self.rng.random() < pustu_share else pkm

    def _place(self, person, posyandu_share, pustu_share):
        """A day and facility for a once-a-year service: a Posyandu day, or any workday at the Pustu or Puskesmas."""
        rng = self.rng
        posyandu = self.network[person.posyandu][0]
        if posyandu and rng.random() < posyandu_share:
            day = self._random_session(posyandu)
            if day:
                return day, None
        day = _workday(self.start + timedelta(days=rng.randrange(DAYS)), self.today)
        return day, self._building(person, pustu_share)

    # -- a household ----------------------------------------------------------

    def _household(self, members: list[_Person]):
        today, start = self.today, self.start
        for p in members:
            if p.posyandu not in self.network:
                return
            if p.pk in self.ongoing:
                pk, lmp = self.ongoing[p.pk]
                p.pregnancies.append((lmp, today + timedelta(days=1)))
        babies = sorted((p for p in members if start <= p.birth <= today), key=lambda p: (p.birth, p.pk))
        delivered: dict[int, tuple] = {}  # mother pk -> (birth date, pregnancy id, facility birth)
        for baby in babies:
            mother = self._mother_of(baby, members, delivered)
            if mother is None:
                self._newborn(baby, None, facility_birth=self.rng.random() < FACILITY_BIRTH)
                continue
            if mother.pk in delivered:  # a twin
                self._newborn(baby, mother, facility_birth=delivered[mother.pk][2])
                continue
            facility_birth = self.rng.random() < FACILITY_BIRTH
            pregnancy = self._delivery(mother, baby.birth, facility_birth)
            delivered[mother.pk] = (baby.birth, pregnancy, facility_birth)
            self._newborn(baby, mother, facility_birth)
        for p in members:
            if p.pk in self.ongoing:
                self._anc(p, *self.ongoing[p.pk], end=None)
            self._person(p)
        for p in members:
            self._finish(p)

    def _mother_of(self, baby, members, delivered):
        if baby.mother is not None:
            for m in members:
                if m.pk == baby.mother and m.sex == "P":
                    return m if m.pk not in delivered or delivered[m.pk][0] == baby.birth else None
        best, best_gap = None, None
        for m in members:
            if m.sex != "P" or m is baby:
                continue
            years = age_years(m.birth, baby.birth)
            if not 16 <= years <= 45:
                continue
            if m.pk in delivered and delivered[m.pk][0] != baby.birth:
                continue
            if m.pk in self.ongoing and self.ongoing[m.pk][1] < baby.birth + timedelta(days=42):
                continue
            gap = abs(years - 27)
            if best is None or gap < best_gap:
                best, best_gap = m, gap
        return best

    # -- pregnancy, delivery, newborn ----------------------------------------

    def _mother_body(self, p):
        if p.adult is None:
            self._adult(p)
        return p.adult

    def _anc(self, woman, pregnancy, lmp, end):
        """K1..K6 by gestational age up to today, or up to the day before delivery (end)."""
        rng, today = self.rng, self.today
        if rng.random() < 0.04:
            return  # no ANC at all
        k1 = rng.randint(6, 12) if rng.random() < 0.82 else rng.randint(13, 20)
        k2 = k1 + rng.randint(3, 5)
        k3 = rng.randint(max(k2 + 3, 16), max(k2 + 3, 24))
        k4 = rng.randint(max(k3 + 3, 25), max(k3 + 3, 30))
        k5 = rng.randint(max(k4 + 2, 31), max(k4 + 2, 34))
        k6 = rng.randint(max(k5 + 2, 35), max(k5 + 2, 38))
        height, bmi, _, _, _, muac = self._mother_body(woman)
        base_weight = bmi * (height / 100) ** 2
        last = end if end is not None else today + timedelta(days=1)
        hypertensive = rng.random() < 0.06
        previous = None
        for code, week, attend in zip(ANC_SLOTS, (k1, k2, k3, k4, k5, k6), ANC_ATTEND, strict=True):
            if rng.random() >= attend:
                continue
            day = lmp + timedelta(days=7 * week + rng.randint(0, 6))
            facility, session_day = None, None
            if code in ("ANC_K1", "ANC_K5"):
                facility = self.network[woman.posyandu][2]
            else:
                r = rng.random()
                if r < 0.35 and self.network[woman.posyandu][0]:
                    session_day = self._session_on_or_after(self.network[woman.posyandu][0], day, 28)
                if session_day is None:
                    facility = self._building(woman, 0.45)
                else:
                    day = session_day
            if facility is not None:
                day = _workday(day, today)
            if day >= last or day < self.start or day > today or (previous and (day - previous).days < 14):
                continue
            if day < woman.birth:
                continue
            previous = day
            ga = (day - lmp).days // 7
            values = {
                "gestational_age_weeks": ga,
                "weight_kg": _d(base_weight + max(0, ga - 13) * 0.42 + rng.gauss(0, 0.6)),
                "muac_cm": _d(muac + rng.gauss(0, 0.3)),
                **self._bp(hypertensive, young=True),
                "tb_symptoms": self._tb_symptoms(0.01),
            }
            if code == "ANC_K1":
                values["length_cm"] = _d(height)
            if code in ("ANC_K1", "ANC_K5") or rng.random() < 0.2:
                values["hb_g_dl"] = _d(min(max(rng.gauss(11.5, 1.3), 6.0), 15.5))
            services = [code]
            if rng.random() < 0.85:
                services.append("TTD_BUMIL")
            if code in ("ANC_K1", "ANC_K2") and rng.random() < 0.6:
                services.append("TD_BUMIL")
            if code == "ANC_K1" and rng.random() < 0.8:
                services.append("TRIPLE_ELIM")
            if session_day is not None:
                draft = self._at_posyandu(woman, day, "anc", services, values, pregnancy, pregnant=True)
            else:
                draft = _Draft(day, facility, Setting.BUILDING, "anc", services, values, pregnancy, pregnant=True)
            woman.drafts.append(draft)

    def _delivery(self, mother, birth, facility_birth) -> int:
        rng, today = self.rng, self.today
        gestation = min(max(round(rng.gauss(273, 9)), 245), 294)
        lmp = birth - timedelta(days=gestation)
        pk = self._new_id(Pregnancy)
        self.writer.add(Pregnancy, (pk, mother.pk, lmp, lmp + timedelta(days=280), PregnancyStatus.DELIVERED.value,
                                    birth, self.now, self.user_id))
        self.result.pregnancies += 1
        mother.pregnancies.append((lmp, birth))
        self._anc(mother, pk, lmp, end=birth)
        _, pustu, pkm = self.network[mother.posyandu]
        if facility_birth:
            values = self._bp(rng.random() < 0.06, young=True)
            if rng.random() < 0.5:
                values["hb_g_dl"] = _d(min(max(rng.gauss(11.3, 1.3), 6.0), 15.5))
            mother.drafts.append(_Draft(birth, pkm, Setting.BUILDING, "delivery", ["PERSALINAN"], values, pk,
                                        pregnant=True))
        for code, low, high, attend in KF_WINDOWS:
            day = birth + timedelta(days=rng.randint(low, high))
            if day > today or rng.random() >= attend:
                continue
            if code == "KF1" and facility_birth:
                facility, setting = pkm, Setting.BUILDING
            else:
                facility = pustu or pkm
                setting = Setting.HOME if rng.random() < 0.4 or code == "KF1" else Setting.BUILDING
            values = self._bp(False, young=True)
            if code == "KF1" and rng.random() < 0.3:
                values["hb_g_dl"] = _d(min(max(rng.gauss(11.0, 1.4), 6.0), 15.5))
            mother.drafts.append(_Draft(day, facility, setting, "delivery", [code], values, pregnant=False))
        return pk

    def _newborn(self, baby, mother, facility_birth):
        rng, today = self.rng, self.today
        child = self._child(baby)
        _, pustu, pkm = self.network[baby.posyandu]
        for code, low, high, attend in KN_WINDOWS:
            day = baby.birth + timedelta(days=rng.randint(low, high))
            if day > today or rng.random() >= attend:
                continue
            if code == "KN1" and facility_birth:
                facility, setting = pkm, Setting.BUILDING
            else:
                facility = pustu or pkm
                setting = Setting.HOME if rng.random() < 0.5 or code == "KN1" else Setting.BUILDING
            values = self._growth(baby, child, day, kn=True)
            services = [code]
            if code == "KN1" and (day - baby.birth).days <= 1 and rng.random() < 0.93:
                services.append("IMM_HB0")
            baby.drafts.append(_Draft(day, facility, setting, "balita", services, values))

    # -- children -------------------------------------------------------------

    def _child(self, p) -> _Child:
        if p.child is None:
            p.child = _Child(self.rng)
        return p.child

    def _growth(self, p, child, day, kn=False) -> dict:
        rng = self.rng
        age = (day - p.birth).days
        sex = 1 if p.sex == "L" else 2
        lying_ref = age < 731
        length = _inverse(self.lenanthro[(sex, age)], child.haz + rng.gauss(0, 0.03))
        wrong = not kn and rng.random() < WRONG_POSITION[lying_ref]
        lying = lying_ref != wrong
        if wrong:
            length += -0.7 if lying_ref else 0.7
        recorded = _d(min(max(length, 42.0), 128.0))
        clen = corrected_length(age, float(recorded), lying)
        child.noise = 0.8 * child.noise + rng.gauss(0, 0.05)
        z = child.whz + child.noise - (0.4 if not kn and rng.random() < SICK_MONTH else 0.0)
        low, high = (45.0, 110.0) if lying_ref else (65.0, 120.0)
        weight = _inverse(_wfl_lms(sex, age, min(max(clen, low), high)), z)
        values = {
            "weight_kg": _d(min(max(weight, 1.0), 38.0), "0.01" if kn else "0.1"),
            "length_cm": recorded,
            "measured_lying": lying,
        }
        if kn and age <= 2 or age < 730 and rng.random() < 0.25:
            values["head_cm"] = _d(_inverse(self.hcanthro[(sex, age)], child.hcz + rng.gauss(0, 0.1)))
        return values

    def _weighing(self, p, child):
        """Monthly at the Posyandu from one month to 59 months of age."""
        rng = self.rng
        posyandu = self.network[p.posyandu][0]
        if posyandu is None:
            return
        for i, day in enumerate(self.session_days[posyandu]):
            if day is None or (day - p.birth).days < 29 or completed_months(p.birth, day) >= 60:
                continue
            if i not in child.weighings and rng.random() >= child.attend:
                continue
            draft = child.weighings.get(i)
            if draft is None:
                draft = self._at_posyandu(p, day, "balita", [])
                child.weighings[i] = draft
                p.drafts.append(draft)
            values = self._growth(p, child, day)
            months = completed_months(p.birth, day)
            if day.month in (2, 8) and months >= 6:
                if 91 <= (day - p.birth).days and rng.random() < 0.7:
                    sex = 1 if p.sex == "L" else 2
                    values["muac_cm"] = _d(_inverse(self.acanthro[(sex, (day - p.birth).days)], child.acz))
                if rng.random() < 0.95:
                    draft.services.append("VIT_A")
                if months >= 12 and rng.random() < 0.85:
                    draft.services.append("DEWORMING")
            draft.services.insert(0, "WEIGHING")
            draft.values = values

    def _immunise(self, p, child):
        """The contacts of the schedule, each giving the next due dose of every
        series; dropouts, delays, catch-up, doses of a series >= 28 days apart."""
        rng, today = self.rng, self.today
        given: dict[str, date] = {}
        for draft in p.drafts:  # HB0 at KN1
            for code in draft.services:
                if code in immunisation.CODES:
                    given[code] = draft.day
        if p.birth < self.start and rng.random() < 0.85:
            day = p.birth + timedelta(days=rng.randint(0, 1))
            p.drafts.append(_Draft(day, self.network[p.posyandu][2], Setting.BUILDING, "balita", ["IMM_HB0"]))
            given["IMM_HB0"] = day
        series_last: dict[str, date] = {}
        count: dict[str, int] = {}
        for code, day in given.items():
            series_last[immunisation.SERIES[code][0]] = day
            count[immunisation.SERIES[code][0]] = 1
        previous = p.birth
        posyandu = self.network[p.posyandu][0]
        for (due, low, high), attend in zip(CONTACTS, CONTACT_ATTEND, strict=True):
            if rng.random() < CONTACT_DROPOUT:
                return given
            target = max(p.birth + timedelta(days=due + rng.randint(low, high)), previous + timedelta(days=28))
            if rng.random() < 0.15:
                target += timedelta(days=rng.randint(15, 60))
            if rng.random() >= attend:
                continue
            if target > today:
                return given
            day, session_month = target, None
            if target >= self.start and posyandu and rng.random() < 0.65:
                s = self._session_on_or_after(posyandu, target)
                if s and s <= today:
                    day, session_month = s, self._month_index(s)
            if session_month is None:
                day = _workday(day, today)
                if day > today:
                    return given
            age = (day - p.birth).days
            doses = []
            for series, plan in SERIES_DOSES.items():
                n = count.get(series, 0)
                if series == "HB0" or n >= len(plan) or plan[n][1] > age or age > SERIES_MAX_AGE.get(series, 10**6):
                    continue
                if series in series_last and (day - series_last[series]).days < immunisation.MIN_DAYS_BETWEEN_DOSES:
                    continue
                if rng.random() < STOCK_OUT.get(series, 0):
                    continue
                doses.append(plan[n][0])
                count[series] = n + 1
                series_last[series] = day
            if not doses:
                continue
            previous = day
            for code in doses:
                given[code] = day
            if session_month is not None:
                draft = child.weighings.get(session_month)
                if draft is None:
                    draft = self._at_posyandu(p, day, "balita", [])
                    child.weighings[session_month] = draft
                    p.drafts.append(draft)
                draft.services.extend(doses)
            else:
                facility = self._building(p, 0.3)
                p.drafts.append(_Draft(day, facility, Setting.BUILDING, "balita", doses))
        return given

    # -- everyone -------------------------------------------------------------

    def _person(self, p):
        today, start, rng = self.today, self.start, self.rng
        if p.birth > today:
            return
        age_end = age_years(p.birth, today)
        if p.birth > start - timedelta(days=5 * 365 + 2):  # a balita at some day of the year
            child = self._child(p)
            given = {}
            if p.birth > start - timedelta(days=730):
                given = self._immunise(p, child)
            self._weighing(p, child)
            if given:
                status = immunisation.immunisation_status(p.birth, given, today)
                self.writer.add(ImmunisationStatus, (
                    p.pk, self._json(status.given), self._json(status.due), status.basic_complete,
                    status.basic_complete_on, self.now))
                self.result.immunisation_statuses += 1
        if age_end >= 15:
            self._screening(p)
        if rng.random() < TB_SCREEN_SHARE:
            self._tb(p)

    def _adult(self, p):
        rng = self.rng
        male = p.sex == "L"
        height = rng.gauss(163.5, 6.5) if male else rng.gauss(151.5, 5.8)
        bmi = min(max(rng.gauss(23.6, 4.2), 15.5), 45.0)
        years = age_years(p.birth, self.today)
        p.adult = (height, bmi, rng.gauss(0, 5) + (32 if male else 28), rng.random() < _risk(HT_RISK, years),
                   rng.random() < _risk(DM_RISK, years), rng.gauss(25.8, 2.6))

    def _bp(self, hypertensive: bool, in_care: bool = False, young: bool = False) -> dict:
        """A reading; young: a pregnant or newly delivered woman's lower normal pressure."""
        rng = self.rng
        high = hypertensive and rng.random() < (0.6 if in_care else 0.85)
        normal = (110, 70) if young else (119, 76)
        systolic = int(rng.gauss(152, 12) if high else min(rng.gauss(normal[0], 10), 148))
        diastolic = int(rng.gauss(92, 8) if high else min(rng.gauss(normal[1], 7), 94))
        systolic = min(max(systolic, 90), 215)
        return {"systolic": systolic, "diastolic": min(max(diastolic, 50), systolic - 15)}

    def _glucose(self, diabetic: bool, fasting: bool, in_care: bool = False) -> dict:
        rng = self.rng
        pre = not diabetic and rng.random() < 0.15
        if diabetic and (not in_care or rng.random() < 0.7):
            value = rng.gauss(172, 40) if fasting else rng.gauss(250, 60)
            value = max(value, 127 if fasting else 201)
        elif pre:
            value = rng.uniform(100, 125) if fasting else rng.uniform(140, 199)
        else:
            value = min(rng.gauss(88, 8), 99) if fasting else min(rng.gauss(105, 14), 139)
        return {"glucose_mg_dl": int(min(max(value, 55), 550)), "glucose_fasting": fasting}

    def _screening(self, p):
        """PTM screening 15-59 or lansia screening 60+, once in the year; care for part of those found."""
        rng = self.rng
        if p.adult is None:
            self._adult(p)
        height, bmi, waist_offset, hypertensive, diabetic, _ = p.adult
        years_now = age_years(p.birth, self.today)
        lansia = years_now >= 60
        share = LANSIA_SHARE if lansia else _risk(tuple(PTM_SHARE.items()), years_now) * (
            1.15 if p.sex == "P" else 0.85)
        if rng.random() >= share:
            return
        day, facility = self._place(p, 0.6 if lansia else 0.45, 0.4)
        years = age_years(p.birth, day)
        if lansia != (years >= 60) or years < 15:
            return
        weight = bmi * (height / 100) ** 2 + rng.gauss(0, 0.8)
        values = {
            "weight_kg": _d(weight), "length_cm": _d(height), "waist_cm": _d(waist_offset + 2.2 * bmi),
            **self._bp(hypertensive), **self._glucose(diabetic, rng.random() < 0.25),
        }
        if lansia:
            package, services = "lansia", ["LANSIA_SCREENING"]
            values["adl"] = self._adl(years)
            values["skilas_flags"] = [f for f, chance in zip(t.SKILAS_FLAGS, (0.1, 0.1, 0.06, 0.15, 0.1, 0.06),
                                                             strict=True) if rng.random() < chance]
        else:
            package, services = "ptm", ["PTM_SCREENING"]
            if rng.random() < 0.3:
                values["srq20"] = min(int(rng.expovariate(0.45)), 20)
                services.append("MENTAL_SCREENING")
            if facility is not None and years >= 40 and rng.random() < 0.3:
                values["puma"] = min(int(rng.expovariate(0.5)), 9)
                services.append("PUMA_SCREENING")
            if facility is not None and p.sex == "P" and years >= 30 and rng.random() < 0.1:
                services.append("IVA")
        draft = (self._at_posyandu(p, day, package, services, values) if facility is None else
                 _Draft(day, facility, Setting.BUILDING, package, services, values))
        p.drafts.append(draft)
        found_ht = years >= t.ADULT_FROM_YEARS and (
            values["systolic"] >= t.HYPERTENSION[0] or values["diastolic"] >= t.HYPERTENSION[1])
        found_dm = values["glucose_mg_dl"] >= t.GLUCOSE["fasting" if values["glucose_fasting"] else "random"][1]
        care = []
        if found_ht and rng.random() < HT_CARE_SHARE:
            care.append("HT_CARE")
        if found_dm and rng.random() < DM_CARE_SHARE:
            care.append("DM_CARE")
        if care:
            self._care(p, day, care, hypertensive, diabetic)

    def _care(self, p, screened_on, care, hypertensive, diabetic):
        rng, today = self.rng, self.today
        facility = self._building(p, 0.4)
        k = 1
        while True:
            day = _workday(screened_on + timedelta(days=30 * k + rng.randint(-4, 4)), today)
            k += 1
            if day > today:
                return
            if rng.random() >= 0.75:
                continue
            values = self._bp(hypertensive, in_care=True)
            if "DM_CARE" in care:
                values.update(self._glucose(diabetic, rng.random() < 0.5, in_care=True))
            package = "lansia" if age_years(p.birth, day) >= 60 else "ptm"
            p.drafts.append(_Draft(day, facility, Setting.BUILDING, package, list(care), values))

    def _adl(self, years) -> int:
        r = self.rng.random()
        bands = (0.88, 0.96, 0.99) if years < 70 else (0.75, 0.9, 0.96) if years < 80 else (0.55, 0.8, 0.92)
        if r < bands[0]:
            return 20
        if r < bands[1]:
            return self.rng.randint(12, 19)
        if r < bands[2]:
            return self.rng.randint(9, 11)
        return self.rng.randint(0, 8)

    def _tb_symptoms(self, presumptive: float) -> list[str]:
        rng = self.rng
        r = rng.random()
        others = [s for s in t.TB_SYMPTOMS if s != "cough_2w"]
        if r < presumptive * 0.8:
            return ["cough_2w", *sorted(rng.sample(others, rng.randint(0, 3)), key=t.TB_SYMPTOMS.index)]
        if r < presumptive:
            return sorted(rng.sample(others, rng.randint(2, 3)), key=t.TB_SYMPTOMS.index)
        if r < presumptive + 0.06:
            return [others[rng.randrange(len(others))]]
        return []

    def _tb(self, p):
        rng, today = self.rng, self.today
        day, facility = self._place(p, 0.4, 0.45)
        if day < p.birth:
            return
        symptoms = self._tb_symptoms(TB_PRESUMPTIVE)
        values = {"tb_symptoms": symptoms}
        if age_years(p.birth, day) >= 15:
            if p.adult is None:
                self._adult(p)
            height, bmi = p.adult[:2]
            values["weight_kg"] = _d(bmi * (height / 100) ** 2 + rng.gauss(0, 0.8))
        draft = (self._at_posyandu(p, day, "tb", ["TB_SCREENING"], values) if facility is None else
                 _Draft(day, facility, Setting.BUILDING, "tb", ["TB_SCREENING"], values))
        p.drafts.append(draft)
        presumptive = "cough_2w" in symptoms or len(symptoms) >= t.TB_PRESUMPTIVE_OTHER_SIGNS
        if not presumptive or rng.random() >= 0.7:
            return
        pkm = self.network[p.posyandu][2]
        test_day = _workday(day + timedelta(days=rng.randint(1, 21)), today)
        if test_day > today:
            return
        p.drafts.append(_Draft(test_day, pkm, Setting.BUILDING, "tb", ["TB_TEST"]))
        if rng.random() < 0.15:
            treat_day = test_day + timedelta(days=rng.randint(2, 14))
            if treat_day <= today:
                p.drafts.append(_Draft(treat_day, pkm, Setting.BUILDING, "tb", ["TB_TREATMENT"]))

    # -- derived values and rows ---------------------------------------------

    def _entered_on(self, day: date) -> datetime:
        """Demo visits are entered on their day, as at a Posyandu table: the
        data-quality review lists only real late entries."""
        if day not in self.entered:
            self.entered[day] = min(timezone.make_aware(datetime.combine(day, time(10))), self.now)
        return self.entered[day]

    def _json(self, value):
        return json.dumps(value) if self.pg else value

    def _pregnant_on(self, p, day) -> bool:
        return any(lmp <= day < end for lmp, end in p.pregnancies)

    def _finish(self, p):
        """Visit, measurement and service rows of one person, in date order, with
        the derived values clusters.services would store."""
        drafts = p.drafts
        if not drafts:
            return
        drafts.sort(key=lambda d: d.day)
        writer, result, service_ids = self.writer, self.result, self.service_ids
        latest = None  # (date, kg) of the last weighing so far
        before = None  # the last weighing before the current day
        current = None
        for d in drafts:
            if d.day != current:
                current, before = d.day, latest
            pk = self._new_id(Visit)
            session = None
            if d.session is not None:
                session = self.session_ids.get(d.session)
                if session is None:
                    session = self.session_ids[d.session] = self._new_id(PosyanduSession)
                    writer.add(PosyanduSession, (session, d.session[0], d.session[1], self.user_id, self.now))
                    result.sessions += 1
            writer.add(Visit, (pk, p.pk, d.facility, d.day, d.setting, d.package, d.pregnancy, session,
                               self.user_id, "", self._json([]), None, self._entered_on(d.day), self.now))
            result.visits += 1
            for code in dict.fromkeys(d.services):
                writer.add(THROUGH, (pk, service_ids[code]))
                result.by_service[code] += 1
                result.service_rows += 1
            if not d.values:
                continue
            values = {k: v for k, v in d.values.items() if k in MEASUREMENT_FIELDS and v not in (None, "", [])}
            if not values:
                continue
            if d.values.get("tb_symptoms") is not None:
                values["tb_symptoms"] = list(d.values["tb_symptoms"])
            pregnant = d.pregnant if d.pregnant is not None else bool(p.pregnancies) and self._pregnant_on(p, d.day)
            weight = values.get("weight_kg")
            derived = derive(values, sex=p.sex, birth_date=p.birth, visit_date=d.day, pregnant=pregnant,
                             previous_weighing=before if weight is not None else None)
            if weight is not None:
                latest = (d.day, weight)
            row = list(self.m_defaults)
            row[0] = pk
            index = self.m_index
            for name, value in values.items():
                row[index[name]] = value
            for name, value in derived.items():
                row[index[name]] = value
            if self.pg:
                for i in self.m_json:
                    if isinstance(row[i], list):
                        row[i] = json.dumps(row[i])
            writer.add(Measurement, row)
            result.measurements += 1
        p.drafts = []
