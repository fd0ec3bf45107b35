"""A family that moved house is moved to its new Posyandu in the app; the
change log names every month its members count in, at both places."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from lxml import html

from clusters.models import CoverageChange, Service
from clusters.services import visit_record
from patients.models import Household
from patients.services import household_move
from patients.tests.factories import HouseholdFactory, PatientFactory


@pytest.fixture
def family(cast, network):
    household = HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"])
    kid = PatientFactory(household=household, sex="L", birth_date=date(2025, 3, 3))
    for day in (date(2026, 3, 5), date(2026, 9, 7)):
        visit_record(by=cast["petugas"], patient=kid, facility=network["36.01"]["puskesmas"], date=day,
                     package="balita", services=list(Service.objects.filter(code="WEIGHING")),
                     measurements={"weight_kg": Decimal("9")}, confirm_warnings=True)
    CoverageChange.objects.all().delete()
    return household, kid


def test_a_move_logs_every_month_at_the_old_place_then_the_new(family, cast, network):
    household, kid = family
    new = network["36.01"]["posyandu_pkm"]
    household_move(by=cast["petugas"], household=household, posyandu=new)

    household.refresh_from_db()
    assert (household.posyandu_id, household.desa_id) == (new.pk, new.region_id)
    rows = list(CoverageChange.objects.order_by("pk").values_list("posyandu_id", "month", "patient_id"))
    old = network["36.01"]["posyandu_pustu"].pk
    months = [date(2026, 3, 1), date(2026, 9, 1)]
    assert rows == [(old, m, kid.pk) for m in months] + [(new.pk, m, kid.pk) for m in months]


def test_a_move_to_another_district_is_refused(family, cast, network):
    household, _kid = family
    with pytest.raises(ValidationError) as refused:
        household_move(by=cast["admin"], household=household, posyandu=network["36.02"]["posyandu_pkm"])
    assert "posyandu" in refused.value.error_dict
    assert Household.objects.get(pk=household.pk).posyandu == network["36.01"]["posyandu_pustu"]


def test_a_puskesmas_worker_moves_a_household_through_the_page(client, family, cast, network):
    household, _kid = family
    client.force_login(cast["petugas"])
    url = reverse("patients:household_move", args=[household.pk])
    form = html.fromstring(client.get(url).content.decode())
    offered = form.xpath('//select[@name="posyandu"]/option/@value')
    assert str(network["36.01"]["posyandu_pkm"].pk) in offered
    assert str(network["36.01"]["posyandu_pustu"].pk) not in offered  # where it is now

    response = client.post(url, {"posyandu": network["36.01"]["posyandu_pkm"].pk})

    assert response.status_code == 302
    assert Household.objects.get(pk=household.pk).posyandu == network["36.01"]["posyandu_pkm"]


def test_a_move_without_a_choice_names_the_field(client, family, cast):
    household, _kid = family
    client.force_login(cast["petugas"])
    response = client.post(reverse("patients:household_move", args=[household.pk]), {"posyandu": ""})
    assert response.status_code == 200
    tree = html.fromstring(response.content.decode())
    assert tree.xpath('//select[@name="posyandu" and contains(@class, "is-invalid")]')


def test_a_kader_cannot_move_a_household(client, family, cast):
    household, _kid = family
    client.force_login(cast["kader"])
    assert client.get(reverse("patients:household_move", args=[household.pk])).status_code == 403


def test_the_admin_cannot_change_where_a_household_is(cast, family):
    household, _kid = family
    request = RequestFactory().get("/")
    request.user = cast["admin"]
    readonly = site._registry[Household].get_readonly_fields(request, household)
    assert {"posyandu", "desa"} <= set(readonly)


def test_the_household_page_offers_the_move_to_those_who_may(client, family, cast):
    household, _kid = family
    url = reverse("patients:household", args=[household.pk])
    client.force_login(cast["pustu"])
    link = html.fromstring(client.get(url).content.decode()).xpath('//a[@id="move-household"]/@href')
    assert link == [reverse("patients:household_move", args=[household.pk])]
    client.force_login(cast["kader"])
    assert not html.fromstring(client.get(url).content.decode()).xpath('//a[@id="move-household"]')
