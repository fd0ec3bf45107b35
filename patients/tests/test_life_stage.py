"""The life-stage function at every boundary of the domain spec."""

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta

from patients.life_stage import Stage, life_stages, primary_stage

BORN = date(2020, 1, 15)


def on(**delta):
    return BORN + relativedelta(**delta)


@pytest.mark.parametrize(
    "when, inside, outside",
    [
        (on(days=28), Stage.BAYI_BARU_LAHIR, None),
        (on(days=29), Stage.BAYI, Stage.BAYI_BARU_LAHIR),
        (on(months=11, days=30), Stage.BAYI, None),
        (on(months=12), Stage.BALITA, Stage.BAYI),
        (on(months=59, days=30), Stage.BALITA, None),
        (on(months=60), Stage.ANAK_PRASEKOLAH, Stage.BALITA),
        (on(years=5, days=-1), Stage.BALITA, Stage.ANAK_PRASEKOLAH),
        (on(years=6, days=-1), Stage.ANAK_PRASEKOLAH, Stage.USIA_SEKOLAH),
        (on(years=6), Stage.USIA_SEKOLAH, None),
        (on(years=7), Stage.USIA_SEKOLAH, Stage.ANAK_PRASEKOLAH),
        (on(years=10, days=-1), Stage.USIA_SEKOLAH, Stage.REMAJA),
        (on(years=10), Stage.REMAJA, None),
        (on(years=18, days=-1), Stage.REMAJA, Stage.DEWASA),
        (on(years=18), Stage.DEWASA, Stage.REMAJA),
        (on(years=60, days=-1), Stage.DEWASA, Stage.LANSIA),
        (on(years=60), Stage.LANSIA, Stage.DEWASA),
    ],
)
def test_each_boundary_moves_a_person_into_the_next_stage(when, inside, outside):
    stages = life_stages(BORN, when)
    assert inside in stages
    if outside is not None:
        assert outside not in stages


def test_a_newborn_is_also_bayi_and_balita():
    assert life_stages(BORN, BORN) == [Stage.BAYI_BARU_LAHIR, Stage.BAYI, Stage.BALITA]


def test_a_fifteen_year_old_is_both_school_age_and_adolescent():
    assert life_stages(BORN, on(years=15)) == [Stage.REMAJA, Stage.USIA_SEKOLAH]


def test_a_six_year_old_is_both_preschool_and_school_age():
    assert life_stages(BORN, on(years=6, months=3)) == [Stage.ANAK_PRASEKOLAH, Stage.USIA_SEKOLAH]


def test_pregnancy_is_a_state_that_comes_first():
    assert primary_stage(date(1995, 3, 1), date(2026, 11, 25), pregnant=True) == Stage.IBU_HAMIL
    assert Stage.DEWASA in life_stages(date(1995, 3, 1), date(2026, 11, 25), pregnant=True)


def test_a_birth_date_after_the_reference_date_has_no_stage():
    assert life_stages(BORN, date(2019, 12, 31)) == []


def test_leap_day_birthdays_turn_a_year_older_on_the_last_day_of_february():
    leap = date(2008, 2, 29)
    assert Stage.REMAJA in life_stages(leap, date(2026, 2, 27))
    assert Stage.DEWASA in life_stages(leap, date(2026, 2, 28))


def test_pregnancy_and_newborns_are_offered_only_for_women_from_age_ten():
    from patients.life_stage import can_bear_children

    today = date(2026, 11, 25)
    assert can_bear_children("P", date(2016, 11, 25), today)
    assert not can_bear_children("P", date(2016, 11, 26), today)
    assert not can_bear_children("L", date(1990, 1, 1), today)
