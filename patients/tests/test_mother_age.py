"""A child is linked only to a woman of childbearing age (10 to 55 years on
the day the child is born); a pregnancy only to a woman of that age today."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from patients.motherhood import can_be_mother
from patients.services import newborn_register, pregnancy_register
from patients.tests.factories import HouseholdFactory, PatientFactory


@pytest.fixture
def household(network):
    return HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"])


def woman(household, **age):
    return PatientFactory(household=household, sex="P", birth_date=timezone.localdate() - relativedelta(**age))


def register_baby(by, mother, born=None):
    return newborn_register(by=by, mother=mother, name="Bayi", sex="L", birth_date=born or timezone.localdate())


@pytest.mark.parametrize("age", [{"months": 44}, {"months": 42}, {"years": 60}, {"years": 56}])
def test_a_newborn_is_refused_for_a_mother_outside_childbearing_age(household, cast, age):
    with pytest.raises(ValidationError) as caught:
        register_baby(cast["kader"], woman(household, **age))
    assert list(caught.value.message_dict) == ["mother"]


def test_a_newborn_is_registered_through_a_25_year_old_mother(household, cast):
    mother = woman(household, years=25)
    baby = register_baby(cast["kader"], mother)
    assert (baby.mother, baby.birth_order) == (mother, 1)


def test_the_mother_s_age_counts_on_the_baby_s_birth_day(household, cast):
    mother = woman(household, years=56)  # 55 when the baby was born a year ago
    baby = register_baby(cast["kader"], mother, born=timezone.localdate() - timedelta(days=366))
    assert baby.mother == mother


def test_a_newborn_is_refused_for_a_man_with_a_mother_field_error(household, cast):
    man = PatientFactory(household=household, sex="L", birth_date=timezone.localdate() - relativedelta(years=30))
    with pytest.raises(ValidationError) as caught:
        register_baby(cast["kader"], man)
    assert "mother" in caught.value.message_dict


def test_a_woman_of_60_cannot_be_registered_as_pregnant(household, cast):
    with pytest.raises(ValidationError):
        pregnancy_register(by=cast["kader"], patient=woman(household, years=60),
                           expected_delivery_date=timezone.localdate() + timedelta(days=100))


def test_childbearing_age_runs_from_the_10th_birthday_through_age_55():
    today = timezone.localdate()
    assert can_be_mother("P", today - relativedelta(years=10), today)
    assert not can_be_mother("P", today - relativedelta(years=10) + timedelta(days=1), today)
    assert can_be_mother("P", today - relativedelta(years=56) + timedelta(days=1), today)
    assert not can_be_mother("P", today - relativedelta(years=56), today)
    assert not can_be_mother("L", today - relativedelta(years=30), today)
