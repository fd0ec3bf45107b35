import hashlib
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Max, Min
from django.test.utils import CaptureQueriesContext

from clusters import immunisation
from clusters.models import ImmunisationStatus, Measurement, PosyanduSession, Visit
from clusters.rederive import (
    DERIVED_FIELDS,
    all_derived,
    pregnancy_spans,
    pregnant_on,
    previous_weighing_of,
    raw_values,
)
from demo.people import build_people
from demo.visits import SEED_USERNAME, build_visits, demo_user
from patients.models import Patient, Pregnancy, PregnancyStatus


@pytest.fixture
def today():
    # A fixed day: the demo's draws follow the dates, and a seed and day
    # that give no rarely-weighed child among 800 people exist.
    return date(2026, 11, 25)


@pytest.fixture
def demo_year(network, today):
    """800 demo people of district 36.01 (three Posyandu) with their year of visits."""
    build_people("36.01", 800, seed=3, today=today)
    built = build_visits("36.01", seed=3, today=today)
    if connection.vendor == "postgresql":
        # Statistics of these rows, not those an earlier test left (of empty
        # tables, after a test that ran seed_demo): planned for empty
        # tables, the joins below ran for minutes.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return built


def visits_of(district="36.01"):
    return Visit.objects.filter(patient__household__posyandu__district_id=district)


def codes_by_visit(visits):
    codes = defaultdict(set)
    rows = Visit.services.through.objects.filter(visit__in=visits.values("pk")).values_list("visit_id", "service__code")
    for visit_id, code in rows:
        codes[visit_id].add(code)
    return codes


def checksum(district="36.01"):
    visits = visits_of(district)
    codes = codes_by_visit(visits)
    measured = dict(
        Measurement.objects.filter(visit__in=visits.values("pk")).values_list("visit_id", "weight_kg")
    )
    rows = sorted(
        (patient, str(day), facility, package, setting, tuple(sorted(codes[pk])), str(measured.get(pk)))
        for pk, patient, day, facility, package, setting in visits.values_list(
            "pk", "patient_id", "date", "facility_id", "package", "setting")
    )
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()


def test_a_year_of_visits_covers_every_kind_of_service(demo_year):
    given = demo_year.by_service
    for code in ("WEIGHING", "VIT_A", "ANC_K1", "ANC_K4", "PERSALINAN", "KF1", "KF3", "KN1", "KN3", "IMM_BCG",
                 "IMM_DPT3", "IMM_MR1", "PTM_SCREENING", "HT_CARE", "LANSIA_SCREENING", "TB_SCREENING"):
        assert given[code] > 0, code
    assert visits_of().count() == demo_year.visits
    assert Measurement.objects.count() == demo_year.measurements
    assert Visit.services.through.objects.count() == demo_year.service_rows
    assert set(visits_of().values_list("entered_by__username", flat=True)) == {SEED_USERNAME}


def test_most_balita_are_weighed_at_their_own_posyandu_most_months(demo_year, today):
    balita = Patient.objects.filter(
        household__posyandu__district_id="36.01", birth_date__gt=today - timedelta(days=4 * 365),
        birth_date__lte=today - timedelta(days=365),
    )  # 1 to 4 years old: a balita all year
    weighings = visits_of().filter(services__code="WEIGHING")
    per_child = Counter(weighings.filter(patient__in=balita).values_list("patient_id", flat=True))
    months = [per_child.get(pk, 0) for pk in balita.values_list("pk", flat=True)]
    assert len(months) > 30
    assert 0.7 <= sum(months) / (12 * len(months)) <= 0.9  # about 80% attendance
    assert sum(m <= 4 for m in months) >= 1  # some rarely come
    for visit in weighings.select_related("patient__household", "session"):
        assert visit.facility_id == visit.patient.household.posyandu_id == visit.session.posyandu_id
        assert (visit.setting, visit.package, visit.session.date) == ("posyandu", "balita", visit.date)
        assert (visit.date - visit.patient.birth_date).days < 61 * 30.4375
    assert PosyanduSession.objects.count() == demo_year.sessions


def test_about_a_fifth_of_measured_balita_are_stunted(demo_year):
    last_haz = dict(
        Measurement.objects.filter(visit__services__code="WEIGHING", haz__isnull=False)
        .order_by("visit__date")
        .values_list("visit__patient_id", "haz")
    )
    assert len(last_haz) > 40
    stunted = sum(z < -2 for z in last_haz.values()) / len(last_haz)
    assert 0.10 <= stunted <= 0.40
    lying = Measurement.objects.filter(visit__services__code="WEIGHING")
    assert lying.filter(age_days__lt=731, measured_lying=False).exists()  # sometimes the other position


def test_stored_derived_values_are_what_the_service_path_derives_for_the_visit(demo_year):
    measurements = list(Measurement.objects.select_related("visit__patient").order_by("visit_id"))
    sample = measurements[::7]
    assert {m.visit.package for m in sample} >= {"balita", "anc", "ptm", "lansia", "tb", "delivery"}
    for m in sample:
        visit, patient = m.visit, m.visit.patient
        weighings = sorted((w.visit.date, w.visit_id, w.weight_kg) for w in Measurement.objects.filter(
            visit__patient=patient, weight_kg__isnull=False).select_related("visit"))
        values = raw_values(m)
        expected = all_derived(
            values, sex=patient.sex, birth_date=patient.birth_date, visit_date=visit.date,
            pregnant=pregnant_on(pregnancy_spans(patient), visit.date, visit_pregnancy=visit.pregnancy_id is not None),
            previous_weighing=previous_weighing_of(weighings, visit.date) if "weight_kg" in values else None,
        )
        assert {f: getattr(m, f) for f in DERIVED_FIELDS} == expected, (visit.package, m.visit_id)
    growth = Counter(m.growth_code for m in measurements if m.visit.package == "balita" and m.weight_kg)
    assert growth["N"] > growth["T"] / 2 and growth["B"] > 0 and growth["O"] > 0


def test_no_visit_is_in_the_future_or_before_birth_and_only_immunisation_history_is_older_than_a_year(
    demo_year, today
):
    visits = visits_of()
    assert not visits.filter(date__gt=today).exists()
    for day, born in visits.values_list("date", "patient__birth_date"):
        assert day >= born
    older = visits.filter(date__lt=today - timedelta(days=364))
    codes = codes_by_visit(older)
    assert older.exists()  # doses given before the year to children under 2 at its start
    assert all(codes[pk] and codes[pk] <= immunisation.CODES for pk in older.values_list("pk", flat=True))


def test_every_service_is_given_at_an_active_facility_of_a_type_that_offers_it(demo_year):
    rows = Visit.services.through.objects.values_list(
        "service__code", "service__facility_types", "visit__facility__type", "visit__facility__active"
    )
    for code, allowed, facility_type, active in rows:
        assert active, code
        assert facility_type in allowed, (code, facility_type)


def test_doses_of_a_series_are_at_least_28_days_apart_and_statuses_follow_the_doses(demo_year, today):
    given = defaultdict(dict)
    rows = Visit.services.through.objects.filter(service__code__in=immunisation.CODES).values_list(
        "visit__patient_id", "service__code", "visit__date"
    )
    for patient, code, day in rows:
        assert code not in given[patient], "a dose given twice"
        given[patient][code] = day
    assert len(given) > 20
    for doses in given.values():
        for code, day in doses.items():
            series, dose = immunisation.SERIES[code]
            before = [d for c, d in doses.items() if immunisation.SERIES[c] == (series, dose - 1)]
            assert all((day - d).days >= 28 for d in before), code
            assert all(d < day for d in before), code  # in order
    statuses = {s.patient_id: s for s in ImmunisationStatus.objects.select_related("patient")}
    assert set(statuses) == set(given)
    for patient, doses in given.items():
        status = statuses[patient]
        assert (today - status.patient.birth_date).days < 5 * 365
        expected = immunisation.immunisation_status(status.patient.birth_date, doses, today)
        assert (status.given, status.due, status.basic_complete, status.basic_complete_on) == (
            expected.given, expected.due, expected.basic_complete, expected.basic_complete_on)
    # Early doses reach most infants, later ones fewer.
    infants = Counter(code for doses in given.values() for code in doses)
    assert infants["IMM_DPT1"] > infants["IMM_MR1"] > 0


def test_babies_of_the_year_come_with_their_mothers_pregnancy_delivery_and_postnatal_visits(demo_year, today):
    delivered = Pregnancy.objects.filter(status=PregnancyStatus.DELIVERED).select_related("patient", "created_by")
    assert delivered.count() == demo_year.pregnancies > 3
    assert len({p.patient_id for p in delivered}) == delivered.count()
    for pregnancy in delivered:
        assert pregnancy.created_by.username == SEED_USERNAME
        assert pregnancy.ended_on <= today
        assert abs((pregnancy.expected_delivery_date - pregnancy.ended_on).days) <= 35
        assert 16 <= (pregnancy.ended_on - pregnancy.patient.birth_date).days / 365.25 <= 46
        anc = pregnancy.visits.filter(package="anc")
        assert not anc.filter(date__gte=pregnancy.ended_on).exists()
        for visit in pregnancy.visits.filter(services__code="PERSALINAN").select_related("facility"):
            assert visit.date == pregnancy.ended_on and visit.facility.type == "puskesmas"
    persalinan = visits_of().filter(services__code="PERSALINAN")
    assert 0.75 <= persalinan.count() / delivered.count() <= 1
    for visit in visits_of().filter(services__code__in=["KN1", "KN2", "KN3"]).select_related("patient"):
        assert (visit.date - visit.patient.birth_date).days <= 28
    # The ongoing pregnancies are untouched: still one per woman, with ANC by gestational age.
    ongoing = Pregnancy.objects.filter(status=PregnancyStatus.ONGOING)
    assert ongoing.count() == 10
    for m in Measurement.objects.filter(visit__package="anc").select_related("visit__pregnancy"):
        lmp = m.visit.pregnancy.last_menstrual_period
        assert m.gestational_age_weeks == (m.visit.date - lmp).days // 7
        assert m.systolic and m.diastolic and m.weight_kg and m.muac_cm


def test_adults_are_screened_yearly_at_plausible_rates(demo_year, today):
    ptm = Measurement.objects.filter(visit__services__code="PTM_SCREENING")
    adults = sum(15 <= (today - b).days / 365.25 < 60 for b in Patient.objects.values_list("birth_date", flat=True))
    assert 0.3 <= ptm.count() / adults <= 0.5
    assert 0.12 <= ptm.filter(hypertension=True).count() / ptm.count() <= 0.45
    assert ptm.filter(glucose_class="diabetes").exists()
    assert not ptm.filter(glucose_mg_dl__isnull=False, glucose_fasting__isnull=True).exists()
    lansia = Measurement.objects.filter(visit__services__code="LANSIA_SCREENING")
    assert not lansia.filter(adl__isnull=True).exists() and lansia.filter(skilas_follow_up=True).exists()
    assert Measurement.objects.filter(visit__package="tb", tb_presumptive=False).exists()
    bmi = Measurement.objects.filter(visit__package="ptm").aggregate(low=Min("bmi"), high=Max("bmi"))
    assert Decimal("14") < bmi["low"] < bmi["high"] < Decimal("60")


def test_the_same_seed_gives_the_same_visits_and_running_again_replaces_them(demo_year, today):
    first = checksum()
    counts = (Visit.objects.count(), Measurement.objects.count(), PosyanduSession.objects.count(),
              Pregnancy.objects.count(), ImmunisationStatus.objects.count())
    again = build_visits("36.01", seed=3, today=today)
    assert again.replaced == demo_year.visits
    assert checksum() == first
    assert (Visit.objects.count(), Measurement.objects.count(), PosyanduSession.objects.count(),
            Pregnancy.objects.count(), ImmunisationStatus.objects.count()) == counts
    build_visits("36.01", seed=4, today=today)
    assert checksum() != first


def test_database_queries_grow_with_batches_not_with_people(network, today):
    build_people("36.01", 300, seed=1, today=today)
    demo_user()  # created once
    with CaptureQueriesContext(connection) as small:
        few = build_visits("36.01", seed=1, today=today)
    build_people("36.01", 1200, seed=1, today=today)
    with CaptureQueriesContext(connection) as large:
        many = build_visits("36.01", seed=1, today=today)
    assert many.visits > 3 * few.visits
    if connection.vendor == "postgresql":  # the replacement's fixed statements, one COPY per table and batch
        assert len(large) == len(small) < 80
    else:  # bulk_create: SQLite takes 999 parameters a statement, about 20 measurement rows
        assert len(large) - len(small) <= (many.visits - few.visits) // 12


def test_deriving_demo_people_again_changes_nothing(demo_year):
    from clusters.models import Recomputation, RecomputeCause
    from clusters.rederive import rederive_person
    from patients.models import Patient

    people = Patient.objects.filter(visits__measurement__isnull=False).distinct().order_by("pk")[::5]
    assert len(people) > 20
    for person in people:
        assert rederive_person(person, cause=RecomputeCause.BIRTH_DATE) == set(), person.pk
    assert not Recomputation.objects.exists()


def test_demo_visits_are_entered_on_their_day(demo_year):
    from django.utils import timezone

    for day, created in Visit.objects.values_list("date", "created_at")[:500]:
        assert timezone.localtime(created).date() == day
