from datetime import date

import pytest

from patients.nik import check_nik
from patients.tests.factories import nik_for

TODAY = date(2026, 11, 25)


@pytest.fixture
def known(regions):
    return regions


def test_a_valid_nik_of_a_man_decodes_his_birth_date_and_sex(known):
    result = check_nik("3601011705900001", today=TODAY)
    assert result.ok and result.warnings == []
    assert (result.birth_date, result.sex) == (date(1990, 5, 17), "L")


def test_forty_is_added_to_the_day_for_women(known):
    result = check_nik("3601015705900001", today=TODAY)
    assert (result.birth_date, result.sex) == (date(1990, 5, 17), "P")


def test_spaces_and_dots_are_ignored(known):
    assert check_nik("3601 0157 0590 0001", today=TODAY).ok


@pytest.mark.parametrize("raw", ["360101170590000", "36010117059000011", ""])
def test_a_nik_that_is_not_sixteen_digits_is_rejected(known, raw):
    assert check_nik(raw, today=TODAY).errors == ["NIK harus tepat 16 digit."]


def test_a_letter_in_a_nik_is_named_in_the_rejection(known):
    [error] = check_nik("36010117059O0001", today=TODAY).errors
    assert "NIK" in error and "“O”" in error


def test_an_unknown_province_is_rejected(known):
    result = check_nik("9901011705900001", today=TODAY)
    assert result.errors and "99" in result.errors[0]


@pytest.mark.parametrize("raw", ["3601013102900001", "3601017102900001", "3601011713900001", "3601010005900001"])
def test_a_date_part_that_is_not_a_real_date_is_rejected(known, raw):
    assert any("tanggal lahir" in e for e in check_nik(raw, today=TODAY).errors)


def test_the_twenty_ninth_of_february_is_real_in_a_leap_year(known):
    assert check_nik("3601012902000001", today=TODAY).birth_date == date(2000, 2, 29)


def test_serial_0000_is_rejected(known):
    assert any("0000" in e for e in check_nik("3601011705900000", today=TODAY).errors)


def test_a_two_digit_year_is_never_in_the_future(known):
    assert check_nik("3601011705300001", today=TODAY).birth_date == date(1930, 5, 17)
    assert check_nik("3601011705250001", today=TODAY).birth_date == date(2025, 5, 17)


def test_an_unknown_kabupaten_is_a_warning_not_a_rejection(known):
    result = check_nik("3699011705900001", today=TODAY)
    assert result.ok and any("36.99" in w for w in result.warnings)


def test_an_unknown_kecamatan_is_a_warning_not_a_rejection(known):
    result = check_nik("3601991705900001", today=TODAY)
    assert result.ok and any("36.01.99" in w for w in result.warnings)


def test_a_birth_date_that_disagrees_with_the_nik_is_a_warning(known):
    result = check_nik(nik_for(date(1990, 5, 17), "L"), birth_date=date(1990, 5, 18), sex="L", today=TODAY)
    assert result.ok and len(result.warnings) == 1 and "17-05-1990" in result.warnings[0]


def test_a_sex_that_disagrees_with_the_nik_is_a_warning(known):
    result = check_nik(nik_for(date(1990, 5, 17), "P"), birth_date=date(1990, 5, 17), sex="L", today=TODAY)
    assert result.ok and result.warnings == ["NIK ini milik perempuan, tetapi jenis kelamin yang diisi laki-laki."]
