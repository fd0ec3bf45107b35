"""A kader runs the day's Posyandu session on a phone and on a laptop: comma
decimals, an implausible value confirmed in the row, a reload whose refilled
rows save again unchanged, and an empty row that stores nothing."""

import os
import re
import shutil
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clusters.models import Measurement, Visit
from patients.tests.factories import HouseholdFactory, PatientFactory

from .conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
DOCS = ARTIFACTS.parent / "docs"
SAVED = re.compile(r"\bis-saved\b")

CHILDREN = [  # name, sex, age in days, weight, length (typed the Indonesian way)
    ("Adit", "L", 200, "7,6", "66,5"),
    ("Bunga", "P", 420, "8,9", "74"),
    ("Cahya", "P", 650, "9,15", "78,2"),
    ("Dimas", "L", 900, "12,4", "89"),
    ("Euis", "P", 1500, "13,4", "96,5"),
]
IMPLAUSIBLE = ("Fajar", "L", 245, "19")  # 19 kg at 8 months: WAZ far above +5
EMPTY = ("Gita", "P", 300)


def _children(posyandu):
    today = timezone.localdate()
    household = HouseholdFactory(posyandu=posyandu)
    PatientFactory(household=household, name="Ibu Sari", sex="P", birth_date=today - timedelta(days=30 * 365))
    for name, sex, days, *_ in (*CHILDREN, IMPLAUSIBLE, EMPTY):
        PatientFactory(household=household, name=name, sex=sex, birth_date=today - timedelta(days=days))


def _row(page, name):
    return page.locator("form.session-row").filter(has=page.locator(f"a:text-is('{name}')"))


def _no_horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_a_kader_enters_a_session_with_comma_decimals_and_confirms_an_implausible_weight(
        browser, live_server, cast, network, viewport):
    context = browser.new_context(viewport=viewport, locale="id-ID", has_touch=viewport is PHONE,
                                  is_mobile=viewport is PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    posyandu = cast["kader"].scope_facility
    _children(posyandu)

    log_in(page, live_server, cast["kader"].username)
    page.goto(live_server.url + reverse("clusters:session_pick"))
    page.click("#open-session")
    expect(page.locator("form.session-row")).to_have_count(7)
    assert _no_horizontal_overflow(page)
    for name, *_ in CHILDREN:  # every input of a row is on screen, none cut off
        box = _row(page, name).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]

    # The on-screen keyboard flow: tap the first weight, then type, Tab to the
    # length, Enter; the cursor lands on the next child's weight.
    _row(page, CHILDREN[0][0]).locator("input[name=weight_kg]").click()
    for name, _sex, _days, weight, length in CHILDREN:
        row = _row(page, name)
        weight_input = row.locator("input[name=weight_kg]")
        expect(weight_input).to_be_focused()
        assert weight_input.get_attribute("inputmode") == "decimal"
        page.keyboard.type(weight)
        page.keyboard.press("Tab")
        page.keyboard.type(length)
        page.keyboard.press("Enter")
        expect(row.locator(".row-result")).to_contain_text("BB/U")
        expect(row).to_have_class(SAVED)
    stored = {v.patient.name: v.measurement.weight_kg
              for v in Visit.objects.filter(session__posyandu=posyandu).select_related("patient", "measurement")}
    assert stored == {name: Decimal(weight.replace(",", ".")) for name, _s, _d, weight, _l in CHILDREN}

    # An implausible weight is kept only after the kader confirms it in the row.
    row = _row(page, IMPLAUSIBLE[0])
    row.locator("input[name=weight_kg]").fill(IMPLAUSIBLE[3])
    row.locator("button[type=submit]").click()
    confirm = row.locator(".confirm-btn")
    expect(confirm).to_be_visible()
    expect(row.locator(".row-result")).to_contain_text("Berat")
    assert not Visit.objects.filter(patient__name=IMPLAUSIBLE[0]).exists()
    confirm.click()
    expect(row.locator(".row-result .badge").last).to_be_visible()
    expect(row).to_have_class(SAVED)
    assert Visit.objects.get(patient__name=IMPLAUSIBLE[0]).measurement.weight_kg == Decimal("19")

    # An empty row stores nothing and says so.
    row = _row(page, EMPTY[0])
    row.locator("button[type=submit]").click()
    expect(row.locator(".row-result [role=alert]")).to_be_visible()
    assert not Visit.objects.filter(patient__name=EMPTY[0]).exists()

    # After a reload the saved rows come back refilled the Indonesian way and
    # save again unchanged.
    page.reload()
    row = _row(page, "Cahya")
    expect(row.locator("input[name=weight_kg]")).to_have_value("9,15")
    expect(row.locator("input[name=length_cm]")).to_have_value("78,2")
    visits_before = Visit.objects.count()
    row.locator("button[type=submit]").click()
    expect(row.locator(".row-result")).to_contain_text("BB/U")
    expect(row.locator("[role=alert]")).to_have_count(0)
    assert Visit.objects.count() == visits_before
    assert Measurement.objects.get(visit__patient__name="Cahya").weight_kg == Decimal("9.15")
    assert _no_horizontal_overflow(page)

    page.evaluate("window.scrollTo(0, 0)")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"posyandu-session-{'phone' if viewport is PHONE else 'laptop'}.png"
    page.screenshot(path=str(shot), full_page=viewport is not PHONE)
    if viewport is PHONE and os.environ.get("ILP_UPDATE_DOCS_SCREENSHOTS"):
        shutil.copy(shot, DOCS / "posyandu-session-phone.png")
    context.close()
