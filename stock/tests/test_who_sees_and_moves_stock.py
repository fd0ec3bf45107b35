"""A Pustu sees its own stock and its Posyandu's, not another Pustu's; the
Puskesmas sees its own and its Pustu's; Dinkes the whole district, read-only."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from facilities.models import FacilityType, Role
from facilities.tests.factories import FacilityFactory, UserFactory
from stock import services
from stock.models import Balance, Movement


@pytest.fixture
def stocked(farmasi, pkm, pustu, network, amoxicillin, receive_at, today):
    """Stock at the Puskesmas, its Pustu, a second Pustu, and the Pustu's Posyandu."""
    other_pustu = FacilityFactory(type=FacilityType.PUSTU, parent=pkm, region_id="36.01.01.2003", code="PU-LAIN")
    receive_at(amoxicillin, 100, expiry=today + timedelta(days=90))
    for place in (pustu, other_pustu, network["36.01"]["posyandu_pustu"]):
        services.issue(from_facility=pkm, to_facility=place, item=amoxicillin, quantity=10, date=today, user=farmasi)
    return {"other_pustu": other_pustu}


def facilities_seen(user, model=Balance):
    return set(model.objects.for_user(user).values_list("facility__code", flat=True))


def test_a_pustu_sees_its_own_and_its_posyandus_stock_not_another_pustus(cast, stocked):
    assert facilities_seen(cast["pustu"]) == {"PU36.01", "PY36.01a"}
    assert facilities_seen(cast["pustu"], Movement) == {"PU36.01", "PY36.01a"}


def test_the_puskesmas_sees_its_own_and_its_pustus_stock(cast, stocked):
    assert facilities_seen(cast["kapus"]) == {"P36.01A", "PU36.01", "PU-LAIN", "PY36.01a"}
    assert facilities_seen(cast["kapus_other"]) == set()


def test_dinkes_sees_the_whole_district_and_no_other(cast, stocked):
    assert facilities_seen(cast["dinkes"]) == {"P36.01A", "PU36.01", "PU-LAIN", "PY36.01a"}
    assert facilities_seen(cast["dinkes_other"]) == set()


def test_dinkes_may_not_move_stock(cast, pkm, amoxicillin, stocked, today):
    with pytest.raises(PermissionDenied):
        services.dispense(facility=pkm, item=amoxicillin, quantity=1, date=today, user=cast["dinkes"])
    with pytest.raises(PermissionDenied):
        services.receive(facility=pkm, item=amoxicillin, batch_number="X1", expiry=today + timedelta(days=90),
                         funding="apbn", quantity=5, date=today, user=cast["dinkes"])


def test_a_pustu_may_not_move_another_pustus_stock(cast, amoxicillin, stocked, today):
    with pytest.raises(PermissionDenied):
        services.dispense(facility=stocked["other_pustu"], item=amoxicillin, quantity=1, date=today,
                          user=cast["pustu"])
    assert Balance.objects.get(facility=stocked["other_pustu"]).quantity == 10


def test_a_pharmacist_of_another_puskesmas_may_not_move_this_ones_stock(network, pkm, amoxicillin, stocked, today):
    outsider = UserFactory(role=Role.FARMASI, scope_facility=network["36.01"]["puskesmas_b"])
    with pytest.raises(PermissionDenied):
        services.dispense(facility=pkm, item=amoxicillin, quantity=1, date=today, user=outsider)


def test_a_kader_may_not_move_stock(cast, network, amoxicillin, stocked, today):
    with pytest.raises(PermissionDenied):
        services.dispense(facility=network["36.01"]["posyandu_pustu"], item=amoxicillin, quantity=1, date=today,
                          user=cast["kader"])
