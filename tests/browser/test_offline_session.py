"""A kader runs a Posyandu session without a signal on her phone: she
downloads the session, loses the connection, reloads, weighs ten children and
registers a new one, closes the page and opens it again; when the signal
returns every row reaches the server once, with the server's z-scores. A row
another kader changed meanwhile waits in "To be reviewed"."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.signals import request_started
from django.utils import timezone, translation
from playwright.sync_api import expect

from clusters.models import Measurement, PosyanduSession, Visit
from clusters.numbers import zscore
from clusters.session_rows import RowData, row_save
from patients.models import Patient
from patients.tests.factories import HouseholdFactory, PatientFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
# name, sex, age in days, weight and length typed the Indonesian way
CHILDREN = [
    ("Adit", "L", 200, "7,6", "66,5"), ("Bunga", "P", 420, "8,9", "74"), ("Cahya", "P", 650, "9,15", "78,2"),
    ("Dimas", "L", 900, "12,4", "89"), ("Euis", "P", 1500, "13,4", "96,5"), ("Fikri", "L", 120, "6,1", "61"),
    ("Gina", "P", 300, "7,8", "68"), ("Hadi", "L", 1100, "12,9", "90,5"), ("Intan", "P", 760, "10,2", "82"),
    ("Joko", "L", 1700, "15,1", "101"),
]


def _session(kader):
    today = timezone.localdate()
    household = HouseholdFactory(posyandu=kader.scope_facility)
    mother = PatientFactory(household=household, name="Ibu Sari", sex="P", birth_date=date(1994, 3, 3))
    for name, sex, days, *_ in CHILDREN:
        PatientFactory(household=household, name=name, sex=sex, birth_date=today - timedelta(days=days))
    session = PosyanduSession.objects.create(posyandu=kader.scope_facility, date=today, opened_by=kader)
    return session, mother


def _row(page, name):
    return page.locator("#session-list form.session-row").filter(has=page.locator(f"a:text-is('{name}')"))


class Requests:
    """Counts the requests that reach the server (none may, offline)."""

    def __init__(self):
        self.paths = []
        request_started.connect(self.seen)

    @property
    def count(self):
        return len(self.paths)

    def seen(self, environ=None, **kwargs):
        path = (environ or {}).get("PATH_INFO")
        # The browser's own update check of the worker script on navigation
        # slips past Playwright's offline switch; on a phone without signal
        # it fails quietly, and it is not the page's doing.
        if path != "/sw.js":
            self.paths.append(path)

    def close(self):
        request_started.disconnect(self.seen)


def _offline(context):
    context.set_offline(True)
    # Service workers' own fetches ignore set_offline: refuse them too.
    context.route("**", lambda route: route.abort("internetdisconnected"))


def _online(context):
    context.unroute("**")
    context.set_offline(False)


def _open(context, url):
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(url)
    return page


def _session_on_a_phone(browser, live_server, kader, session):
    """The kader signed in on her phone (service workers on) at the session's page: (context, page)."""
    context = browser.new_context(viewport=PHONE, locale="id-ID", has_touch=True, is_mobile=True,
                                  service_workers="allow")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, kader.username)
    page.goto(f"{live_server.url}/kunjungan/posyandu/{session.posyandu_id}/{session.date.isoformat()}/")
    return context, page


def _download(page):
    page.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
    page.click("#download-session")
    expect(page.locator("#last-sync")).to_contain_text(re.compile("diunduh", re.I))
    # Nothing of the download may still be on its way when the signal drops.
    expect(page.locator("#download-session")).to_be_enabled()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def test_a_kader_weighs_ten_children_and_registers_one_offline_and_all_reach_the_server_once(
        browser, live_server, cast):
    kader = cast["kader"]
    session, mother = _session(kader)
    url = f"{live_server.url}/kunjungan/posyandu/{session.posyandu_id}/{session.date.isoformat()}/"
    context, page = _session_on_a_phone(browser, live_server, kader, session)
    _download(page)

    requests = Requests()
    _offline(context)
    page.reload()
    expect(page.locator("#net-state")).to_have_text("Luring")
    expect(page.locator("#session-list form.session-row")).to_have_count(10)

    for name, _sex, _days, weight, length in CHILDREN:
        row = _row(page, name)
        row.locator("input[name=weight_kg]").fill(weight)
        row.locator("input[name=length_cm]").fill(length)
        row.locator("input[name=length_cm]").press("Enter")
        expect(row.locator(".pending-badge")).to_be_visible()
        expect(row.locator(".row-result")).to_contain_text("BB/U")

    page.click("#add-child summary")
    page.select_option("#id_child_mother", str(mother.pk))
    page.fill("#id_child_name", "Kirana")
    page.select_option("#id_child_sex", "P")
    page.fill("#id_child_birth_date", (session.date - timedelta(days=20)).isoformat())
    page.click("#add-child button[type=submit]")
    new_row = _row(page, "Kirana")
    new_row.locator("input[name=weight_kg]").fill("3,9")
    new_row.locator("input[name=weight_kg]").press("Enter")
    expect(new_row.locator(".pending-badge")).to_be_visible()
    expect(page.locator("#pending-count")).to_contain_text("12")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.close()  # the phone's browser closed; later opened again, still offline
    page = _open(context, url)
    expect(page.locator("#pending-count")).to_contain_text("12")
    expect(_row(page, "Kirana").locator(".pending-badge")).to_be_visible()
    assert requests.paths == []
    requests.close()
    assert not Visit.objects.filter(session=session).exists()

    _online(context)
    expect(page.locator("#pending-count")).to_contain_text("terkirim", timeout=30_000)
    expect(page.locator("#pending-count")).not_to_contain_text("belum", timeout=30_000)

    kirana = Patient.objects.get(name="Kirana")
    assert Patient.objects.filter(name="Kirana").count() == 1 and kirana.household == mother.household
    assert Visit.objects.filter(session=session).count() == 11
    for name, *_ in CHILDREN:
        assert Visit.objects.filter(session=session, patient__name=name).count() == 1
        m = Measurement.objects.get(visit__session=session, visit__patient__name=name)
        with translation.override("id"):  # as the page shows it, whatever an earlier test left active
            shown = zscore(m.waz)
        expect(_row(page, name).locator(".row-result")).to_contain_text(shown)
        expect(_row(page, name).locator(".pending-badge")).to_have_count(0)
    assert str(Measurement.objects.get(visit__patient=kirana).weight_kg) == "3.90"
    context.close()


def test_a_row_changed_on_the_server_since_the_download_waits_to_be_reviewed(browser, live_server, cast):
    kader = cast["kader"]
    session, _mother = _session(kader)
    url = f"{live_server.url}/kunjungan/posyandu/{session.posyandu_id}/{session.date.isoformat()}/"
    context = browser.new_context(viewport=PHONE, locale="id-ID", service_workers="allow")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, kader.username)
    page.goto(url)
    _download(page)
    _offline(context)
    row = _row(page, "Adit")
    row.locator("input[name=weight_kg]").fill("7,9")
    row.locator("input[name=weight_kg]").press("Enter")
    expect(row.locator(".pending-badge")).to_be_visible()

    # Meanwhile another kader, online, weighs Adit at 7,6 kg.
    adit = Patient.objects.get(name="Adit")
    row_save(by=cast["kader"], session=session, patient=adit,
             row=RowData(measurements={"weight_kg": Decimal("7.6")}, vitamin_a=False, immunisations=(),
                         confirm_warnings=False))

    _online(context)
    review = page.locator("#review")
    expect(review).to_be_visible(timeout=30_000)
    item = review.locator(".review-item")
    expect(item).to_contain_text("Adit")
    expect(item.locator(".review-yours")).to_contain_text("7,9")
    expect(item.locator(".review-server")).to_contain_text("7,6")
    assert str(Measurement.objects.get(visit__session=session).weight_kg) == "7.60"

    item.locator(".keep-mine").click()
    expect(review).to_be_hidden(timeout=30_000)
    page.wait_for_function("document.querySelector('#pending-count').textContent.indexOf('belum') < 0")
    assert str(Measurement.objects.get(visit__session=session).weight_kg) == "7.90"
    assert Visit.objects.filter(session=session).count() == 1
    context.close()
