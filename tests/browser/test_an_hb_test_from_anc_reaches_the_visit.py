"""A midwife asks for Hb at an ANC visit on a laptop, the lab analyst types
the result with a decimal comma on her phone, and the visit page shows the
result flagged and the anaemia finding (issue 23)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clusters.services import visit_record
from facilities.models import Role
from facilities.tests.factories import UserFactory
from lab.catalogue import load_shipped_catalogue
from patients.models import Pregnancy
from patients.tests.factories import HouseholdFactory, PatientFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


def test_an_hb_result_from_the_lab_shows_the_anaemia_on_the_anc_visit(browser, live_server, cast, network):
    load_shipped_catalogue()
    today = timezone.localdate()
    pkm = network["36.01"]["puskesmas"]
    analyst = UserFactory(role=Role.LABORATORIUM, scope_facility=pkm)
    mother = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"]),
                            name="Neng Yuli", sex="P", birth_date=date(1996, 4, 4))
    Pregnancy.objects.create(patient=mother, expected_delivery_date=today + timedelta(days=150))
    visit = visit_record(by=cast["petugas"], patient=mother, facility=pkm, date=today, package="anc",
                         measurements={"gestational_age_weeks": 20}, confirm_warnings=True)

    # The midwife, on a laptop: Hb from the visit page.
    laptop = browser.new_context(viewport=LAPTOP, locale="id-ID")
    page = laptop.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, cast["petugas"].username)
    page.goto(f"{live_server.url}/kunjungan/{visit.pk}/")
    page.click("#request-tests")
    page.check("text=Hemoglobin (Hb)")
    page.click("#send-request")
    expect(page.locator("#lab-results")).to_contain_text("Hemoglobin (Hb)")
    laptop.close()

    # The analyst, on her phone: the worklist, then the result.
    phone = browser.new_context(viewport=PHONE, locale="id-ID", has_touch=True, is_mobile=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, analyst.username)
    page.goto(f"{live_server.url}/lab/")
    row = page.locator("#worklist li").filter(has_text="Neng Yuli")
    expect(row).to_contain_text(pkm.name)
    row.locator("a").first.click()
    expect(page.locator("#reference")).to_contain_text("12,0–15,5 g/dL")
    page.fill("#id_value", "8,9")
    page.click("#save-result")
    expect(page.locator("#worklist")).not_to_contain_text("Neng Yuli")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.close()

    # Back at the visit: the result, flagged, and the anaemia finding.
    laptop = browser.new_context(viewport=LAPTOP, locale="id-ID")
    page = laptop.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, cast["petugas"].username)
    page.goto(f"{live_server.url}/kunjungan/{visit.pk}/")
    expect(page.locator("#lab-results [data-flag=low]")).to_be_visible()
    expect(page.locator("#lab-results")).to_contain_text("8,9 g/dL")
    expect(page.locator("#findings")).to_contain_text("anemia")
    laptop.close()
