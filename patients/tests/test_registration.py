"""Registering households and people through the browser's forms."""

import threading
import uuid
from datetime import date

import pytest
from django.conf import settings
from django.db import connection

from patients.models import Household, Patient
from patients.services import DuplicateNik, patient_register
from patients.tests.factories import nik_for


def household_post(posyandu, key=None, **members):
    data = {
        "submission_key": str(key or uuid.uuid4()),
        "posyandu": posyandu.pk,
        "no_kk": "3601011203240009",
        "dusun": "Cilaja",
        "rw": "3",
        "rt": "7",
        "address": "Kp. Cilaja",
        "m-TOTAL_FORMS": "4",
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "20",
    }
    for i, member in members.items():
        for field, value in member.items():
            data[f"m-{i[1:]}-{field}"] = value
    return data


FATHER = {
    "nik": nik_for(date(1985, 4, 2), "L", serial=11),
    "name": "Asep Saepudin",
    "sex": "L",
    "birth_date": "1985-04-02",
}
MOTHER = {
    "nik": nik_for(date(1989, 9, 21), "P", serial=12),
    "name": "Neng Yuli",
    "sex": "P",
    "birth_date": "1989-09-21",
    "phone": "0812 3456 7890",
}


def test_a_kader_registers_a_household_and_its_members_in_one_flow(client, cast, network):
    client.force_login(cast["kader"])
    posyandu = network["36.01"]["posyandu_pustu"]
    response = client.post("/pasien/keluarga/baru/", household_post(posyandu, m0=FATHER, m1=MOTHER))
    assert response.status_code == 302
    household = Household.objects.get()
    assert household.desa_id == posyandu.region_id and household.rw == "3"
    assert sorted(household.members.values_list("name", flat=True)) == ["Asep Saepudin", "Neng Yuli"]


def test_a_double_submission_creates_one_household_not_two(client, cast, network):
    client.force_login(cast["kader"])
    data = household_post(network["36.01"]["posyandu_pustu"], m0=FATHER)
    first = client.post("/pasien/keluarga/baru/", data)
    second = client.post("/pasien/keluarga/baru/", data)
    assert first["Location"] == second["Location"]
    assert Household.objects.count() == 1 and Patient.objects.count() == 1


def test_bad_input_is_explained_next_to_the_field_and_the_rest_is_kept(client, cast, network):
    client.force_login(cast["kader"])
    bad = dict(MOTHER, nik="3601015709890000", birth_date="2999-01-01")
    response = client.post(
        "/pasien/keluarga/baru/", household_post(network["36.01"]["posyandu_pustu"], m0=FATHER, m1=bad)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "tidak boleh 0000" in html
    assert 'value="Asep Saepudin"' in html and 'value="Neng Yuli"' in html and 'value="Cilaja"' in html
    assert Household.objects.count() == 0 and Patient.objects.count() == 0


def test_a_nik_warning_is_confirmed_before_saving(client, cast, people):
    client.force_login(cast["kader"])
    url = f"/pasien/keluarga/{people['household'].pk}/anggota/baru/"
    data = {
        "submission_key": str(uuid.uuid4()),
        "nik": nik_for(date(2001, 1, 1), "L", serial=5),
        "name": "Dede",
        "sex": "L",
        "birth_date": "2001-01-02",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "01-01-2001" in response.content.decode()
    assert 'name="confirm_warnings"' in response.content.decode()
    response = client.post(url, dict(data, confirm_warnings="on"))
    assert response.status_code == 302
    assert Patient.objects.filter(name="Dede").count() == 1


def test_a_person_is_registered_into_an_existing_household(client, cast, people):
    client.force_login(cast["pustu"])
    url = f"/pasien/keluarga/{people['household'].pk}/anggota/baru/"
    response = client.post(
        url, {"submission_key": str(uuid.uuid4()), "name": "Nenek Iyah", "sex": "P", "birth_date": "1950-02-02"}
    )
    assert response.status_code == 302
    assert people["household"].members.filter(name="Nenek Iyah").exists()


def test_a_household_outside_the_scope_cannot_receive_members(client, cast, people):
    client.force_login(cast["kader"])
    url = f"/pasien/keluarga/{people['other_household'].pk}/anggota/baru/"
    assert client.get(url).status_code == 404


def test_dinkes_staff_cannot_register_people(client, cast):
    client.force_login(cast["dinkes"])
    assert client.get("/pasien/keluarga/baru/").status_code == 403


@pytest.mark.faults  # with tests/faults/test_duplicate_registration.py (the same race through HTTP)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="needs real concurrent transactions (PostgreSQL)")
def test_two_users_registering_the_same_nik_at_once_end_with_one_patient(network):
    from facilities.models import Role
    from facilities.tests.factories import UserFactory
    from patients.tests.factories import HouseholdFactory

    household = HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"])
    users = [UserFactory(role=Role.KADER, scope_facility=network["36.01"]["posyandu_pustu"]) for _ in range(2)]
    nik = nik_for(date(1999, 9, 9), "P", serial=42)
    barrier = threading.Barrier(2)
    outcomes = []

    def register(user):
        try:
            barrier.wait()
            patient_register(by=user, household=household, name="Sama", sex="P", birth_date=date(1999, 9, 9), nik=nik)
            outcomes.append("created")
        except DuplicateNik:
            outcomes.append("duplicate")
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["created", "duplicate"]
    assert Patient.objects.filter(name="Sama").count() == 1
