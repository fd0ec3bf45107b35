from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clusters.models import ImmunisationStatus, Measurement, Service, Visit
from demo.network import build_network
from demo.people import build_people
from facilities.models import Facility, FacilityType, User
from patients.models import Household, Patient, PatientMerge, Pregnancy, PregnancyStatus
from patients.nik import check_nik

YEAR = 365.2425


@pytest.fixture
def banten_and_riau(real_regions):
    """The real regions of Banten and Riau (see demo/tests/conftest.py)."""


@pytest.fixture
def pandeglang_3000(banten_and_riau):
    """The default demo: Pandeglang with 3,000 people; returns the command output."""
    return run_seed("--people", "3000")


def run_seed(*args):
    out = StringIO()
    call_command("seed_demo", "--no-visits", *args, stdout=out)
    return out.getvalue()


def people_of(district):
    return Patient.objects.filter(household__posyandu__district_id=district)


def age_in_years(patient, today):
    return (today - patient.birth_date).days / YEAR


HistoricalVisit = Visit.history.model


def snapshot(district="36.01"):
    return sorted(
        (p.name, p.sex, p.birth_date, p.nik, p.household.no_kk, p.household.rt, p.household.address)
        for p in people_of(district).select_related("household")
    )


def test_seeding_writes_the_requested_number_of_people_in_households_of_the_district(pandeglang_3000):
    assert people_of("36.01").count() == 3000
    households = Household.objects.filter(posyandu__district_id="36.01")
    assert f"3000 people in {households.count()} households" in pandeglang_3000
    assert 3.3 <= 3000 / households.count() <= 4.2
    posyandu = {
        f.pk: f.region_id for f in Facility.objects.filter(district_id="36.01", type=FacilityType.POSYANDU, active=True)
    }
    for household in households:
        assert posyandu[household.posyandu_id] == household.desa_id
        assert household.rt.isdigit() and household.rw.isdigit() and household.address
        household.full_clean(exclude=["posyandu", "desa"])
    # Spread over many Posyandu, not piled on a few.
    per_posyandu = Counter(households.values_list("posyandu_id", flat=True))
    assert len(per_posyandu) > 300 and max(per_posyandu.values()) <= 6


def test_ages_follow_the_indonesian_population_pyramid_and_the_district_sex_ratio(pandeglang_3000):
    today = timezone.localdate()
    ages = [age_in_years(p, today) for p in people_of("36.01").only("birth_date")]
    under_5 = sum(a < 5 for a in ages) / len(ages)
    over_60 = sum(a >= 60 for a in ages) / len(ages)
    assert 0.05 <= under_5 <= 0.10
    assert 0.08 <= over_60 <= 0.15
    assert max(ages) < 100
    # Pandeglang counts 738,650 men and 698,396 women: 51.4% men.
    men = people_of("36.01").filter(sex="L").count() / 3000
    assert 0.48 <= men <= 0.55


def test_households_are_families_with_an_adult_and_some_live_alone(pandeglang_3000):
    today = timezone.localdate()
    sizes, three_generations = Counter(), 0
    for household in Household.objects.filter(posyandu__district_id="36.01").prefetch_related("members"):
        ages = [age_in_years(p, today) for p in household.members.all()]
        assert max(ages) >= 18
        sizes[len(ages)] += 1
        three_generations += min(ages) < 18 and max(ages) >= 60
    assert sizes[1] > 0 and three_generations > 0
    assert max(sizes) <= 15


def test_every_nik_is_valid_and_encodes_the_birth_date_and_sex(pandeglang_3000):
    today = timezone.localdate()
    with_nik = people_of("36.01").exclude(nik_index=None).select_related("household").order_by("pk")
    assert with_nik.count() > 2950
    for patient in with_nik[::10]:
        nik = patient.nik
        check = check_nik(nik, birth_date=patient.birth_date, sex=patient.sex, today=today)
        assert check.errors == [] and check.warnings == [], (nik, patient.birth_date, patient.sex)
        assert (check.birth_date, check.sex) == (patient.birth_date, patient.sex)
        assert nik[:6] == patient.household.desa_id.replace(".", "")[:6]
        assert patient.nik_masked == "••••" + nik[-4:]


def test_most_households_have_a_unique_no_kk_of_their_kecamatan(pandeglang_3000):
    households = Household.objects.filter(posyandu__district_id="36.01")
    numbers = [(h.no_kk, h.desa_id) for h in households if h.no_kk]
    assert 0.85 <= len(numbers) / households.count() <= 0.95
    assert len({kk for kk, _ in numbers}) == len(numbers)
    for kk, desa in numbers:
        assert len(kk) == 16 and kk.isdigit() and kk[:6] == desa.replace(".", "")[:6]


def test_some_newborns_have_no_nik_and_are_registered_through_the_mother(pandeglang_3000):
    today = timezone.localdate()
    babies = people_of("36.01").filter(nik_index=None).select_related("mother")
    assert babies.exists()
    assert f"{babies.count()} newborns without NIK" in pandeglang_3000
    for baby in babies:
        assert (today - baby.birth_date).days < 91
        assert baby.nik_masked == "" and baby.nik_encrypted == ""
        assert baby.mother.sex == "P" and baby.mother.has_nik
        assert baby.mother.household_id == baby.household_id
        assert 16 <= (baby.birth_date - baby.mother.birth_date).days / YEAR <= 45
        assert baby.birth_order >= 1
    # Only babies come through a mother.
    assert not people_of("36.01").exclude(nik_index=None).filter(mother__isnull=False).exists()


def test_ongoing_pregnancies_exist_only_for_women_of_15_to_49(pandeglang_3000):
    today = timezone.localdate()
    pregnancies = Pregnancy.objects.filter(patient__household__posyandu__district_id="36.01").select_related("patient")
    assert pregnancies.count() == 36  # 1.2% of 3,000
    assert f"({pregnancies.count()} pregnant," in pandeglang_3000
    assert len({p.patient_id for p in pregnancies}) == pregnancies.count()
    for pregnancy in pregnancies:
        assert pregnancy.status == PregnancyStatus.ONGOING
        assert pregnancy.patient.sex == "P"
        assert 15 <= age_in_years(pregnancy.patient, today) < 50
        assert today < pregnancy.expected_delivery_date <= today + timedelta(days=280)
        assert pregnancy.last_menstrual_period == pregnancy.expected_delivery_date - timedelta(days=280)


def test_the_same_seed_gives_the_same_people_and_running_again_adds_none(banten_and_riau):
    run_seed("--seed", "7", "--people", "1500")
    first = snapshot()
    counts = (Household.objects.count(), Patient.objects.count(), Pregnancy.objects.count())
    run_seed("--seed", "7", "--people", "1500")
    assert snapshot() == first
    assert (Household.objects.count(), Patient.objects.count(), Pregnancy.objects.count()) == counts
    run_seed("--seed", "8", "--people", "1500")
    assert snapshot() != first
    assert Patient.objects.count() == 1500


def test_seeding_again_replaces_people_with_their_visits_and_merges_and_leaves_other_districts_alone(
    banten_and_riau,
):
    run_seed("--district", "14.72", "--people", "400")
    run_seed("--people", "600")
    admin = User.objects.get(username="admin")
    kept, duplicate = people_of("36.01").order_by("pk")[:2]
    PatientMerge.objects.create(kept=kept, duplicate=duplicate, merged_by=admin)
    Patient.objects.filter(pk=duplicate.pk).update(merged_into=kept)
    pregnancy = Pregnancy.objects.filter(patient__household__posyandu__district_id="36.01").first()
    for patient, of_pregnancy in ((kept, None), (pregnancy.patient, pregnancy)):
        visit = Visit.objects.create(
            patient=patient,
            facility=patient.household.posyandu,
            date=timezone.localdate(),
            package="demo",
            pregnancy=of_pregnancy,
            entered_by=admin,
        )
        visit.services.set(Service.objects.all()[:2])
        assert visit.services.count() == 2
        Measurement.objects.create(visit=visit, weight_kg=50)
    ImmunisationStatus.objects.create(patient=kept)
    assert HistoricalVisit.objects.filter(patient__in=[kept, pregnancy.patient]).exists()

    run_seed("--people", "500")
    assert people_of("36.01").count() == 500
    assert people_of("14.72").count() == 400
    assert not PatientMerge.objects.exists()
    assert not Visit.objects.exists() and not Measurement.objects.exists()
    assert not ImmunisationStatus.objects.exists()
    assert not HistoricalVisit.objects.exists()  # their history goes with them

    run_seed("--people", "0")
    assert not people_of("36.01").exists()
    assert not Household.objects.filter(posyandu__district_id="36.01").exists()
    assert people_of("14.72").count() == 400


def test_database_queries_grow_with_batches_not_with_people(banten_and_riau):
    build_network("14.72", 1)
    with CaptureQueriesContext(connection) as small:
        build_people("14.72", 200, 1)
    with CaptureQueriesContext(connection) as large:
        build_people("14.72", 2000, 1)
    assert Patient.objects.count() == 2000
    assert len(small) < 90  # replacing the district: a fixed number of statements
    # SQLite takes at most 999 parameters a statement (about 60 people); PostgreSQL copies in one go.
    assert len(large) - len(small) <= (2000 - 200) // 40
