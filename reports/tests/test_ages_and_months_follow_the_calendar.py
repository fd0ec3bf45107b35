"""The engine's calendar over day numbers (ages in completed months, the
month and day of a visit) agrees with the one the visit forms use, for
days before and after 1970, in dense and in sparse spans."""

from datetime import date, timedelta

import numpy as np
import pytest

from clusters.anthropometry import completed_months as form_completed_months
from reports.engine.events import completed_months, day_of_month
from reports.engine.keys import year_month

EPOCH = date(1970, 1, 1)


def day_number(day: date) -> int:
    return (day - EPOCH).days


@pytest.mark.parametrize("spread", [3_000, 2_000_000], ids=["dense days", "sparse days"])
def test_ages_months_and_days_are_those_of_the_calendar(spread):
    rng = np.random.default_rng(11)
    born = rng.integers(-40_000, 21_000, 2_000)
    on = born + rng.integers(0, spread, 2_000)
    on = on[on < day_number(date(9999, 1, 1))]
    born = born[:len(on)]

    ages, (years, months), days = completed_months(born, on), year_month(on), day_of_month(on)

    for n, (b, d) in enumerate(zip(born.tolist(), on.tolist(), strict=True)):
        birth, visit = EPOCH + timedelta(days=b), EPOCH + timedelta(days=d)
        assert ages[n] == form_completed_months(birth, visit), (birth, visit)
        assert (years[n], months[n], days[n]) == (visit.year, visit.month, visit.day)


def test_a_child_born_on_the_31st_completes_a_month_on_the_last_day_of_a_shorter_one():
    born = np.array([day_number(date(2025, 1, 31))] * 3)
    on = np.array([day_number(date(2025, 2, 27)), day_number(date(2025, 2, 28)), day_number(date(2025, 3, 30))])

    assert completed_months(born, on).tolist() == [0, 1, 1]
