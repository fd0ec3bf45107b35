"""Lab fixtures: the conftest network and cast, a lab analyst at the home
Puskesmas, a pregnant mother with an ANC visit, and helpers."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from clusters.models import Service
from clusters.services import visit_record
from facilities.models import Role
from facilities.tests.factories import UserFactory
from lab.models import LabTest
from patients.models import Pregnancy


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def pkm(network):
    return network["36.01"]["puskesmas"]


@pytest.fixture
def analyst(cast, pkm):
    return UserFactory(role=Role.LABORATORIUM, scope_facility=pkm)


@pytest.fixture
def test_of(db):
    return lambda code: LabTest.objects.get(code=code)


@pytest.fixture
def pregnant(people, today):
    mother = people["mother"]
    Pregnancy.objects.create(patient=mother, expected_delivery_date=today + timedelta(days=150))
    return mother


@pytest.fixture
def anc_visit(cast, pregnant, pkm, today):
    """An ANC visit at the home Puskesmas yesterday, without an Hb yet."""
    return visit_record(by=cast["petugas"], patient=pregnant, facility=pkm, date=today - timedelta(days=1),
                        package="anc", services=list(Service.objects.filter(code="ANC_K2")),
                        measurements={"gestational_age_weeks": 22, "systolic": 110, "diastolic": 70},
                        confirm_warnings=True)


@pytest.fixture
def adult(network):
    """A man of 40 at the Pustu's Posyandu."""
    from patients.tests.factories import HouseholdFactory, PatientFactory

    return PatientFactory(household=HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"]), sex="L",
                          birth_date=date(1986, 2, 2), name="Budi Santoso")
