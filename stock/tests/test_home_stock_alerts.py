"""The landing page of a Puskesmas and of Dinkes counts the stock alerts of
the area (items below safety stock, batches expiring within three months)
and links to the stock status; a kader's and a Pustu worker's do not, and
the count costs a fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from lxml import html

from stock import services

from .factories import ItemFactory


@pytest.fixture
def alerts(farmasi, pkm, pustu, network, cast, amoxicillin, today):
    """Amoxicillin below safety stock at the Puskesmas (it issued all it had)
    and at the Pustu (2 left of 60); a batch expiring at the home Puskesmas
    and one at the district's other Puskesmas."""
    services.receive(facility=pkm, item=amoxicillin, batch_number="A1", expiry=date(2031, 1, 31), funding="apbd2",
                     quantity=60, date=today - timedelta(days=20), user=farmasi)
    services.issue(from_facility=pkm, to_facility=pustu, item=amoxicillin, quantity=60,
                   date=today - timedelta(days=15), user=farmasi)
    services.dispense(facility=pustu, item=amoxicillin, quantity=58, date=today - timedelta(days=10), user=farmasi)
    services.receive(facility=pkm, item=ItemFactory(), batch_number="E1", expiry=today + timedelta(days=30),
                     funding="apbn", quantity=5, date=today, user=farmasi)
    services.receive(facility=network["36.01"]["puskesmas_b"], item=ItemFactory(), batch_number="E2",
                     expiry=today + timedelta(days=60), funding="apbn", quantity=5, date=today,
                     user=cast["kapus_other"])


def _counts(client, user):
    client.force_login(user)
    tree = html.fromstring(client.get(reverse("home")).content)
    card = tree.xpath('//*[@data-home="stock"]')
    if not card:
        return None
    assert card[0].get("href") == reverse("stock:status")
    return (int(tree.xpath('//*[@data-home="stock-below"]')[0].get("data-n")),
            int(tree.xpath('//*[@data-home="stock-expiring"]')[0].get("data-n")))


def test_a_puskesmas_sees_the_alerts_of_its_network(client, cast, farmasi, alerts):
    assert _counts(client, farmasi) == (2, 1)
    assert _counts(client, cast["kapus"]) == (2, 1)


def test_dinkes_sees_the_alerts_of_the_district_summed(client, cast, alerts):
    assert _counts(client, cast["dinkes"]) == (2, 2)
    assert _counts(client, cast["dinkes_other"]) == (0, 0)


def test_kader_and_pustu_homes_have_no_stock_alerts(client, cast, alerts):
    assert _counts(client, cast["kader"]) is None
    assert _counts(client, cast["pustu"]) is None


def test_the_alerts_cost_a_fixed_number_of_queries(client, cast, farmasi, pkm, alerts, today,
                                                   django_assert_max_num_queries):
    client.force_login(cast["dinkes"])
    client.get(reverse("home"))
    for n in range(5):
        services.receive(facility=pkm, item=ItemFactory(), batch_number=f"M{n}", expiry=today + timedelta(days=20),
                         funding="apbn", quantity=5, date=today, user=farmasi)
    with django_assert_max_num_queries(11):  # the alerts' five, whatever the stock
        client.get(reverse("home"))
