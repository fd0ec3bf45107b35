"""Behind a dashboard cell, the people in the indicator's target group who
are not yet counted: as many as the group (counted from people) less the
cell's own figure, and exactly those the records say were not served."""

import pytest

from reports.indicators import BY_CODE
from reports.pws.areas import desa_area, district_area, posyandu_area, puskesmas_area
from reports.pws.people import uncounted_people

from .conftest import JUNE, cell


def listed(user, area, code, period=JUNE):
    people = uncounted_people(user, area, BY_CODE[code], period)
    figure = cell(user, area, code, period)
    assert people.numerator == (figure.value or 0)  # the cell's own figure (none yet: 0)
    assert len(people.people) == people.denominator - people.numerator
    return people


def test_the_children_not_weighed_this_month_are_the_under_fives_less_d(cast, network, village):
    people = listed(cast["dinkes"], posyandu_area(network["36.01"]["posyandu_pustu"].pk), "D")
    assert people.numerator == 3
    infants = [village["idl_done"], *village["idl_missing"], village["past_infant"], village["kn1"], village["no_kn"]]
    not_weighed = village["not_weighed"][0]
    assert {p.patient_id for p in people.people} == {kid.pk for kid in [not_weighed, *infants]}
    # Not the child who turned five in May, nor under-fives of another Posyandu.
    assert people.denominator == 3 + 1 + len(infants)
    person = next(p for p in people.people if p.patient_id == not_weighed.pk)
    assert (person.dusun, person.rw, person.posyandu) == ("Cibeber", "003", network["36.01"]["posyandu_pustu"].name)
    assert person.last_visit.month == 5


def test_infants_without_complete_basic_immunisation_are_the_infants_less_idl(cast, network, village):
    people = listed(cast["dinkes"], posyandu_area(network["36.01"]["posyandu_pustu"].pk), "IDL")
    assert people.numerator == 1
    # Every child under one this year but the one immunised; not one who was an infant only last year.
    infants = [*village["idl_missing"], village["not_weighed"][0], village["kn1"], village["no_kn"]]
    assert {p.patient_id for p in people.people} == {kid.pk for kid in infants}


def test_newborns_without_kn1_are_the_years_newborns_less_kn1(cast, network, village):
    people = listed(cast["dinkes"], posyandu_area(network["36.01"]["posyandu_pustu"].pk), "KN1")
    born_this_year = [village["idl_missing"][1], village["no_kn"]]
    assert {p.patient_id for p in people.people} == {kid.pk for kid in born_this_year}
    kn_complete = listed(cast["dinkes"], posyandu_area(network["36.01"]["posyandu_pustu"].pk), "KN_LENGKAP")
    assert {p.patient_id for p in kn_complete.people} == {kid.pk for kid in [village["kn1"], *born_this_year]}


def test_pregnancies_without_k4_and_without_a_first_contact_are_counted_per_pregnancy(cast, network, village):
    area = posyandu_area(network["36.01"]["posyandu_pkm"].pk)
    k4 = listed(cast["dinkes"], area, "K4")
    assert {p.pregnancy_id for p in k4.people} == {village[k].pk for k in ("k1_only", "not_seen", "seen_last_year")}
    assert all(p.expected_delivery for p in k4.people)
    k1 = listed(cast["dinkes"], area, "K1")
    # A pregnancy first seen last year was counted then: not in this year's list.
    assert {p.pregnancy_id for p in k1.people} == {village["not_seen"].pk}
    assert k1.numerator == 2


def test_people_not_screened_for_ptm_are_those_aged_15_to_59_less_the_screened(cast, network, village):
    people = listed(cast["dinkes"], posyandu_area(network["36.01"]["posyandu_b"].pk), "PTM_PRODUKTIF")
    assert people.numerator == 1
    assert {p.patient_id for p in people.people} == {p.pk for p in village["not_screened"]}


@pytest.mark.parametrize("code", ["D", "IDL", "K1", "K4", "KN1", "PTM_PRODUKTIF", "LANSIA_SKRINING", "VIT_A"])
def test_every_level_lists_its_cells_difference(cast, network, village, code):
    home = network["36.01"]
    pustu = home["posyandu_pustu"]
    for area in (district_area("36.01"), puskesmas_area(home["puskesmas"].pk),
                 desa_area(home["puskesmas"].pk, pustu.region_id), posyandu_area(pustu.pk)):
        listed(cast["dinkes"], area, code)
