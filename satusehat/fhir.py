"""The resources sent, built and validated with fhir.resources (its R4B
models: R4B is R4 with technical corrections, and the four resources used
here have R4's shape; see docs/decisions/0027-satusehat-outbox.md).

What a resource is built from (`data`) is taken in the visit's transaction
(receivers.py); the references only known at sending time (the person's IHS
number, the Encounter's id) come in `refs`."""

import csv
from decimal import Decimal
from pathlib import Path

from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.immunization import Immunization
from fhir.resources.R4B.observation import Observation

from .models import Kind

NIK = "https://fhir.kemkes.go.id/id/nik"
NIK_IBU = "https://fhir.kemkes.go.id/id/nik-ibu"
IHS_NUMBER = "https://fhir.kemkes.go.id/id/ihs-number"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CVX = "http://hl7.org/fhir/sid/cvx"
KFA = "http://sys-ids.kemkes.go.id/kfa"
ICD10 = "http://hl7.org/fhir/sid/icd-10"


def identifier_system(kind: str, org: str) -> str:
    """IDCore: a facility's own identifiers of a resource kind."""
    return f"http://sys-ids.kemkes.go.id/{kind.lower()}/{org}"


# Measurement field -> (LOINC code, display, UCUM unit, category). Blood
# pressure is one Observation with two components (BLOOD_PRESSURE).
MEASURES = {
    "weight_kg": ("29463-7", "Body weight", "kg", "vital-signs"),
    "length_cm": ("8302-2", "Body height", "cm", "vital-signs"),
    "head_cm": ("8287-5", "Head Occipital-frontal circumference by Tape measure", "cm", "vital-signs"),
    "muac_cm": ("56072-2", "Circumference Mid upper arm - right", "cm", "exam"),
    "glucose_mg_dl": ("2339-0", "Glucose [Mass/volume] in Blood", "mg/dL", "laboratory"),
    "hb_g_dl": ("718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", "laboratory"),
}
BLOOD_PRESSURE = ("85354-9", "Blood pressure panel with all children optional")
SYSTOLIC = ("8480-6", "Systolic blood pressure")
DIASTOLIC = ("8462-4", "Diastolic blood pressure")

# ILP antigen -> CVX, sent with the KFA code where one is known.
VACCINES = {
    "HB0": ("08", "Hep B, adolescent or pediatric"),
    "BCG": ("19", "BCG"),
    "OPV": ("02", "OPV"),
    "IPV": ("10", "IPV"),
    "DPT-HB-Hib": ("198", "DTP-hepB-Hib Pentavalent Non-US"),
    "RV": ("122", "rotavirus, unspecified formulation"),
    "PCV": ("133", "Pneumococcal conjugate PCV 13"),
    "MR": ("04", "M/R"),
}


def _kfa_codes() -> dict[str, tuple[str, str]]:
    """ILP antigen -> (KFA code, display): SATUSEHAT's own vaccine codes, each
    with its public source in data/kfa_vaccines.csv. None is made up here: an
    antigen without a row is sent with CVX alone."""
    with open(Path(__file__).with_name("data") / "kfa_vaccines.csv", newline="", encoding="utf-8") as f:
        return {row["antigen"]: (row["kfa_code"], row["kfa_display"]) for row in csv.DictReader(f)}


KFA_VACCINES = _kfa_codes()


def _coding(system, code, display=None):
    out = {"system": system, "code": code}
    if display:
        out["display"] = display
    return out


def _ident(kind, data, ident):
    return [{"system": identifier_system(kind, data["org"]), "value": ident}]


def _subject(refs):
    out = {"reference": f"Patient/{refs['ihs']}"}
    if refs.get("name"):
        out["display"] = refs["name"]
    return out


def encounter(ident: str, data: dict, refs: dict, *, entered_in_error=False) -> Encounter:
    home = data["setting"] == "rumah"
    cls = _coding(ACT_CODE, "HH", "home health") if home else _coding(ACT_CODE, "AMB", "ambulatory")
    start = f"{data['date']}T00:00:00+07:00" if "T" not in data["date"] else data["date"]
    status = "entered-in-error" if entered_in_error else "finished"
    resource = {
        "resourceType": "Encounter",
        "identifier": _ident(Kind.ENCOUNTER, data, ident),
        "status": status,
        "class": cls,
        "subject": _subject(refs),
        "period": {"start": start, "end": start},
        "statusHistory": [{"status": "finished", "period": {"start": start, "end": start}}],
        "serviceProvider": {"reference": f"Organization/{data['org']}"},
    }
    if data.get("location"):
        resource["location"] = [{"location": {"reference": f"Location/{data['location']}"}}]
    if data.get("practitioner"):
        individual = {"reference": f"Practitioner/{data['practitioner']}"}
        if data.get("practitioner_name"):
            individual["display"] = data["practitioner_name"]
        resource["participant"] = [{"type": [{"coding": [_coding(PARTICIPATION_TYPE, "ATND", "attender")]}],
                                    "individual": individual}]
    return Encounter.model_validate(resource)


def _quantity(value, unit):
    return {"value": Decimal(str(value)), "unit": unit, "system": UCUM, "code": unit}


def observation(ident: str, data: dict, refs: dict, *, entered_in_error=False) -> Observation:
    when = f"{data['date']}T00:00:00+07:00"
    resource = {
        "resourceType": "Observation",
        "identifier": _ident(Kind.OBSERVATION, data, ident),
        "status": "entered-in-error" if entered_in_error else "final",
        "subject": _subject(refs),
        "encounter": {"reference": f"Encounter/{refs['encounter']}"},
        "effectiveDateTime": when,
        "performer": [{"reference": f"Organization/{data['org']}"}],
    }
    if data["field"] == "blood_pressure":
        resource["category"] = [{"coding": [_coding(OBS_CATEGORY, "vital-signs", "Vital Signs")]}]
        resource["code"] = {"coding": [_coding(LOINC, *BLOOD_PRESSURE)]}
        resource["component"] = [
            {"code": {"coding": [_coding(LOINC, *SYSTOLIC)]}, "valueQuantity": _quantity(data["systolic"], "mm[Hg]")},
            {"code": {"coding": [_coding(LOINC, *DIASTOLIC)]},
             "valueQuantity": _quantity(data["diastolic"], "mm[Hg]")},
        ]
    else:
        code, display, unit, category = MEASURES[data["field"]]
        resource["category"] = [{"coding": [_coding(OBS_CATEGORY, category)]}]
        resource["code"] = {"coding": [_coding(LOINC, code, display)]}
        resource["valueQuantity"] = _quantity(data["value"], unit)
    return Observation.model_validate(resource)


def immunization(ident: str, data: dict, refs: dict, *, entered_in_error=False) -> Immunization:
    coding = []
    if kfa := KFA_VACCINES.get(data["antigen"]):
        coding.append(_coding(KFA, *kfa))
    if cvx := VACCINES.get(data["antigen"]):
        coding.append(_coding(CVX, *cvx))
    resource = {
        "resourceType": "Immunization",
        "identifier": _ident(Kind.IMMUNIZATION, data, ident),
        "status": "entered-in-error" if entered_in_error else "completed",
        "vaccineCode": {"coding": coding, "text": data["name"]},
        "patient": _subject(refs),
        "encounter": {"reference": f"Encounter/{refs['encounter']}"},
        "occurrenceDateTime": f"{data['date']}T00:00:00+07:00",
        "primarySource": True,
        "performer": [{"actor": {"reference": f"Organization/{data['org']}"}}],
    }
    if data.get("lot"):
        resource["lotNumber"] = data["lot"]
    if data.get("dose"):
        resource["protocolApplied"] = [{"doseNumberPositiveInt": data["dose"]}]
    if data.get("location"):
        resource["location"] = {"reference": f"Location/{data['location']}"}
    return Immunization.model_validate(resource)


def condition(ident: str, data: dict, refs: dict, *, entered_in_error=False) -> Condition:
    resource = {
        "resourceType": "Condition",
        "identifier": _ident(Kind.CONDITION, data, ident),
        "clinicalStatus": {"coding": [_coding("http://terminology.hl7.org/CodeSystem/condition-clinical",
                                              "active")]},
        "category": [{"coding": [_coding("http://terminology.hl7.org/CodeSystem/condition-category",
                                         "encounter-diagnosis", "Encounter Diagnosis")]}],
        "code": {"coding": [_coding(ICD10, data["icd10"], data.get("display"))]},
        "subject": _subject(refs),
        "encounter": {"reference": f"Encounter/{refs['encounter']}"},
        "recordedDate": f"{data['date']}T00:00:00+07:00",
    }
    if entered_in_error:
        resource["verificationStatus"] = {"coding": [_coding(
            "http://terminology.hl7.org/CodeSystem/condition-ver-status", "entered-in-error")]}
    return Condition.model_validate(resource)


BUILDERS = {Kind.ENCOUNTER: encounter, Kind.OBSERVATION: observation, Kind.IMMUNIZATION: immunization,
            Kind.CONDITION: condition}


def build(kind: str, ident: str, data: dict, refs: dict, *, entered_in_error=False, resource_id=None) -> dict:
    """The resource as JSON-ready dict, validated; with its id for an update."""
    resource = BUILDERS[kind](ident, data, refs, entered_in_error=entered_in_error)
    if resource_id:
        resource.id = resource_id
    return resource.model_dump(mode="json", by_alias=True, exclude_none=True)
