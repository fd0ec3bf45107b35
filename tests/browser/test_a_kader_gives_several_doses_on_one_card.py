"""At two months DPT-HB-Hib 1, OPV 2 and PCV 1 are due together: the kader
ticks them on the child's card and saves once, with a signal and without
one; the doses saved stay ticked and cannot be sent twice."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clusters.models import PosyanduSession, Visit
from patients.tests.factories import HouseholdFactory, PatientFactory

from .conftest import fits
from .test_offline_session import _download, _offline, _online, _session_on_a_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DOSES = ["IMM_DPT1", "IMM_OPV2", "IMM_PCV1"]


def _day(kader):
    today = timezone.localdate()
    household = HouseholdFactory(posyandu=kader.scope_facility)
    PatientFactory(household=household, name="Ibu Sari", sex="P", birth_date=date(1994, 3, 3))
    for name in ("Raka", "Sekar"):
        PatientFactory(household=household, name=name, sex="L", birth_date=today - timedelta(days=65))
    return PosyanduSession.objects.create(posyandu=kader.scope_facility, date=today, opened_by=kader)


def _doses(session, name):
    visit = Visit.objects.get(session=session, patient__name=name)
    return {s.code for s in visit.services.all() if s.code.startswith("IMM_")}


def _tick_and_save(row):
    row.locator("input[name=weight_kg]").fill("5,1")
    for code in DOSES:
        row.locator(f"input[name=immunisation][value={code}]").check()
    row.locator("button[type=submit]").click()


def test_a_kader_gives_three_doses_at_once_online_and_offline(browser, live_server, cast):
    kader = cast["kader"]
    session = _day(kader)
    context, page = _session_on_a_phone(browser, live_server, kader, session)
    assert fits(page)

    raka = page.locator("#session-list form.session-row").filter(has=page.locator("a:text-is('Raka')"))
    _tick_and_save(raka)
    expect(raka.locator(".row-result")).to_contain_text("BB/U")
    for code in DOSES:
        box = raka.locator(f"input[name=immunisation][value={code}]")
        expect(box).to_be_checked()
        expect(box).to_be_disabled()
    assert _doses(session, "Raka") == set(DOSES)

    _download(page)
    _offline(context)
    page.reload()
    sekar = page.locator("#session-list form.session-row").filter(has=page.locator("a:text-is('Sekar')"))
    _tick_and_save(sekar)
    expect(sekar.locator(".pending-badge")).to_be_visible()
    assert not Visit.objects.filter(session=session, patient__name="Sekar").exists()
    _online(context)
    expect(page.locator("#pending-count")).not_to_contain_text("belum", timeout=30_000)
    expect(sekar.locator(f"input[name=immunisation][value={DOSES[0]}]")).to_be_disabled(timeout=30_000)
    assert _doses(session, "Sekar") == set(DOSES)
    assert fits(page)
    context.close()
