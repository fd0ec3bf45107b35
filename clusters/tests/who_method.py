"""The WHO method written out independently (Methods and development, chapter
7), and a child measured at a given age, for the growth tests.

Expected values never come from the code under test: either the WHO formula
is written out here from table rows quoted in the test (sex, index, l, m, s as
in clusters/data/who-growth/*.txt), or they are values published by the WHO's
own R package anthro (WorldHealthOrganization/anthro, tests/testthat/*.R)."""

from datetime import date, timedelta

from clusters.anthropometry import child_growth

BIRTH = date(2020, 1, 1)


def on(age_days: int) -> date:
    return BIRTH + timedelta(days=age_days)


def growth(sex="L", age_days=100, **kwargs):
    return child_growth(sex=sex, birth_date=BIRTH, measured_on=on(age_days), **kwargs)


def who_z(y, l, m, s):  # noqa: E741
    return ((y / m) ** l - 1) / (s * l)


def who_sd(l, m, s, k):  # noqa: E741
    return m * (1 + l * s * k) ** (1 / l)


def who_z_adjusted(y, l, m, s):  # noqa: E741
    z = who_z(y, l, m, s)
    if z > 3:
        return 3 + (y - who_sd(l, m, s, 3)) / (who_sd(l, m, s, 3) - who_sd(l, m, s, 2))
    if z < -3:
        return -3 + (y - who_sd(l, m, s, -3)) / (who_sd(l, m, s, -2) - who_sd(l, m, s, -3))
    return z
