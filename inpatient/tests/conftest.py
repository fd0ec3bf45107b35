"""Ward fixtures: the conftest network and cast, the home Puskesmas made a
Puskesmas rawat inap with three beds, a ward nurse there, and helpers."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from facilities.models import Role
from facilities.tests.factories import UserFactory
from inpatient.models import Bed
from patients.models import Pregnancy


@pytest.fixture
def day():
    """Yesterday: every hour of it is past, whatever the clock says."""
    return timezone.localdate() - timedelta(days=1)


@pytest.fixture
def at():
    """A local date and hour as an aware datetime."""
    def make(day, hour=8, minute=0):
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    return make


@pytest.fixture
def ward(network):
    pkm = network["36.01"]["puskesmas"]
    pkm.inpatient = True
    pkm.save(update_fields=["inpatient"])
    return pkm


@pytest.fixture
def beds(ward):
    return [Bed.objects.create(facility=ward, label=label) for label in ("Mawar 1", "Mawar 2", "Melati 1")]


@pytest.fixture
def nurse(cast, ward):
    return UserFactory(role=Role.PERAWAT_IGD, scope_facility=ward)


@pytest.fixture
def pregnant(people, day):
    mother = people["mother"]
    Pregnancy.objects.create(patient=mother, expected_delivery_date=day + timedelta(days=3))
    return mother
