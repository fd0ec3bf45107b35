"""The same NIK registered at the same moment from two sessions (two health
workers, two browsers): one patient, and the second worker is told the NIK is
already registered, not shown an error page. The service-level race is
patients/tests/test_registration.py::test_two_users_registering_the_same_nik_at_once_end_with_one_patient
(also marked `faults`)."""

import threading
import uuid
from datetime import date

import pytest
from django.db import connection
from django.test import Client

from facilities.models import Role
from facilities.tests.factories import UserFactory
from patients.models import Patient
from patients.tests.factories import HouseholdFactory, nik_for

from .conftest import needs_postgres

pytestmark = [pytest.mark.faults, needs_postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_sessions_posting_the_same_nik_at_once_end_with_one_patient_and_a_clear_message(reference_data, network):
    household = HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"])
    workers = [UserFactory(role=Role.PETUGAS_PUSKESMAS, scope_facility=network["36.01"]["puskesmas"])
               for _ in range(2)]
    nik = nik_for(date(1997, 2, 14), "P", serial=77)
    barrier = threading.Barrier(2)
    responses = []

    def register(user):
        client = Client()
        client.force_login(user)
        client.cookies["django_language"] = "en"
        try:
            barrier.wait()
            responses.append(client.post(f"/pasien/keluarga/{household.pk}/anggota/baru/", {
                "nik": nik, "name": "Dewi Lestari", "sex": "P", "birth_date": "1997-02-14",
                "submission_key": str(uuid.uuid4()),  # two people, two forms: two keys
            }))
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(u,)) for u in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200).content.decode()
    assert "This NIK is already registered" in refused
    assert Patient.objects.filter(name="Dewi Lestari").count() == 1
