"""A district's read packs its ids two to a number while every id fits 32
bits. A record with a larger id (ids are bigints) must count the same:
the read then takes them whole, never cut short."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import DataError

from patients.models import Pregnancy
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine
from reports.engine.plumbing import read_arrays
from reports.tests.refresh_helpers import YEAR, counted_everywhere

PAST_32_BITS = 3_000_000_000


def test_a_child_and_a_pregnancy_with_ids_past_32_bits_count_everywhere(record, network):
    engine.rebuild("36.01", YEAR)
    home = network["36.01"]["posyandu_pkm"]
    far = PatientFactory(id=PAST_32_BITS, household=HouseholdFactory(posyandu=home), birth_date=date(2025, 2, 3))
    near = PatientFactory(household=HouseholdFactory(posyandu=home), birth_date=date(2025, 5, 6))
    for kid in (far, near):
        record(kid, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8.1"))
    woman = PatientFactory(id=PAST_32_BITS + 1_000, household=HouseholdFactory(posyandu=home), sex="P",
                           birth_date=date(1996, 4, 2))
    Pregnancy.objects.create(id=PAST_32_BITS, patient=woman, expected_delivery_date=date(YEAR, 10, 1))
    record(woman, date(YEAR, 2, 10), "anc", ["ANC_K1"], systolic=110, diastolic=70, gestational_age_weeks=10)

    assert counted_everywhere("D") == {(home.pk, date(YEAR, 3, 1)): 2}
    assert counted_everywhere("K1") == {(home.pk, date(YEAR, 2, 1)): 1}


QUERY = "SELECT CAST(a AS bigint) AS a, CAST(b AS bigint) AS b, CAST(c AS bigint) AS c FROM ({}) x"
ROWS = "SELECT -2147483648 AS a, 2147483647 AS b, 7 AS c UNION ALL SELECT 0, -1, -3 UNION ALL SELECT 5, 6, 1"


@pytest.mark.django_db
def test_narrow_columns_read_back_exactly_whatever_their_sign():
    out = read_arrays(QUERY.format(ROWS), [], ["a", "b", "c"], narrow=("a", "b", "c"))

    rows = sorted(zip(out["a"].tolist(), out["b"].tolist(), out["c"].tolist(), strict=True))
    assert rows == [(-2147483648, 2147483647, 7), (0, -1, -3), (5, 6, 1)]


@pytest.mark.django_db
def test_a_wide_value_in_a_narrow_column_is_refused_or_read_whole_never_cut():
    wide = "SELECT 4294967301 AS a, 1 AS b, 2 AS c"
    try:
        out = read_arrays(QUERY.format(wide), [], ["a", "b", "c"], narrow=("a", "b"))
    except DataError:
        return  # refused (PostgreSQL packs narrow columns)
    assert (out["a"].tolist(), out["b"].tolist(), out["c"].tolist()) == ([4294967301], [1], [2])
