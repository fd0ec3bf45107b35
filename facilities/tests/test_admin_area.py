from facilities.models import Facility, FacilityType, Role
from facilities.tests.factories import UserFactory


def test_a_district_admin_cannot_add_a_facility_in_another_district(client, network):
    admin_user = UserFactory(role=Role.ADMIN, scope_district_id="36.01", is_staff=True)
    client.force_login(admin_user)
    response = client.post("/admin/facilities/facility/add/", {
        "type": FacilityType.PUSKESMAS, "code": "PXX", "name": "Puskesmas Asing", "region": "36.02.01.2003",
        "sub_area": "", "active": "on", "catchment-TOTAL_FORMS": "0", "catchment-INITIAL_FORMS": "0",
    })
    assert not Facility.objects.filter(code="PXX").exists(), response.status_code


def test_a_district_admin_cannot_hang_a_posyandu_under_another_districts_pustu(client, network):
    admin_user = UserFactory(role=Role.ADMIN, scope_district_id="36.01", is_staff=True)
    client.force_login(admin_user)
    client.post("/admin/facilities/facility/add/", {
        "type": FacilityType.POSYANDU, "code": "PYX", "name": "Posyandu Asing", "region": "36.02.01.2002",
        "parent": network["36.02"]["pustu"].pk, "sub_area": "", "active": "on",
    })
    assert not Facility.objects.filter(code="PYX").exists()


def test_staff_without_the_view_right_cannot_export_the_network(client, network):
    # Regression: the admin's export page checked staff status only.
    user = UserFactory(role=Role.KEPALA_PUSKESMAS, scope_facility=network["36.01"]["puskesmas"], is_staff=True)
    client.force_login(user)
    assert client.get("/admin/facilities/facility/ekspor/").status_code == 403
