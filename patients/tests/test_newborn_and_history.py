import uuid
from datetime import date, timedelta

from django.utils import timezone

from patients.models import Patient, Pregnancy
from patients.services import newborn_register, patient_update
from patients.tests.factories import nik_for


def test_a_newborn_is_registered_through_the_mother_with_a_birth_order(client, cast, people):
    client.force_login(cast["kader"])
    mother = people["mother"]
    born = timezone.localdate() - timedelta(days=2)
    for expected_order in (1, 2):  # twins
        response = client.post(
            f"/pasien/{mother.pk}/bayi/baru/",
            {
                "submission_key": str(uuid.uuid4()),
                "name": f"Bayi Ny. Siti {expected_order}",
                "sex": "L",
                "birth_date": born.isoformat(),
            },
        )
        assert response.status_code == 302
        baby = Patient.objects.get(name=f"Bayi Ny. Siti {expected_order}")
        assert (baby.mother_id, baby.birth_order, baby.household_id) == (mother.pk, expected_order, mother.household_id)
        assert baby.nik_index is None
    page = client.get(f"/pasien/{baby.pk}/").content.decode()
    assert "Bayi baru lahir" in page and "anak ke-2" in page


def test_a_newborn_gets_a_nik_later_without_losing_its_history(people, cast):
    born = timezone.localdate() - timedelta(days=10)
    baby = newborn_register(by=cast["kader"], mother=people["mother"], name="Bayi Ny. Siti", sex="P", birth_date=born)
    nik = nik_for(born, "P", serial=31)
    patient_update(by=cast["petugas"], patient=baby, name="Aisyah", sex="P", birth_date=born, nik=nik)
    baby.refresh_from_db()
    assert baby.nik == nik and baby.mother_id == people["mother"].pk and baby.birth_order == 1
    assert baby.history.count() == 2


def test_registering_the_newborn_closes_the_mothers_pregnancy(people, cast):
    today = timezone.localdate()
    Pregnancy.objects.create(patient=people["mother"], expected_delivery_date=today + timedelta(days=5))
    newborn_register(by=cast["kader"], mother=people["mother"], name="Bayi", sex="L", birth_date=today)
    assert people["mother"].pregnancies.get().status == "delivered"


def test_a_corrected_birth_date_shows_in_the_history_with_who_and_what(client, cast, people):
    son = people["son"]
    client.force_login(cast["petugas"])
    response = client.post(
        f"/pasien/{son.pk}/ubah/",
        {
            "nik": son.nik,
            "name": son.name,
            "sex": "L",
            "birth_date": "2023-07-02",
            "confirm_warnings": "on",
        },
    )
    assert response.status_code == 302
    son.refresh_from_db()
    assert son.birth_date == date(2023, 7, 2)
    html = client.get(f"/pasien/{son.pk}/riwayat/").content.decode()
    assert "01-07-2023 → 02-07-2023" in html
    assert cast["petugas"].get_full_name() in html or cast["petugas"].username in html


def test_a_recorded_nik_cannot_be_erased(client, cast, people):
    son = people["son"]
    client.force_login(cast["petugas"])
    response = client.post(
        f"/pasien/{son.pk}/ubah/", {"nik": "", "name": son.name, "sex": "L", "birth_date": "2023-07-01"}
    )
    assert response.status_code == 200 and "tidak dapat dihapus" in response.content.decode()


def test_a_pregnancy_is_recorded_from_hpht(client, cast, people):
    client.force_login(cast["kader"])
    lmp = timezone.localdate() - timedelta(days=70)
    response = client.post(f"/pasien/{people['mother'].pk}/kehamilan/baru/", {"last_menstrual_period": lmp.isoformat()})
    assert response.status_code == 302
    pregnancy = people["mother"].pregnancies.get()
    assert pregnancy.expected_delivery_date == lmp + timedelta(days=280)
    page = client.get(f"/pasien/{people['mother'].pk}/").content.decode()
    assert "Ibu hamil" in page


def test_a_newborn_cannot_be_registered_through_a_man(people, cast):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        newborn_register(by=cast["kader"], mother=people["son"], name="X", sex="L", birth_date=timezone.localdate())


def test_a_last_period_far_in_the_future_gets_a_message_not_an_error(client, cast, people):
    client.force_login(cast["kader"])
    response = client.post(f"/pasien/{people['mother'].pk}/kehamilan/baru/",
                           {"last_menstrual_period": "9999-12-31"})
    assert response.status_code == 200 and "10 bulan" in response.content.decode()


def test_history_pages_in_the_admin_follow_the_users_area(client, cast, people):
    from facilities.models import Role
    from facilities.tests.factories import UserFactory

    other = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True,
                        scope_facility=cast["kapus_other"].scope_facility)
    client.force_login(other)
    mother = people["mother"]
    assert client.get(f"/admin/patients/patient/{mother.pk}/history/").status_code == 404
    client.force_login(cast["admin"])
    assert client.get(f"/admin/patients/patient/{mother.pk}/history/").status_code == 200
