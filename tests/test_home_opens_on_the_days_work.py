"""The home page opens on each role's work: a kader on the Posyandu session of
the day, a Pustu worker on the desa; everyone else on the network's counters."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import html

from clusters.models import PosyanduSession
from patients.tests.factories import HouseholdFactory, PatientFactory


def page(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return html.fromstring(response.content)


@pytest.fixture
def children(network):
    """Two under-fives and an older child at the kader's Posyandu, one toddler elsewhere."""
    today = timezone.localdate()
    home = network["36.01"]
    hh = HouseholdFactory(posyandu=home["posyandu_pustu"])
    PatientFactory(household=hh, birth_date=today - timedelta(days=300))
    PatientFactory(household=hh, birth_date=today - timedelta(days=1500))
    PatientFactory(household=hh, birth_date=today - timedelta(days=6 * 365))
    PatientFactory(household=HouseholdFactory(posyandu=home["posyandu_pkm"]), birth_date=today - timedelta(days=30))


def session_card(doc):
    [card] = doc.xpath('//main//a[@data-home="session"]')
    return card


def test_a_kader_lands_on_todays_session_with_the_children_expected(client, cast, children):
    today = timezone.localdate()
    posyandu = cast["kader"].scope_facility
    card = session_card(page(client, cast["kader"]))
    assert card.get("href") == reverse("clusters:session", args=[posyandu.pk, today.isoformat()])
    assert card.xpath('.//*[@data-home="children"]/@data-count') == ["2"]
    assert posyandu.name in card.text_content() and posyandu.region.name in card.text_content()


def test_a_kader_sees_no_counters_of_the_network(client, cast):
    doc = page(client, cast["kader"])
    assert doc.xpath("//*[@data-count='puskesmas' or @data-count='pustu' or @data-count='posyandu']") == []


def test_a_session_still_open_from_yesterday_is_where_the_kader_lands_when_none_is_open_today(client, cast):
    yesterday = timezone.localdate() - timedelta(days=1)
    posyandu = cast["kader"].scope_facility
    PosyanduSession.objects.create(posyandu=posyandu, date=yesterday, opened_by=cast["kader"])
    card = session_card(page(client, cast["kader"]))
    assert card.get("href") == reverse("clusters:session", args=[posyandu.pk, yesterday.isoformat()])


def test_todays_session_wins_over_yesterdays(client, cast):
    today = timezone.localdate()
    posyandu = cast["kader"].scope_facility
    for day in (today, today - timedelta(days=1)):
        PosyanduSession.objects.create(posyandu=posyandu, date=day, opened_by=cast["kader"])
    card = session_card(page(client, cast["kader"]))
    assert card.get("href") == reverse("clusters:session", args=[posyandu.pk, today.isoformat()])


def test_the_kaders_menu_starts_with_the_session(client, cast):
    doc = page(client, cast["kader"])
    first = doc.xpath("//nav//ul[contains(@class, 'navbar-nav')]/li[1]/a/@href")
    assert first == [reverse("clusters:session_pick")]


def test_a_pustu_worker_lands_on_the_desa_with_its_people_posyandu_and_pws(client, cast, network):
    pustu = network["36.01"]["pustu"]
    posyandu = network["36.01"]["posyandu_pustu"]
    today = timezone.localdate()
    PosyanduSession.objects.create(posyandu=posyandu, date=today, opened_by=cast["kader"])
    doc = page(client, cast["pustu"])
    assert pustu.region.name in doc.xpath('string(//main//*[@data-home="desa"])')
    [people] = doc.xpath('//main//a[@data-home="people"]/@href')
    assert people == f"{reverse('patients:search')}?desa={pustu.region_id}"
    [pws] = doc.xpath('//main//a[@data-home="pws"]/@href')
    assert pws == reverse("reports:pws_desa", kwargs={"puskesmas": pustu.puskesmas_id, "desa": pustu.region_id})
    assert doc.xpath('//main//a[@data-home="posyandu"]/@href') == [
        reverse("clusters:session", args=[posyandu.pk, today.isoformat()])]
    assert doc.xpath("//*[@data-count]") == []


def test_the_people_link_of_the_desa_opens_the_search_filtered_to_it(client, cast, people):
    client.force_login(cast["pustu"])
    doc = html.fromstring(client.get("/").content)
    [people_url] = doc.xpath('//main//a[@data-home="people"]/@href')
    response = client.get(people_url)
    assert response.status_code == 200
    assert response.context["form"].is_valid()


@pytest.mark.parametrize("who, counts", [("kapus", {"puskesmas": "1", "pustu": "1", "posyandu": "2"}),
                                         ("dinkes", {"puskesmas": "2", "pustu": "1", "posyandu": "3"})])
def test_others_keep_the_counters(client, cast, who, counts):
    doc = page(client, cast[who])
    assert {k: doc.xpath(f"string(//*[@data-count='{k}'])").strip() for k in counts} == counts


@pytest.mark.parametrize("who", ["kader", "pustu", "kapus"])
def test_the_home_page_costs_the_same_queries_whatever_the_data(client, cast, who, network):
    client.force_login(cast[who])
    client.get("/")
    with CaptureQueriesContext(connection) as before:
        client.get("/")
    home = network["36.01"]
    for n in range(5):
        hh = HouseholdFactory(posyandu=home["posyandu_pustu"])
        PatientFactory(household=hh, birth_date=timezone.localdate() - timedelta(days=100 + n))
    PosyanduSession.objects.create(posyandu=home["posyandu_pustu"], date=timezone.localdate(),
                                   opened_by=cast["kader"])
    with CaptureQueriesContext(connection) as after:
        client.get("/")
    assert len(after) == len(before)
