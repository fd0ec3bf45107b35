"""SATUSEHAT codes vaccines in KFA (Kamus Farmasi dan Alat Kesehatan): an
Immunization carries the antigen's KFA code, taken from the sourced list in
satusehat/data/kfa_vaccines.csv, and its CVX code beside it; an antigen the
list does not hold is sent with CVX alone, never with a made-up code."""

import csv
from pathlib import Path
from unittest import mock

from satusehat import fhir, sender

from .conftest import record

KFA = "http://sys-ids.kemkes.go.id/kfa"
CVX = "http://hl7.org/fhir/sid/cvx"
LIST = Path(fhir.__file__).with_name("data") / "kfa_vaccines.csv"


def vaccine_codes(satusehat) -> list[tuple[str, str]]:
    [immunization] = satusehat.resources("Immunization")
    return [(c["system"], c["code"]) for c in immunization["vaccineCode"]["coding"]]


def test_a_pentavalent_dose_is_sent_with_its_kfa_and_cvx_codes(registered, cast, network, satusehat):
    record(cast["petugas"], registered["son"], network["36.01"]["posyandu_pustu"], codes=("IMM_DPT1",))
    sender.drain()
    assert satusehat.invalid == []
    assert vaccine_codes(satusehat) == [(KFA, "VG107"), (CVX, "198")]


def test_an_antigen_without_a_kfa_code_is_sent_with_cvx_alone(registered, cast, network, satusehat):
    without_mr = {k: v for k, v in fhir.KFA_VACCINES.items() if k != "MR"}
    with mock.patch.object(fhir, "KFA_VACCINES", without_mr):
        record(cast["petugas"], registered["son"], network["36.01"]["posyandu_pustu"], codes=("IMM_MR1",))
        sender.drain()
    assert satusehat.invalid == []
    assert vaccine_codes(satusehat) == [(CVX, "04")]


def test_every_kfa_code_names_its_public_source_and_an_ilp_antigen():
    with open(LIST, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows
    for row in rows:
        assert row["antigen"] in fhir.VACCINES, row
        assert row["kfa_code"] and row["source"].startswith("https://"), row
