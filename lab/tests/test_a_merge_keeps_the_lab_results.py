"""Merging a person's two records keeps every lab request and result on the
record kept, as their visits are."""

from decimal import Decimal

from lab import services
from lab.models import LabRequest
from patients.services import patients_merge
from patients.tests.factories import PatientFactory


def test_a_merge_moves_the_duplicates_requests_to_the_kept_record(cast, analyst, adult, pkm, test_of):
    duplicate = PatientFactory(household=adult.household, sex="L", birth_date=adult.birth_date, name="BUDI S")
    [hb] = services.request_tests(by=analyst, patient=duplicate, facility=pkm, tests=[test_of("HB")])
    services.enter_result(by=analyst, request=hb, value=Decimal("14.1"))

    patients_merge(by=cast["petugas"], kept=adult, duplicate=duplicate)

    assert list(LabRequest.objects.filter(patient=adult).values_list("value", flat=True)) == [Decimal("14.1")]
