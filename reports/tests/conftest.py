from datetime import date, timedelta
from decimal import Decimal

import pytest

from clusters.models import Service
from clusters.services import visit_record
from facilities.tests.factories import import_real_provinces
from patients.tests.factories import HouseholdFactory, PatientFactory


@pytest.fixture
def real_regions(db, tmp_path):
    """The real regions of Banten (36) and Riau (14), from the shipped decree file."""
    import_real_provinces(tmp_path, "36", "14")


class Recorder:
    """Records visits through the real service, as a health worker would."""

    def __init__(self, user, facility):
        self.user, self.facility = user, facility

    def __call__(self, patient, day, package, codes=(), facility=None, **measurements):
        return visit_record(by=self.user, patient=patient, facility=facility or self.facility, date=day,
                            package=package, services=list(Service.objects.filter(code__in=codes)),
                            measurements=measurements, confirm_warnings=True)


@pytest.fixture
def record(cast, network):
    return Recorder(cast["petugas"], network["36.01"]["puskesmas"])


@pytest.fixture
def child_factory(network):
    def make(posyandu_key="posyandu_pustu", age_days=400, on=None, **kw):
        on = on or date(2026, 6, 15)
        hh = HouseholdFactory(posyandu=network["36.01"][posyandu_key])
        return PatientFactory(household=hh, sex=kw.pop("sex", "L"), birth_date=on - timedelta(days=age_days), **kw)
    return make


W = Decimal


@pytest.fixture
def home(network):
    """The district the PWS tests look at."""
    return network["36.01"]


@pytest.fixture
def today(monkeypatch):
    """Pin 'today' to 15 October 2026 for month handling."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 10, 15))
