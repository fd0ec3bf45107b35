"""One scoping mechanism: each role sees its own part of the network and
nothing outside it."""

import pytest

from facilities.models import Catchment, Facility


def visible_codes(user):
    return set(Facility.objects.for_user(user).values_list("code", flat=True))


ALL_36_01 = {"P36.01A", "P36.01B", "PU36.01", "PY36.01a", "PY36.01b", "PY36.01c"}
ALL_36_02 = {c.replace("36.01", "36.02") for c in ALL_36_01}


@pytest.mark.parametrize(
    "who, expected",
    [
        ("admin", ALL_36_01 | ALL_36_02),
        ("dinkes", ALL_36_01),
        ("dinkes_other", ALL_36_02),
        ("kapus", {"P36.01A", "PU36.01", "PY36.01a", "PY36.01b"}),
        ("petugas", {"P36.01A", "PU36.01", "PY36.01a", "PY36.01b"}),
        ("kapus_other", {"P36.01B", "PY36.01c"}),
        ("pustu", {"PU36.01", "PY36.01a"}),
        ("kader", {"PY36.01a"}),
        ("kader_other", {"PY36.01b"}),
        ("no_scope", set()),
    ],
)
def test_each_role_sees_its_scope_and_everything_beneath_it(cast, who, expected):
    assert visible_codes(cast[who]) == expected


def test_an_anonymous_user_sees_nothing(network):
    from django.contrib.auth.models import AnonymousUser

    assert visible_codes(AnonymousUser()) == set()


def test_a_deactivated_user_sees_nothing(cast):
    user = cast["dinkes"]
    user.is_active = False
    assert visible_codes(user) == set()


def test_catchment_is_scoped_through_its_puskesmas(cast):
    codes = set(Catchment.objects.for_user(cast["kapus"]).values_list("desa_id", flat=True))
    assert codes == {"36.01.01.2001", "36.01.01.2002", "36.01.01.2003"}
    assert Catchment.objects.for_user(cast["dinkes_other"]).filter(desa__code__startswith="36.01.").count() == 0


@pytest.mark.parametrize(
    "who, status", [("kapus", 200), ("kader", 404), ("kapus_other", 404), ("dinkes", 200), ("dinkes_other", 404)]
)
def test_a_facility_page_outside_the_scope_answers_404_like_a_missing_one(client, cast, network, who, status):
    client.force_login(cast[who])
    response = client.get(f"/fasilitas/{network['36.01']['pustu'].pk}/")
    assert response.status_code == status


def test_the_facility_list_shows_only_the_scope(client, cast):
    client.force_login(cast["pustu"])
    html = client.get("/fasilitas/").content.decode()
    assert "PY36.01a" in html and "PU36.01" in html
    assert "PY36.01b" not in html and "P36.01A" not in html


def test_the_csv_export_holds_only_the_scope(client, cast):
    client.force_login(cast["kapus_other"])
    lines = client.get("/fasilitas/ekspor.csv").content.decode().strip().splitlines()
    assert {line.split(",")[0] for line in lines[1:]} == {"P36.01B", "PY36.01c"}


def test_the_admin_list_is_scoped_for_a_district_admin(client, cast):
    client.force_login(cast["dinkes_other"])
    html = client.get("/admin/facilities/facility/").content.decode()
    assert "P36.02A" in html and "P36.01A" not in html


def test_the_facility_list_runs_a_fixed_number_of_queries(client, cast, network, django_assert_max_num_queries):
    from facilities.tests.factories import FacilityFactory

    client.force_login(cast["dinkes"])
    pkm = network["36.01"]["puskesmas"]
    with django_assert_max_num_queries(8):
        client.get("/fasilitas/")
    for i in range(30):
        FacilityFactory(type="posyandu", parent=pkm, region_id="36.01.01.2003", code=f"EXTRA{i}")
    with django_assert_max_num_queries(8):
        assert client.get("/fasilitas/").status_code == 200


def test_the_national_admin_sees_rows_reached_through_several_paths(cast, network):
    # Regression: OR-ing the per-path filters dropped the admin's empty filter
    # and left "nothing", so the national admin saw no visit at all.
    from datetime import date

    from clusters.models import Visit
    from clusters.services import visit_record
    from patients.tests.factories import HouseholdFactory, PatientFactory

    child = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"]),
                           birth_date=date(2024, 1, 1), sex="L")
    visit_record(by=cast["admin"], patient=child, facility=network["36.01"]["posyandu_pustu"], date=date(2025, 1, 1),
                 package="balita", services=[], measurements={"weight_kg": 10}, confirm_warnings=True)
    assert Visit.objects.for_user(cast["admin"]).count() == 1
