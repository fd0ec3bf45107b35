"""A nurse asks for a TB molecular test (TCM) at a presumptive TB visit, the
lab analyst enters "MTB detected" on her phone, and the person moves in
the TB cascade: the visit shows the positive result, and the Puskesmas's
list for "presumptive TB examined" moves them from not yet counted to
counted (issue 23)."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clusters.models import Service
from clusters.services import visit_record
from facilities.models import Role
from facilities.tests.factories import UserFactory
from lab.catalogue import load_shipped_catalogue
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


def test_a_positive_tcm_puts_the_person_among_those_examined_for_tb(browser, live_server, cast, network):
    load_shipped_catalogue()
    today = timezone.localdate()
    pkm = network["36.01"]["puskesmas"]
    analyst = UserFactory(role=Role.LABORATORIUM, scope_facility=pkm)
    person = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"]),
                            name="Dadang Suryana", sex="L", birth_date=date(1979, 8, 8))
    visit = visit_record(by=cast["petugas"], patient=person, facility=pkm, date=today, package="tb",
                         services=list(Service.objects.filter(code="TB_SCREENING")),
                         measurements={"tb_symptoms": ["cough_2w"]}, confirm_warnings=True)
    engine.rebuild("36.01", today.year)
    examined = f"{live_server.url}/laporan/pws/pkm/{pkm.pk}/orang/TB_EXAMINED/?tahun={today.year}&bulan={today.month}"

    laptop = browser.new_context(viewport=LAPTOP, locale="id-ID")
    page = laptop.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, cast["petugas"].username)
    page.goto(examined)  # screened, not yet examined: among the people not yet counted
    expect(page.locator("#figure-counted .num")).to_have_text("0")
    expect(page.locator("#people-list")).to_contain_text("Dadang Suryana")
    page.goto(f"{live_server.url}/kunjungan/{visit.pk}/")
    page.click("#request-tests")
    page.check("text=Tes cepat molekuler TBC (TCM)")
    page.click("#send-request")
    expect(page.locator("#lab-results")).to_contain_text("TCM")
    laptop.close()

    phone = browser.new_context(viewport=PHONE, locale="id-ID", has_touch=True, is_mobile=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, analyst.username)
    page.goto(f"{live_server.url}/lab/")
    page.locator("#worklist li").filter(has_text="Dadang Suryana").locator("a").first.click()
    page.check("#result-form input[value=mtb_rs]")
    page.click("#save-result")
    expect(page.locator("#worklist")).not_to_contain_text("Dadang Suryana")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.close()

    engine.refresh()  # what the refresh after the save does by itself (decision 18)
    laptop = browser.new_context(viewport=LAPTOP, locale="id-ID")
    page = laptop.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, cast["petugas"].username)
    page.goto(f"{live_server.url}/kunjungan/{visit.pk}/")
    expect(page.locator("#lab-results [data-flag=positive]")).to_be_visible()
    page.goto(examined)
    expect(page.locator("#figure-counted .num")).to_have_text("1")
    expect(page.locator("#no-people")).to_be_visible()  # everyone in the group is now counted
    laptop.close()
