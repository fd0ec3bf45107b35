from datetime import date

import pytest
from django.db import IntegrityError
from django.urls import reverse

from audit.models import AuditEvent
from patients.signals import RecordAction


def _events(patient):
    return list(AuditEvent.objects.filter(patient=patient).order_by("pk"))


def test_viewing_a_record_writes_who_when_which_patient_what_and_from_where(client, cast, people):
    client.force_login(cast["petugas"])
    client.get(reverse("patients:detail", args=[people["mother"].pk]), REMOTE_ADDR="10.1.2.3")
    (event,) = _events(people["mother"])
    assert event.user == cast["petugas"] and event.username == cast["petugas"].username
    assert event.action == RecordAction.VIEW and event.ip_address == "10.1.2.3"
    assert event.posyandu_id == people["household"].posyandu_id and event.at is not None


def test_each_view_of_a_record_writes_one_row_within_the_pages_query_budget(client, cast, people,
                                                                             django_assert_max_num_queries):
    client.force_login(cast["petugas"])
    url = reverse("patients:detail", args=[people["mother"].pk])
    client.get(url)
    with django_assert_max_num_queries(40):
        client.get(url)
    assert [e.action for e in _events(people["mother"])] == [RecordAction.VIEW, RecordAction.VIEW]


def test_a_correction_is_logged_with_the_change(client, cast, people):
    client.force_login(cast["petugas"])
    mother = people["mother"]
    client.post(
        reverse("patients:edit", args=[mother.pk]),
        {"nik": mother.nik, "name": "Siti Rahmawati Baru", "sex": "P", "birth_date": "1994-03-12"},
    )
    assert [e.action for e in _events(mother)] == [RecordAction.UPDATE]


def test_a_failed_correction_logs_no_change(client, cast, people):
    client.force_login(cast["petugas"])
    mother = people["mother"]
    client.post(reverse("patients:edit", args=[mother.pk]), {"name": "", "sex": "P", "birth_date": "1994-03-12"})
    assert RecordAction.UPDATE not in [e.action for e in _events(mother)]


def test_a_change_and_its_audit_row_stand_or_fall_together(client, cast, people, monkeypatch):
    import audit.services

    def broken(**kwargs):
        raise IntegrityError("audit table unavailable")

    monkeypatch.setattr(audit.receivers, "record", broken)
    client.force_login(cast["petugas"])
    client.raise_request_exception = False
    mother = people["mother"]
    response = client.post(
        reverse("patients:edit", args=[mother.pk]),
        {"nik": mother.nik, "name": "Nama Tanpa Jejak", "sex": "P", "birth_date": "1994-03-12"},
    )
    assert response.status_code == 500
    mother.refresh_from_db()
    assert mother.name == "Siti Rahmawati"
    assert audit.services  # the module the receiver normally calls


def test_registering_a_household_logs_every_member_in_one_insert(client, cast, network):
    from patients.models import Patient

    client.force_login(cast["kader"])
    data = {
        "posyandu": network["36.01"]["posyandu_pustu"].pk, "no_kk": "", "dusun": "", "rw": "", "rt": "",
        "address": "", "m-TOTAL_FORMS": "4", "m-INITIAL_FORMS": "0", "m-MIN_NUM_FORMS": "0", "m-MAX_NUM_FORMS": "20",
        "m-0-name": "Ujang", "m-0-sex": "L", "m-0-birth_date": "1990-01-01",
        "m-1-name": "Iis", "m-1-sex": "P", "m-1-birth_date": "1992-01-01",
    }
    assert client.post(reverse("patients:household_create"), data).status_code == 302
    created = Patient.objects.filter(name__in=["Ujang", "Iis"])
    assert AuditEvent.objects.filter(patient__in=created, action=RecordAction.CREATE).count() == 2


def test_kepala_puskesmas_reads_the_log_of_their_area_only(client, cast, people):
    client.force_login(cast["petugas"])
    client.get(reverse("patients:detail", args=[people["mother"].pk]))
    client.force_login(cast["admin"])
    client.get(reverse("patients:detail", args=[people["stranger"].pk]))
    client.force_login(cast["kapus"])
    html = client.get(reverse("audit:log")).content.decode()
    assert "Siti Rahmawati" in html and "Euis Sumarni" not in html
    client.force_login(cast["kapus_other"])
    html = client.get(reverse("audit:log")).content.decode()
    assert "Euis Sumarni" in html and "Siti Rahmawati" not in html


def test_dinkes_reads_their_district_and_filters_by_patient(client, cast, people):
    client.force_login(cast["petugas"])
    client.get(reverse("patients:detail", args=[people["mother"].pk]))
    client.get(reverse("patients:detail", args=[people["son"].pk]))
    client.force_login(cast["dinkes"])
    html = client.get(reverse("audit:log"), {"pasien": people["son"].pk}).content.decode()
    assert "Muhammad Rizki" in html and "Siti Rahmawati" not in html
    client.force_login(cast["dinkes_other"])
    assert "Muhammad Rizki" not in client.get(reverse("audit:log")).content.decode()


def test_the_log_shows_the_nik_masked_only(client, cast, people):
    client.force_login(cast["petugas"])
    client.get(reverse("patients:detail", args=[people["mother"].pk]))
    client.force_login(cast["kapus"])
    html = client.get(reverse("audit:log")).content.decode()
    assert people["mother"].nik not in html and people["mother"].nik_masked in html


@pytest.mark.parametrize("who", ["kader", "pustu", "petugas", "no_scope"])
def test_other_roles_may_not_read_the_log(client, cast, who):
    client.force_login(cast[who])
    assert client.get(reverse("audit:log")).status_code == 403


def test_the_patient_page_links_to_its_log_for_those_who_may_read_it(client, cast, people):
    url = reverse("patients:detail", args=[people["mother"].pk])
    client.force_login(cast["kapus"])
    assert f"/audit/?pasien={people['mother'].pk}" in client.get(url).content.decode()
    client.force_login(cast["petugas"])
    assert "/audit/" not in client.get(url).content.decode()


def test_the_log_page_runs_a_fixed_number_of_queries(client, cast, people, django_assert_max_num_queries):
    client.force_login(cast["petugas"])
    for _ in range(3):
        client.get(reverse("patients:detail", args=[people["mother"].pk]))
        client.get(reverse("patients:detail", args=[people["son"].pk]))
    client.force_login(cast["kapus"])
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("audit:log"))
    baseline = len(few.captured_queries)
    for _ in range(10):
        client.force_login(cast["petugas"])
        client.get(reverse("patients:detail", args=[people["mother"].pk]))
    client.force_login(cast["kapus"])
    with django_assert_max_num_queries(baseline):
        client.get(reverse("audit:log"))


def test_a_visit_recorded_in_a_posyandu_session_is_logged(client, cast, network, people):
    from clusters.models import PosyanduSession

    session = PosyanduSession.objects.create(
        posyandu=network["36.01"]["posyandu_pustu"], date=date.today(), opened_by=cast["kader"]
    )
    client.force_login(cast["kader"])
    client.post(reverse("clusters:session_row", args=[session.pk, people["son"].pk]), {"weight_kg": "12.5"})
    assert RecordAction.VISIT_CREATE in [e.action for e in _events(people["son"])]


def test_a_forwarded_address_is_read_only_behind_a_trusted_proxy(client, cast, people, settings):
    client.force_login(cast["petugas"])
    url = reverse("patients:detail", args=[people["mother"].pk])
    client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    settings.TRUSTED_PROXY_COUNT = 1
    client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="bukan-alamat\x00")
    assert [e.ip_address for e in _events(people["mother"])] == ["10.0.0.1", "203.0.113.9", None]


@pytest.mark.parametrize("who, sees", [("kapus", True), ("dinkes", True), ("petugas", False), ("kader", False)])
def test_the_menu_offers_the_access_log_to_those_who_may_read_it(client, cast, who, sees):
    client.force_login(cast[who])
    assert ('href="/audit/"' in client.get("/").content.decode()) is sees
