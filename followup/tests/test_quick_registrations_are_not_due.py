"""A person quickly registered at the IGD has no address and no Posyandu
yet: no due list follows them up until the record is merged into the full
one, whose items are listed as before."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html

from followup.models import DueItem
from patients import services as people
from patients.merge import patients_merge
from patients.quick import patient_register_quick

pytestmark = pytest.mark.django_db


def listed(client, user) -> set[str]:
    client.force_login(user)
    response = client.get(reverse("followup:due_list"))
    assert response.status_code == 200
    return {li.get("data-patient") for li in html.fromstring(response.content).xpath("//li[@data-patient]")}


def test_a_quick_registration_is_on_no_due_list_until_merged(client, cast, network, django_capture_on_commit_callbacks):
    pkm, posyandu = network["36.01"]["puskesmas"], network["36.01"]["posyandu_pustu"]
    born = timezone.localdate() - timedelta(days=120)
    with django_capture_on_commit_callbacks(execute=True):
        quick = patient_register_quick(by=cast["petugas"], puskesmas=pkm, name="Bayi Tn. X", sex="L", birth_date=born)
        household = people.household_register(by=cast["petugas"], posyandu=posyandu, rw="2", address="Jl. Melati 2")
        full = people.patient_register(by=cast["petugas"], household=household, name="Bayi Lengkap", sex="L",
                                       birth_date=born, confirm_warnings=True)
    assert not DueItem.objects.filter(patient=quick).exists()
    seen = listed(client, cast["petugas"])
    assert str(full.pk) in seen  # a baby of four months is due immunisations
    assert str(quick.pk) not in seen

    with django_capture_on_commit_callbacks(execute=True):
        patients_merge(by=cast["petugas"], kept=full, duplicate=quick)
    assert str(full.pk) in listed(client, cast["petugas"])
    assert not DueItem.objects.filter(patient=quick).exists()
