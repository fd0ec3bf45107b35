import pytest
from playwright.sync_api import expect

from facilities.models import Role
from facilities.tests.factories import UserFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_admin_browses_the_network_in_the_admin(page, live_server, network, screenshot):
    UserFactory(username="admin-uji", role=Role.ADMIN, is_staff=True, is_superuser=True)
    log_in(page, live_server, "admin-uji")
    assert page.locator("html").get_attribute("lang") == "id"

    page.click("a.nav-link:text('Administrasi')")
    page.click("a[href='/admin/facilities/facility/']")
    page.fill("#searchbar", "P36.01A")
    page.press("#searchbar", "Enter")
    page.click("a:text('P36.01A')")
    # The Puskesmas page lists its Pustu and Posyandu inline, and its catchment.
    expect(page.locator("text=Fasilitas di bawahnya").first).to_be_visible()
    children = page.locator(".inline-group").last
    expect(children).to_contain_text("PU36.01")
    expect(children).to_contain_text("PY36.01b")
    screenshot("admin-puskesmas")

    page.goto(f"{live_server.url}/fasilitas/?type=posyandu")
    expect(page.locator("tbody tr")).to_have_count(6)


def test_a_kader_sees_only_their_posyandu_and_no_admin(page, live_server, cast, screenshot):
    log_in(page, live_server, cast["kader"].username)
    expect(page.locator("a.nav-link:text('Administrasi')")).to_have_count(0)
    page.click("a.nav-link:text('Jaringan fasilitas')")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("PY36.01a")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("kader-facilities-phone")
