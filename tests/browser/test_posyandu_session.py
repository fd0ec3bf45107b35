from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clusters.models import Measurement, Visit
from patients.tests.factories import HouseholdFactory, PatientFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHILDREN = [  # name, sex, age in days, weight, length
    ("Adit", "L", 200, "7.6", "66.5"),
    ("Bunga", "P", 420, "8.9", "74.0"),
    ("Cahya", "P", 650, "9.1", "78.2"),
    ("Dimas", "L", 900, "12.4", "89.0"),
    ("Euis", "P", 1500, "13.0", "96.5"),
]


def test_a_kader_runs_a_posyandu_session_for_five_children(page, live_server, cast, network, screenshot):
    posyandu = cast["kader"].scope_facility
    today = timezone.localdate()
    household = HouseholdFactory(posyandu=posyandu)
    for name, sex, days, *_ in CHILDREN:
        PatientFactory(household=household, name=name, sex=sex, birth_date=today - timedelta(days=days))
    PatientFactory(household=household, name="Ibu Sari", sex="P", birth_date=today - timedelta(days=30 * 365))

    log_in(page, live_server, cast["kader"].username)
    page.click("a.nav-link:text('Sesi Posyandu')")
    page.click("#open-session")
    rows = page.locator("#session-table tbody tr")
    expect(rows).to_have_count(5)
    # Keyboard only: type, Tab, type, Enter; the cursor moves to the next child.
    for index, (name, _sex, _days, weight, length) in enumerate(CHILDREN):
        row = rows.nth(index)
        expect(row).to_contain_text(name)
        expect(row.locator("input[name=weight_kg]")).to_be_focused()
        page.keyboard.type(weight)
        page.keyboard.press("Tab")
        page.keyboard.type(length)
        page.keyboard.press("Enter")
        expect(row.locator(".row-result")).to_contain_text("BB/U")
        expect(row.locator(".row-result")).to_contain_text("B")
    screenshot("posyandu-session")
    assert Visit.objects.filter(session__posyandu=posyandu).count() == 5
    assert Measurement.objects.filter(waz__isnull=False, haz__isnull=False, growth_code="B").count() == 5

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("posyandu-session-phone")
