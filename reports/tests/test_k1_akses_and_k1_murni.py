"""K1 as PWS-KIA reads it: K1 akses counts a pregnancy at its first
antenatal contact whenever it happens, K1 murni only when that first contact
was in trimester I (up to 12 weeks, shared/domain/ILP.md section 3). The
contact is any ANC visit: a pregnancy first seen at a visit recorded as K2
has had its first contact all the same."""

from datetime import date, timedelta

from patients.models import Pregnancy
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine
from reports.tests.refresh_helpers import YEAR, counted_everywhere


def pregnant(network, posyandu="posyandu_pkm", hpl=date(YEAR, 10, 1), hpht=None):
    woman = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"][posyandu]), sex="P",
                           birth_date=date(1996, 4, 2))
    Pregnancy.objects.create(patient=woman, expected_delivery_date=hpl, last_menstrual_period=hpht)
    return woman


def anc(record, woman, day, code="ANC_K1", weeks=None):
    values = {"systolic": 110, "diastolic": 70}
    if weeks is not None:
        values["gestational_age_weeks"] = weeks
    return record(woman, day, "anc", [code], **values)


def test_k1_akses_counts_every_first_contact_and_k1_murni_those_in_trimester_one(record, network):
    engine.rebuild("36.01", YEAR)
    in_trimester_one = pregnant(network)
    anc(record, in_trimester_one, date(YEAR, 2, 10), weeks=10)
    anc(record, in_trimester_one, date(YEAR, 4, 10), "ANC_K2", weeks=18)
    later = pregnant(network)
    anc(record, later, date(YEAR, 3, 10), weeks=16)
    first_seen_at_k2 = pregnant(network)  # K1 never recorded: the first contact is the K2 visit
    anc(record, first_seen_at_k2, date(YEAR, 4, 10), "ANC_K2", weeks=12)
    anc(record, first_seen_at_k2, date(YEAR, 6, 10), "ANC_K3", weeks=20)

    home = network["36.01"]["posyandu_pkm"].pk
    assert counted_everywhere("K1") == {(home, date(YEAR, 2, 1)): 1, (home, date(YEAR, 3, 1)): 1,
                                        (home, date(YEAR, 4, 1)): 1}
    assert counted_everywhere("K1_MURNI") == {(home, date(YEAR, 2, 1)): 1, (home, date(YEAR, 4, 1)): 1}


def test_without_a_recorded_gestational_age_it_comes_from_hpht_else_from_hpl(record, network):
    engine.rebuild("36.01", YEAR)
    hpht = date(YEAR, 1, 1)
    by_hpht = pregnant(network, "posyandu_pustu", hpl=date(YEAR, 10, 8), hpht=hpht)
    anc(record, by_hpht, hpht + timedelta(days=90))  # 12 weeks 6 days: trimester I
    by_hpht_later = pregnant(network, "posyandu_pustu", hpl=date(YEAR, 10, 8), hpht=hpht)
    anc(record, by_hpht_later, hpht + timedelta(days=91))  # 13 weeks
    hpl = date(YEAR, 11, 1)  # HPHT 280 days before: 25 January
    by_hpl = pregnant(network, "posyandu_b", hpl=hpl)
    anc(record, by_hpl, hpl - timedelta(days=280 - 90))  # 12 weeks 6 days
    by_hpl_later = pregnant(network, "posyandu_b", hpl=hpl)
    anc(record, by_hpl_later, hpl - timedelta(days=280 - 91))  # 13 weeks

    pustu, b = network["36.01"]["posyandu_pustu"].pk, network["36.01"]["posyandu_b"].pk
    assert counted_everywhere("K1_MURNI") == {(pustu, date(YEAR, 4, 1)): 1, (b, date(YEAR, 4, 1)): 1}
    assert sum(counted_everywhere("K1").values()) == 4


def test_a_first_contact_last_year_is_not_counted_again_this_year(record, network):
    engine.rebuild("36.01", YEAR - 1)
    engine.rebuild("36.01", YEAR)
    woman = pregnant(network, hpl=date(YEAR, 7, 1))
    anc(record, woman, date(YEAR - 1, 12, 1), weeks=9)
    anc(record, woman, date(YEAR, 1, 20), "ANC_K2", weeks=16)

    home = network["36.01"]["posyandu_pkm"].pk
    for code in ("K1", "K1_MURNI"):
        assert counted_everywhere(code, year=YEAR - 1) == {(home, date(YEAR - 1, 12, 1)): 1}
        assert counted_everywhere(code) == {}


def test_a_contact_recorded_late_for_an_earlier_day_becomes_the_first(record, network):
    engine.rebuild("36.01", YEAR)
    woman = pregnant(network)
    anc(record, woman, date(YEAR, 3, 20), "ANC_K2", weeks=14)
    engine.refresh()  # K1 akses in March, not murni
    anc(record, woman, date(YEAR, 2, 25), weeks=11)  # entered afterwards

    home = network["36.01"]["posyandu_pkm"].pk
    assert counted_everywhere("K1") == {(home, date(YEAR, 2, 1)): 1}
    assert counted_everywhere("K1_MURNI") == {(home, date(YEAR, 2, 1)): 1}


def test_the_first_contact_of_its_month_decides_k1_murni(record, network):
    engine.rebuild("36.01", YEAR)
    woman = pregnant(network)
    anc(record, woman, date(YEAR, 3, 20), "ANC_K2", weeks=14)
    engine.refresh()
    anc(record, woman, date(YEAR, 3, 2), weeks=12)  # the same month, earlier: the first contact

    home = network["36.01"]["posyandu_pkm"].pk
    assert counted_everywhere("K1_MURNI") == {(home, date(YEAR, 3, 1)): 1}
