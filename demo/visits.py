"""Demo visits: one year (the 365 days ending `today`) of the services the
demo district's people would have had, for the people build_people wrote.

- Monthly Posyandu weighing and measuring of balita (about 75% attendance, some
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

Every Measurement carries the values a form would give: it is derived by the
functions clusters.services and clusters.rederive use (`all_derived`, with
their previous-weighing and pregnancy rules), and the immunisation status by
clusters.immunisation, as on save. Deterministic for a district, seed, `today` and the people in the
database; planned in memory household by household and written per batch of
households by the demo's writer (demo.writer), so the number of queries
grows with batches, never with people. Visits are entered by the inactive
system user "demo-seed", who also creates the delivered pregnancies.

Not written: history rows (bulk writes bypass django-simple-history) and
CoverageChange rows; run a full rebuild of the aggregates after seeding.
Running it again first deletes the district's visits (of its people or in
sessions of its Posyandu), sessions, immunisation statuses and the pregnancies
created by demo-seed (demo.replace.delete_visits), so the same seed gives the
same result.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import groupby

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from clusters import immunisation
from clusters.derived import age_years
from clusters.models import ImmunisationStatus, Measurement, PosyanduSession, Service, Visit
from clusters.rederive import (
    MEASUREMENT_FIELDS,
    REGISTERED_AHEAD_DAYS,
    all_derived,
    pregnant_on,
    previous_weighing_of,
)
from clusters.who_tables import lms_table
from facilities.models import Facility, FacilityType, Region, RegionLevel, User
from patients.models import Patient, Pregnancy, PregnancyStatus

from .network import DemoError
from .replace import SEED_USERNAME, delete_visits
from .visit_parts import (
    ANC_SLOTS,
    BATCH_PEOPLE,
    DAYS,
    FACILITY_BIRTH,
    TB_SCREEN_SHARE,
    Person,
    Places,
)
from .visits_adults import Adults
from .visits_children import Children
from .visits_mothers import Mothers
from .writer import BulkWriter


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


class _Planner(Places, Mothers, Children, Adults):
    def __init__(self, district_code, seed, today, user_id, result):
        self.district, self.today, self.user_id, self.result = district_code, today, user_id, result
        self.start = today - timedelta(days=DAYS - 1)
        self.rng = random.Random(f"{district_code}:{seed}:visits")
        self.now = timezone.now()
        self.entered: dict[date, datetime] = {}
        self.writer = BulkWriter()
        self.pg = self.writer.pg
        self.lenanthro = lms_table("lenanthro")
        self.hcanthro = lms_table("hcanthro")
        self.acanthro = lms_table("acanthro")
        fields = Measurement._meta.concrete_fields
        self.m_columns = [f.attname for f in fields]
        self.m_index = {name: i for i, name in enumerate(self.m_columns)}
        self.m_defaults = [f.get_default() for f in fields]
        visit_fields = {f.attname for f in Visit._meta.concrete_fields}
        if visit_fields != set(VISIT_COLUMNS):
            raise DemoError(f"demo.visits is out of date with Visit: {sorted(visit_fields ^ set(VISIT_COLUMNS))}")
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
        self.ongoing, self.ongoing_since = {}, {}
        for pk, patient, lmp, edd in ongoing:
            self.ongoing[patient] = (pk, lmp or edd - timedelta(days=280))
            self.ongoing_since[patient] = lmp or edd - timedelta(days=REGISTERED_AHEAD_DAYS)
        return people

    # -- the run ------------------------------------------------------------

    def run(self):
        people = self._load()
        batch: list[list[Person]] = []
        size = 0
        for household, rows in groupby(people, key=lambda r: r[3]):
            members = [Person(pk, sex, birth, household, posyandu, mother)
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

    # -- a household ----------------------------------------------------------

    def _household(self, members: list[Person]):
        today, start = self.today, self.start
        for p in members:
            if p.posyandu not in self.network:
                return
            if p.pk in self.ongoing:
                p.pregnancies.append((self.ongoing_since[p.pk], None))
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
                    p.pk, status.given, status.due, status.basic_complete,
                    status.basic_complete_on, self.now))
                self.result.immunisation_statuses += 1
        if age_end >= 15:
            self._screening(p)
        if rng.random() < TB_SCREEN_SHARE:
            self._tb(p)

    # -- derived values and rows ---------------------------------------------

    def _entered_on(self, day: date) -> datetime:
        """Demo visits are entered on their day, as at a Posyandu table: the
        data-quality review lists only real late entries."""
        if day not in self.entered:
            self.entered[day] = min(timezone.make_aware(datetime.combine(day, time(10))), self.now)
        return self.entered[day]

    def _finish(self, p):
        """Visit, measurement and service rows of one person, in date order, with
        the derived values clusters.services would store: the same functions,
        the same previous weighing, the same pregnancy spans."""
        drafts = p.drafts
        if not drafts:
            return
        drafts.sort(key=lambda d: d.day)
        writer, result, service_ids = self.writer, self.result, self.service_ids
        weighings = []  # (date, visit id, kg) so far: sorted, as clusters.rederive reads them
        for d in drafts:
            pk = self._new_id(Visit)
            session = None
            if d.session is not None:
                session = self.session_ids.get(d.session)
                if session is None:
                    session = self.session_ids[d.session] = self._new_id(PosyanduSession)
                    writer.add(PosyanduSession, (session, d.session[0], d.session[1], self.user_id, self.now))
                    result.sessions += 1
            writer.add(Visit, (pk, p.pk, d.facility, d.day, d.setting, d.package, d.pregnancy, session,
                               self.user_id, "", [], None, self._entered_on(d.day), self.now))
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
            weighed = "weight_kg" in values
            derived = all_derived(
                values, sex=p.sex, birth_date=p.birth, visit_date=d.day,
                pregnant=pregnant_on(p.pregnancies, d.day, visit_pregnancy=d.pregnancy is not None),
                previous_weighing=previous_weighing_of(weighings, d.day) if weighed else None,
            )
            if weighed:
                weighings.append((d.day, pk, values["weight_kg"]))
            row = list(self.m_defaults)
            row[0] = pk
            index = self.m_index
            for name, value in values.items():
                row[index[name]] = value
            for name, value in derived.items():
                row[index[name]] = value
            writer.add(Measurement, row)
            result.measurements += 1
        p.drafts = []
