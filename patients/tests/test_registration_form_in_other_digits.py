"""The registration pages take a NIK, No. KK, BPJS number and RT/RW typed in
another script's digits, save them as ASCII digits, refuse a twin of a number
already registered, and say next to the field what is wrong with a letter."""

import uuid
from datetime import date

import lxml.html
import pytest

from patients.models import Household, Patient
from patients.tests.factories import nik_for, written_in

HOUSEHOLD_URL = "/pasien/keluarga/baru/"
KK = "3601010302210007"
MOTHER_NIK = nik_for(date(1993, 2, 3), "P", serial=21)


def household_post(posyandu, *, no_kk, member):
    data = {
        "submission_key": str(uuid.uuid4()),
        "posyandu": posyandu.pk,
        "no_kk": no_kk,
        "dusun": "Cikoneng",
        "rw": written_in("Arabic-Indic", "4"),
        "rt": written_in("full-width", "12"),
        "address": "Kp. Cikoneng",
        "m-TOTAL_FORMS": "1",
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "20",
    }
    data.update({f"m-0-{field}": value for field, value in member.items()})
    return data


def mother(**changes):
    return {"nik": MOTHER_NIK, "name": "Yeni Marlina", "sex": "P", "birth_date": "1993-02-03", **changes}


def field_error(response, field_id) -> str:
    page = lxml.html.fromstring(response.content.decode())
    return " ".join(e.text_content().strip() for e in page.xpath(f"//*[@id='id_{field_id}_error']"))


@pytest.fixture
def kader(client, cast, network):
    client.force_login(cast["kader"])
    return network["36.01"]["posyandu_pustu"]


def test_a_household_typed_in_other_digits_is_saved_in_ascii_digits(client, kader):
    member = mother(nik=written_in("full-width", MOTHER_NIK), bpjs_number=written_in("Devanagari", "0001234567891"))
    response = client.post(HOUSEHOLD_URL, household_post(kader, no_kk=written_in("Arabic-Indic", KK), member=member))
    assert response.status_code == 302
    household = Household.objects.get()
    assert (household.no_kk, household.rw, household.rt) == (KK, "4", "12")
    person = household.members.get()
    assert (person.nik, person.bpjs_number) == (MOTHER_NIK, "0001234567891")


def test_the_twin_of_a_registered_no_kk_gets_an_error_on_the_field(client, kader):
    assert client.post(HOUSEHOLD_URL, household_post(kader, no_kk=KK, member=mother())).status_code == 302
    again = household_post(kader, no_kk=written_in("Persian", KK), member=mother(nik="", name="Yeni Lain"))
    response = client.post(HOUSEHOLD_URL, again)
    assert response.status_code == 200 and field_error(response, "no_kk") == "No. KK ini sudah terdaftar."
    assert Household.objects.count() == 1 and Patient.objects.count() == 1


def test_the_twin_of_a_registered_nik_gets_an_error_on_the_members_nik(client, kader, people):
    url = f"/pasien/keluarga/{people['household'].pk}/anggota/baru/"
    data = {"submission_key": str(uuid.uuid4()), "nik": written_in("Devanagari", people["mother"].nik),
            "name": "Siti R.", "sex": "P", "birth_date": "1994-03-12"}
    response = client.post(url, data)
    assert response.status_code == 200 and "sudah terdaftar" in field_error(response, "nik")
    assert Patient.objects.filter(name="Siti R.").count() == 0


@pytest.mark.parametrize("typed, shown", [(MOTHER_NIK[:15] + "I", "I"), (MOTHER_NIK[:15] + "³", "³")])
def test_a_nik_with_something_that_is_not_a_digit_gets_an_error_naming_it(client, kader, typed, shown):
    response = client.post(HOUSEHOLD_URL, household_post(kader, no_kk=KK, member=mother(nik=typed)))
    error = field_error(response, "m-0-nik")
    assert response.status_code == 200 and "NIK" in error and f"“{shown}”" in error
    assert not Household.objects.exists() and not Patient.objects.exists()


def test_a_no_kk_with_a_letter_gets_an_error_naming_the_field(client, kader):
    response = client.post(HOUSEHOLD_URL, household_post(kader, no_kk="36O1010302210007", member=mother()))
    error = field_error(response, "no_kk")
    assert "No. KK" in error and "“O”" in error
    assert not Household.objects.exists()


def test_a_bpjs_number_of_the_wrong_length_is_refused_in_the_fields_words(client, kader):
    member = mother(bpjs_number=written_in("Arabic-Indic", "000123"))
    response = client.post(HOUSEHOLD_URL, household_post(kader, no_kk=KK, member=member))
    assert field_error(response, "m-0-bpjs_number") == "Nomor BPJS harus tepat 13 digit."
    assert not Household.objects.exists()
