"""Each indicator on small hand-built cases whose right answer is obvious."""

from datetime import date, timedelta
from decimal import Decimal

from clusters.models import Service
from patients.models import Pregnancy
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine
from reports.engine.reference import evaluate
from reports.indicators import BY_CODE, REGISTRY, SPM
from reports.models import CoverageFact

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def counts(code, year=2026, **kw):
    """The reference evaluation of one indicator; over the district, the
    engine's rebuild of all indicators at once must give the same."""
    reference = evaluate(BY_CODE[code], year=year, **kw)
    if not kw:
        engine.rebuild("36.01", year)
        facts = CoverageFact.objects.filter(indicator=code, month__year=year, numerator__gt=0)
        assert dict(((p, m), n) for p, m, n in facts.values_list("posyandu_id", "month", "numerator")) == reference, \
            code
    return reference


def test_the_registry_has_the_twelve_spm_services_and_the_pws_indicators():
    assert [i.spm for i in SPM] == list(range(1, 13))
    codes = {i.code for i in REGISTRY}
    assert {"K1", "K1_MURNI", "K4", "K6", "PERSALINAN_FASKES", "KF_LENGKAP", "KN1", "KN_LENGKAP", "IDL", "D", "N",
            "BGM", "STUNTING", "WASTING", "UNDERWEIGHT", "VIT_A", "PTM_PRODUKTIF", "HT_SERVED", "DM_SERVED",
            "LANSIA_SKRINING", "TB_SCREENED", "TB_PRESUMPTIVE", "TB_TREATED"} <= codes


def test_a_child_weighed_at_two_posyandu_in_one_month_counts_once_where_they_live(
        record, child_factory, network):
    child = child_factory(age_days=400)
    home = child.household.posyandu_id
    record(child, date(2026, 3, 3), "balita", ["WEIGHING"], facility=network["36.01"]["posyandu_pustu"],
           weight_kg=Decimal("9.5"))
    record(child, date(2026, 3, 20), "balita", ["WEIGHING"], facility=network["36.01"]["posyandu_pkm"],
           weight_kg=Decimal("9.6"))
    record(child, date(2026, 4, 2), "balita", ["WEIGHING"], weight_kg=Decimal("9.7"))
    assert counts("D") == {(home, MAR): 1, (home, date(2026, 4, 1)): 1}


def test_people_are_counted_where_they_live_not_where_they_were_served(record, child_factory, network):
    child = child_factory("posyandu_b", age_days=300)  # lives under the other Puskesmas
    record(child, date(2026, 2, 10), "balita", ["WEIGHING"], facility=network["36.01"]["puskesmas"],
           weight_kg=Decimal("8"))
    assert counts("D") == {(network["36.01"]["posyandu_b"].pk, FEB): 1}


def test_a_yearly_indicator_counts_each_person_once_in_the_month_of_the_first_event(record, network):
    hh = HouseholdFactory(posyandu=network["36.01"]["posyandu_pkm"])
    adult = PatientFactory(household=hh, sex="L", birth_date=date(1980, 1, 1))
    for day in (date(2026, 1, 20), date(2026, 3, 5)):
        record(adult, day, "ptm", ["PTM_SCREENING"], systolic=120, diastolic=80)
    record(adult, date(2025, 12, 30), "ptm", ["PTM_SCREENING"], systolic=120, diastolic=80)
    assert counts("PTM_PRODUKTIF") == {(hh.posyandu_id, JAN): 1}
    assert counts("PTM_PRODUKTIF", year=2025) == {(hh.posyandu_id, date(2025, 12, 1)): 1}


def test_k1_counts_pregnancies_so_two_pregnancies_of_one_woman_count_apart(record, network):
    hh = HouseholdFactory(posyandu=network["36.01"]["posyandu_pkm"])
    woman = PatientFactory(household=hh, sex="P", birth_date=date(1995, 1, 1))
    first = Pregnancy.objects.create(patient=woman, expected_delivery_date=date(2026, 4, 1))
    record(woman, date(2025, 8, 1) + timedelta(days=200), "anc", ["ANC_K1"])  # 2026-02-17
    record(woman, date(2026, 2, 20), "anc", ["ANC_K1"])  # same pregnancy again: still one
    first.status, first.ended_on = "delivered", date(2026, 3, 25)
    first.save()
    Pregnancy.objects.create(patient=woman, expected_delivery_date=date(2026, 12, 20))
    record(woman, date(2026, 5, 10), "anc", ["ANC_K1"])
    assert counts("K1") == {(hh.posyandu_id, FEB): 1, (hh.posyandu_id, date(2026, 5, 1)): 1}


def test_kn_lengkap_needs_all_three_visits_and_counts_in_the_month_of_the_last(record, child_factory):
    baby = child_factory(age_days=0, on=date(2026, 1, 28))
    record(baby, date(2026, 1, 28), "balita", ["KN1"])
    record(baby, date(2026, 1, 31), "balita", ["KN2"])
    other = child_factory(age_days=0, on=date(2026, 1, 28))
    record(other, date(2026, 1, 29), "balita", ["KN1"])
    assert counts("KN_LENGKAP") == {}
    record(baby, date(2026, 2, 10), "balita", ["KN3"])
    assert counts("KN_LENGKAP") == {(baby.household.posyandu_id, FEB): 1}
    assert sum(counts("KN1").values()) == 2


def test_n_over_d_and_bgm_use_the_weighed_as_denominator(record, child_factory):
    child = child_factory(age_days=400, on=date(2026, 2, 1))
    home = child.household.posyandu_id
    record(child, date(2026, 1, 5), "balita", ["WEIGHING"], weight_kg=Decimal("9.0"))
    record(child, date(2026, 2, 5), "balita", ["WEIGHING"], weight_kg=Decimal("9.5"))  # +500 g: N
    thin = child_factory(age_days=400, on=date(2026, 2, 1))
    record(thin, date(2026, 2, 6), "balita", ["WEIGHING"], weight_kg=Decimal("6.0"))  # far below -3 SD
    assert counts("D")[(home, FEB)] == 2
    assert counts("N") == {(home, FEB): 1}
    assert counts("BGM") == {(home, FEB): 1}


def test_stunting_prevalence_counts_stunted_children_among_those_measured(record, child_factory):
    tall = child_factory(age_days=730, on=date(2026, 3, 1))
    short = child_factory(age_days=730, on=date(2026, 3, 1))
    record(tall, date(2026, 3, 2), "balita", ["WEIGHING"], weight_kg=Decimal("12"), length_cm=Decimal("87"),
           measured_lying=True)
    record(short, date(2026, 3, 2), "balita", ["WEIGHING"], weight_kg=Decimal("10"), length_cm=Decimal("78"),
           measured_lying=True)
    home = tall.household.posyandu_id
    assert counts("MEASURED_HAZ") == {(home, MAR): 2}
    assert counts("STUNTING") == {(home, MAR): 1}


def without_age_limits(code):
    """Visits recorded before the catalogue limited a service by age (or after
    an admin lifted the limit) must still be counted by the indicator's rules."""
    Service.objects.filter(code=code).update(min_age_months=None, max_age_months=None)


def test_vitamin_a_counts_only_children_from_six_months(record, child_factory):
    without_age_limits("VIT_A")
    young = child_factory(age_days=100, on=date(2026, 2, 10))
    older = child_factory(age_days=300, on=date(2026, 2, 10))
    for child in (young, older):
        record(child, date(2026, 2, 10), "balita", ["VIT_A"])
    assert counts("VIT_A") == {(older.household.posyandu_id, FEB): 1}


def test_spm_balita_counts_a_child_in_the_month_of_the_eighth_weighing(record, child_factory):
    child = child_factory(age_days=500, on=date(2026, 1, 1))
    for month in range(1, 9):
        record(child, date(2026, month, 10), "balita", ["WEIGHING"], weight_kg=Decimal("10") + month / Decimal(10))
    assert counts("SPM_BALITA") == {(child.household.posyandu_id, date(2026, 8, 1)): 1}


def test_complete_basic_immunisation_counts_in_the_month_it_is_reached(record, child_factory):
    child = child_factory(age_days=0, on=date(2025, 5, 1))
    birth = child.birth_date
    for code, age in [("IMM_HB0", 0), ("IMM_BCG", 5), ("IMM_OPV1", 5), ("IMM_DPT1", 62), ("IMM_OPV2", 62),
                      ("IMM_DPT2", 95), ("IMM_OPV3", 95), ("IMM_DPT3", 125), ("IMM_OPV4", 125),
                      ("IMM_IPV1", 125), ("IMM_MR1", 280)]:
        record(child, birth + timedelta(days=age), "balita", [code])
    reached = birth + timedelta(days=280)
    assert counts("IDL", year=reached.year) == {(child.household.posyandu_id, reached.replace(day=1)): 1}


def test_tb_presumptive_comes_from_the_symptom_screen(record, network):
    hh = HouseholdFactory(posyandu=network["36.01"]["posyandu_pkm"])
    a = PatientFactory(household=hh, sex="L", birth_date=date(1970, 1, 1))
    b = PatientFactory(household=hh, sex="P", birth_date=date(1972, 1, 1))
    record(a, date(2026, 3, 3), "tb", ["TB_SCREENING"], tb_symptoms=["cough_2w"])
    record(b, date(2026, 3, 3), "tb", ["TB_SCREENING"], tb_symptoms=[])
    assert counts("TB_SCREENED") == {(hh.posyandu_id, MAR): 2}
    assert counts("TB_PRESUMPTIVE") == {(hh.posyandu_id, MAR): 1}


def test_the_set_based_evaluation_equals_the_reference_for_every_indicator(record, child_factory, network):
    from reports.indicators import REGISTRY

    without_age_limits("VIT_A")
    a = child_factory(age_days=730, on=date(2026, 3, 1))
    b = child_factory(age_days=160, on=date(2026, 3, 1))
    record(a, date(2026, 2, 2), "balita", ["WEIGHING", "VIT_A"], weight_kg=Decimal("10"), length_cm=Decimal("78"),
           measured_lying=True)
    record(a, date(2026, 3, 2), "balita", ["WEIGHING"], weight_kg=Decimal("10.6"), length_cm=Decimal("79"),
           measured_lying=True)
    record(b, date(2026, 3, 5), "balita", ["WEIGHING", "VIT_A"], weight_kg=Decimal("6"))
    record(b, date(2026, 3, 30), "balita", ["VIT_A"])  # 6 months old by now
    hh = HouseholdFactory(posyandu=network["36.01"]["posyandu_b"])
    woman = PatientFactory(household=hh, sex="P", birth_date=date(1990, 1, 1))
    Pregnancy.objects.create(patient=woman, expected_delivery_date=date(2026, 9, 1))
    record(woman, date(2026, 2, 1), "anc", ["ANC_K1"], systolic=110, diastolic=70)
    record(woman, date(2026, 4, 1), "anc", ["ANC_K4", "TB_SCREENING"], tb_symptoms=["cough_2w"])
    for code in ("KF1", "KF2", "KF3"):
        record(woman, date(2026, 5, 1), "delivery", [code])
    record(woman, date(2026, 6, 1), "delivery", ["KF4", "HIV_TEST"])
    for indicator in REGISTRY:
        counts(indicator.code)
    assert counts("KF_LENGKAP") == {(hh.posyandu_id, date(2026, 6, 1)): 1}
    assert counts("VIT_A") == {(a.household.posyandu_id, FEB): 1, (b.household.posyandu_id, MAR): 1}
