"""A pharmacist on her phone receives a batch, issues some to the Pustu and
counts the shelf with a difference; the month's LPLPO then shows a closing
stock equal to the ledger, and its print view prints the form alone. The
Klaster 1 stock page fits a phone and a laptop without sideways scrolling."""

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone
from playwright.sync_api import expect

from facilities.models import Role
from facilities.tests.factories import UserFactory
from stock.models import Balance, Movement
from stock.tests.factories import ItemFactory

from .axe import horizontal_overflow
from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


def _context(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="id-ID", has_touch=viewport is PHONE,
                                  is_mobile=viewport is PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _submit(page, live_server, facility):
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/stok/{facility.pk}/")
    expect(page.locator(".alert-success, .alert").first).to_be_visible()


def test_a_pharmacist_moves_stock_and_prints_an_lplpo_that_equals_the_ledger(browser, live_server, network):
    home = network["36.01"]
    pkm, pustu = home["puskesmas"], home["pustu"]
    pharmacist = UserFactory(role=Role.FARMASI, scope_facility=pkm)
    item = ItemFactory(code="UJI-PCT", name="Parasetamol 500 mg tablet")
    today = timezone.localdate()
    context, page = _context(browser, PHONE)
    log_in(page, live_server, pharmacist.username)

    page.goto(f"{live_server.url}/stok/{pkm.pk}/terima/")
    page.select_option("#id_item", str(item.pk))
    page.fill("#id_batch_number", "PCT-2026-01")
    page.fill("#id_expiry", (today + timedelta(days=365)).isoformat())
    page.select_option("#id_funding", "apbd2")
    page.fill("#id_quantity", "500")
    _submit(page, live_server, pkm)

    page.goto(f"{live_server.url}/stok/{pkm.pk}/keluarkan/")
    page.select_option("#id_to_facility", str(pustu.pk))
    page.select_option("#id_item", str(item.pk))
    page.fill("#id_quantity", "120")
    _submit(page, live_server, pkm)

    page.goto(f"{live_server.url}/stok/{pkm.pk}/opname/")
    page.select_option("#id_balance", str(Balance.objects.get(facility=pkm, batch__item=item).pk))
    page.fill("#id_counted", "370")  # the card says 380
    _submit(page, live_server, pkm)

    page.goto(f"{live_server.url}/stok/{pkm.pk}/lplpo/")
    row = page.locator("tr[data-item='UJI-PCT']")
    ledger = Movement.objects.filter(facility__in=[pkm, pustu], batch__item=item).aggregate(n=Sum("quantity"))["n"]
    assert ledger == 490
    expect(row.locator("td[data-col='received']")).to_have_text("500")
    expect(row.locator("td[data-col='adjusted']")).to_have_text("-10")
    expect(row.locator("td[data-col='closing']")).to_have_text(str(ledger))
    assert horizontal_overflow(page) is None

    page.click("a[data-lplpo='print']")
    page.wait_for_url(f"{live_server.url}/stok/{pkm.pk}/lplpo/cetak/**")
    expect(page.locator("tr[data-item='UJI-PCT'] td[data-col='closing']")).to_have_text(str(ledger))
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.locator("[data-lplpo='print-now']")).to_be_hidden()
    expect(page.locator(".lplpo-signatures")).to_be_visible()
    assert page.pdf(format="A4", landscape=True)[:4] == b"%PDF"
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_klaster_1_stock_page_fits_the_screen(browser, live_server, cast, network, viewport):
    from stock import services

    home = network["36.01"]
    pkm, pustu, worker = home["puskesmas"], home["pustu"], cast["petugas"]
    today = timezone.localdate()
    item = ItemFactory(name="Tablet Tambah Darah (Fe + asam folat) dengan nama yang cukup panjang")
    services.receive(facility=pkm, item=item, batch_number="TTD-2026-0001-PANJANG-SEKALI", funding="apbd2",
                     expiry=today + timedelta(days=45), quantity=100, date=today - timedelta(days=5), user=worker)
    services.issue(from_facility=pkm, to_facility=pustu, item=item, quantity=100, date=today - timedelta(days=4),
                   user=worker)
    services.dispense(facility=pustu, item=item, quantity=98, date=today - timedelta(days=3), user=worker)
    context, page = _context(browser, viewport)
    log_in(page, live_server, cast["kapus"].username)
    page.goto(f"{live_server.url}/stok/status/")
    expect(page.locator(f"[data-status='facilities'] li[data-facility='{pustu.pk}']")).to_be_visible()
    expect(page.locator(f"[data-status='below'] li[data-facility='{pustu.pk}']")).to_be_visible()
    expect(page.locator(f"[data-status='stockouts'] li[data-facility='{pkm.pk}']")).to_be_visible()
    assert horizontal_overflow(page) is None
    context.close()
