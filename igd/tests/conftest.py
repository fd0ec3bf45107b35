"""IGD fixtures: the conftest network and cast, an emergency nurse at the
home Puskesmas, an arrival helper and a signed-in client maker."""

from datetime import timedelta

import pytest
from django.utils import timezone

from facilities.models import Role
from facilities.tests.factories import UserFactory
from igd.services import arrival_register


@pytest.fixture
def pkm(network):
    return network["36.01"]["puskesmas"]


@pytest.fixture
def perawat(cast, pkm):
    return UserFactory(role=Role.PERAWAT_IGD, scope_facility=pkm)


@pytest.fixture
def arrive(perawat, pkm):
    """arrive(minutes_ago=30, patient=None, **quick) -> Arrival at the home Puskesmas."""

    def make(minutes_ago=30, patient=None, facility=None, **quick):
        if patient is None and not quick:
            quick = {"name": "Tn. X", "sex": "L", "age_years": 40}
        return arrival_register(by=perawat, facility=facility or pkm, patient=patient, quick=quick or None,
                                arrived_at=timezone.now() - timedelta(minutes=minutes_ago),
                                chief_complaint="Sesak napas")

    return make


def page_of(response):
    from lxml import html

    return html.fromstring(response.content)
