"""A person SATUSEHAT does not know is flagged with a message for the
Puskesmas, their operations fail instead of being tried forever, and they
are looked up again once someone asks."""

from satusehat import outbox, sender
from satusehat.models import Operation, PatientLink, Status

from .conftest import weighing


def test_a_person_without_an_ihs_number_is_flagged(satusehat, people, cast, network):
    son = people["son"]
    weighing(cast, son, network)
    sender.drain()
    link = PatientLink.objects.get(patient=son)
    assert link.status == PatientLink.Status.NOT_FOUND and "NIK" in link.message
    ops = Operation.objects.filter(patient=son)
    assert set(ops.values_list("status", flat=True)) == {Status.FAILED}
    lookups = len([r for r in satusehat.requests if r[1] == "/fhir/Patient"])
    sender.drain()
    sender.drain()
    assert len([r for r in satusehat.requests if r[1] == "/fhir/Patient"]) == lookups  # not retried forever

    satusehat.register(nik=son.nik)  # registered on SATUSEHAT since
    outbox.look_up_again(son.pk)
    assert sender.drain()["sent"] == 3
    link.refresh_from_db()
    assert link.status == PatientLink.Status.FOUND and link.ihs_number.startswith("P")
    assert link.ihs_encrypted and link.ihs_number not in link.ihs_encrypted


def test_a_newborn_without_nik_is_found_by_the_mothers_nik(satusehat, people, cast, network):
    from patients.tests.factories import PatientFactory

    mother = people["mother"]
    baby = PatientFactory(household=mother.household, name="Bayi Siti", sex="L", mother=mother,
                          birth_date=people["son"].birth_date.replace(year=people["son"].birth_date.year + 2))
    ihs = satusehat.register(mother_nik=mother.nik, birth_date=baby.birth_date.isoformat())
    satusehat.register(mother_nik=mother.nik, birth_date="2020-01-01")  # an elder sibling
    weighing(cast, baby, network)
    sender.drain()
    assert PatientLink.objects.get(patient=baby).ihs_number == ihs
    assert satusehat.resources("Encounter")[0]["subject"]["reference"] == f"Patient/{ihs}"
