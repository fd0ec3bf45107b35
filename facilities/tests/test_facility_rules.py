"""Each rule of the network rejects bad input with a clear message."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from facilities.models import Catchment, Facility, FacilityType
from facilities.services import facility_save


def errors_of(facility):
    with pytest.raises(ValidationError) as exc:
        facility_save(facility=facility)
    return exc.value.message_dict


def test_a_pustu_whose_parent_is_a_posyandu_is_refused(network):
    f = Facility(
        type=FacilityType.PUSTU, code="X1", name="X", parent=network["36.01"]["posyandu_pkm"], region_id="36.01.01.2003"
    )
    assert errors_of(f)["parent"] == ["Induk sebuah Pustu harus Puskesmas."]


def test_a_posyandu_whose_parent_is_another_posyandu_is_refused(network):
    f = Facility(
        type=FacilityType.POSYANDU,
        code="X2",
        name="X",
        parent=network["36.01"]["posyandu_pkm"],
        region_id="36.01.01.2003",
    )
    assert errors_of(f)["parent"] == ["Induk sebuah Posyandu harus Pustu atau Puskesmas."]


def test_a_puskesmas_with_a_parent_is_refused(network):
    f = Facility(
        type=FacilityType.PUSKESMAS,
        code="X3",
        name="X",
        parent=network["36.01"]["puskesmas"],
        region_id="36.01.01.2003",
    )
    assert errors_of(f)["parent"] == ["Puskesmas tidak boleh memiliki fasilitas induk."]


def test_a_pustu_without_parent_is_refused(network):
    f = Facility(type=FacilityType.PUSTU, code="X4", name="X", region_id="36.01.01.2003")
    assert errors_of(f)["parent"] == ["Pustu harus memiliki fasilitas induk."]


def test_a_parent_in_another_district_is_refused(network):
    f = Facility(
        type=FacilityType.POSYANDU, code="X5", name="X", parent=network["36.02"]["puskesmas"], region_id="36.01.01.2003"
    )
    assert errors_of(f)["parent"] == ["Fasilitas induk harus berada di kabupaten/kota yang sama."]


def test_a_posyandu_under_a_pustu_must_lie_in_the_pustus_desa(network):
    f = Facility(
        type=FacilityType.POSYANDU, code="X6", name="X", parent=network["36.01"]["pustu"], region_id="36.01.01.2003"
    )
    assert "region" in errors_of(f)


def test_a_pustu_must_stand_in_a_desa_not_a_kecamatan(network):
    f = Facility(
        type=FacilityType.PUSTU, code="X7", name="X", parent=network["36.01"]["puskesmas"], region_id="36.01.01"
    )
    assert errors_of(f)["region"] == ["Pustu harus berada di sebuah desa/kelurahan."]


def test_only_a_puskesmas_may_be_inpatient(network):
    f = Facility(
        type=FacilityType.PUSTU,
        code="X8",
        name="X",
        parent=network["36.01"]["puskesmas"],
        region_id="36.01.01.2003",
        inpatient=True,
    )
    assert errors_of(f)["inpatient"] == ["Hanya Puskesmas yang dapat berstatus rawat inap."]


def test_a_duplicate_code_is_refused(network):
    f = Facility(
        type=FacilityType.PUSKESMAS, code=network["36.01"]["puskesmas"].code, name="X", region_id="36.01.01.2003"
    )
    assert "code" in errors_of(f)


def test_the_database_itself_refuses_a_puskesmas_with_a_parent(network):
    pkm = network["36.01"]["puskesmas"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Facility.objects.filter(pk=network["36.01"]["puskesmas_b"].pk).update(parent=pkm)


def test_the_database_itself_refuses_a_region_outside_the_district(network):
    with pytest.raises(IntegrityError), transaction.atomic():
        Facility.objects.filter(pk=network["36.01"]["pustu"].pk).update(region_id="36.02.01.2001")


def test_a_desa_belongs_to_one_puskesmas_catchment(network):
    with pytest.raises(IntegrityError), transaction.atomic():
        Catchment.objects.create(desa_id="36.01.01.2001", puskesmas=network["36.01"]["puskesmas_b"])


def test_a_catchment_desa_in_another_district_is_refused(network):
    c = Catchment(desa_id="36.02.01.2001", puskesmas=network["36.01"]["puskesmas_b"])
    with pytest.raises(ValidationError) as exc:
        c.full_clean(validate_unique=False)
    assert exc.value.message_dict["desa"] == ["Desa/kelurahan harus berada di kabupaten/kota Puskesmas."]


def test_network_fields_are_derived_from_parent_and_region(network):
    posyandu = network["36.01"]["posyandu_pustu"]
    assert posyandu.puskesmas_id == network["36.01"]["puskesmas"].pk
    assert posyandu.district_id == "36.01"
    assert network["36.01"]["puskesmas"].puskesmas_id == network["36.01"]["puskesmas"].pk


def test_a_facility_that_data_refers_to_cannot_be_deleted_only_deactivated(network):
    from django.db.models import ProtectedError

    from facilities.services import facility_deactivate

    pustu = network["36.01"]["pustu"]
    with pytest.raises(ProtectedError):
        pustu.delete()
    facility_deactivate(facility=pustu)
    pustu.refresh_from_db()
    assert pustu.active is False
