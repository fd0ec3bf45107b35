"""A NIK or No. KK typed with another script's digits (Arabic-Indic, Persian,
full-width, Devanagari) is the same number as its ASCII twin: stored as ASCII
digits, and never a second person or household (issue 18)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from patients.models import Household, Patient
from patients.services import DuplicateNik, household_register, patient_register
from patients.tests.factories import DIGITS, nik_for, written_in

SCRIPTS = list(DIGITS)
BORN = date(1992, 6, 14)
NIK = nik_for(BORN, "P", serial=31)
KK = "3601011506200031"


def register(cast, household, nik):
    return patient_register(by=cast["kader"], household=household, name="Wulan", sex="P", birth_date=BORN, nik=nik)


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_nik_in_other_digits_is_stored_as_its_ascii_twin(cast, people, script):
    patient = register(cast, people["household"], written_in(script, NIK))
    patient.refresh_from_db()
    assert patient.nik == NIK and patient.nik_masked == "••••" + NIK[-4:]


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_nik_in_other_digits_never_makes_a_second_person(cast, people, script):
    register(cast, people["household"], NIK)
    with pytest.raises(DuplicateNik):
        register(cast, people["household"], written_in(script, NIK))
    assert Patient.objects.filter(name="Wulan").count() == 1


def test_the_ascii_twin_of_a_nik_typed_in_other_digits_is_refused_too(cast, people):
    register(cast, people["household"], written_in("Arabic-Indic", NIK))
    with pytest.raises(DuplicateNik):
        register(cast, people["household"], NIK)
    assert Patient.objects.filter(name="Wulan").count() == 1


def test_region_digits_in_another_script_are_a_known_province(cast, people):
    mixed = written_in("Arabic-Indic", NIK[:6]) + NIK[6:]
    assert register(cast, people["household"], mixed).nik == NIK


def test_spaces_dashes_and_invisible_marks_typed_around_the_digits_are_dropped(cast, people):
    typed = "\u200f" + "-".join(written_in("Arabic-Indic", NIK[i:i + 4]) for i in range(0, 16, 4)) + "\u00a0"
    assert register(cast, people["household"], typed).nik == NIK


def household(cast, network, no_kk):
    return household_register(by=cast["kader"], posyandu=network["36.01"]["posyandu_pustu"], no_kk=no_kk)


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_no_kk_in_other_digits_is_stored_as_its_ascii_twin(cast, network, script):
    saved = Household.objects.get(pk=household(cast, network, written_in(script, KK)).pk)
    assert saved.no_kk == KK and saved.kk_masked == "••••" + KK[-4:]


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_no_kk_in_other_digits_never_makes_a_second_household(cast, network, script):
    household(cast, network, KK)
    with pytest.raises(ValidationError) as refused:
        household(cast, network, written_in(script, KK))
    assert "no_kk" in refused.value.message_dict
    assert Household.objects.count() == 1


def test_a_no_kk_with_a_letter_is_refused_naming_the_field_and_the_letter(cast, network):
    with pytest.raises(ValidationError) as refused:
        household(cast, network, KK[:10] + "l" + KK[11:])
    [message] = refused.value.message_dict["no_kk"]
    assert "No. KK" in message and "“l”" in message
    assert not Household.objects.exists()
