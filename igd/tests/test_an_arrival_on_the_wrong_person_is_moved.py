"""An arrival recorded on the wrong registered person (the nurse picked
the other "Siti") is put on the right one, with its triage, vital signs and
outcome; both records' audit logs say so. A merged record, the same
person, someone outside the area, an arrival that became a ward admission
are refused with a message naming the person, and nothing moves."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from facilities.models import Role
from facilities.tests.factories import UserFactory
from igd.models import Arrival, Triage
from igd.services import arrival_change_person, arrival_close, arrival_triage, arrival_vitals
from inpatient.models import Bed
from inpatient.services import admission_open
from patients.signals import RecordAction
from patients.tests.factories import PatientFactory

from .conftest import page_of


@pytest.fixture
def wrong(people, arrive, perawat):
    """An arrival triaged, measured and closed on the son instead of the mother."""
    arrival = arrive(patient=people["son"])
    arrival_triage(by=perawat, arrival=arrival, level=Triage.YELLOW,
                   triaged_at=arrival.arrived_at + timedelta(minutes=4))
    arrival_vitals(by=perawat, arrival=arrival, measured_at=arrival.arrived_at + timedelta(minutes=5),
                   vitals={"systolic": 150, "diastolic": 95, "pulse": 100})
    arrival_close(by=perawat, arrival=arrival, outcome="home", closed_at=arrival.arrived_at + timedelta(minutes=20))
    return arrival


def test_the_arrival_moves_with_everything_recorded_on_it(people, perawat, wrong):
    arrival_change_person(by=perawat, arrival=wrong, patient=people["mother"])

    moved = Arrival.objects.get(pk=wrong.pk)
    assert moved.patient_id == people["mother"].pk
    assert (moved.triage, moved.systolic, moved.outcome) == (Triage.YELLOW, 150, "home")
    assert moved.readings.count() == 1
    assert not Arrival.objects.filter(patient=people["son"]).exists()


def test_a_merged_record_or_the_same_person_is_refused(people, perawat, wrong):
    merged = PatientFactory(household=people["mother"].household, merged_into=people["mother"])
    for patient in (merged, people["son"]):
        with pytest.raises(ValidationError) as refused:
            arrival_change_person(by=perawat, arrival=wrong, patient=patient)
        assert list(refused.value.message_dict) == ["patient"]
        assert refused.value.messages[0].startswith("Orang:")
    assert Arrival.objects.get(pk=wrong.pk).patient_id == people["son"].pk


def test_an_arrival_that_became_a_ward_admission_stays_on_the_admitted_person(people, perawat, pkm, arrive):
    pkm.inpatient = True
    pkm.save(update_fields=["inpatient"])
    bed = Bed.objects.create(facility=pkm, label="Mawar 1")
    arrival = arrive(patient=people["son"])
    admission_open(by=perawat, patient=people["son"], facility=pkm, bed=bed,
                   admitted_at=arrival.arrived_at + timedelta(minutes=30), arrival=arrival, diagnosis_code="A09")

    with pytest.raises(ValidationError, match="rawat inap"):
        arrival_change_person(by=perawat, arrival=arrival, patient=people["mother"])
    assert Arrival.objects.get(pk=arrival.pk).patient_id == people["son"].pk


def test_the_nurse_searches_picks_the_right_person_and_both_records_log_it(people, perawat, wrong, client_of):
    client = client_of(perawat)
    detail = page_of(client.get(reverse("igd:arrival", args=[wrong.pk])))
    [link] = detail.xpath("//a[@id='change-person']/@href")
    assert link == reverse("igd:person", args=[wrong.pk])

    search = client.get(link, {"q": "Siti"})
    picks = page_of(search).xpath("//ul[@id='matches']/li/@data-patient")
    assert picks == [str(people["mother"].pk)]  # in the area, not the person it is on now

    done = client.post(f"{link}?q=Siti", {"patient": people["mother"].pk})
    assert done.status_code == 302 and done.url == reverse("igd:arrival", args=[wrong.pk])
    page = page_of(client.get(done.url))
    assert "Siti Rahmawati" in page.xpath("string(//dl[@id='arrival'])")
    assert Arrival.objects.get(pk=wrong.pk).patient_id == people["mother"].pk
    for person in (people["son"], people["mother"]):
        assert AuditEvent.objects.filter(patient=person, user=perawat, action=RecordAction.UPDATE).exists()


def test_a_person_outside_the_area_is_refused_and_the_search_stays(people, perawat, wrong, client_of):
    link = reverse("igd:person", args=[wrong.pk])
    for value in (people["stranger"].pk, "x1", ""):
        refused = client_of(perawat).post(f"{link}?q=Siti", {"patient": value})
        assert refused.status_code == 400
        page = page_of(refused)
        assert page.xpath("string(//*[@id='person-errors'])").strip().startswith("Orang:")
        assert page.xpath("//input[@id='id_q']/@value") == ["Siti"]
        assert page.xpath("//ul[@id='matches']/li/@data-patient") == [str(people["mother"].pk)]
    assert Arrival.objects.get(pk=wrong.pk).patient_id == people["son"].pk


def test_only_those_who_write_at_the_igd_may_move_an_arrival_of_their_area(cast, network, people, wrong,
                                                                          client_of):
    link = reverse("igd:person", args=[wrong.pk])
    for user in (cast["kapus"], cast["dinkes"]):
        assert client_of(user).post(link, {"patient": people["mother"].pk}).status_code == 403
        assert page_of(client_of(user).get(reverse("igd:arrival", args=[wrong.pk]))).xpath(
            "//a[@id='change-person']") == []
    assert client_of(cast["kader"]).get(link).status_code == 403
    outsider = UserFactory(role=Role.PETUGAS_PUSKESMAS, scope_facility=network["36.01"]["puskesmas_b"])
    assert client_of(outsider).post(link, {"patient": people["stranger"].pk}).status_code == 404
    assert Arrival.objects.get(pk=wrong.pk).patient_id == people["son"].pk
