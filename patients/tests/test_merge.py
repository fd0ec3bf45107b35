from datetime import date, timedelta

from django.utils import timezone

from patients.models import Patient, PatientMerge, Pregnancy
from patients.tests.factories import PatientFactory


def make_duplicate(people):
    dup = PatientFactory(
        household=people["household"],
        name="Siti Rahmawati (dobel)",
        sex="P",
        birth_date=date(1994, 3, 12),
        phone="0813 1111 2222",
    )
    Pregnancy.objects.create(patient=dup, expected_delivery_date=timezone.localdate() + timedelta(days=90))
    child = PatientFactory(
        household=people["household"], name="Bayi", sex="L", birth_date=timezone.localdate(), mother=dup, birth_order=1
    )
    return dup, child


def test_a_puskesmas_user_merges_two_records_and_everything_moves(client, cast, people):
    kept = people["mother"]
    dup, child = make_duplicate(people)
    client.force_login(cast["petugas"])
    compare = client.post(f"/pasien/{kept.pk}/gabung/", {"duplicate": dup.pk})
    assert "Siti Rahmawati (dobel)" in compare.content.decode()
    response = client.post(f"/pasien/{kept.pk}/gabung/", {"duplicate": dup.pk, "confirm": "on"})
    assert response.status_code == 302
    dup.refresh_from_db()
    kept.refresh_from_db()
    child.refresh_from_db()
    assert dup.merged_into_id == kept.pk
    assert child.mother_id == kept.pk
    assert kept.pregnancies.count() == 1 and kept.phone == "0813 1111 2222"
    log = PatientMerge.objects.get()
    assert (log.kept_id, log.duplicate_id, log.merged_by_id) == (kept.pk, dup.pk, cast["petugas"].pk)
    assert log.moved == {"patients.Pregnancy.patient": 1, "patients.Patient.mother": 1}
    assert log.duplicate_snapshot["name"] == "Siti Rahmawati (dobel)"
    # The duplicate's page now leads to the kept record; searches show one person.
    assert client.get(f"/pasien/{dup.pk}/")["Location"] == f"/pasien/{kept.pk}/"
    assert Patient.objects.active().filter(name__startswith="Siti Rahmawati").count() == 1


def test_a_kader_cannot_merge(client, cast, people):
    client.force_login(cast["kader"])
    assert client.get(f"/pasien/{people['mother'].pk}/gabung/").status_code == 403


def test_a_record_outside_the_scope_cannot_be_merged_in(client, cast, people):
    client.force_login(cast["petugas"])
    response = client.post(
        f"/pasien/{people['mother'].pk}/gabung/", {"duplicate": people["stranger"].pk, "confirm": "on"}
    )
    assert response.status_code == 200 and "Tidak ada catatan" in response.content.decode()
    assert not PatientMerge.objects.exists()


def test_records_with_two_different_niks_are_not_merged(client, cast, people):
    client.force_login(cast["petugas"])
    response = client.post(f"/pasien/{people['mother'].pk}/gabung/", {"duplicate": people["son"].pk, "confirm": "on"})
    assert response.status_code == 200
    assert not PatientMerge.objects.exists()
