"""Stock follows the visits: a midwife gives iron tablets at an ANC visit on
a laptop and the Puskesmas shelf goes down by a month's tablets; a kader
records a DPT-HB-Hib dose at the Posyandu session on her phone and the dose
leaves the Pustu's box, its batch on the child's record."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from facilities.models import Role
from facilities.tests.factories import UserFactory
from patients.models import Pregnancy
from patients.tests.factories import HouseholdFactory, PatientFactory
from stock import services
from stock.models import Balance, Funding, Item

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


def _stock_line(page, item_name):
    return page.locator("li.list-group-item").filter(has=page.locator(f"a:text-is('{item_name}')"))


def test_iron_tablets_and_a_vaccine_dose_leave_the_shelves_they_came_from(browser, live_server, cast, network):
    today = timezone.localdate()
    pkm, pustu, posyandu = (network["36.01"][k] for k in ("puskesmas", "pustu", "posyandu_pustu"))
    farmasi = UserFactory(role=Role.FARMASI, scope_facility=pkm)
    ttd, penta = Item.objects.get(code="TTD"), Item.objects.get(code="V-PENTA")
    services.receive(facility=pkm, item=ttd, batch_number="TTD-2611", expiry=today + timedelta(days=400),
                     funding=Funding.APBN, quantity=100, date=today, user=farmasi)
    services.receive(facility=pkm, item=penta, batch_number="PENTA-0425", expiry=today + timedelta(days=300),
                     funding=Funding.APBN, quantity=20, date=today, user=farmasi)
    services.issue(from_facility=pkm, to_facility=pustu, item=penta, quantity=20, date=today, user=farmasi)
    household = HouseholdFactory(posyandu=posyandu)
    mother = PatientFactory(household=household, name="Neng Yuli", sex="P", birth_date=date(1996, 4, 4))
    Pregnancy.objects.create(patient=mother, expected_delivery_date=today + timedelta(days=150))
    baby = PatientFactory(household=household, name="Raka", sex="L", birth_date=today - timedelta(days=65))

    # A midwife at the Puskesmas, on a laptop: ANC with iron tablets.
    laptop = browser.new_context(viewport=LAPTOP, locale="id-ID")
    page = laptop.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, cast["petugas"].username)
    page.goto(f"{live_server.url}/pasien/{mother.pk}/")
    page.click("#packages a:text('Pemeriksaan kehamilan (ANC)')")
    page.select_option("#id_facility", str(pkm.pk))
    page.fill("#id_gestational_age_weeks", "18")
    page.check("text=ANC K3 (trimester II)")
    page.check("text=Tablet tambah darah ibu hamil")
    page.click("button:text('Simpan kunjungan')")
    expect(page.locator(".alert-success")).to_contain_text("Kunjungan tersimpan")
    page.goto(live_server.url + reverse("stock:list", args=[pkm.pk]))
    expect(_stock_line(page, ttd.name).locator("strong").first).to_have_text("70")
    laptop.close()

    # The kader at the Posyandu, on her phone: a DPT-HB-Hib dose in the row.
    phone = browser.new_context(viewport=PHONE, locale="id-ID", has_touch=True, is_mobile=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, cast["kader"].username)
    page.goto(live_server.url + reverse("clusters:session_pick"))
    page.click("#open-session")
    row = page.locator("form.session-row").filter(has=page.locator("a:text-is('Raka')"))
    row.locator("input[name=weight_kg]").fill("5,2")
    row.locator("input[name=immunisation][value=IMM_DPT1]").check()
    row.locator("input[name=weight_kg]").press("Enter")
    expect(row).to_have_class(re.compile(r"\bis-saved\b"))
    page.goto(f"{live_server.url}/pasien/{baby.pk}/")
    given = page.locator("#medicines-given")
    expect(given).to_contain_text(penta.name)
    expect(given).to_contain_text("PENTA-0425")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.close()

    # The Pustu's box is one dose lighter.
    assert Balance.objects.get(facility=pustu, batch__item=penta).quantity == 19
