"""Who can be a mother: a woman of childbearing age on the day (of the birth,
of the Posyandu session). The bounds are data, shared by the mother pickers
and by the services that link a child or a pregnancy to a woman."""

from datetime import date

from dateutil.relativedelta import relativedelta

from .life_stage import age_in

# Completed years, both inclusive: a girl under 10 or a woman over 55 is taken
# for a data-entry mistake (wrong person or wrong birth date), not a mother.
MOTHER_MIN_AGE_YEARS = 10
MOTHER_MAX_AGE_YEARS = 55


def can_be_mother(sex: str, birth_date: date, on: date) -> bool:
    return sex == "P" and MOTHER_MIN_AGE_YEARS <= age_in("years", birth_date, on) <= MOTHER_MAX_AGE_YEARS


def mother_birth_dates(on: date) -> tuple[date, date]:
    """(born after, born on or before): the birth dates of women who can be
    mothers on that day, for a database filter."""
    return on - relativedelta(years=MOTHER_MAX_AGE_YEARS + 1), on - relativedelta(years=MOTHER_MIN_AGE_YEARS)
