"""Stock fixtures: the conftest network and cast, a pharmacist at the home
Puskesmas, a few days in the past to write on, and helpers to read back."""

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from facilities.models import Role
from facilities.tests.factories import UserFactory
from stock.models import Balance, Funding, Movement

from .factories import ItemFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def farmasi(cast, network):
    return UserFactory(role=Role.FARMASI, scope_facility=network["36.01"]["puskesmas"])


@pytest.fixture
def pkm(network):
    return network["36.01"]["puskesmas"]


@pytest.fixture
def pustu(network):
    return network["36.01"]["pustu"]


@pytest.fixture
def amoxicillin(db):
    return ItemFactory(code="UJI-AMX", name="Amoksisilin 500 mg kapsul", unit="kapsul")


@pytest.fixture
def receive_at(farmasi, today):
    """receive(...) with defaults: at the home Puskesmas, yesterday, by the pharmacist."""
    from stock import services

    def receive(item, quantity, *, expiry, number=None, facility=None, funding=Funding.APBD_II, user=None, day=None):
        return services.receive(facility=facility or farmasi.scope_facility, item=item,
                                batch_number=number or f"N-{expiry:%Y%m%d}", expiry=expiry, funding=funding,
                                quantity=quantity, date=day or today - timedelta(days=1), user=user or farmasi)

    return receive


def balance(facility, item=None, batch=None) -> int:
    qs = Balance.objects.filter(facility=facility)
    qs = qs.filter(batch=batch) if batch is not None else qs.filter(batch__item=item)
    return qs.aggregate(n=Sum("quantity"))["n"] or 0


def ledger(facility, item) -> int:
    return Movement.objects.filter(facility=facility, batch__item=item).aggregate(n=Sum("quantity"))["n"] or 0
