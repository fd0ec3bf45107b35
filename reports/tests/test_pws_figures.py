"""PWS figures: coverage against target, the traffic light, the change since
last month, and totals that equal the facts at every level."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum

from reports.indicators import BY_CODE
from reports.models import CoverageFact, PwsThresholds
from reports.pws import tables as pws
from reports.pws.areas import desa_area, district_area, posyandu_area, puskesmas_area
from reports.tests.factories import TargetFactory
from reports.tests.pws_factories import RolledUpFactFactory

YEAR = 2026


def fact(posyandu, month, indicator, numerator, denominator=None):
    return RolledUpFactFactory(posyandu=posyandu, month=date(YEAR, month, 1), indicator=indicator,
                               numerator=numerator, denominator=denominator)


def cell(table, code, key=None):
    row = table.total if key is None else next(r for r in table.rows if r.key == key)
    return row.cells[code]


def test_cumulative_coverage_is_year_to_date_over_the_annual_target(cast, home):
    TargetFactory(region_id="36.01", group="ibu_hamil", number=120)
    fact(home["posyandu_pustu"], 1, "K1", 10)
    fact(home["posyandu_pkm"], 2, "K1", 20)
    fact(home["posyandu_b"], 3, "K1", 6)
    table = pws.area_table(cast["dinkes"], district_area("36.01"), pws.Period(YEAR, 3), [BY_CODE["K1"]])
    k1 = cell(table, "K1")
    assert (k1.value, k1.target, k1.percent, k1.expected) == (36, 120, Decimal("30.0"), Decimal("25.0"))
    assert k1.status == pws.ON_TRACK
    # This month 6/120 = 5.0 %, last month 20/120 = 16.7 %.
    assert k1.change == Decimal("-11.7")


def test_the_traffic_light_follows_the_district_thresholds(cast, home):
    TargetFactory(region_id="36.01", group="ibu_hamil", number=120)
    fact(home["posyandu_pustu"], 6, "K1", 54)  # 45 % where 50 % is expected: 90 % of expected
    area, period = district_area("36.01"), pws.Period(YEAR, 6)
    assert cell(pws.area_table(cast["dinkes"], area, period, [BY_CODE["K1"]]), "K1").status == pws.BEHIND
    PwsThresholds.objects.create(district_id="36.01", on_track_percent=90, behind_percent=70)
    assert cell(pws.area_table(cast["dinkes"], area, period, [BY_CODE["K1"]]), "K1").status == pws.ON_TRACK
    PwsThresholds.objects.filter(district_id="36.01").update(on_track_percent=100, behind_percent=95)
    assert cell(pws.area_table(cast["dinkes"], area, period, [BY_CODE["K1"]]), "K1").status == pws.FAR_BEHIND


def test_an_area_without_a_target_shows_no_coverage_and_no_light(cast, home):
    fact(home["posyandu_pustu"], 1, "K1", 10)
    k1 = cell(pws.area_table(cast["dinkes"], district_area("36.01"), pws.Period(YEAR, 1), [BY_CODE["K1"]]), "K1")
    assert (k1.value, k1.target, k1.percent, k1.status) == (10, None, None, None)


def test_an_area_with_no_facts_yet_says_so_rather_than_zero(cast, home):
    TargetFactory(region_id="36.01", group="ibu_hamil", number=120)
    table = pws.area_table(cast["dinkes"], district_area("36.01"), pws.Period(YEAR, 1), [BY_CODE["K1"]])
    assert not table.has_data and not cell(table, "K1").has_data


def test_a_computed_area_without_a_fact_for_an_indicator_counts_zero(cast, home):
    TargetFactory(region_id="36.01", group="ibu_hamil", number=120)
    fact(home["posyandu_pustu"], 1, "D", 10)
    k1 = cell(pws.area_table(cast["dinkes"], district_area("36.01"), pws.Period(YEAR, 1),
                             [BY_CODE["K1"], BY_CODE["D"]]), "K1")
    assert (k1.value, k1.percent, k1.status) == (0, Decimal("0.0"), pws.FAR_BEHIND)


def test_monthly_indicators_use_the_month_and_ratios_their_measured_denominator(cast, home):
    TargetFactory(region_id="36.01", group="balita", number=50)
    fact(home["posyandu_pustu"], 1, "D", 30)
    fact(home["posyandu_pustu"], 2, "D", 40)
    fact(home["posyandu_pustu"], 1, "N", 15, 30)
    fact(home["posyandu_pustu"], 2, "N", 30, 40)
    fact(home["posyandu_pustu"], 2, "STUNTING", 8, 40)
    table = pws.area_table(cast["dinkes"], district_area("36.01"), pws.Period(YEAR, 2),
                           [BY_CODE["D"], BY_CODE["N"], BY_CODE["STUNTING"]])
    d, n, stunting = cell(table, "D"), cell(table, "N"), cell(table, "STUNTING")
    assert (d.value, d.percent, d.expected, d.status) == (40, Decimal("80.0"), Decimal("100"), pws.BEHIND)
    assert d.change == Decimal("20.0")
    assert (n.value, n.denominator, n.percent, n.change) == (30, 40, Decimal("75.0"), Decimal("25.0"))
    assert (stunting.percent, stunting.status) == (Decimal("20.0"), None)


def test_counts_without_target_show_the_number_and_its_change(cast, home):
    fact(home["posyandu_pustu"], 4, "TB_SCREENED", 7)
    fact(home["posyandu_pustu"], 5, "TB_SCREENED", 3)
    tb = cell(pws.area_table(cast["dinkes"], district_area("36.01"), pws.Period(YEAR, 5),
                             [BY_CODE["TB_SCREENED"]]), "TB_SCREENED")
    assert (tb.value, tb.change, tb.percent) == (10, -4, None)


def test_january_compares_with_december_of_the_year_before(cast, home):
    TargetFactory(region_id="36.01", group="balita", number=50)
    RolledUpFactFactory(posyandu=home["posyandu_pustu"], month=date(YEAR - 1, 12, 1), indicator="D", numerator=25)
    fact(home["posyandu_pustu"], 1, "D", 30)
    d = cell(pws.area_table(cast["dinkes"], district_area("36.01"), pws.Period(YEAR, 1), [BY_CODE["D"]]), "D")
    assert (d.value, d.change) == (30, Decimal("10.0"))


@pytest.mark.parametrize("indicator", ["K1", "D", "N", "TB_SCREENED"])
def test_rows_and_totals_equal_the_facts_at_every_level(cast, home, indicator):
    """The figures shown are sums of the facts: each level's rows add up to
    its total, and each total equals a direct sum over the facts beneath it."""
    posyandu = [home["posyandu_pustu"], home["posyandu_pkm"], home["posyandu_b"]]
    for i, p in enumerate(posyandu):
        for month in (1, 2, 3):
            fact(p, month, indicator, 3 * i + month, 10 + i if indicator == "N" else None)
    period = pws.Period(YEAR, 3)
    cumulative = BY_CODE[indicator].display == "cumulative"
    months = {"month__lte": date(YEAR, 3, 1)} if cumulative else {"month": date(YEAR, 3, 1)}

    def direct(**where):
        return CoverageFact.objects.filter(indicator=indicator, **months, **where).aggregate(n=Sum("numerator"))["n"]

    pkm = home["puskesmas"]
    areas = [district_area("36.01"), puskesmas_area(pkm.pk), desa_area(pkm.pk, home["posyandu_pkm"].region_id),
             posyandu_area(home["posyandu_b"].pk)]
    wheres = [{"district_id": "36.01"}, {"posyandu__puskesmas_id": pkm.pk},
              {"posyandu_id": home["posyandu_pkm"].pk}, {"posyandu_id": home["posyandu_b"].pk}]
    for area, where in zip(areas, wheres, strict=True):
        table = pws.area_table(cast["admin"], area, period, [BY_CODE[indicator]])
        assert table.total.cells[indicator].value == direct(**where), area.kind
        if table.rows:
            assert sum(r.cells[indicator].value or 0 for r in table.rows) == table.total.cells[indicator].value


def test_rows_sort_worst_first_with_unjudged_rows_last(cast, home, network):
    pkm, pkm_b = home["puskesmas"], home["puskesmas_b"]
    TargetFactory(facility=pkm, region=None, group="ibu_hamil", number=100)
    TargetFactory(facility=pkm_b, region=None, group="ibu_hamil", number=100)
    fact(home["posyandu_pustu"], 1, "K1", 50)
    fact(home["posyandu_b"], 1, "K1", 5)
    table = pws.area_table(cast["dinkes"], district_area("36.01"), pws.Period(YEAR, 1), [BY_CODE["K1"]])
    pws.sort_rows(table, "K1")
    assert [r.key for r in table.rows] == [pkm_b.pk, pkm.pk]


def test_a_puskesmas_rows_are_its_desa_with_their_targets(cast, home):
    pkm = home["puskesmas"]
    TargetFactory(region_id=home["posyandu_pustu"].region_id, group="ibu_hamil", number=40)
    TargetFactory(region_id=home["posyandu_pkm"].region_id, group="ibu_hamil", number=60)
    fact(home["posyandu_pustu"], 1, "K1", 10)
    table = pws.area_table(cast["kapus"], puskesmas_area(pkm.pk), pws.Period(YEAR, 1), [BY_CODE["K1"]])
    by_desa = {r.key: r for r in table.rows}
    assert set(by_desa) == {home["posyandu_pustu"].region_id, home["posyandu_pkm"].region_id}
    assert by_desa[home["pustu"].region_id].note == home["pustu"].name
    assert by_desa[home["posyandu_pustu"].region_id].cells["K1"].percent == Decimal("25.0")
    # The Puskesmas's own target sums its catchment's desa.
    assert cell(table, "K1").target == 100 and cell(table, "K1").percent == Decimal("10.0")
