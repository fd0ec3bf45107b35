"""Every correction reaches the figures: after the scheduled refresh the facts
equal a full rebuild, and both equal the reference count of every indicator
from the visits as they now are (and a count by hand of children weighed)."""

import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest

from clusters.models import Measurement, Visit
from clusters.services import visit_remove, visit_update
from patients.models import Household, Patient
from patients.services import household_move, patient_update, patients_merge
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine
from reports.engine.reference import evaluate
from reports.indicators import REGISTRY
from reports.models import CoverageFact
from reports.tests.refresh_helpers import snapshot

YEAR = 2026


def facts_of(code):
    return {(p, m): n for p, m, n in CoverageFact.objects.filter(indicator=code, month__year=YEAR)
            .values_list("posyandu_id", "month", "numerator") if n}


def weighed_by_hand():
    """Distinct children weighed per month, counted where they live now."""
    seen, counted = set(), Counter()
    for patient, posyandu, day in Measurement.objects.filter(
            visit__date__year=YEAR, weight_kg__isnull=False, visit__patient__birth_date__gt=date(2021, 12, 3)
    ).values_list("visit__patient_id", "visit__patient__household__posyandu_id", "visit__date"):
        if (patient, day.replace(day=1)) not in seen:
            seen.add((patient, day.replace(day=1)))
            counted[(posyandu, day.replace(day=1))] += 1
    return dict(counted)


def assert_refresh_equals_rebuild_equals_a_count():
    engine.refresh()
    refreshed = snapshot()
    engine.rebuild("36.01", YEAR)
    assert snapshot() == refreshed
    for indicator in REGISTRY:
        assert facts_of(indicator.code) == evaluate(indicator, year=YEAR, district="36.01"), \
            indicator.code
    assert facts_of("D") == weighed_by_hand()


@pytest.fixture
def built(record, network):
    """Children weighed and measured across the district's Posyandu, a few
    adults screened, and the facts built."""
    places = [network["36.01"][k] for k in ("posyandu_pustu", "posyandu_pkm", "posyandu_b")]
    rng = random.Random(7)
    children = []
    for i in range(12):
        household = HouseholdFactory(posyandu=places[i % 3])
        kid = PatientFactory(household=household, name=f"Anak {i}", sex="LP"[i % 2],
                             birth_date=date(2024, 1, 5) + timedelta(days=47 * i))
        children.append(kid)
        weight = Decimal("7.5") + Decimal(i) / 4
        for month in sorted(rng.sample(range(1, 12), 5)):
            weight += Decimal("0.2")
            record(kid, date(YEAR, month, rng.randint(1, 28)), "balita", ["WEIGHING"], weight_kg=weight,
                   length_cm=Decimal("70") + 2 * month, measured_lying=True)
    adults = []
    for i in range(4):
        person = PatientFactory(household=HouseholdFactory(posyandu=places[i % 3]), sex="LP"[i % 2],
                                birth_date=date(1966 + 4 * i, 3, 3))
        record(person, date(YEAR, 2 + i, 10), "ptm", ["PTM_SCREENING"], systolic=150, diastolic=95)
        adults.append(person)
    engine.rebuild("36.01", YEAR)
    return {"children": children, "adults": adults, "places": places}


def test_a_corrected_birth_date_reaches_the_figures(built, cast):
    kid = built["children"][3]
    patient_update(by=cast["petugas"], patient=kid, name=kid.name, sex=kid.sex,
                   birth_date=kid.birth_date - timedelta(days=400))
    adult = built["adults"][0]  # 60 now: no longer usia produktif
    patient_update(by=cast["petugas"], patient=adult, name=adult.name, sex=adult.sex, birth_date=date(1960, 1, 1))
    assert_refresh_equals_rebuild_equals_a_count()


def test_a_corrected_sex_reaches_the_figures(built, cast):
    kid = built["children"][4]
    patient_update(by=cast["petugas"], patient=kid, name=kid.name, sex="L" if kid.sex == "P" else "P",
                   birth_date=kid.birth_date)
    assert_refresh_equals_rebuild_equals_a_count()


def test_a_household_moved_to_another_posyandu_and_desa_reaches_the_figures(built, cast):
    kid = built["children"][0]
    before = facts_of("D")
    household_move(by=cast["petugas"], household=kid.household, posyandu=built["places"][2])
    assert_refresh_equals_rebuild_equals_a_count()
    assert facts_of("D") != before


def test_a_merge_reaches_the_figures(built, cast):
    kept, duplicate = built["children"][0], built["children"][2]
    patients_merge(by=cast["petugas"], kept=kept, duplicate=duplicate)
    assert_refresh_equals_rebuild_equals_a_count()


def test_a_visit_moved_to_another_month_reaches_the_figures(built, cast):
    visit = Visit.objects.filter(patient=built["children"][5]).order_by("date").first()
    new_day = date(YEAR, 12, 1) if visit.date.month < 11 else date(YEAR, 1, 2)
    new_day = min(new_day, date(YEAR, 11, 30))
    visit_update(by=cast["petugas"], visit=visit, date=new_day, services=list(visit.services.all()),
                 measurements={"weight_kg": visit.measurement.weight_kg + 1}, setting=visit.setting,
                 confirm_warnings=True)
    assert_refresh_equals_rebuild_equals_a_count()


def test_a_removed_visit_leaves_the_figures(built, cast):
    for kid in built["children"][:3]:
        visit_remove(by=cast["kapus"], visit=Visit.objects.filter(patient=kid).order_by("date").first(),
                     reason="Dimasukkan dua kali")
    assert_refresh_equals_rebuild_equals_a_count()


def _correct_at_random(rng, built, cast, record):
    by = cast["petugas"]
    people = list(Patient.objects.filter(merged_into__isnull=True, pk__in=[p.pk for p in
                                                                          built["children"] + built["adults"]]))
    person = rng.choice(people)
    kind = rng.choice(["birth", "sex", "move", "merge", "move_visit", "weight", "remove", "add"])
    visits = list(Visit.objects.filter(patient=person).order_by("date", "pk"))
    if kind == "birth":
        first = visits[0].date if visits else date(YEAR, 11, 30)
        born = min(person.birth_date + timedelta(days=rng.randint(-500, 300)), first)
        patient_update(by=by, patient=person, name=person.name, sex=person.sex, birth_date=born)
    elif kind == "sex" and not person.pregnancies.exists():
        patient_update(by=by, patient=person, name=person.name, sex="L" if person.sex == "P" else "P",
                       birth_date=person.birth_date)
    elif kind == "move":
        household = Household.objects.get(pk=person.household_id)
        to = rng.choice([p for p in built["places"] if p.pk != household.posyandu_id])
        household_move(by=by, household=household, posyandu=to)
    elif kind == "merge":
        twins = [p for p in people if p.pk != person.pk and p.sex == person.sex]
        if twins:
            patients_merge(by=by, kept=person, duplicate=rng.choice(twins))
    elif kind in ("move_visit", "weight") and visits:
        visit = rng.choice(visits)
        day = visit.date if kind == "weight" else max(date(YEAR, rng.randint(1, 11), rng.randint(1, 28)),
                                                      person.birth_date)
        m = getattr(visit, "measurement", None)
        values = {"weight_kg": m.weight_kg + Decimal(rng.choice(["-0.7", "0.4", "1.1"]))} \
            if m and m.weight_kg else {"systolic": 120, "diastolic": 80}
        visit_update(by=by, visit=visit, date=day, services=list(visit.services.all()), measurements=values,
                     setting=visit.setting, confirm_warnings=True)
    elif kind == "remove" and visits:
        visit_remove(by=cast["kapus"], visit=rng.choice(visits), reason="Salah orang, dihapus")
    else:
        day = max(date(YEAR, rng.randint(1, 11), rng.randint(1, 28)), person.birth_date)
        record(person, day, "balita" if person.birth_date > date(2022, 1, 1) else "ptm",
               ["WEIGHING"] if person.birth_date > date(2022, 1, 1) else ["PTM_SCREENING"],
               weight_kg=Decimal("9.5") if person.birth_date > date(2022, 1, 1) else None,
               **({} if person.birth_date > date(2022, 1, 1) else {"systolic": 145, "diastolic": 92}))
    return kind


@pytest.mark.parametrize("seed", [1, 2])
def test_a_random_mix_of_corrections_reaches_the_figures(built, cast, record, seed):
    rng = random.Random(seed)
    done = [_correct_at_random(rng, built, cast, record) for _ in range(14)]
    assert len(set(done)) >= 4
    assert_refresh_equals_rebuild_equals_a_count()


def test_a_first_contact_entered_late_into_last_year_moves_this_years_k1(record, network):
    from patients.models import Pregnancy
    from reports.tests.refresh_helpers import counted_everywhere

    woman = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"]["posyandu_pkm"]), sex="P",
                           birth_date=date(1996, 4, 2))
    Pregnancy.objects.create(patient=woman, expected_delivery_date=date(YEAR, 6, 1),
                             last_menstrual_period=date(YEAR - 1, 8, 25))
    record(woman, date(YEAR, 1, 10), "anc", ["ANC_K2"], systolic=110, diastolic=70)
    engine.rebuild("36.01")
    home = network["36.01"]["posyandu_pkm"].pk
    assert facts_of("K1") == {(home, date(YEAR, 1, 1)): 1}

    record(woman, date(YEAR - 1, 12, 15), "anc", ["ANC_K1"], systolic=110, diastolic=70)

    assert counted_everywhere("K1", YEAR) == {}
    assert counted_everywhere("K1", YEAR - 1) == {(home, date(YEAR - 1, 12, 1)): 1}


def test_a_corrected_hpht_moves_k1_murni(record, network, cast):
    from patients.models import Pregnancy
    from patients.services import pregnancy_correct
    from reports.tests.refresh_helpers import counted_everywhere

    woman = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"]["posyandu_pkm"]), sex="P",
                           birth_date=date(1996, 4, 2))
    pregnancy = Pregnancy.objects.create(patient=woman, expected_delivery_date=date(YEAR, 10, 1),
                                         last_menstrual_period=date(YEAR, 1, 1))
    record(woman, date(YEAR, 4, 10), "anc", ["ANC_K1"], systolic=110, diastolic=70)  # 14 weeks
    engine.rebuild("36.01", YEAR)
    assert facts_of("K1_MURNI") == {}

    pregnancy_correct(by=cast["petugas"], pregnancy=pregnancy, expected_delivery_date=date(YEAR, 11, 1),
                      last_menstrual_period=date(YEAR, 1, 25))  # the KIA book says so: 10 weeks

    home = network["36.01"]["posyandu_pkm"].pk
    assert counted_everywhere("K1_MURNI") == {(home, date(YEAR, 4, 1)): 1}
