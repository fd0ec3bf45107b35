"""Every form and endpoint that takes data, fed hostile input: no answer is a
500, a refused submission leaves nothing written, and the user is told what
is wrong. Example counts come from the Hypothesis profile in conftest.py."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from .strategies import anything, dates, form, nasty_text, numbers

ERROR_MARKS = ("is-invalid", "invalid-feedback", "alert-danger", "errorlist", "errornote", "text-danger")


def counts():
    from clusters.models import Measurement, PosyanduSession, Visit, VisitDiagnosis
    from facilities.models import Catchment, Facility
    from patients.models import Household, Patient, PatientMerge, Pregnancy
    from reports.models import AggregationRun, Target, TargetParameters

    models = (Household, Patient, Pregnancy, PatientMerge, Visit, VisitDiagnosis, Measurement, PosyanduSession,
              Facility, Catchment, Target, TargetParameters, AggregationRun)
    return {m.__name__: m.objects.count() for m in models}


def send(client, method, url, data, **extra):
    if method == "get":
        return client.get(url, data, **extra)
    return client.post(url, data, **extra)


def assert_handled(client, method, url, data, *, saved_statuses=(302,), **extra):
    """The request neither fails nor writes half a record; a refusal says why."""
    before = counts()
    response = send(client, method, url, data, **extra)
    assert response.status_code < 500, (url, data)
    if method == "post" and response.status_code not in saved_statuses:
        assert counts() == before, (url, data)
        # An empty POST is no submission: the page shows its blank form again.
        if data and response.status_code in (200, 400) and response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode()
            assert any(mark in html for mark in ERROR_MARKS), (url, data)
    return response


@pytest.fixture
def signed_in(cast):
    def make(role):
        client = Client()
        client.force_login(cast[role])
        return client

    return make


@pytest.fixture
def today_session(cast, network):
    from clusters.models import PosyanduSession

    return PosyanduSession.objects.create(
        posyandu=network["36.01"]["posyandu_pustu"], date=date.today(), opened_by=cast["kader"]
    )


PERSON = dict(nik=anything, name=nasty_text, sex=st.sampled_from(["L", "P", "X", "", "\x00"]), birth_date=dates,
              bpjs_number=anything, phone=anything, confirm_warnings=st.sampled_from(["on", "", "\x00"]))


@given(data=form(submission_key=anything, posyandu=numbers, no_kk=anything, dusun=nasty_text, rw=anything,
                 rt=anything, address=nasty_text, **{f"m-0-{k}": s for k, s in PERSON.items()},
                 **{"m-TOTAL_FORMS": numbers, "m-INITIAL_FORMS": numbers, "m-1-name": nasty_text}))
def test_household_registration_survives_hostile_input(signed_in, people, data):
    assert_handled(signed_in("kader"), "post", reverse("patients:household_create"), data)


# Found by this test: a submission key that is not a UUID put an error on a
# hidden field, and the page came back without saying what was wrong.
@example(data={"submission_key": "0", "sex": "L", "birth_date": "2000-01-01", "name": "0"})
@given(data=form(submission_key=anything, **PERSON))
def test_member_registration_survives_hostile_input(signed_in, people, data):
    url = reverse("patients:member_create", args=[people["household"].pk])
    assert_handled(signed_in("petugas"), "post", url, data)


@given(data=form(**PERSON))
def test_patient_correction_survives_hostile_input(signed_in, people, data):
    assert_handled(signed_in("petugas"), "post", reverse("patients:edit", args=[people["mother"].pk]), data)


@given(data=form(name=nasty_text, sex=anything, birth_date=dates, submission_key=anything))
def test_newborn_registration_survives_hostile_input(signed_in, people, data):
    url = reverse("patients:newborn_create", args=[people["mother"].pk])
    assert_handled(signed_in("petugas"), "post", url, data)


@given(data=form(last_menstrual_period=dates, expected_delivery_date=dates))
def test_pregnancy_registration_survives_hostile_input(signed_in, people, data):
    url = reverse("patients:pregnancy_create", args=[people["mother"].pk])
    assert_handled(signed_in("petugas"), "post", url, data)


@given(data=form(duplicate=numbers, confirm=anything), method=st.sampled_from(["get", "post"]))
def test_merge_survives_hostile_input(signed_in, people, data, method):
    url = reverse("patients:merge", args=[people["mother"].pk])
    assert_handled(signed_in("kapus"), method, url, data)


@given(data=form(q=anything, no_kk=anything, posyandu=numbers, desa=anything, page=numbers))
def test_people_search_survives_hostile_input(signed_in, people, data):
    assert_handled(signed_in("petugas"), "get", reverse("patients:search"), data)


MEASUREMENTS = dict(weight_kg=numbers, length_cm=numbers, measured_lying=anything, head_cm=numbers, muac_cm=numbers,
                    waist_cm=numbers, systolic=numbers, diastolic=numbers, glucose_mg_dl=numbers,
                    glucose_fasting=anything, hb_g_dl=numbers, gestational_age_weeks=numbers, srq20=numbers,
                    puma=numbers, adl=numbers, skilas_flags=anything, tb_symptoms=anything)


# ICD-10 codes as typed: known, unknown and mangled ones, in any case, with any separator.
diagnosis_codes = st.one_of(anything, st.tuples(
    st.lists(st.sampled_from(["I10", "i10", "E119", "A15.0", "X99.9", "I10.", ".", "B18.00", "Z", "hipertensi",
                              "I10\x00"]), max_size=12),
    st.sampled_from([", ", " ", ";", ",,", "\n"]),
).map(lambda parts: parts[1].join(parts[0])))


@given(data=form(date=dates, facility=numbers, setting=anything, services=numbers, note=nasty_text,
                 confirm_warnings=anything, submission_key=anything, diagnoses=diagnosis_codes, **MEASUREMENTS),
       package=st.sampled_from(["balita", "dewasa", "anc", "lansia", "x\x00"]))
def test_visit_entry_survives_hostile_input(signed_in, people, data, package):
    son = people["son"] if package == "balita" else people["mother"]
    url = reverse("clusters:visit_create", args=[son.pk, package]) if "\x00" not in package else (
        f"/kunjungan/pasien/{son.pk}/x%00/baru/")
    assert_handled(signed_in("petugas"), "post", url, data)


@given(data=form(q=st.one_of(anything, diagnosis_codes)))
def test_diagnosis_search_survives_hostile_input(signed_in, network, data):
    response = assert_handled(signed_in("pustu"), "get", reverse("clusters:diagnosis_search"), data)
    assert response.status_code == 200 and len(response.json()["results"]) <= 20


@given(data=form(weight_kg=numbers, length_cm=numbers, measured_lying=anything, muac_cm=numbers,
                 vitamin_a=anything, immunisation=anything, confirm_warnings=anything),
       as_json=st.booleans())
def test_session_rows_survive_hostile_input(signed_in, people, today_session, data, as_json):
    url = reverse("clusters:session_row", args=[today_session.pk, people["son"].pk])
    extra = {"HTTP_X_REQUESTED_WITH": "fetch"} if as_json else {}
    response = assert_handled(signed_in("kader"), "post", url, data, saved_statuses=(200, 302, 400), **extra)
    if as_json and response.status_code == 400:
        assert response.json()["errors"]


@given(data=form(mother=numbers, name=nasty_text, sex=anything, birth_date=dates, nik=anything))
def test_adding_a_child_in_a_session_survives_hostile_input(signed_in, people, today_session, data):
    url = reverse("clusters:session_add_child", args=[today_session.pk])
    assert_handled(signed_in("kader"), "post", url, data, saved_statuses=(302,))


@given(data=form(posyandu=numbers, date=dates), day=st.one_of(dates, nasty_text.filter(lambda s: "/" not in s)))
def test_session_pages_survive_hostile_input(signed_in, network, data, day):
    client = signed_in("petugas")
    assert_handled(client, "get", reverse("clusters:session_pick"), data)
    posyandu = network["36.01"]["posyandu_pustu"].pk
    from urllib.parse import quote

    assert_handled(client, "get", f"/kunjungan/posyandu/{posyandu}/{quote(day, safe='')}/", {})


@given(data=form(tahun=numbers, bulan=numbers, district=anything))
def test_coverage_and_aggregation_pages_survive_hostile_input(signed_in, network, data):
    assert_handled(signed_in("dinkes"), "get", reverse("reports:coverage"), data)
    assert_handled(signed_in("dinkes"), "post", reverse("reports:runs"), data)


@given(data=form(tahun=numbers, crude_birth_rate=numbers, p_balita=numbers, p_ibu_hamil=numbers, p_lansia=numbers))
def test_target_parameters_survive_hostile_input(signed_in, network, data):
    client = signed_in("dinkes")
    assert_handled(client, "post", reverse("reports:targets:parameters", args=["36.01"]), data,
                   saved_statuses=(302,))
    assert_handled(client, "post", reverse("reports:targets:compute", args=["36.01"]), {"tahun": data.get("tahun")}
                   if isinstance(data.get("tahun"), str) else {}, saved_statuses=(302,))
    assert_handled(client, "get", reverse("reports:targets:district", args=["36.01"]), data)
    assert_handled(client, "get", reverse("reports:targets:export", args=["36.01"]), data)


def _csv_rows(rows, delimiter=","):
    return "\n".join(delimiter.join(r) for r in rows)


sheet_cells = st.one_of(nasty_text, numbers, st.sampled_from(["36.01", "36.01.01.2001", "2026", "balita", "P36.01A"]))
csv_text = st.one_of(
    st.lists(st.lists(sheet_cells, min_size=0, max_size=6), max_size=8).map(
        lambda rows: _csv_rows([["kode_wilayah", "tahun", "sasaran", "jumlah"]] + rows)),
    nasty_text,
    st.lists(st.lists(sheet_cells, max_size=9), max_size=6).map(lambda rows: _csv_rows(
        [["code", "name", "type", "inpatient", "parent_code", "region_code", "sub_area", "active", "catchment"]]
        + rows)),
)
file_bytes = st.one_of(
    csv_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    csv_text.map(lambda t: t.encode("utf-16", "surrogatepass")),
    st.binary(max_size=2000),
    st.sampled_from([b"PK\x03\x04" + b"\x00" * 100, b"\xef\xbb\xbf", b"", b"\x00" * 50, b"a,b\r\n\x00,\x00"]),
)


def _upload(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@given(content=file_bytes, name=st.sampled_from(["sasaran.csv", "sasaran.xlsx", "sasaran.txt", "x\x00.csv", ""]),
       dry_run=st.sampled_from(["on", ""]))
def test_target_import_survives_malformed_files(signed_in, network, content, name, dry_run):
    data = {"dry_run": dry_run}
    if name:
        data["file"] = _upload(content, name)
    assert_handled(signed_in("dinkes"), "post", reverse("reports:targets:import"), data, saved_statuses=(200, 302))


@given(content=file_bytes, dry_run=st.sampled_from(["on", ""]))
def test_facility_csv_import_survives_malformed_files(cast, network, content, dry_run):
    client = Client()
    client.force_login(cast["admin"])
    data = {"dry_run": dry_run, "file": _upload(content, "fasilitas.csv")}
    assert_handled(client, "post", reverse("admin:facilities_facility_import"), data, saved_statuses=(200, 302))


@given(data=form(q=anything, type=anything, page=numbers))
def test_facility_list_survives_hostile_input(signed_in, network, data):
    assert_handled(signed_in("dinkes"), "get", reverse("facilities:list"), data)


@given(data=form(pasien=numbers, page=numbers))
def test_audit_log_survives_hostile_input(signed_in, network, data):
    assert_handled(signed_in("kapus"), "get", reverse("audit:log"), data)


@given(data=form(username=nasty_text, password=nasty_text, next=anything))
def test_login_survives_hostile_input(db, data):
    response = Client().post(reverse("login"), data)
    assert response.status_code in (200, 302, 429)


@given(data=form(language=anything, next=anything))
def test_language_switch_survives_hostile_input(db, data):
    assert Client().post(reverse("set_language"), data).status_code < 500


@given(pk=st.integers(min_value=-(2**70), max_value=2**70))
def test_huge_and_negative_ids_in_urls_are_answered_not_errors(signed_in, network, pk):
    client = signed_in("admin")
    for url in (f"/pasien/{abs(pk)}/", f"/kunjungan/{abs(pk)}/", f"/fasilitas/{abs(pk)}/",
                f"/laporan/agregasi/{abs(pk)}.json", f"/admin/patients/patient/{pk}/change/"):
        # 200 when the number happens to be a row the admin may see.
        assert client.get(url).status_code in (200, 302, 404), url


def test_an_oversized_upload_is_refused_with_a_message(signed_in, network, settings):
    big = b"kode_wilayah,tahun,sasaran,jumlah\n" + b"36.01,2026,balita,1\n" * 300_000
    response = signed_in("dinkes").post(reverse("reports:targets:import"), {"file": _upload(big, "besar.csv")})
    assert response.status_code == 400 and "5 MB" in response.content.decode()


def test_a_tampered_member_count_does_not_build_a_thousand_forms(signed_in, people):
    response = signed_in("kader").post(reverse("patients:household_create"), {
        "m-TOTAL_FORMS": "100000", "m-INITIAL_FORMS": "0", "posyandu": "", "m-0-name": "A"})
    assert response.status_code == 200
    assert len(response.context["formset"].forms) <= 20
