from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from patients.models import Patient, PatientMerge
from patients.tests.factories import PatientFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_kader_finds_a_family_and_registers_a_newborn_through_the_mother(page, live_server, cast, people,
                                                                              screenshot):
    log_in(page, live_server, cast["kader"].username)
    page.click("a.nav-link:text('Warga')")
    page.fill("#id_q", "Siti")
    page.click("button:text('Cari')")
    page.click("#results a:text('Siti Rahmawati')")
    expect(page.locator("#stages")).to_contain_text("Dewasa")
    page.click("text=Daftarkan bayi baru lahir")
    page.check("input[name=sex][value=P]")
    page.fill("#id_birth_date", (timezone.localdate() - timedelta(days=1)).isoformat())
    page.click("button:text('Simpan')")
    expect(page.locator(".alert-success")).to_contain_text("Bayi baru lahir terdaftar")
    expect(page.locator("#stages")).to_contain_text("Bayi baru lahir")
    expect(page.locator("#identity")).to_contain_text("anak ke-1")
    screenshot("newborn-page")
    assert Patient.objects.filter(mother=people["mother"], birth_order=1).count() == 1


def test_a_puskesmas_worker_corrects_a_birth_date_and_sees_the_history(page, live_server, cast, people, screenshot):
    son = people["son"]
    log_in(page, live_server, cast["petugas"].username)
    page.goto(f"{live_server.url}/pasien/{son.pk}/")
    page.click("text=Perbaiki")
    page.fill("#id_birth_date", "2023-07-03")
    page.click("button:text('Simpan')")
    # The NIK says 1 July: a warning to confirm, with everything typed kept.
    expect(page.locator("form.card")).to_contain_text("01-07-2023")
    expect(page.locator("#id_birth_date")).to_have_value("2023-07-03")
    screenshot("nik-warning")
    page.check("#id_confirm_warnings")
    page.click("button:text('Simpan')")
    expect(page.locator("#birth-date")).to_contain_text("03-07-2023")
    page.click("text=Riwayat")
    expect(page.locator("#history")).to_contain_text("01-07-2023 → 03-07-2023")
    screenshot("history")


def test_a_puskesmas_worker_merges_two_duplicates(page, live_server, cast, people):
    kept = people["mother"]
    dup = PatientFactory(household=people["household"], name="Siti Rahmawati Dobel", sex="P",
                         birth_date=kept.birth_date)
    log_in(page, live_server, cast["petugas"].username)
    page.goto(f"{live_server.url}/pasien/{kept.pk}/")
    page.click("text=Gabungkan catatan dobel")
    page.fill("#id_duplicate", str(dup.pk))
    page.click("button:text('Bandingkan')")
    expect(page.locator("#compare")).to_contain_text("Siti Rahmawati Dobel")
    page.check("#id_confirm")
    page.click("button:text('Gabungkan')")
    expect(page.locator(".alert-success")).to_contain_text("Catatan digabungkan")
    assert PatientMerge.objects.filter(kept=kept, duplicate=dup).exists()


def test_another_puskesmas_sees_none_of_it_except_by_exact_nik(page, live_server, cast, people, screenshot):
    log_in(page, live_server, cast["kapus_other"].username)
    page.goto(f"{live_server.url}/pasien/?q=Siti")
    expect(page.locator("#results tbody")).not_to_contain_text("Siti Rahmawati")
    page.goto(f"{live_server.url}/pasien/?q={people['mother'].nik}")
    expect(page.locator("#outside-matches")).to_contain_text("Siti Rahmawati")
    expect(page.locator("#outside-matches")).to_contain_text(people["mother"].nik_masked)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("outside-match-phone")
    response = page.goto(f"{live_server.url}/pasien/{people['mother'].pk}/")
    assert response.status == 404
