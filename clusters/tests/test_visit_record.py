"""Recording visits: validation, derived values, change log, double submission."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clusters.models import CoverageChange, ImmunisationStatus, Measurement, Visit
from clusters.services import visit_record, visit_update
from clusters.tests.conftest import services
from patients.services import NeedsConfirmation


def record(cast, patient, facility, package, codes=(), **measurements):
    return visit_record(by=cast["petugas"], patient=patient, facility=facility, date=timezone.localdate(),
                        package=package, services=services(*codes), measurements=measurements,
                        confirm_warnings=measurements.pop("confirm", False))


def test_an_anc_visit_flags_anaemia_kek_and_hypertension(cast, network, pregnant):
    visit = record(cast, pregnant, network["36.01"]["puskesmas"], "anc", ["ANC_K1"],
                   gestational_age_weeks=10, weight_kg=Decimal("52"), muac_cm=Decimal("22.9"), systolic=142,
                   diastolic=88, hb_g_dl=Decimal("10.4"))
    m = visit.measurement
    assert (m.anaemia, m.kek, m.hypertension) == (True, True, True)
    assert visit.pregnancy_id == pregnant.pregnancies.get().pk


def test_an_anc_visit_needs_a_recorded_pregnancy(cast, network, family):
    with pytest.raises(ValidationError) as exc:
        record(cast, family["mother"], network["36.01"]["puskesmas"], "anc", ["ANC_K1"])
    assert "kehamilan" in exc.value.message_dict["package"][0]


def test_an_adult_screening_derives_bmi_class_glucose_and_central_obesity(cast, network, family):
    visit = record(cast, family["father"], network["36.01"]["puskesmas"], "ptm", ["PTM_SCREENING"],
                   weight_kg=Decimal("80"), length_cm=Decimal("165"), waist_cm=Decimal("95"), systolic=130,
                   diastolic=85, glucose_mg_dl=210, glucose_fasting=False, srq20=7, puma=6)
    m = visit.measurement
    assert (m.bmi, m.bmi_class) == (Decimal("29.4"), "obese_1")
    assert (m.glucose_class, m.central_obesity, m.hypertension) == ("diabetes", True, False)
    assert (m.mental_health_referral, m.copd_suspected) == (True, True)


def test_a_lansia_screening_classifies_adl_and_skilas(cast, network, family):
    visit = record(cast, family["grandma"], network["36.01"]["puskesmas"], "lansia", ["LANSIA_SCREENING"],
                   adl=10, skilas_flags=["vision"], systolic=150, diastolic=95)
    m = visit.measurement
    assert (m.adl_class, m.skilas_follow_up, m.hypertension) == ("moderate", True, True)


def test_a_tb_symptom_screen_finds_a_presumptive_case(cast, network, family):
    visit = record(cast, family["father"], network["36.01"]["puskesmas"], "tb", ["TB_SCREENING"],
                   tb_symptoms=["cough_2w"])
    assert visit.measurement.tb_presumptive is True
    visit = record(cast, family["grandma"], network["36.01"]["puskesmas"], "tb", ["TB_SCREENING"],
                   tb_symptoms=["fever"])
    assert visit.measurement.tb_presumptive is False


def test_a_child_weighing_stores_z_scores_classes_and_growth_code(cast, network, family):
    visit = record(cast, family["toddler"], network["36.01"]["posyandu_pustu"], "balita", ["WEIGHING"],
                   weight_kg=Decimal("9.6"), length_cm=Decimal("76.0"), measured_lying=True)
    m = Measurement.objects.get(visit=visit)
    assert m.waz is not None and m.haz is not None and m.whz is not None
    assert m.weight_for_age_class and m.height_for_age_class and m.weight_for_height_class
    assert m.growth_code == "B" and m.age_days == 400


@pytest.mark.parametrize("field, value, message", [
    ("weight_kg", Decimal("45"), "antara 0,5 dan 40"),
    ("length_cm", Decimal("30"), "antara 40 dan 130"),
    ("head_cm", Decimal("70"), "antara 25 dan 60"),
    ("muac_cm", Decimal("60"), "antara 5 dan 50"),
])
def test_a_child_measurement_outside_the_plausible_range_is_rejected(cast, network, family, field, value, message):
    with pytest.raises(ValidationError) as exc:
        record(cast, family["toddler"], network["36.01"]["posyandu_pustu"], "balita", **{field: value})
    assert message in exc.value.message_dict[field][0]
    assert not Visit.objects.exists()


@pytest.mark.parametrize("values, field", [
    ({"systolic": 300, "diastolic": 80}, "systolic"),
    ({"systolic": 120, "diastolic": 20}, "diastolic"),
    ({"systolic": 100, "diastolic": 110}, "diastolic"),
    ({"glucose_mg_dl": 700, "glucose_fasting": True}, "glucose_mg_dl"),
    ({"glucose_mg_dl": 120}, "glucose_fasting"),
    ({"weight_kg": Decimal("15"), "length_cm": Decimal("160")}, "weight_kg"),
    ({"length_cm": Decimal("240")}, "length_cm"),
])
def test_an_adult_measurement_outside_the_range_is_rejected(cast, network, family, values, field):
    with pytest.raises(ValidationError) as exc:
        record(cast, family["father"], network["36.01"]["puskesmas"], "ptm", **values)
    assert field in exc.value.message_dict


def test_hb_and_gestational_age_ranges(cast, network, pregnant):
    with pytest.raises(ValidationError) as exc:
        record(cast, pregnant, network["36.01"]["puskesmas"], "anc", hb_g_dl=Decimal("25"),
               gestational_age_weeks=50)
    assert {"hb_g_dl", "gestational_age_weeks"} <= set(exc.value.message_dict)


def test_a_value_near_the_edge_is_a_warning_that_must_be_confirmed(cast, network, family):
    with pytest.raises(NeedsConfirmation):
        record(cast, family["toddler"], network["36.01"]["posyandu_pustu"], "balita", weight_kg=Decimal("35"))
    visit = record(cast, family["toddler"], network["36.01"]["posyandu_pustu"], "balita", weight_kg=Decimal("35"),
                   confirm=True)
    assert visit.measurement.weight_kg == Decimal("35")


def test_a_visit_in_the_future_or_before_birth_is_refused(cast, network, family):
    for day in (timezone.localdate() + timedelta(days=1), family["toddler"].birth_date - timedelta(days=1)):
        with pytest.raises(ValidationError):
            visit_record(by=cast["petugas"], patient=family["toddler"], facility=network["36.01"]["puskesmas"],
                         date=day, package="balita")


def test_a_service_the_facility_type_may_not_give_is_refused(cast, network, family):
    with pytest.raises(ValidationError) as exc:
        record(cast, family["father"], network["36.01"]["posyandu_pustu"], "tb", ["TB_TEST"])
    assert "TBC" in exc.value.message_dict["services"][0]


def test_a_double_submission_creates_one_visit(cast, network, family):
    key = uuid.uuid4()
    for _ in range(2):
        visit_record(by=cast["kader"], patient=family["toddler"], facility=network["36.01"]["posyandu_pustu"],
                     date=timezone.localdate(), package="balita", measurements={"weight_kg": Decimal("9.5")},
                     submission_key=key)
    assert Visit.objects.count() == 1


def test_saving_a_visit_logs_the_area_and_month_where_the_person_lives_and_the_visit_added(cast, network, family):
    visit = record(cast, family["father"], network["36.01"]["puskesmas"], "ptm", systolic=120, diastolic=80)
    change = CoverageChange.objects.get()
    assert change.desa_id == family["household"].desa_id
    assert change.posyandu_id == family["household"].posyandu_id
    assert change.month == timezone.localdate().replace(day=1)
    assert change.visit_id == visit.pk
    assert change.born == family["father"].birth_date


def test_immunisation_status_reaches_complete_basic_immunisation(cast, network, family):
    child = family["toddler"]
    birth = child.birth_date
    schedule = [("IMM_HB0", 0), ("IMM_BCG", 10), ("IMM_OPV1", 10), ("IMM_DPT1", 62), ("IMM_OPV2", 62),
                ("IMM_DPT2", 95), ("IMM_OPV3", 95), ("IMM_DPT3", 125), ("IMM_OPV4", 125), ("IMM_IPV1", 125)]
    for code, age in schedule:
        visit_record(by=cast["petugas"], patient=child, facility=network["36.01"]["puskesmas"],
                     date=birth + timedelta(days=age), package="balita", services=services(code))
    status = ImmunisationStatus.objects.get(patient=child)
    assert not status.basic_complete and "IMM_MR1" in status.due
    visit_record(by=cast["petugas"], patient=child, facility=network["36.01"]["puskesmas"],
                 date=birth + timedelta(days=280), package="balita", services=services("IMM_MR1"))
    status.refresh_from_db()
    assert status.basic_complete and status.basic_complete_on == birth + timedelta(days=280)


def test_a_dose_less_than_a_month_after_the_previous_needs_confirmation(cast, network, family):
    child = family["toddler"]
    day = child.birth_date + timedelta(days=70)
    visit_record(by=cast["petugas"], patient=child, facility=network["36.01"]["puskesmas"], date=day,
                 package="balita", services=services("IMM_DPT1"))
    with pytest.raises(NeedsConfirmation):
        visit_record(by=cast["petugas"], patient=child, facility=network["36.01"]["puskesmas"],
                     date=day + timedelta(days=10), package="balita", services=services("IMM_DPT2"))


def test_correcting_a_visit_keeps_history_and_logs_both_months(cast, network, family):
    visit = record(cast, family["father"], network["36.01"]["puskesmas"], "ptm", systolic=120, diastolic=80)
    CoverageChange.objects.all().delete()
    earlier = timezone.localdate() - timedelta(days=40)
    visit_update(by=cast["kapus"], visit=visit, date=earlier, services=[], setting="gedung",
                 measurements={"systolic": 150, "diastolic": 95})
    visit.refresh_from_db()
    assert visit.measurement.hypertension is True
    assert visit.history.count() == 2
    assert {c.month for c in CoverageChange.objects.all()} == {earlier.replace(day=1),
                                                               timezone.localdate().replace(day=1)}
    # A correction is not an addition: both months are read again.
    assert not CoverageChange.objects.filter(visit__isnull=False).exists()
    assert not CoverageChange.objects.filter(born__isnull=False).exists()


def test_saving_a_visit_runs_a_fixed_number_of_queries(cast, network, family, django_assert_max_num_queries):
    facility = network["36.01"]["posyandu_pustu"]
    for i in range(3):
        visit_record(by=cast["kader"], patient=family["toddler"], facility=facility,
                     date=timezone.localdate() - timedelta(days=30 * (i + 1)), package="balita",
                     services=services("WEIGHING", "IMM_BCG" if i == 0 else "VIT_A"),
                     measurements={"weight_kg": Decimal("9")}, confirm_warnings=True)
    # 30 for the visit, up to 5 for the household's due list (followup).
    with django_assert_max_num_queries(36) as first:
        record(cast, family["toddler"], facility, "balita", ["WEIGHING", "IMM_OPV1"], weight_kg=Decimal("9.7"))
    with django_assert_max_num_queries(len(first.captured_queries)):
        record(cast, family["toddler"], facility, "balita", ["WEIGHING", "IMM_OPV2"], weight_kg=Decimal("9.8"),
               confirm=True)


def test_merging_two_records_of_one_child_combines_visits_and_immunisation_status(cast, network, family):
    from patients.services import patients_merge
    from patients.tests.factories import PatientFactory

    child = family["toddler"]
    duplicate = PatientFactory(household=family["household"], name="Rizki (dobel)", sex="L",
                               birth_date=child.birth_date)
    birth = child.birth_date
    visit_record(by=cast["petugas"], patient=child, facility=network["36.01"]["puskesmas"], date=birth,
                 package="balita", services=services("IMM_HB0"))
    visit_record(by=cast["petugas"], patient=duplicate, facility=network["36.01"]["puskesmas"],
                 date=birth + timedelta(days=10), package="balita", services=services("IMM_BCG"))
    merge = patients_merge(by=cast["kapus"], kept=child, duplicate=duplicate)
    assert merge.moved["clusters.Visit.patient"] == 1
    status = ImmunisationStatus.objects.get(patient=child)
    assert {"IMM_HB0", "IMM_BCG"} <= set(status.given)
    assert not ImmunisationStatus.objects.filter(patient=duplicate).exists()
    assert CoverageChange.objects.filter(month=birth.replace(day=1)).exists()


def test_basic_immunisation_completed_after_the_first_birthday_is_not_complete():
    from datetime import date

    from clusters.immunisation import BASIC_REQUIRED, immunisation_status

    born = date(2022, 1, 1)
    late = immunisation_status(born, {code: date(2023, 3, 1) for code in BASIC_REQUIRED}, date(2024, 1, 1))
    on_time = immunisation_status(born, {code: date(2022, 11, 1) for code in BASIC_REQUIRED}, date(2024, 1, 1))
    assert (late.basic_complete, late.basic_complete_on) == (False, date(2023, 3, 1))
    assert on_time.basic_complete


def test_a_biologically_implausible_z_score_is_not_stored(cast, network, family):
    newborn = family["toddler"]
    newborn.birth_date = timezone.localdate() - timedelta(days=3)
    newborn.save()
    visit = record(cast, newborn, network["36.01"]["puskesmas"], "balita", weight_kg=Decimal("38"),
                   length_cm=Decimal("45"), measured_lying=True, confirm=True)
    m = visit.measurement
    assert m.whz is None and m.weight_for_height_class == "" and m.weight_kg == Decimal("38")
