"""CSV import of the network: a dry run reports every row it would reject and
why; a real run writes all or nothing; export round-trips."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from facilities.facility_csv import export_facilities, import_facilities
from facilities.models import Catchment, Facility

HEADER = "code,name,type,inpatient,parent_code,region_code,sub_area,active,catchment\n"
GOOD = (
    HEADER
    + "PNEW,Puskesmas Baru,puskesmas,ya,,36.01.02.2001,,ya,36.01.02.2001 36.01.02.2002\n"
    + "PUNEW,Pustu Baru,pustu,tidak,PNEW,36.01.02.2002,,,\n"
    + "PYNEW,Posyandu Mawar,posyandu,,PUNEW,36.01.02.2002,RW 02,,\n"
)


@pytest.fixture
def regions_only(regions):
    return regions


def test_a_dry_run_reports_what_it_would_do_and_writes_nothing(regions_only):
    report = import_facilities(text=GOOD, dry_run=True)
    assert (report.created, report.updated, report.errors) == (3, 0, [])
    assert Facility.objects.count() == 0


def test_a_clean_file_is_written_with_parents_and_catchment(regions_only):
    report = import_facilities(text=GOOD, dry_run=False)
    assert report.applied and report.created == 3
    posyandu = Facility.objects.get(code="PYNEW")
    assert posyandu.parent.code == "PUNEW" and posyandu.puskesmas.code == "PNEW"
    assert posyandu.sub_area == "RW 02" and posyandu.district_id == "36.01"
    assert Facility.objects.get(code="PNEW").inpatient is True
    assert set(Catchment.objects.values_list("desa_id", flat=True)) == {"36.01.02.2001", "36.01.02.2002"}


def test_importing_the_same_file_twice_changes_nothing(regions_only):
    import_facilities(text=GOOD, dry_run=False)
    again = import_facilities(text=GOOD, dry_run=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Facility.objects.count() == 3


def test_every_bad_row_is_reported_with_its_line_and_reason_and_nothing_is_written(regions_only):
    text = GOOD + (
        "BAD1,Pustu Salah,pustu,,PYNEW,36.01.02.2002,,,\n"  # line 5: parent is a Posyandu
        ",Tanpa Kode,posyandu,,PNEW,36.01.02.2001,,,\n"  # line 6: no code
        "BAD3,Jenis Salah,klinik,,,36.01.02.2001,,,\n"  # line 7: unknown type
        "BAD4,Luar Kabupaten,posyandu,,PNEW,36.02.01.2001,,,\n"  # line 8: other district
        "BAD5,Wilayah Hilang,posyandu,,PNEW,99.99.99.9999,,,\n"  # line 9: unknown region
        "PYNEW,Kembar,posyandu,,PNEW,36.01.02.2001,,,\n"  # line 10: duplicate code
        "BAD7,Rawat Inap,posyandu,mungkin,PNEW,36.01.02.2001,,,\n"  # line 11: bad boolean
    )
    report = import_facilities(text=text, dry_run=False)
    by_line = {e.line: " ".join(e.messages) for e in report.errors}
    assert sorted(by_line) == [5, 6, 7, 8, 9, 10, 11]
    assert "Induk sebuah Pustu harus Puskesmas." in by_line[5]
    assert "Kode wajib diisi." in by_line[6]
    assert "klinik" in by_line[7]
    assert "kabupaten/kota yang sama" in by_line[8]
    assert "99.99.99.9999 tidak dikenal" in by_line[9]
    assert "sudah dipakai di baris 4" in by_line[10]
    assert "mungkin" in by_line[11]
    assert not report.applied
    assert Facility.objects.count() == 0


def test_a_desa_already_in_another_puskesmas_catchment_is_refused(network):
    text = HEADER + "PNEW,Puskesmas Baru,puskesmas,,,36.01.02.2001,,,36.01.01.2001\n"
    report = import_facilities(text=text, dry_run=True)
    assert "sudah masuk wilayah kerja Puskesmas P36.01A" in report.errors[0].messages[0]


def test_a_file_without_the_required_columns_is_refused_clearly(regions_only):
    report = import_facilities(text="nama,jenis\nA,B\n", dry_run=True)
    assert report.errors[0].line == 1 and "code" in report.errors[0].messages[0]


def test_a_district_admin_cannot_import_into_another_district(cast):
    text = HEADER + "PX,Puskesmas X,puskesmas,,,36.02.01.2003,,,\n"
    report = import_facilities(text=text, user=cast["dinkes"], dry_run=True)
    assert "di luar wilayah tugas" in report.errors[0].messages[0]


def test_export_then_import_round_trips_unchanged(network):
    text = export_facilities(Facility.objects.all())
    report = import_facilities(text=text, dry_run=False)
    assert report.errors == [] and report.unchanged == Facility.objects.count() and report.created == 0


def test_the_admin_import_page_shows_the_dry_run_report(client, cast):
    client.force_login(cast["admin"])
    bad = (HEADER + "BAD1,Pustu Salah,pustu,,PY36.01a,36.01.01.2002,,,\n").encode()
    response = client.post(
        "/admin/facilities/facility/impor/",
        {"file": SimpleUploadedFile("f.csv", bad, content_type="text/csv"), "dry_run": "on"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Induk sebuah Pustu harus Puskesmas." in html and "import-errors" in html


def test_a_binary_upload_gets_a_clear_message_not_an_error(client, cast):
    client.force_login(cast["admin"])
    response = client.post(
        "/admin/facilities/facility/impor/",
        {"file": SimpleUploadedFile("f.xlsx", b"PK\x03\x04\x00\x00binary", content_type="application/zip")},
    )
    assert response.status_code == 200
    assert "bukan CSV" in response.content.decode()


def test_a_renamed_facility_is_counted_as_updated(regions_only):
    import_facilities(text=GOOD, dry_run=False)
    report = import_facilities(text=GOOD.replace("Posyandu Mawar", "Posyandu Melati"), dry_run=False)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert Facility.objects.get(code="PYNEW").name == "Posyandu Melati"


def test_a_district_admin_cannot_take_over_another_districts_facility(cast, network):
    from facilities.models import Role
    from facilities.tests.factories import UserFactory

    admin_3601 = UserFactory(role=Role.ADMIN, scope_district_id="36.01", is_staff=True)
    text = HEADER + "PY36.02c,Dibajak,posyandu,,P36.01A,36.01.01.2003,,ya,\n"
    report = import_facilities(text=text, user=admin_3601, dry_run=False)
    assert "PY36.02c" in " ".join(report.errors[0].messages) and not report.applied
    assert Facility.objects.get(code="PY36.02c").district_id == "36.02"


def test_a_district_admin_cannot_make_anyone_a_superuser_or_see_password_hashes(client, cast):
    from facilities.models import Role, User
    from facilities.tests.factories import UserFactory

    admin_3601 = UserFactory(role=Role.ADMIN, scope_district_id="36.01", is_staff=True)
    from django.contrib.auth.models import Permission

    admin_3601.user_permissions.set(Permission.objects.filter(content_type__app_label="facilities"))
    client.force_login(admin_3601)
    url = f"/admin/facilities/user/{admin_3601.pk}/change/"
    html = client.get(url).content.decode()
    assert admin_3601.password not in html
    assert 'name="is_superuser"' not in html
    client.post(url, {"username": admin_3601.username, "is_superuser": "on", "is_active": "on", "is_staff": "on",
                      "scope_district": "", "groups": []})
    admin_3601.refresh_from_db()
    assert not admin_3601.is_superuser and admin_3601.scope_district_id == "36.01"
    assert User.objects.filter(is_superuser=True).count() == 1  # only the cast's national admin


def test_a_view_only_dinkes_user_cannot_deactivate_facilities(client, cast, network):
    client.force_login(cast["dinkes"])
    pustu = network["36.01"]["pustu"]
    client.post("/admin/facilities/facility/", {"action": "deactivate", "_selected_action": [pustu.pk],
                                                "index": 0})
    pustu.refresh_from_db()
    assert pustu.active is True
