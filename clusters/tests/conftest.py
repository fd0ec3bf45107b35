from datetime import date, timedelta

import pytest
from django.utils import timezone

from clusters.models import Service
from patients.models import Pregnancy
from patients.tests.factories import HouseholdFactory, PatientFactory


@pytest.fixture
def family(network):
    """A Posyandu household with a toddler, a pregnant mother, a father and a grandmother."""
    today = timezone.localdate()
    hh = HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"])
    return {
        "household": hh,
        "toddler": PatientFactory(household=hh, name="Rizki", sex="L", birth_date=today - timedelta(days=400)),
        "mother": PatientFactory(household=hh, name="Neng", sex="P", birth_date=date(1995, 2, 2)),
        "father": PatientFactory(household=hh, name="Asep", sex="L", birth_date=date(1980, 6, 6)),
        "grandma": PatientFactory(household=hh, name="Iyah", sex="P", birth_date=date(1950, 1, 1)),
    }


@pytest.fixture
def pregnant(family):
    Pregnancy.objects.create(patient=family["mother"],
                             expected_delivery_date=timezone.localdate() + timedelta(days=120))
    return family["mother"]


def services(*codes):
    return list(Service.objects.filter(code__in=codes))
