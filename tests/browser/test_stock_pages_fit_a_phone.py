"""The stock pages on a 390 px phone: no sideways scrolling, and quantities
typed on the numeric keypad."""

from datetime import timedelta

import pytest
from django.utils import timezone

from facilities.models import Role
from facilities.tests.factories import UserFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def pkm(network):
    return network["36.01"]["puskesmas"]


@pytest.fixture
def pustu(network):
    return network["36.01"]["pustu"]


@pytest.fixture
def farmasi(pkm):
    return UserFactory(role=Role.FARMASI, scope_facility=pkm)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_the_stock_pages_fit_a_phone(phone, live_server, farmasi, pkm, pustu):
    from stock import services
    from stock.tests.factories import ItemFactory

    today = timezone.localdate()
    item = ItemFactory(name="Tablet Tambah Darah (Fe + asam folat) dengan nama yang cukup panjang")
    for i in range(3):
        services.receive(facility=pkm, item=item, batch_number=f"TTD-2026-{i:04d}-PANJANG", funding="apbd2",
                         expiry=today + timedelta(days=100 + i), quantity=1000, date=today, user=farmasi)
    services.issue(from_facility=pkm, to_facility=pustu, item=item, quantity=120, date=today, user=farmasi)
    log_in(phone, live_server, farmasi.username)
    for path in (f"/stok/{pkm.pk}/", f"/stok/{pkm.pk}/kartu/{item.pk}/", f"/stok/{pkm.pk}/terima/",
                 f"/stok/{pkm.pk}/keluarkan/", f"/stok/{pkm.pk}/hilang/", f"/stok/{pkm.pk}/opname/"):
        phone.goto(live_server.url + path)
        widths = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], (path, widths)
    phone.goto(f"{live_server.url}/stok/{pkm.pk}/opname/")
    assert phone.get_attribute("#id_counted", "inputmode") == "numeric"
