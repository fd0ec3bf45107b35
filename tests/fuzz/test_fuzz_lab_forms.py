"""The lab forms fed hostile input: no answer is a 500, a refused submission
writes no request, result or measurement, and says what is wrong."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from .strategies import anything, form, nasty_text, numbers
from .test_fuzz_forms import ERROR_MARKS

ids = st.one_of(numbers, st.integers(min_value=1, max_value=20).map(str))
outcomes = st.one_of(anything, st.sampled_from(["nonreactive", "reactive", "mtb_rs", "3+", "invalid"]))


def state():
    from clusters.models import Measurement, Visit
    from lab.models import LabRequest

    return (list(LabRequest.objects.order_by("pk").values_list("status", "value", "outcome", "note")),
            list(Measurement.objects.order_by("pk").values_list("hb_g_dl", "glucose_mg_dl")),
            Visit.services.through.objects.count())


@pytest.fixture
def world(cast, network, people):
    from clusters.services import visit_record
    from facilities.models import Role
    from facilities.tests.factories import UserFactory
    from lab.models import LabTest
    from lab.services import request_tests
    from patients.models import Pregnancy

    pkm, today = network["36.01"]["puskesmas"], timezone.localdate()
    mother = people["mother"]
    Pregnancy.objects.create(patient=mother, expected_delivery_date=today + timedelta(days=150))
    visit = visit_record(by=cast["petugas"], patient=mother, facility=pkm, date=today, package="anc",
                         measurements={"gestational_age_weeks": 20}, confirm_warnings=True)
    hb, hiv = request_tests(by=cast["petugas"], patient=mother, visit=visit,
                            tests=list(LabTest.objects.filter(code__in=["HB", "HIV"]).order_by("order")))
    analyst = Client()
    analyst.force_login(UserFactory(role=Role.LABORATORIUM, scope_facility=pkm))
    midwife = Client()
    midwife.force_login(cast["petugas"])
    return {"analyst": analyst, "midwife": midwife, "visit": visit, "hb": hb, "hiv": hiv, "mother": mother}


def waiting_again(request):
    """Examples share the database: put back a result an earlier one saved."""
    from lab.models import LabRequest, Status

    LabRequest.objects.filter(pk=request.pk).update(status=Status.WAITING, value=None, outcome="", flag="",
                                                    resulted_at=None, resulted_by=None, point_of_care=False)


def assert_handled(client, url, data):
    before = state()
    response = client.post(url, data)
    assert response.status_code < 500, (url, data)
    if response.status_code != 302:
        assert state() == before, (url, data)
        if data:
            assert any(mark in response.content.decode() for mark in ERROR_MARKS), (url, data)


@given(data=form(value=numbers, confirm=anything))
def test_a_numeric_result_survives_hostile_input(world, data):
    waiting_again(world["hb"])
    assert_handled(world["analyst"], reverse("lab:request", args=[world["hb"].pk]), data)


@given(data=form(outcome=outcomes))
def test_an_outcome_survives_hostile_input(world, data):
    waiting_again(world["hiv"])
    assert_handled(world["analyst"], reverse("lab:request", args=[world["hiv"].pk]), data)


@given(data=form(tests=ids, note=nasty_text))
def test_a_request_from_a_visit_survives_hostile_input(world, data):
    assert_handled(world["midwife"], reverse("lab:request_from_visit", args=[world["visit"].pk]), data)


@given(data=form(tests=ids, note=nasty_text))
def test_a_request_at_the_lab_survives_hostile_input(world, data):
    assert_handled(world["analyst"], reverse("lab:request_at_lab", args=[world["mother"].pk]), data)


@given(data=form(reason=nasty_text))
def test_cancelling_survives_hostile_input(world, data):
    waiting_again(world["hiv"])
    assert_handled(world["analyst"], reverse("lab:cancel", args=[world["hiv"].pk]), data)


@given(puskesmas=anything)
def test_the_worklist_filter_survives_hostile_input(world, cast, puskesmas):
    client = Client()
    client.force_login(cast["dinkes"])
    assert client.get(reverse("lab:worklist"), {"puskesmas": puskesmas}).status_code == 200
