"""The Encounter of a visit names the health worker who recorded it as its
attender, by the Practitioner id an admin gave them; without one it names
nobody. The id is read when sending: one set after the save still counts."""

from satusehat import sender
from satusehat.models import PractitionerLink

from .conftest import later, weighing

ATTENDER = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "code": "ATND",
                        "display": "attender"}]}


def test_the_encounter_names_the_practitioner_who_saw_the_person(registered, cast, network, satusehat):
    petugas = cast["petugas"]
    petugas.first_name, petugas.last_name = "Dewi", "Lestari"
    petugas.save()
    PractitionerLink.objects.create(user=petugas, ihs_id="N10000001")
    weighing(cast, registered["son"], network)
    sender.drain()
    assert satusehat.invalid == []
    encounter = satusehat.resources("Encounter")[0]
    assert encounter["participant"] == [{"type": [ATTENDER], "individual": {"reference": "Practitioner/N10000001",
                                                                            "display": "Dewi Lestari"}}]


def test_without_a_practitioner_id_the_encounter_names_nobody(registered, cast, network, satusehat):
    PractitionerLink.objects.create(user=cast["kapus"], ihs_id="N10000002")  # someone else's
    weighing(cast, registered["son"], network)
    sender.drain()
    assert satusehat.invalid == []
    encounter = satusehat.resources("Encounter")[0]
    assert "participant" not in encounter
    assert encounter["status"] == "finished"


def test_an_id_given_after_the_save_reaches_the_encounter_not_yet_sent(registered, cast, network, satusehat):
    satusehat.down = True
    weighing(cast, registered["son"], network)
    sender.drain()
    assert satusehat.resources("Encounter") == []
    PractitionerLink.objects.create(user=cast["petugas"], ihs_id="N10000003")
    satusehat.down = False
    sender.drain(now=later(5))  # past the retry's wait
    assert satusehat.invalid == []
    [encounter] = satusehat.resources("Encounter")
    assert encounter["participant"][0]["individual"]["reference"] == "Practitioner/N10000003"
