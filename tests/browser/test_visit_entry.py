from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clusters.models import Visit
from patients.models import Pregnancy
from patients.tests.factories import HouseholdFactory, PatientFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_puskesmas_worker_records_anc_adult_and_lansia_visits_and_corrects_one(page, live_server, cast, network,
                                                                               screenshot):
    household = HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"])
    mother = PatientFactory(household=household, name="Neng Yuli", sex="P", birth_date=date(1996, 4, 4))
    Pregnancy.objects.create(patient=mother, expected_delivery_date=timezone.localdate() + timedelta(days=150))
    father = PatientFactory(household=household, name="Asep Saepudin", sex="L", birth_date=date(1984, 8, 8))
    grandma = PatientFactory(household=household, name="Mak Iyah", sex="P", birth_date=date(1948, 1, 1))
    log_in(page, live_server, cast["petugas"].username)

    # ANC
    page.goto(f"{live_server.url}/pasien/{mother.pk}/")
    page.click("#packages a:text('Pemeriksaan kehamilan (ANC)')")
    page.select_option("#id_facility", str(network["36.01"]["puskesmas"].pk))
    page.fill("#id_gestational_age_weeks", "18")
    page.fill("#id_weight_kg", "55")
    page.fill("#id_muac_cm", "22")
    page.fill("#id_systolic", "120")
    page.fill("#id_diastolic", "80")
    page.fill("#id_hb_g_dl", "10.2")
    page.check("text=ANC K3 (trimester II)")
    screenshot("anc-form")
    page.click("button:text('Simpan kunjungan')")
    expect(page.locator(".alert-success")).to_contain_text("Kunjungan tersimpan")
    expect(page.locator("#results")).to_contain_text("anemia")
    expect(page.locator("#results")).to_contain_text("KEK")

    # Adult screening
    page.goto(f"{live_server.url}/pasien/{father.pk}/")
    page.click("#packages a:text('Skrining usia produktif (PTM)')")
    page.select_option("#id_facility", str(network["36.01"]["puskesmas"].pk))
    for field, value in [("weight_kg", "78"), ("length_cm", "165"), ("waist_cm", "96"), ("systolic", "150"),
                         ("diastolic", "95"), ("glucose_mg_dl", "230")]:
        page.fill(f"#id_{field}", value)
    page.select_option("#id_glucose_fasting", "random")
    page.click("button:text('Simpan kunjungan')")
    expect(page.locator("#results")).to_contain_text("hipertensi")
    expect(page.locator("#results")).to_contain_text("diabetes")

    # Lansia screening with a typo, then a correction
    page.goto(f"{live_server.url}/pasien/{grandma.pk}/")
    page.click("#packages a:text('Skrining lansia')")
    page.select_option("#id_facility", str(network["36.01"]["puskesmas"].pk))
    page.fill("#id_systolic", "13")
    page.fill("#id_diastolic", "80")
    page.fill("#id_adl", "18")
    page.click("button:text('Simpan kunjungan')")
    expect(page.locator("form.card")).to_contain_text("Harus antara 60 dan 260")
    expect(page.locator("#id_adl")).to_have_value("18")
    page.fill("#id_systolic", "135")
    page.click("button:text('Simpan kunjungan')")
    expect(page.locator(".alert-success")).to_be_visible()
    page.click("text=Perbaiki")
    page.fill("#id_systolic", "155")
    page.click("button:text('Simpan kunjungan')")
    expect(page.locator(".alert-success")).to_contain_text("Kunjungan diperbaiki")
    page.click("text=Riwayat")
    expect(page.locator("#history")).to_contain_text("135 → 155")
    screenshot("visit-history")
    assert Visit.objects.count() == 3
