"""Length of stay as SIRS counts it: the discharge date minus the admission
date, in local days, a stay that ends the day it began counting one day."""

from datetime import date

from inpatient import services
from inpatient.models import Outcome, length_of_stay


def test_a_stay_over_three_nights_is_three_days(at):
    assert length_of_stay(at(date(2026, 3, 1), 22), at(date(2026, 3, 4), 7)) == 3


def test_a_stay_that_ends_the_day_it_began_is_one_day(at):
    assert length_of_stay(at(date(2026, 3, 1), 2), at(date(2026, 3, 1), 23)) == 1


def test_an_evening_admission_discharged_next_morning_is_one_day(at):
    assert length_of_stay(at(date(2026, 3, 1), 23, 30), at(date(2026, 3, 2), 6)) == 1


def test_the_discharge_stores_the_length_of_stay(nurse, beds, people, at, day):
    from datetime import timedelta

    admission = services.admission_open(by=nurse, patient=people["son"], facility=beds[0].facility, bed=beds[0],
                                        admitted_at=at(day - timedelta(days=4)), diagnosis_code="A09")
    done = services.admission_discharge(by=nurse, admission=admission, discharged_at=at(day, 7),
                                        outcome=Outcome.RECOVERED)
    assert done.length_of_stay == 4
