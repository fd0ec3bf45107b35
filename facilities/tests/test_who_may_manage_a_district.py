"""Who may manage a district (its targets, network, imports, recomputations):
a national admin every district, a district user their own and every region
inside it, nobody else any; `None` is the system itself. The facility import
asks the same question for each row's region."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from facilities.facility_csv import import_facilities
from facilities.models import Region, RegionLevel
from facilities.scope import can_manage_district, manageable_districts
from facilities.tests.factories import RegionFactory, UserFactory

INSIDE_36_01 = ["36.01", "36.01.01", "36.01.02", "36.01.01.2001", "36.01.02.2003"]
OUTSIDE_36_01 = ["36", "36.02", "36.02.01", "36.02.01.2001", "36.011", "36.011.01", "14.01", ""]


def districts(user) -> list[str]:
    return list(manageable_districts(user).order_by("code").values_list("code", flat=True))


@pytest.fixture
def lookalike(regions):
    """A district whose code starts with the same digits as 36.01."""
    return RegionFactory(code="36.11", name="Kota Tangerang")


def test_the_system_may_manage_every_district(lookalike):
    assert all(can_manage_district(None, code) for code in INSIDE_36_01 + OUTSIDE_36_01)
    assert districts(None) == ["36.01", "36.02", "36.11"]


def test_a_national_admin_may_manage_every_district(cast, lookalike):
    admin = cast["admin"]
    assert all(can_manage_district(admin, code) for code in INSIDE_36_01 + OUTSIDE_36_01)
    assert districts(admin) == ["36.01", "36.02", "36.11"]


def test_a_district_user_may_manage_their_district_and_every_region_inside_it(cast, lookalike):
    dinkes = cast["dinkes"]
    assert all(can_manage_district(dinkes, code) for code in INSIDE_36_01)
    assert districts(dinkes) == ["36.01"]


def test_a_district_user_may_not_manage_another_district_or_the_province_above(cast, lookalike):
    dinkes = cast["dinkes"]
    assert not any(can_manage_district(dinkes, code) for code in OUTSIDE_36_01)
    assert not can_manage_district(cast["dinkes_other"], "36.01.01.2001")


def test_a_code_that_only_starts_with_the_same_digits_is_another_district(lookalike):
    user = UserFactory(scope_district_id="36.01")
    assert not can_manage_district(user, "36.011")
    assert not can_manage_district(user, "36.011.01")
    assert can_manage_district(UserFactory(scope_district_id="36.11"), "36.11.01")


def test_a_superuser_with_a_district_scope_manages_only_that_district(regions):
    user = UserFactory(is_superuser=True, is_staff=True, scope_district_id="36.02")
    assert can_manage_district(user, "36.02.01")
    assert not can_manage_district(user, "36.01")
    assert districts(user) == ["36.02"]


@pytest.mark.parametrize("who", ["kapus", "petugas", "pustu", "kader", "no_scope"])
def test_a_facility_user_or_a_user_without_scope_manages_no_district(cast, who):
    user = cast[who]
    assert not any(can_manage_district(user, code) for code in INSIDE_36_01 + OUTSIDE_36_01)
    assert districts(user) == []


@pytest.mark.parametrize("who", ["admin", "dinkes"])
def test_an_inactive_user_manages_no_district(cast, who):
    user = cast[who]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert not any(can_manage_district(user, code) for code in INSIDE_36_01 + OUTSIDE_36_01)
    assert districts(user) == []


def test_an_anonymous_user_manages_no_district(regions):
    assert not can_manage_district(AnonymousUser(), "36.01")
    assert districts(AnonymousUser()) == []


def test_manageable_districts_are_districts_only(cast):
    assert set(manageable_districts(None).values_list("level", flat=True)) == {RegionLevel.KABKOTA}
    assert manageable_districts(cast["admin"]).count() == Region.objects.filter(level=RegionLevel.KABKOTA).count()


@pytest.mark.parametrize("who", ["admin", "dinkes", "dinkes_other", "kapus", "kader", "no_scope"])
def test_the_facility_import_accepts_exactly_the_regions_the_user_may_manage(cast, who):
    user = cast[who]
    desa = list(Region.objects.filter(level=RegionLevel.DESA).order_by("code").values_list("code", flat=True))
    lines = [f"NEW{i},Posyandu {i},posyandu,,,{code},,," for i, code in enumerate(desa)]
    text = "code,name,type,inpatient,parent_code,region_code,sub_area,active,catchment\n" + "\n".join(lines) + "\n"
    with translation.override("en"):
        report = import_facilities(text=text, user=user, dry_run=True)
    refused = {
        desa[error.line - 2]
        for error in report.errors
        if any(message.startswith("Region") and "outside your work area" in message for message in error.messages)
    }
    assert refused == {code for code in desa if not can_manage_district(user, code)}
