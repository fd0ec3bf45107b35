"""A result is flagged against the test's reference range, the woman's where
it differs (Hb), and a qualitative result when it is a finding."""

from decimal import Decimal

import pytest

from lab import services
from lab.models import Flag, Outcome, flag_of


@pytest.mark.parametrize(("sex", "hb", "flag"), [
    ("L", "12.5", Flag.LOW), ("P", "12.5", Flag.NORMAL), ("P", "11.9", Flag.LOW),
    ("L", "16.0", Flag.NORMAL), ("P", "16.0", Flag.HIGH), ("L", "17.1", Flag.HIGH), ("L", "13.0", Flag.NORMAL),
])
def test_hb_is_read_against_the_range_for_the_persons_sex(test_of, sex, hb, flag):
    assert flag_of(test_of("HB"), sex, value=Decimal(hb)) == flag


@pytest.mark.parametrize(("code", "value", "flag"), [
    ("GDS", 250, Flag.HIGH), ("GDS", 140, Flag.NORMAL), ("GDS", 60, Flag.LOW), ("GDP", 130, Flag.HIGH),
    ("HBA1C", "7.2", Flag.HIGH), ("HBA1C", "5.4", Flag.NORMAL),
])
def test_glucose_is_flagged_above_and_below_its_range(test_of, code, value, flag):
    assert flag_of(test_of(code), "L", value=Decimal(value)) == flag


@pytest.mark.parametrize(("code", "outcome", "flag"), [
    ("HIV", Outcome.REACTIVE, Flag.POSITIVE), ("HIV", Outcome.NON_REACTIVE, Flag.NORMAL),
    ("SIFILIS", Outcome.REACTIVE, Flag.POSITIVE), ("HBSAG", Outcome.INVALID, Flag.NORMAL),
    ("TCM", Outcome.MTB_RIF_RESISTANT, Flag.POSITIVE), ("BTA", Outcome.AFB_SCANTY, Flag.POSITIVE),
    ("BTA", Outcome.NEGATIVE, Flag.NORMAL), ("MALARIA_RDT", Outcome.POSITIVE, Flag.POSITIVE),
    ("MALARIA_MIK", Outcome.NEGATIVE, Flag.NORMAL),
])
def test_a_qualitative_result_is_flagged_when_it_is_a_finding(test_of, code, outcome, flag):
    assert flag_of(test_of(code), "P", outcome=outcome) == flag


def test_the_stored_result_carries_its_flag(cast, analyst, adult, pkm, test_of):
    [hb, hiv] = services.request_tests(by=analyst, patient=adult, facility=pkm, tests=[test_of("HB"), test_of("HIV")])
    services.enter_result(by=analyst, request=hb, value=Decimal("12.5"))
    services.enter_result(by=analyst, request=hiv, outcome=Outcome.REACTIVE)
    hb.refresh_from_db()
    hiv.refresh_from_db()
    assert (hb.flag, hiv.flag) == (Flag.LOW, Flag.POSITIVE)
