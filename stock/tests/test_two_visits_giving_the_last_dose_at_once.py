"""Two health workers record a measles-rubella dose for two children at the
same moment, with one dose left at the Pustu: one visit is saved with the
dose, the other is refused whole, and the box ends at zero."""

from datetime import timedelta

import pytest

from clusters import services as visit_services
from clusters.models import Service, Visit
from facilities.models import Role
from facilities.tests.factories import UserFactory
from patients.tests.factories import HouseholdFactory, PatientFactory
from stock.models import Balance, Item, Movement

from .test_two_users_dispensing_the_last_units_at_once import ON_POSTGRES, race

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def catalogues(transactional_db):
    """What migrations load, back after an earlier transactional test's flush."""
    from clusters.catalogue import load_catalogue
    from clusters.models import Cluster
    from stock.catalogue import load_service_items, load_shipped_catalogue

    load_catalogue(Cluster, Service)
    load_shipped_catalogue()
    load_service_items()


@ON_POSTGRES
@pytest.mark.parametrize("rounds", range(3))
def test_two_visits_giving_the_last_dose_at_once_save_one_and_refuse_the_other(rounds, cast, network, receive_at,
                                                                              today):
    pustu = network["36.01"]["pustu"]
    mr = Item.objects.get(code="V-MR")
    receive_at(mr, 1, expiry=today + timedelta(days=300), facility=pustu, user=cast["pustu"])
    workers = [cast["pustu"], UserFactory(role=Role.PETUGAS_PUSTU, scope_facility=pustu)]
    household = HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"])
    children = [PatientFactory(household=household, sex="L", birth_date=today - timedelta(days=300))
                for _ in workers]
    dose = list(Service.objects.filter(code="IMM_MR1"))

    done, refused, failures = race(*[
        lambda worker=worker, child=child: visit_services.visit_record(
            by=worker, patient=child, facility=pustu, date=today, package="balita", services=dose)
        for worker, child in zip(workers, children, strict=True)])

    assert not failures, failures
    assert (len(done), len(refused)) == (1, 1)
    assert mr.name in refused[0].messages[0]
    assert Visit.objects.count() == 1 and Movement.objects.filter(visit=done[0]).count() == 1
    assert Balance.objects.get(facility=pustu, batch__item=mr).quantity == 0
