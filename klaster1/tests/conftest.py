"""Klaster 1 fixtures: the conftest network and cast, a logged-in client
per user, and lab results with known turnaround at the two Puskesmas of
district 36.01."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lab import services as lab_services
from lab.models import LabRequest, LabTest
from patients.tests.factories import HouseholdFactory, PatientFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def lab_results(cast, network, today):
    """Hb results taking 1, 2 and 6 hours at the home Puskesmas and 3 hours
    at the other; one taken last month is left out of this month."""
    pkm, other = network["36.01"]["puskesmas"], network["36.01"]["puskesmas_b"]
    person = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"]), sex="L")
    hb = LabTest.objects.get(code="HB")
    noon = timezone.make_aware(datetime.combine(today, datetime.min.time())) + timedelta(hours=12)

    def result(lab, hours, days_ago=0):
        [request] = lab_services.request_tests(by=cast["admin"], patient=person, facility=lab, tests=[hb])
        lab_services.enter_result(by=cast["admin"], request=request, value=Decimal("13"))
        done = noon - timedelta(days=days_ago)
        LabRequest.objects.filter(pk=request.pk).update(requested_at=done - timedelta(hours=hours), resulted_at=done)

    for hours in (1, 2, 6):
        result(pkm, hours)
    result(other, 3)
    result(pkm, 30, days_ago=45)
    return pkm, other
