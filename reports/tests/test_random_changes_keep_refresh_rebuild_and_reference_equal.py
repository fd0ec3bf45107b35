"""A seeded random sequence of what health workers and admins do (visits
saved, birth days and sexes corrected, households moved, visits removed,
records merged), with a refresh after every step: after each, the facts
are those a rebuild gives (which then rewrites neither a fact nor a state
row), those the reference evaluation gives indicator by indicator, and the
roll-ups are the sums of the facts per Puskesmas and per desa."""

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clusters.models import Visit
from clusters.services import visit_remove
from facilities.models import Facility
from patients.models import Household, Patient, Pregnancy
from patients.services import household_move, patient_update, patients_merge
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine
from reports.engine.reference import evaluate
from reports.indicators import REGISTRY
from reports.models import CoverageFact, CoverageRollup, CoverageSubject
from reports.tests.refresh_helpers import snapshot

YEARS = (2025, 2026)
FIRST_DAY, LAST_DAY = date(2025, 10, 1), date(2026, 11, 30)
DOSES = ["IMM_HB0", "IMM_BCG", "IMM_OPV1", "IMM_DPT1", "IMM_OPV2", "IMM_DPT2", "IMM_OPV3", "IMM_DPT3", "IMM_OPV4",
         "IMM_IPV1", "IMM_MR1"]


def state():
    return sorted((year, patient, pregnancy or 0, *rest) for year, patient, pregnancy, *rest in
                  CoverageSubject.objects.values_list("year", "patient_id", "pregnancy_id", "posyandu_id", "months",
                                                      "digest"))


def rollups():
    return sorted(CoverageRollup.objects.values_list("month", "puskesmas_id", "desa", "indicator", "numerator",
                                                     "denominator"))


def sums_of_the_facts():
    """The roll-ups as the facts' sums: per (Puskesmas, desa) of the
    Posyandu, and per Puskesmas (desa "")."""
    places = dict((pk, (puskesmas, desa)) for pk, puskesmas, desa in
                  Facility.objects.values_list("pk", "puskesmas_id", "region_id"))
    sums = defaultdict(lambda: [0, None])
    for posyandu, month, code, numerator, denominator in snapshot():
        puskesmas, desa = places[posyandu]
        for key in ((month, puskesmas, desa, code), (month, puskesmas, "", code)):
            sums[key][0] += numerator
            if denominator is not None:
                sums[key][1] = (sums[key][1] or 0) + denominator
    return sorted((*key, n, d) for key, (n, d) in sums.items())


def counted(code, year):
    return {(p, m): n for p, m, n in CoverageFact.objects.filter(indicator=code, month__year=year, numerator__gt=0)
            .values_list("posyandu_id", "month", "numerator")}


def assert_every_path_agrees(step):
    engine.refresh()
    refreshed, refreshed_state = snapshot(), state()
    assert rollups() == sums_of_the_facts(), step
    for year in YEARS:
        for indicator in REGISTRY:
            assert counted(indicator.code, year) == evaluate(indicator, year=year, district="36.01"), \
                (step, year, indicator.code)
    engine.rebuild("36.01")
    assert snapshot() == refreshed, step
    assert state() == refreshed_state, step


def a_day(rng, person):
    start = max(FIRST_DAY, person.birth_date)
    return start + timedelta(days=rng.randint(0, (LAST_DAY - start).days))


def save(rng, record, person):
    day = a_day(rng, person)
    if person.birth_date > date(2021, 6, 1):
        if rng.random() < 0.3:
            return record(person, day, "balita", [rng.choice(DOSES)])
        return record(person, day, "balita", ["WEIGHING"] + (["VIT_A"] if rng.random() < 0.3 else []),
                      weight_kg=Decimal(rng.randint(60, 160)) / 10, length_cm=Decimal(rng.randint(55, 105)),
                      measured_lying=True)
    if person.pregnancies.exists():
        if rng.random() < 0.6:
            return record(person, day, "anc", [rng.choice(["ANC_K1", "ANC_K2", "ANC_K4", "ANC_K6", "TB_SCREENING"])],
                          systolic=115, diastolic=75, **({"gestational_age_weeks": rng.randint(6, 36)}
                                                          if rng.random() < 0.4 else {}))
        return record(person, day, "delivery", [rng.choice(["KF1", "KF2", "KF3", "KF4", "HIV_TEST"])])
    if person.birth_date < date(1967, 1, 1) and rng.random() < 0.5:
        return record(person, day, "lansia", ["LANSIA_SCREENING"], adl=20)
    return record(person, day, "ptm", [rng.choice(["PTM_SCREENING", "HT_CARE", "DM_CARE"])], systolic=150,
                  diastolic=95)


def change_at_random(rng, record, cast, places, people):
    by = cast["petugas"]
    person = rng.choice(people)
    visits = list(Visit.objects.filter(patient=person).order_by("date", "pk"))
    kind = rng.choices(["save", "birth", "sex", "move", "remove", "merge"], weights=[8, 2, 1, 2, 2, 1])[0]
    if kind == "birth":
        first = visits[0].date if visits else LAST_DAY
        born = min(person.birth_date + timedelta(days=rng.randint(-400, 400)), first)
        patient_update(by=by, patient=person, name=person.name, sex=person.sex, birth_date=born)
    elif kind == "sex" and not person.pregnancies.exists():
        patient_update(by=by, patient=person, name=person.name, sex="L" if person.sex == "P" else "P",
                       birth_date=person.birth_date)
    elif kind == "move":
        household = Household.objects.get(pk=person.household_id)
        household_move(by=by, household=household, posyandu=rng.choice(
            [p for p in places if p.pk != household.posyandu_id]))
    elif kind == "remove" and visits:
        visit_remove(by=cast["kapus"], visit=rng.choice(visits), reason="Salah orang, dihapus")
    elif kind == "merge":
        alike = [p for p in people if p.pk != person.pk and p.sex == person.sex
                 and not p.pregnancies.exists() and not person.pregnancies.exists()]
        if not alike:
            return "nothing"
        duplicate = rng.choice(alike)
        patients_merge(by=by, kept=person, duplicate=duplicate)
        people.remove(duplicate)
    else:
        save(rng, record, person)
        kind = "save"
    return kind


@pytest.fixture
def people(record, network):
    """Children of every age band, pregnant women, adults and elders in three
    Posyandu of two Puskesmas, with a few visits each, built."""
    places = [network["36.01"][k] for k in ("posyandu_pustu", "posyandu_pkm", "posyandu_b")]
    rng = random.Random(11)
    everyone = []
    births = [date(2025, 9, 20), date(2025, 2, 3), date(2024, 6, 30), date(2021, 11, 30), date(2021, 12, 31),
              date(1999, 4, 4), date(1993, 8, 8), date(1966, 12, 15), date(1966, 6, 1), date(1950, 1, 1)]
    for n, born in enumerate(births):
        sex = "P" if n in (5, 6) else "LP"[n % 2]
        person = PatientFactory(household=HouseholdFactory(posyandu=places[n % 3]), sex=sex, birth_date=born,
                                name=f"Orang {n}")
        if n in (5, 6):
            Pregnancy.objects.create(patient=person, expected_delivery_date=date(2026, 5 + n, 1),
                                     last_menstrual_period=date(2025, 8 + n - 5, 1) if n == 5 else None)
        everyone.append(person)
        for _ in range(2):
            save(rng, record, person)
    engine.rebuild("36.01")
    return places, everyone


@pytest.mark.parametrize("seed", [3, 8])
def test_after_every_random_change_refresh_rebuild_and_reference_agree(people, record, cast, seed):
    places, everyone = people
    rng = random.Random(seed)
    done = []
    for step in range(20):
        try:
            kind = change_at_random(rng, record, cast, places, everyone)
        except ValidationError:
            kind = "refused"
        done.append(kind)
        everyone = [p for p in Patient.objects.filter(pk__in=[p.pk for p in everyone], merged_into__isnull=True)]
        assert_every_path_agrees((step, kind))
    assert len({kind for kind in done if kind not in ("nothing", "refused")}) >= 4, done
