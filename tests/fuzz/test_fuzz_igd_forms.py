"""The IGD forms fed hostile input: no answer is a 500, a refused submission
writes no arrival, person, triage, vital sign or outcome, and says what is
wrong."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from .strategies import anything, dates, form, nasty_text, numbers
from .test_fuzz_forms import ERROR_MARKS

times = st.one_of(anything, st.sampled_from(["2026-12-04T10:00", "04-12-2026 10:00", "2026-12-04T25:61",
                                             "1900-01-01T00:00", "9999-12-31T23:59"]))


def state():
    from igd.models import Arrival
    from patients.models import Patient

    return (list(Arrival.objects.order_by("pk").values_list(
        "patient_id", "triage", "triaged_at", "systolic", "temperature_c", "spo2", "actions", "actions_note",
        "diagnosis_id",
        "outcome", "closed_at", "referred_to")), Patient.objects.count())


@pytest.fixture
def world(cast, network):
    from facilities.models import Role
    from facilities.tests.factories import UserFactory
    from igd.services import arrival_register

    pkm = network["36.01"]["puskesmas"]
    nurse_user = UserFactory(role=Role.PERAWAT_IGD, scope_facility=pkm)
    arrival = arrival_register(by=nurse_user, facility=pkm, arrived_at=timezone.now() - timedelta(hours=2),
                               quick={"name": "Tn. X", "sex": "L", "age_years": 40})
    nurse = Client()
    nurse.force_login(nurse_user)
    return {"nurse": nurse, "arrival": arrival}


def open_again(arrival):
    """Examples share the database: reopen an arrival an earlier one closed."""
    from igd.models import Arrival

    Arrival.objects.filter(pk=arrival.pk).update(outcome="", closed_at=None, closed_by=None, referred_to="",
                                                 outcome_note="")


def assert_handled(client, url, data):
    before = state()
    response = client.post(url, data)
    assert response.status_code < 500, (url, data)
    if response.status_code != 302:
        assert state() == before, (url, data)
        assert any(mark in response.content.decode() for mark in ERROR_MARKS), (url, data)


@given(data=form(arrived_at=times, chief_complaint=nasty_text, name=nasty_text, sex=anything, age_years=numbers,
                 birth_date=dates, nik=anything, puskesmas=anything))
def test_a_new_arrival_survives_hostile_input(world, data):
    assert_handled(world["nurse"], reverse("igd:arrival_new"), data)


@given(data=form(level=st.one_of(anything, st.sampled_from(["merah", "hitam"])), triaged_at=times,
                 chief_complaint=nasty_text))
def test_the_triage_survives_hostile_input(world, data):
    open_again(world["arrival"])
    assert_handled(world["nurse"], reverse("igd:triage", args=[world["arrival"].pk]), data)


@given(data=form(vitals_at=times, systolic=numbers, diastolic=numbers, pulse=numbers, respiratory_rate=numbers,
                 temperature_c=numbers, spo2=numbers, gcs=numbers))
def test_the_vital_signs_survive_hostile_input(world, data):
    open_again(world["arrival"])
    assert_handled(world["nurse"], reverse("igd:vitals", args=[world["arrival"].pk]), data)


@given(data=form(actions=st.one_of(anything, st.sampled_from(["oxygen", "iv"])), note=nasty_text,
                 diagnosis_code=st.one_of(anything, st.sampled_from(["I10", "j459", "Z99.99", "A15.0"]))))
def test_the_actions_survive_hostile_input(world, data):
    open_again(world["arrival"])
    assert_handled(world["nurse"], reverse("igd:actions", args=[world["arrival"].pk]), data)


@given(data=form(outcome=st.one_of(anything, st.sampled_from(["home", "referred", "died"])), closed_at=times,
                 referred_to=nasty_text, note=nasty_text))
def test_the_outcome_survives_hostile_input(world, data):
    open_again(world["arrival"])
    assert_handled(world["nurse"], reverse("igd:close", args=[world["arrival"].pk]), data)
