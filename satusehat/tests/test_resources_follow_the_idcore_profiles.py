"""What reaches the platform: a home visit is a home-health Encounter at the
facility's Location and Organization; measurements are LOINC-coded
Observations (blood pressure one, with two components); a vaccine is an
Immunization with its dose and the batch the stock gave; a removed visit is
marked entered in error."""

from decimal import Decimal

from clusters.models import Setting
from clusters.services import visit_remove
from satusehat import sender
from satusehat.models import FacilityLink

from .conftest import ORG, record, weighing


def codes(resources):
    return {r["code"]["coding"][0]["code"]: r for r in resources}


def test_a_home_visit_is_a_home_health_encounter_at_the_facilitys_location(registered, cast, network, satusehat):
    pkm = network["36.01"]["puskesmas"]
    FacilityLink.objects.create(facility=pkm, organization_id="ORG-PKM-1", location_id="LOC-PKM-1")
    visit = record(cast["petugas"], registered["mother"], pkm, package="ptm", codes=("PTM_SCREENING",),
                   weight_kg=Decimal("61"), length_cm=Decimal("155"), systolic=150, diastolic=95,
                   glucose_mg_dl=180, glucose_fasting=False, hb_g_dl=Decimal("11.2"), muac_cm=Decimal("24.5"),
                   setting=Setting.HOME)
    sender.drain()
    assert satusehat.invalid == []
    encounter = satusehat.resources("Encounter")[0]
    assert encounter["class"]["code"] == "HH"
    assert encounter["serviceProvider"]["reference"] == "Organization/ORG-PKM-1"
    assert encounter["location"][0]["location"]["reference"] == "Location/LOC-PKM-1"
    assert encounter["identifier"][0] == {"system": "http://sys-ids.kemkes.go.id/encounter/ORG-PKM-1",
                                          "value": f"ilp-{visit.pk}-encounter"}
    assert encounter["subject"]["reference"] == f"Patient/{registered['mother'].ihs}"
    observations = codes(satusehat.resources("Observation"))
    assert set(observations) == {"29463-7", "8302-2", "85354-9", "2339-0", "718-7", "56072-2"}
    bp = observations["85354-9"]
    assert [(c["code"]["coding"][0]["code"], c["valueQuantity"]["value"]) for c in bp["component"]] == [
        ("8480-6", 150), ("8462-4", 95)]
    assert observations["29463-7"]["valueQuantity"] == {"value": 61, "unit": "kg",
                                                        "system": "http://unitsofmeasure.org", "code": "kg"}
    assert all(o["encounter"]["reference"] == f"Encounter/{encounter['id']}" for o in observations.values())


def test_a_building_visit_without_a_link_uses_the_default_organization(registered, cast, network, satusehat):
    weighing(cast, registered["son"], network)
    sender.drain()
    encounter = satusehat.resources("Encounter")[0]
    assert encounter["class"]["code"] == "AMB"
    assert encounter["serviceProvider"]["reference"] == f"Organization/{ORG}"


def test_a_vaccine_is_an_immunization_with_dose_and_batch(registered, cast, network, satusehat):
    from unittest import mock

    # The batch the stock ledger says the visit drew (stock.dispensing.batches_given).
    with mock.patch("satusehat.outbox.batches_given",
                    side_effect=lambda ids: {i: [("Vaksin BCG", "BCG-2026-07")] for i in ids}):
        visit = record(cast["petugas"], registered["son"], network["36.01"]["posyandu_pustu"],
                       codes=("IMM_BCG",), weight_kg=Decimal("11.2"))
    sender.drain()
    assert satusehat.invalid == []
    immunization = satusehat.resources("Immunization")[0]
    assert {"system": "http://hl7.org/fhir/sid/cvx", "code": "19", "display": "BCG"} in \
        immunization["vaccineCode"]["coding"]
    assert immunization["protocolApplied"] == [{"doseNumberPositiveInt": 1}]
    assert immunization["lotNumber"] == "BCG-2026-07"
    assert immunization["identifier"][0]["value"] == f"ilp-{visit.pk}-imm-IMM_BCG"


def test_a_removed_visit_is_marked_entered_in_error(registered, cast, network, satusehat):
    visit = weighing(cast, registered["son"], network)
    sender.drain()
    visit_remove(by=cast["petugas"], visit=visit, reason="Dicatat pada anak yang salah")
    sender.drain()
    assert {r["status"] for r in satusehat.resources("Observation")} == {"entered-in-error"}
    assert satusehat.resources("Encounter")[0]["status"] == "entered-in-error"
    assert len(satusehat.creates()) == 3 and satusehat.invalid == []
