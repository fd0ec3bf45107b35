"""A Posyandu moved to another Puskesmas or desa (in the admin, by CSV, or
with the Pustu it hangs under) takes its figures along in the same write:
every roll-up stays the sum of its facts, equal to what a rebuild gives."""

import threading

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import override_settings

from facilities.facility_csv import import_facilities
from facilities.models import Facility
from facilities.services import facility_save
from reports import engine
from reports.models import CoverageFact

from .run_helpers import another_worker_aggregating
from .test_pws_rollups_equal_the_sums_of_their_facts import (
    assert_every_cell_is_a_direct_sum_of_facts,
    assert_rollups_are_the_sums_of_their_facts,
    built,  # noqa: F401  (fixture)
    rollups,
)

NO_CHILDREN = {"children-TOTAL_FORMS": "0", "children-INITIAL_FORMS": "0"}
CSV_HEADER = "code,name,type,inpatient,parent_code,region_code,sub_area,active,catchment\n"


def assert_a_rebuild_changes_no_rollup():
    moved = rollups()
    engine.rebuild("36.01")
    assert rollups() == moved


def test_a_posyandu_moved_to_another_puskesmas_takes_its_figures_along(built, network, cast):  # noqa: F811
    posyandu, other = network["36.01"]["posyandu_pkm"], network["36.01"]["puskesmas_b"]
    before = rollups()
    posyandu.parent, posyandu.region_id = other, "36.01.02.2003"
    facility_save(facility=posyandu)

    assert rollups() != before
    assert_rollups_are_the_sums_of_their_facts()
    assert_every_cell_is_a_direct_sum_of_facts(cast["dinkes"])
    assert_a_rebuild_changes_no_rollup()


def test_the_posyandu_of_a_pustu_moved_to_another_puskesmas_follow_it(built, network, cast):  # noqa: F811
    pustu, posyandu = network["36.01"]["pustu"], network["36.01"]["posyandu_pustu"]
    pustu.parent = network["36.01"]["puskesmas_b"]
    facility_save(facility=pustu)

    posyandu.refresh_from_db()
    assert posyandu.puskesmas_id == network["36.01"]["puskesmas_b"].pk
    assert_rollups_are_the_sums_of_their_facts()
    assert_a_rebuild_changes_no_rollup()


def test_a_move_in_the_admin_change_form_moves_the_figures(built, network, client):  # noqa: F811
    posyandu = network["36.01"]["posyandu_b"]
    client.force_login(_admin())
    response = client.post(f"/admin/facilities/facility/{posyandu.pk}/change/", {
        "type": "posyandu", "code": posyandu.code, "name": posyandu.name, "region": "36.01.01.2003",
        "parent": network["36.01"]["puskesmas"].pk, "sub_area": "", "active": "on", **NO_CHILDREN})

    assert response.status_code == 302, response.content[:2000]
    posyandu.refresh_from_db()
    assert posyandu.puskesmas_id == network["36.01"]["puskesmas"].pk
    assert_rollups_are_the_sums_of_their_facts()
    assert_a_rebuild_changes_no_rollup()


def test_a_move_in_a_facility_import_moves_the_figures(built, network):  # noqa: F811
    posyandu = network["36.01"]["posyandu_pkm"]
    text = CSV_HEADER + f"{posyandu.code},{posyandu.name},posyandu,,{network['36.01']['puskesmas_b'].code}," \
                        f"36.01.02.2002,,ya,\n"

    report = import_facilities(text=text, dry_run=False)

    assert report.applied and report.updated == 1, report.errors
    assert_rollups_are_the_sums_of_their_facts()
    assert_a_rebuild_changes_no_rollup()


def test_a_posyandu_moved_to_another_desa_in_a_facility_import_moves_the_figures(built, network):  # noqa: F811
    posyandu = network["36.01"]["posyandu_pkm"]
    text = CSV_HEADER + f"{posyandu.code},{posyandu.name},posyandu,,{network['36.01']['puskesmas'].code}," \
                        f"36.01.01.2001,,ya,\n"

    report = import_facilities(text=text, dry_run=False)

    assert report.applied and report.updated == 1, report.errors
    posyandu.refresh_from_db()
    assert posyandu.region_id == "36.01.01.2001"
    assert_rollups_are_the_sums_of_their_facts()
    assert_a_rebuild_changes_no_rollup()


def test_a_posyandu_cannot_move_to_another_district_in_the_admin_or_by_import(built, network, client):  # noqa: F811
    posyandu = network["36.01"]["posyandu_b"]
    before = rollups()
    client.force_login(_admin())
    response = client.post(f"/admin/facilities/facility/{posyandu.pk}/change/", {
        "type": "posyandu", "code": posyandu.code, "name": posyandu.name, "region": "36.02.01.2002",
        "parent": network["36.02"]["pustu"].pk, "sub_area": "", "active": "on", **NO_CHILDREN})
    assert response.status_code == 200 and response.context["adminform"].form.errors["region"]

    text = CSV_HEADER + f"{posyandu.code},{posyandu.name},posyandu,,{network['36.02']['pustu'].code}," \
                        f"36.02.01.2002,,ya,\n"
    report = import_facilities(text=text, dry_run=False)
    assert not report.applied and report.errors

    posyandu.refresh_from_db()
    assert posyandu.district_id == "36.01" and rollups() == before


def test_an_admin_adds_a_posyandu_through_the_service(network, client):
    client.force_login(_admin())
    response = client.post("/admin/facilities/facility/add/", {
        "type": "posyandu", "code": "PYBARU", "name": "Posyandu Baru", "region": "36.01.01.2002",
        "parent": network["36.01"]["pustu"].pk, "sub_area": "", "active": "on"})
    assert response.status_code == 302, response.content[:1500]
    added = Facility.objects.get(code="PYBARU")
    assert (added.district_id, added.puskesmas_id) == ("36.01", network["36.01"]["puskesmas"].pk)


def test_renaming_a_posyandu_writes_no_rollup(built, network):  # noqa: F811
    before = rollups()
    posyandu = network["36.01"]["posyandu_pkm"]
    posyandu.name = "Posyandu Mawar"
    facility_save(facility=posyandu)
    assert rollups() == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(COVERAGE_MOVE_WAIT_SECONDS=0.3)
def test_a_move_while_the_district_is_being_recomputed_is_refused_with_a_message_and_saves_nothing(network, client):
    posyandu = network["36.01"]["posyandu_b"]
    with another_worker_aggregating("36.01"):
        client.force_login(_admin())
        url = f"/admin/facilities/facility/{posyandu.pk}/change/"
        response = client.post(url, {
            "type": "posyandu", "code": posyandu.code, "name": posyandu.name, "region": "36.01.01.2003",
            "parent": network["36.01"]["puskesmas"].pk, "sub_area": "", "active": "on", **NO_CHILDREN}, follow=True)

    assert response.status_code == 200
    assert "dihitung ulang" in " ".join(str(m) for m in response.context["messages"])
    posyandu.refresh_from_db()
    assert posyandu.parent_id == network["36.01"]["puskesmas_b"].pk
    assert not CoverageFact.objects.exists()


def _admin():
    from facilities.models import Role
    from facilities.tests.factories import UserFactory

    return UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)



@pytest.mark.skipif(not settings.IS_POSTGRES, reason="the lock is held by the transaction on a server")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_run_of_the_district_starts_between_a_move_and_its_commit(network):
    posyandu = network["36.01"]["posyandu_b"]
    outcome = []

    def other_run():
        try:
            engine.rebuild("36.01")
            outcome.append("ran")
        except engine.DistrictBusy:
            outcome.append("busy")
        finally:
            connection.close()

    with transaction.atomic():
        posyandu.parent, posyandu.region_id = network["36.01"]["puskesmas"], "36.01.01.2003"
        facility_save(facility=posyandu)
        worker = threading.Thread(target=other_run)
        worker.start()
        worker.join()
    assert outcome == ["busy"]
    engine.rebuild("36.01")  # free once committed
