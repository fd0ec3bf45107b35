"""Visit entry through the browser's forms: packages by life stage, only the
relevant fields, messages next to fields, history, scope."""

import uuid
from datetime import timedelta

from django.utils import timezone

from clusters.models import Service, Visit


def test_the_patient_page_offers_the_packages_of_the_life_stage(client, cast, family, pregnant):
    client.force_login(cast["petugas"])
    toddler = client.get(f"/pasien/{family['toddler'].pk}/").content.decode()
    assert "/balita/baru/" in toddler and "/anc/baru/" not in toddler and "/ptm/baru/" not in toddler
    mother = client.get(f"/pasien/{pregnant.pk}/").content.decode()
    assert "/anc/baru/" in mother and "/balita/baru/" not in mother
    grandma = client.get(f"/pasien/{family['grandma'].pk}/").content.decode()
    assert "/lansia/baru/" in grandma and "/anc/baru/" not in grandma


def test_a_package_not_for_this_person_is_not_found(client, cast, family):
    client.force_login(cast["petugas"])
    assert client.get(f"/kunjungan/pasien/{family['father'].pk}/anc/baru/").status_code == 404


def test_the_form_shows_only_the_fields_of_the_package(client, cast, family):
    client.force_login(cast["petugas"])
    html = client.get(f"/kunjungan/pasien/{family['father'].pk}/ptm/baru/").content.decode()
    assert 'name="glucose_mg_dl"' in html and 'name="waist_cm"' in html
    assert 'name="head_cm"' not in html and 'name="gestational_age_weeks"' not in html and 'name="adl"' not in html
    assert "Skrining PTM usia produktif" in html and "Imunisasi BCG" not in html


def post_visit(client, patient, package, **data):
    payload = {"date": timezone.localdate().isoformat(), "setting": "gedung", "submission_key": str(uuid.uuid4())}
    payload.update(data)
    return client.post(f"/kunjungan/pasien/{patient.pk}/{package}/baru/", payload)


def test_a_puskesmas_worker_records_an_adult_screening(client, cast, family, network):
    client.force_login(cast["petugas"])
    ptm = Service.objects.get(code="PTM_SCREENING")
    response = post_visit(client, family["father"], "ptm", facility=network["36.01"]["puskesmas"].pk,
                          services=[ptm.pk], weight_kg="70", length_cm="168", systolic="145", diastolic="92",
                          glucose_mg_dl="110", glucose_fasting="fasting")
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.measurement.hypertension is True and visit.measurement.glucose_class == "prediabetes"
    page = client.get(response["Location"]).content.decode()
    assert "hipertensi" in page


def test_bad_input_gets_a_message_next_to_the_field_and_keeps_the_rest(client, cast, family, network):
    client.force_login(cast["petugas"])
    response = post_visit(client, family["father"], "ptm", facility=network["36.01"]["puskesmas"].pk,
                          weight_kg="70", length_cm="168", systolic="90", diastolic="120")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Diastolik harus di bawah sistolik." in html
    assert 'value="70"' in html and 'value="168"' in html
    assert not Visit.objects.exists()


def test_nonsense_numbers_are_refused_without_a_server_error(client, cast, family, network):
    client.force_login(cast["petugas"])
    for value in ("NaN", "-5", "1e400", "99999999999999999999", "abc"):
        response = post_visit(client, family["father"], "ptm", facility=network["36.01"]["puskesmas"].pk,
                              weight_kg=value, systolic=value)
        assert response.status_code == 200, value
    assert not Visit.objects.exists()


def test_a_correction_shows_in_the_visit_history(client, cast, family, network):
    client.force_login(cast["petugas"])
    response = post_visit(client, family["grandma"], "lansia", facility=network["36.01"]["puskesmas"].pk,
                          systolic="130", diastolic="80")
    visit = Visit.objects.get()
    response = client.post(f"/kunjungan/{visit.pk}/ubah/", {
        "date": visit.date.isoformat(), "facility": network["36.01"]["puskesmas"].pk, "setting": "gedung",
        "systolic": "160", "diastolic": "100",
    })
    assert response.status_code == 302
    html = client.get(f"/kunjungan/{visit.pk}/riwayat/").content.decode()
    assert "130 → 160" in html and "80 → 100" in html


def test_a_visit_outside_the_scope_is_not_found(client, cast, family, network):
    client.force_login(cast["petugas"])
    post_visit(client, family["father"], "tb", facility=network["36.01"]["puskesmas"].pk, tb_symptoms=["fever"])
    visit = Visit.objects.get()
    client.force_login(cast["kapus_other"])
    assert client.get(f"/kunjungan/{visit.pk}/").status_code == 404
    assert client.get(f"/kunjungan/pasien/{family['father'].pk}/tb/baru/").status_code == 404


def test_the_growth_chart_is_drawn_for_an_under_five_with_weights(client, cast, family, network):
    client.force_login(cast["kader"])
    post_visit(client, family["toddler"], "balita", facility=network["36.01"]["posyandu_pustu"].pk,
               setting="posyandu", weight_kg="9.4", length_cm="75", measured_lying="lying")
    html = client.get(f"/pasien/{family['toddler'].pk}/").content.decode()
    assert 'id="growth-chart"' in html and "chart.umd.min.js" in html and '"sd2neg"' in html


def test_the_patient_page_with_many_visits_runs_a_fixed_number_of_queries(
        client, cast, family, network, django_assert_max_num_queries):
    client.force_login(cast["petugas"])
    today = timezone.localdate()
    for i in range(2):
        post_visit(client, family["toddler"], "balita", facility=network["36.01"]["puskesmas"].pk,
                   date=(today - timedelta(days=31 * i)).isoformat(), weight_kg="9.5", confirm_warnings="on")
    # The page's panels (stock, lab, ward, IGD) each ask the user's role;
    # its groups are read once.
    with django_assert_max_num_queries(18) as few:
        client.get(f"/pasien/{family['toddler'].pk}/")
    baseline = len(few.captured_queries)  # read now: the next request resets the log
    for i in range(2, 8):
        post_visit(client, family["toddler"], "balita", facility=network["36.01"]["puskesmas"].pk,
                   date=(today - timedelta(days=31 * i)).isoformat(), weight_kg="9.5", confirm_warnings="on")
    with django_assert_max_num_queries(baseline):
        client.get(f"/pasien/{family['toddler'].pk}/")


def test_correcting_a_delivery_after_the_pregnancy_ended_keeps_its_services(client, cast, network, pregnant):
    client.force_login(cast["petugas"])
    persalinan = Service.objects.get(code="PERSALINAN")
    response = post_visit(client, pregnant, "delivery", facility=network["36.01"]["puskesmas"].pk,
                          services=[persalinan.pk])
    visit = Visit.objects.get()
    assert visit.pregnancy.status == "delivered"
    response = client.post(f"/kunjungan/{visit.pk}/ubah/", {
        "date": visit.date.isoformat(), "facility": network["36.01"]["puskesmas"].pk, "setting": "gedung",
        "services": [persalinan.pk], "systolic": "120", "diastolic": "80"})
    assert response.status_code == 302
    assert list(visit.services.values_list("code", flat=True)) == ["PERSALINAN"]
