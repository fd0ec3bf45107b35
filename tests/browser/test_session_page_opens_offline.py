"""A kader opens the day's Posyandu session while online; at the Posyandu,
without a connection, the page opens again from the service worker's cache,
styled and with its children: the page is either reopened through the worker
while online, or puts itself in the cache as the offline script does."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clusters import services
from patients.tests.factories import HouseholdFactory, PatientFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHILDREN = [("Adit", "L", 200), ("Bunga", "P", 420), ("Cahya", "P", 650)]
NAVBAR_GREEN = "rgb(20, 108, 67)"  # static/css/ilp.css, precached

IS_CACHED = """url => caches.open('ilp-pages').then(c => c.match(url, {ignoreVary: true})).then(r => !!r)"""


def _children(posyandu):
    today = timezone.localdate()
    household = HouseholdFactory(posyandu=posyandu)
    for name, sex, days in CHILDREN:
        PatientFactory(household=household, name=name, sex=sex, birth_date=today - timedelta(days=days))
    return household


def _reload_through_the_worker(page):
    page.reload()


def _cache_itself_as_the_offline_script_does(page):
    page.evaluate("caches.open('ilp-pages').then(c => c.add(location.href))")


@pytest.mark.parametrize("cache_the_page", [_reload_through_the_worker, _cache_itself_as_the_offline_script_does],
                         ids=["reloaded-online", "cached-by-the-page"])
def test_a_session_page_opened_online_opens_again_offline_with_its_children(browser, live_server, cast,
                                                                            cache_the_page):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID",
                                  service_workers="allow")
    page = context.new_page()
    page.set_default_timeout(15_000)
    posyandu = cast["kader"].scope_facility
    household = _children(posyandu)
    services.session_open(by=cast["kader"], posyandu=posyandu, day=timezone.localdate())
    url = live_server.url + reverse("clusters:session", args=[posyandu.pk, timezone.localdate().isoformat()])

    log_in(page, live_server, cast["kader"].username)
    page.goto(url)
    expect(page.locator("form.session-row")).to_have_count(len(CHILDREN))
    # The worker controls the page it was registered from (clients.claim);
    # waited for first, as a promise that never resolves has no timeout.
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    cache_the_page(page)
    page.wait_for_function(IS_CACHED, arg=url)

    # A child added after the page was cached: the offline page cannot know
    # her, which shows that it came from the cache, not from the server.
    PatientFactory(household=household, name="Zaki", sex="L", birth_date=timezone.localdate() - timedelta(days=90))

    reached_the_network = []

    def disconnected(route):
        reached_the_network.append(route.request.url)
        route.abort("internetdisconnected")

    context.set_offline(True)
    context.route("**", disconnected)  # set_offline does not stop the worker's own fetches

    response = page.reload()
    assert response is not None and response.ok and response.from_service_worker
    rows = page.locator("form.session-row")
    expect(rows).to_have_count(len(CHILDREN))
    for name, _sex, _days in CHILDREN:
        expect(rows.filter(has=page.locator(f"a:text-is('{name}')"))).to_have_count(1)
    expect(page.get_by_text("Zaki")).to_have_count(0)
    # Styled by the precached stylesheets, and no request left the browser
    # but the worker's try of the page itself.
    expect(page.locator("nav.navbar")).to_have_css("background-color", NAVBAR_GREEN)
    assert all(re.sub(r"[?#].*", "", u) == url for u in reached_the_network), reached_the_network
    context.close()
