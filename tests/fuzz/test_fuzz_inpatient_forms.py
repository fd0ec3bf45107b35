"""The ward's forms fed hostile input: no answer is a 500, a refused
submission writes no admission, note or discharge, and says what is wrong."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from .strategies import anything, dates, form, nasty_text, numbers
from .test_fuzz_forms import ERROR_MARKS

ids = st.one_of(numbers, st.integers(min_value=1, max_value=20).map(str))
datetimes = st.one_of(anything, dates.map(lambda d: f"{d}T08:00"), st.sampled_from(
    ["31-12-2025 14.30", "30/02/2026 10:00", "2026-01-01T25:61", "01-01-0001 00.00", "9999-12-31T23:59"]))
outcomes = st.one_of(anything, st.sampled_from(["recovered", "referred", "died", "against_advice"]))
codes = st.one_of(nasty_text, st.sampled_from(["A09", "j18.9", "O80", "Q99.99", "A09, I10", "A0", "a150"]))


def state():
    from clusters.models import Visit
    from inpatient.models import Admission, DailyNote

    return (list(Admission.objects.order_by("pk").values_list("bed", "discharged_at", "outcome", "referred_to",
                                                                "length_of_stay", "delivery_visit")),
            DailyNote.objects.count(), Visit.objects.count())


@pytest.fixture
def world(cast, network, people):
    from facilities.models import Role
    from facilities.tests.factories import UserFactory
    from inpatient.models import Bed
    from inpatient.services import admission_open
    from patients.models import Pregnancy

    pkm = network["36.01"]["puskesmas"]
    pkm.inpatient = True
    pkm.save(update_fields=["inpatient"])
    beds = [Bed.objects.create(facility=pkm, label=f"Bed {n}") for n in (1, 2)]
    nurse = UserFactory(role=Role.PERAWAT_IGD, scope_facility=pkm)
    mother = people["mother"]
    Pregnancy.objects.create(patient=mother, expected_delivery_date=timezone.localdate() + timedelta(days=3))
    admission = admission_open(by=nurse, patient=mother, facility=pkm, bed=beds[0],
                               admitted_at=timezone.now() - timedelta(days=2), diagnosis_code="O80", delivery=True)
    client = Client()
    client.force_login(nurse)
    return {"nurse": client, "admission": admission, "son": people["son"]}


def assert_handled(client, url, data):
    before = state()
    response = client.post(url, data)
    assert response.status_code < 500, (url, data)
    if response.status_code != 302:
        assert state() == before, (url, data)
        if data:
            assert any(mark in response.content.decode() for mark in ERROR_MARKS), (url, data)
    return response


def open_again(admission):
    """Examples share the database: undo what an earlier one saved."""
    from inpatient.models import Admission

    Admission.objects.filter(pk=admission.pk).update(discharged_at=None, outcome="", referred_to="",
                                                     length_of_stay=None)
    Admission.objects.exclude(pk=admission.pk).delete()


@given(data=form(bed=ids, admitted_at=datetimes, diagnoses=codes, delivery=anything, note=nasty_text))
def test_an_admission_survives_hostile_input(world, data):
    open_again(world["admission"])
    data = {"patient": str(world["son"].pk), **data}
    assert_handled(world["nurse"], reverse("inpatient:admit"), data)


@given(patient=anything)
def test_the_admit_page_survives_a_hostile_person(world, patient):
    assert world["nurse"].get(reverse("inpatient:admit"), {"patient": patient}).status_code in (200, 404)


@given(data=form(written_at=datetimes, text=nasty_text, systolic=numbers, diastolic=numbers, pulse=numbers,
                 temperature=numbers))
def test_a_daily_note_survives_hostile_input(world, data):
    open_again(world["admission"])
    assert_handled(world["nurse"], reverse("inpatient:note", args=[world["admission"].pk]), data)


@given(data=form(discharged_at=datetimes, outcome=outcomes, referred_to=nasty_text, delivered_on=dates))
def test_a_discharge_survives_hostile_input(world, data):
    open_again(world["admission"])
    assert_handled(world["nurse"], reverse("inpatient:discharge", args=[world["admission"].pk]), data)


@given(puskesmas=anything, month=anything)
def test_the_ward_filter_survives_hostile_input(world, cast, puskesmas, month):
    client = Client()
    client.force_login(cast["dinkes"])
    assert client.get(reverse("inpatient:ward"), {"puskesmas": puskesmas, "month": month}).status_code == 200
