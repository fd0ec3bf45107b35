"""The Posyandu growth code of a weighing (N, T, O, B) against the KBM."""

from datetime import date

from clusters import growth_codes as g

CHILD = date(2023, 1, 15)


def code(measured_on, weight_kg, previous):
    return g.growth_code(birth_date=CHILD, measured_on=measured_on, weight_kg=weight_kg, previous=previous)


def test_a_first_weighing_is_b():
    assert code(date(2023, 7, 20), 7.3, None) == "B"


def test_a_previous_weighing_not_in_last_calendar_month_is_o():
    assert code(date(2023, 7, 20), 7.3, (date(2023, 5, 20), 6.9)) == "O"  # two months ago
    assert code(date(2023, 7, 20), 7.3, (date(2023, 7, 2), 6.9)) == "O"  # same month


def test_a_previous_weighing_on_any_day_of_last_month_counts():
    assert code(date(2023, 7, 1), 7.5, (date(2023, 6, 30), 6.9)) == "N"
    assert code(date(2023, 7, 31), 7.5, (date(2023, 6, 1), 6.9)) == "N"


def test_the_gain_reaching_the_kbm_exactly_is_n_and_one_gram_less_is_t():
    # 6 completed months on 2023-07-20: KBM 400 g. 7.3 - 6.9 is 0.3999... in binary floating point.
    assert code(date(2023, 7, 20), 7.3, (date(2023, 6, 20), 6.9)) == "N"
    assert code(date(2023, 7, 20), 7.299, (date(2023, 6, 20), 6.9)) == "T"


def test_the_kbm_follows_the_age_in_completed_months():
    # the day before 6 months the child is 5 months old: KBM 500 g, so a 400 g gain is T
    assert code(date(2023, 7, 14), 7.3, (date(2023, 6, 14), 6.9)) == "T"
    assert code(date(2023, 7, 15), 7.3, (date(2023, 6, 14), 6.9)) == "N"


def test_losing_weight_is_t():
    assert code(date(2023, 7, 20), 6.8, (date(2023, 6, 20), 6.9)) == "T"


def test_weighings_across_new_year_compare_december_with_january():
    assert code(date(2024, 1, 10), 9.5, (date(2023, 12, 10), 9.3)) == "N"  # 11 months: KBM 200 g
    assert code(date(2024, 1, 10), 9.4, (date(2023, 12, 10), 9.3)) == "T"


def test_in_the_first_month_the_one_month_kbm_applies():
    born = date(2023, 3, 10)  # 0 completed months on 2023-04-05: KBM of month 1, 800 g
    weighed = date(2023, 4, 5), (date(2023, 3, 12), 3.3)
    assert g.growth_code(birth_date=born, measured_on=weighed[0], weight_kg=4.1, previous=weighed[1]) == "N"
    assert g.growth_code(birth_date=born, measured_on=weighed[0], weight_kg=4.099, previous=weighed[1]) == "T"


def test_completed_months_count_month_ends():
    assert g.completed_months(date(2023, 1, 31), date(2023, 2, 28)) == 1
    assert g.completed_months(date(2023, 1, 31), date(2023, 2, 27)) == 0
    assert g.completed_months(date(2023, 1, 15), date(2024, 1, 15)) == 12


def test_the_kbm_table_is_the_kms_table():
    expected = {1: 800, 2: 900, 3: 800, 4: 600, 5: 500, 6: 400, 7: 400, 8: 300, 9: 300, 10: 300, 11: 200}
    expected.update({month: 200 for month in range(12, 61)})
    assert g.KBM_GRAMS == expected
