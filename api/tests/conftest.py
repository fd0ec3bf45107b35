from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from clusters.models import PosyanduSession
from patients.tests.factories import HouseholdFactory, PatientFactory


@pytest.fixture
def posyandu_day(network, cast):
    """Today's session at the kader's Posyandu: a mother and three children."""
    today = timezone.localdate()
    posyandu = cast["kader"].scope_facility
    household = HouseholdFactory(posyandu=posyandu)
    mother = PatientFactory(household=household, name="Ibu Sari", sex="P", birth_date=date(1994, 3, 3))
    children = [PatientFactory(household=household, name=name, sex=sex, birth_date=today - timedelta(days=days))
                for name, sex, days in (("Adit", "L", 200), ("Bunga", "P", 420), ("Cahya", "P", 900))]
    session = PosyanduSession.objects.create(posyandu=posyandu, date=today, opened_by=cast["kader"])
    return {"session": session, "mother": mother, "children": children}


@pytest.fixture
def kader_api(cast):
    client = APIClient()
    client.force_authenticate(cast["kader"])
    return client
