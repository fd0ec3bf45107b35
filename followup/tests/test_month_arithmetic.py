from datetime import date

from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from followup.rules import add_months, add_years


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)), st.integers(-240, 240))
def test_adding_months_agrees_with_dateutil(day, months):
    assert add_months(day, months) == day + relativedelta(months=months)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 100))
def test_adding_years_agrees_with_dateutil_on_the_29th_of_february_too(day, years):
    assert add_years(day, years) == day + relativedelta(years=years)
