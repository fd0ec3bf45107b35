from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from clusters.models import Service
from clusters.services import visit_record
from satusehat.config import forget_links

from .fake_server import CLIENT_ID, CLIENT_SECRET, FakeSatusehat

ORG = "10000004"


@pytest.fixture(autouse=True)
def fresh_links():
    # Facility links are kept per process for a minute; each test has its own.
    forget_links()
    yield
    forget_links()


@pytest.fixture
def fake():
    server = FakeSatusehat().start()
    yield server
    server.stop()


@pytest.fixture
def satusehat(settings, fake):
    """The integration on, against the loopback server."""
    settings.SATUSEHAT_AUTH_URL = f"{fake.url}/auth"
    settings.SATUSEHAT_BASE_URL = f"{fake.url}/fhir"
    settings.SATUSEHAT_CLIENT_ID = CLIENT_ID
    settings.SATUSEHAT_CLIENT_SECRET = CLIENT_SECRET
    settings.SATUSEHAT_ORGANIZATION_ID = ORG
    settings.SATUSEHAT_TIMEOUT_SECONDS = 1
    settings.SATUSEHAT_BACKOFF_BASE_SECONDS = 1
    settings.SATUSEHAT_BACKOFF_MAX_SECONDS = 60
    cache.clear()
    yield fake
    cache.clear()


@pytest.fixture
def registered(satusehat, people):
    """The son and his mother known to SATUSEHAT by their NIK."""
    for person in (people["son"], people["mother"]):
        person.ihs = satusehat.register(nik=person.nik)
    return people


def record(by, patient, facility, *, codes=("WEIGHING",), days_ago=0, package="balita", setting="gedung",
           **measurements):
    return visit_record(by=by, patient=patient, facility=facility, date=timezone.localdate() - timedelta(
        days=days_ago), package=package, services=list(Service.objects.filter(code__in=codes)),
        measurements=measurements, setting=setting, confirm_warnings=True)


def weighing(cast, patient, network, days_ago=0, **extra):
    return record(cast["petugas"], patient, network["36.01"]["posyandu_pustu"], days_ago=days_ago,
                  weight_kg=Decimal("11.2"), length_cm=Decimal("84.5"), **extra)


def later(minutes: float):
    return timezone.now() + timedelta(minutes=minutes)
