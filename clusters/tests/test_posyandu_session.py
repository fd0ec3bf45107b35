from datetime import timedelta

import pytest
from django.utils import timezone

from clusters.models import PosyanduSession, Visit
from patients.models import Patient
from patients.tests.factories import PatientFactory


@pytest.fixture
def session(client, cast, family):
    client.force_login(cast["kader"])
    posyandu = cast["kader"].scope_facility
    client.post(f"/kunjungan/posyandu/{posyandu.pk}/{timezone.localdate().isoformat()}/")
    return PosyanduSession.objects.get(posyandu=posyandu)


def test_a_kader_lands_on_today_s_session_of_their_posyandu(client, cast, family):
    client.force_login(cast["kader"])
    response = client.get("/kunjungan/posyandu/")
    assert response["Location"].endswith(f"/{cast['kader'].scope_facility_id}/{timezone.localdate().isoformat()}/")


def test_opening_a_session_lists_the_under_fives_of_the_posyandu(client, session, family):
    html = client.get(f"/kunjungan/posyandu/{session.posyandu_id}/{session.date.isoformat()}/").content.decode()
    assert "Rizki" in html and "Asep" not in html and "session-row" in html


def test_saving_a_row_returns_z_scores_and_growth_code(client, session, family):
    child = family["toddler"]
    response = client.post(f"/kunjungan/sesi/{session.pk}/anak/{child.pk}/",
                           {"weight_kg": "9.6", "length_cm": "76", "measured_lying": "lying", "vitamin_a": "on"},
                           HTTP_X_REQUESTED_WITH="fetch")
    data = response.json()
    assert response.status_code == 200 and data["ok"]
    assert set(data) == {"ok", "visit", "result_html", "values"}
    visit = Visit.objects.get(session=session)
    m = visit.measurement
    assert m.growth_code == "B" and m.waz is not None and m.haz is not None
    assert {s.code for s in visit.services.all()} == {"WEIGHING", "VIT_A"} and visit.setting == "posyandu"


def test_saving_the_same_row_again_corrects_it_instead_of_adding_a_visit(client, session, family):
    url = f"/kunjungan/sesi/{session.pk}/anak/{family['toddler'].pk}/"
    client.post(url, {"weight_kg": "9.6"}, HTTP_X_REQUESTED_WITH="fetch")
    client.post(url, {"weight_kg": "9.7"}, HTTP_X_REQUESTED_WITH="fetch")
    assert Visit.objects.filter(session=session).count() == 1
    assert str(Visit.objects.get(session=session).measurement.weight_kg) == "9.70"


def test_a_bad_row_answers_with_the_reason(client, session, family):
    response = client.post(f"/kunjungan/sesi/{session.pk}/anak/{family['toddler'].pk}/",
                           {"weight_kg": "400"}, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 400 and "antara" in " ".join(response.json()["errors"]["weight_kg"])


def test_a_child_of_another_posyandu_cannot_be_saved_into_the_session(client, session, people):
    response = client.post(f"/kunjungan/sesi/{session.pk}/anak/{people['stranger'].pk}/", {"weight_kg": "9"})
    assert response.status_code == 404


def test_a_child_not_yet_registered_is_added_from_the_session(client, session, family):
    born = timezone.localdate() - timedelta(days=60)
    client.post(f"/kunjungan/sesi/{session.pk}/anak-baru/", {
        "mother": family["mother"].pk, "name": "Bayi Neng", "sex": "P", "birth_date": born.isoformat()})
    baby = Patient.objects.get(name="Bayi Neng")
    assert baby.mother_id == family["mother"].pk and baby.household_id == family["household"].pk
    html = client.get(f"/kunjungan/posyandu/{session.posyandu_id}/{session.date.isoformat()}/").content.decode()
    assert "Bayi Neng" in html


def test_the_session_page_runs_a_fixed_number_of_queries(client, session, family, django_assert_max_num_queries):
    url = f"/kunjungan/posyandu/{session.posyandu_id}/{session.date.isoformat()}/"
    client.post(f"/kunjungan/sesi/{session.pk}/anak/{family['toddler'].pk}/", {"weight_kg": "9.5"},
                HTTP_X_REQUESTED_WITH="fetch")
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    baseline = len(few.captured_queries)  # read now: the next request resets the log
    for i in range(15):
        child = PatientFactory(household=family["household"], name=f"Anak {i}", sex="L",
                               birth_date=timezone.localdate() - timedelta(days=100 + i))
        client.post(f"/kunjungan/sesi/{session.pk}/anak/{child.pk}/", {"weight_kg": "6"},
                    HTTP_X_REQUESTED_WITH="fetch")
    with django_assert_max_num_queries(baseline):
        assert "Anak 14" in client.get(url).content.decode()


def test_re_saving_a_row_keeps_a_vaccine_given_earlier_in_the_session(client, session, family):
    url = f"/kunjungan/sesi/{session.pk}/anak/{family['toddler'].pk}/"
    client.post(url, {"weight_kg": "9.5", "immunisation": "IMM_MR1"}, HTTP_X_REQUESTED_WITH="fetch")
    client.post(url, {"weight_kg": "9.6"}, HTTP_X_REQUESTED_WITH="fetch")
    codes = set(Visit.objects.get(session=session).services.values_list("code", flat=True))
    assert codes == {"IMM_MR1", "WEIGHING"}


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "2026-02-30", "abc"])
def test_a_session_date_out_of_range_is_not_found(client, cast, family, day):
    client.force_login(cast["kader"])
    url = f"/kunjungan/posyandu/{cast['kader'].scope_facility_id}/{day}/"
    assert client.post(url).status_code == 404 and client.get(url).status_code == 404
