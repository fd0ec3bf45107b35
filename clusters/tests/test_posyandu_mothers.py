"""The session's mother picker offers only women of childbearing age."""

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta

from clusters.selectors import posyandu_mother, posyandu_mothers
from patients.tests.factories import HouseholdFactory, PatientFactory

DAY = date(2026, 3, 15)


@pytest.fixture
def women(network):
    posyandu = network["36.01"]["posyandu_pustu"]
    hh = HouseholdFactory(posyandu=posyandu)

    def person(name, sex, **age):
        return PatientFactory(household=hh, name=name, sex=sex, birth_date=DAY - relativedelta(**age))

    return {
        "posyandu": posyandu,
        "girl_42": person("Ayu", "P", months=42),
        "girl_44": person("Bunga", "P", months=44),
        "woman_25": person("Citra", "P", years=25),
        "woman_55": person("Dewi", "P", years=55, months=11),
        "woman_60": person("Enok", "P", years=60),
        "man_30": person("Fajar", "L", years=30),
    }


def test_only_women_aged_10_to_55_are_offered_as_mothers(women, cast):
    offered = posyandu_mothers(cast["kader"], women["posyandu"], on=DAY)
    assert [p.name for p in offered] == ["Citra", "Dewi"]


def test_a_girl_of_44_months_or_a_woman_of_60_cannot_be_picked_as_mother(women, cast):
    for who in ("girl_44", "woman_60", "man_30"):
        assert posyandu_mother(cast["kader"], women["posyandu"], women[who].pk, on=DAY) is None
    assert posyandu_mother(cast["kader"], women["posyandu"], women["woman_25"].pk, on=DAY) == women["woman_25"]


def test_the_mother_picker_takes_a_fixed_number_of_queries(women, cast, django_assert_num_queries):
    with django_assert_num_queries(2):  # the women, their ongoing pregnancies
        first = posyandu_mothers(cast["kader"], women["posyandu"], on=DAY)
    PatientFactory.create_batch(5, household=women["woman_25"].household, sex="P", birth_date=date(1996, 1, 1))
    with django_assert_num_queries(2):
        more = posyandu_mothers(cast["kader"], women["posyandu"], on=DAY)
    assert len(more) == len(first) + 5
