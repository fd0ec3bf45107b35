"""A visit typed on the wrong person or twice is removed in the app by a
Puskesmas user, with a reason, and kept in history; never silently."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse
from lxml import html

from clusters.models import CoverageChange, Measurement, Service, Visit, VisitRemoval
from clusters.services import visit_record
from patients.tests.factories import HouseholdFactory, PatientFactory


@pytest.fixture
def visit(cast, network):
    kid = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"]), sex="P",
                         birth_date=date(2025, 2, 2))
    return visit_record(by=cast["kader"], patient=kid, facility=network["36.01"]["posyandu_pustu"],
                        date=date(2026, 10, 6), package="balita",
                        services=list(Service.objects.filter(code="WEIGHING")),
                        measurements={"weight_kg": Decimal("8.7")})


def page(response):
    return html.fromstring(response.content.decode())


def test_a_puskesmas_user_removes_a_visit_with_a_reason(client, cast, visit):
    client.force_login(cast["kapus"])
    detail = page(client.get(reverse("clusters:visit", args=[visit.pk])))
    assert detail.get_element_by_id("remove-visit").get("href") == reverse("clusters:visit_remove", args=[visit.pk])

    response = client.post(reverse("clusters:visit_remove", args=[visit.pk]),
                           {"reason": "Diketik pada anak yang salah"})

    assert response.status_code == 302
    assert not Visit.objects.filter(pk=visit.pk).exists()
    assert not Measurement.objects.filter(visit_id=visit.pk).exists()
    removal = VisitRemoval.objects.get(visit_id=visit.pk)
    assert removal.reason == "Diketik pada anak yang salah" and removal.removed_by == cast["kapus"]
    assert removal.snapshot["services"] == ["WEIGHING"]
    assert removal.snapshot["measurement"]["weight_kg"] == "8.70"
    assert Visit.history.filter(id=visit.pk, history_type="-").exists()
    assert CoverageChange.objects.filter(patient_id=visit.patient_id, month=date(2026, 10, 1),
                                         visit__isnull=True).exists()


def test_a_removal_without_a_reason_is_refused_and_keeps_the_visit(client, cast, visit):
    client.force_login(cast["petugas"])
    response = client.post(reverse("clusters:visit_remove", args=[visit.pk]), {"reason": "salah"})
    assert response.status_code == 200
    assert page(response).xpath('//textarea[@name="reason" and contains(@class, "is-invalid")]')
    assert [t.strip() for t in page(response).xpath('//textarea[@name="reason"]/text()')] == ["salah"]
    assert Visit.objects.filter(pk=visit.pk).exists()


def test_a_kader_cannot_remove_a_visit(client, cast, visit):
    client.force_login(cast["kader"])
    assert client.get(reverse("clusters:visit_remove", args=[visit.pk])).status_code == 403
    detail = page(client.get(reverse("clusters:visit", args=[visit.pk])))
    assert not detail.xpath('//*[@id="remove-visit"]')


def test_a_visit_outside_the_users_area_is_not_found(client, cast, visit):
    client.force_login(cast["kapus_other"])
    response = client.post(reverse("clusters:visit_remove", args=[visit.pk]), {"reason": "Dimasukkan dua kali"})
    assert response.status_code == 404
    assert Visit.objects.filter(pk=visit.pk).exists()


def test_the_admin_cannot_delete_a_visit(cast, visit):
    request = RequestFactory().get("/")
    request.user = cast["admin"]
    assert not site._registry[Visit].has_delete_permission(request, visit)
