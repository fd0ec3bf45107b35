"""A kader on her phone (and a Pustu worker on a laptop) opens the due list,
records a home visit that refers an overdue child to the Posyandu, sees the
child marked as referred; at the next session the child comes first, and
once weighed leaves the overdue list."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clusters.models import Service
from clusters.services import visit_record
from patients import services as people

from .conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


def _area(cast, network):
    today = timezone.localdate()
    posyandu = network["36.01"]["posyandu_pustu"]
    by = cast["kader"]
    others = people.household_register(by=by, posyandu=posyandu, rw="1", address="Jl. Anggrek 1")
    for name in ("Aan", "Bela", "Cici"):
        child = people.patient_register(by=by, household=others, name=name, sex="P",
                                        birth_date=today - timedelta(days=400), confirm_warnings=True)
        visit_record(by=by, patient=child, facility=posyandu, date=today - timedelta(days=20), package="balita",
                     services=list(Service.objects.filter(code="WEIGHING")), measurements={"weight_kg": 9},
                     confirm_warnings=True)
    home = people.household_register(by=by, posyandu=posyandu, rw="3", address="Jl. Mawar 7")
    late = people.patient_register(by=by, household=home, name="Zaki Terlambat", sex="L",
                                   birth_date=today - timedelta(days=600), confirm_warnings=True)
    visit_record(by=by, patient=late, facility=posyandu, date=today - timedelta(days=100), package="balita",
                 services=list(Service.objects.filter(code="WEIGHING")), measurements={"weight_kg": 10},
                 confirm_warnings=True)
    return posyandu, late


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_a_kader_refers_an_overdue_child_who_comes_first_at_the_session_and_leaves_the_list_once_weighed(
        browser, live_server, cast, network, viewport):
    posyandu, late = _area(cast, network)
    today = timezone.localdate()
    context = browser.new_context(viewport=viewport, locale="id-ID", has_touch=viewport is PHONE,
                                  is_mobile=viewport is PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, cast["kader"].username)

    page.goto(f"{live_server.url}/tindak-lanjut/")
    person = page.locator(f"li[data-patient='{late.pk}']")
    expect(person.locator("li[data-items~='WEIGHING']")).to_have_class(
        re.compile(r"\boverdue\b"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"due-list-{viewport['width']}.png"), full_page=True)
    page.locator(f"li[data-household='{late.household_id}'] a", has_text="Catat kunjungan rumah").click()

    page.select_option("#id_patient", str(late.pk))
    page.check("input[name='reasons'][value='WEIGHING']")
    page.check("#f-looks_thin")
    page.locator("label", has_text="Dirujuk").first.click()
    page.select_option("#id_referred_to", "posyandu")
    page.fill("#id_referred_on", today.isoformat())
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / f"home-visit-{viewport['width']}.png"), full_page=True)
    page.click("#save-home-visit")
    expect(page.locator("#earlier-visits")).to_contain_text("Dirujuk")

    page.goto(f"{live_server.url}/tindak-lanjut/")
    expect(page.locator(f"li[data-patient='{late.pk}'] .referral-badge")).to_contain_text("Posyandu")

    page.goto(f"{live_server.url}/kunjungan/posyandu/{posyandu.pk}/{today.isoformat()}/")
    page.click("#open-session")
    first = page.locator("form.session-row").first
    expect(first.locator("a.fw-semibold")).to_have_text("Zaki Terlambat")
    expect(first.locator(".referral-badge")).to_be_visible()
    first.locator("input[name='weight_kg']").fill("10,8")
    first.locator("button[type=submit]").click()
    expect(first).to_have_class(re.compile(r"\bis-saved\b"))

    page.goto(f"{live_server.url}/tindak-lanjut/?overdue=0")
    expect(page.locator(f"li[data-patient='{late.pk}'] li[data-items~='WEIGHING']")).to_have_count(0)
    context.close()
