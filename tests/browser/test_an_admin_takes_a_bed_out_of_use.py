"""The district admin takes a bed out of use in the admin, giving its last
day; last month's BOR on the ward page reads as it did before (decision
39)."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from facilities.models import Role
from facilities.tests.factories import UserFactory
from inpatient import services
from inpatient.models import Bed
from patients.tests.factories import HouseholdFactory, PatientFactory

from .conftest import fits, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_admin_takes_a_bed_out_of_use_and_last_month_reads_the_same(page, live_server, network, screenshot):
    pkm = network["36.01"]["puskesmas"]
    pkm.inpatient = True
    pkm.save(update_fields=["inpatient"])
    beds = [Bed.objects.create(facility=pkm, label=label) for label in ("Mawar 1", "Mawar 2")]
    nurse = UserFactory(role=Role.PERAWAT_IGD, scope_facility=pkm)
    person = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"]))
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    def on(day):
        return timezone.make_aware(datetime.combine(last_month.replace(day=day), time(8)))

    services.admission_record_past(by=nurse, patient=person, facility=pkm, bed=beds[1], admitted_at=on(2),
                                   discharged_at=on(7), outcome="recovered", diagnosis_code="A09")
    UserFactory(username="admin-uji", role=Role.ADMIN, is_staff=True, is_superuser=True)
    log_in(page, live_server, "admin-uji")
    month = f"{last_month:%Y-%m}"
    page.goto(f"{live_server.url}/rawat-inap/?puskesmas={pkm.pk}&month={month}")
    bor_before = page.locator("#bor").inner_text()
    assert bor_before != "—"

    page.goto(f"{live_server.url}/admin/inpatient/bed/")
    page.click("a:text('Mawar 2')")
    page.fill("#id_in_use_from", "01/01/2026")
    page.fill("#id_in_use_until", "31/12/2025")
    page.click("input[name=_save]")
    expect(page.locator(".errorlist")).to_contain_text("Dipakai sampai")
    assert page.input_value("#id_in_use_until") == "31/12/2025"  # what was typed is kept
    page.fill("#id_in_use_from", "")
    page.fill("#id_in_use_until", f"{timezone.localdate():%d/%m/%Y}")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()
    assert Bed.objects.get(pk=beds[1].pk).in_use_until == timezone.localdate()
    screenshot("admin-bed-out-of-use")

    page.goto(f"{live_server.url}/rawat-inap/?puskesmas={pkm.pk}&month={month}")
    expect(page.locator("#bor")).to_have_text(bor_before)
    assert fits(page)
