"""The clear NIK is nowhere in the database, yet exact lookup and uniqueness work."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from patients import pii
from patients.models import Patient
from patients.services import DuplicateNik, patient_register
from patients.tests.factories import nik_for

NIK = nik_for(date(1991, 8, 9), "P", serial=77)


def all_database_text() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_a_registered_nik_is_stored_only_as_index_ciphertext_and_mask(people, cast):
    patient = patient_register(
        by=cast["kader"], household=people["household"], name="Ani", sex="P", birth_date=date(1991, 8, 9), nik=NIK
    )
    dump = all_database_text()
    assert NIK not in dump
    assert NIK[4:12] not in dump  # not even the birth-date part in clear
    patient.refresh_from_db()
    assert patient.nik == NIK and patient.nik_masked == "••••" + NIK[-4:]
    assert patient.nik_index == pii.blind_index(NIK) != NIK


def test_history_rows_do_not_hold_the_nik_either(people, cast):
    patient = patient_register(
        by=cast["kader"], household=people["household"], name="Ani", sex="P", birth_date=date(1991, 8, 9), nik=NIK
    )
    patient.name = "Ani Lestari"
    patient.save()
    assert NIK not in all_database_text()


def test_the_blind_index_depends_on_the_secret(settings):
    first = pii.blind_index(NIK)
    settings.PII_SECRET = "another-secret"
    assert pii.blind_index(NIK) != first


def test_the_database_refuses_a_second_row_with_the_same_nik(people):
    duplicate = Patient(household=people["household"], name="X", sex="P", birth_date=date(1994, 3, 12))
    duplicate.set_nik(people["mother"].nik)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_registering_a_taken_nik_gets_a_clear_message(people, cast):
    with pytest.raises(DuplicateNik) as exc:
        patient_register(
            by=cast["kader"],
            household=people["household"],
            name="X",
            sex="P",
            birth_date=date(1994, 3, 12),
            nik=people["mother"].nik,
        )
    assert exc.value.message_dict["nik"] == ["NIK ini sudah terdaftar. Cari NIK ini saja."]
