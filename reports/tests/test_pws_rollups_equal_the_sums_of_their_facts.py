"""The district's and a Puskesmas's pages read roll-ups, not facts: every
roll-up equals the sum of its Posyandu facts after a rebuild and after the
refresh that follows saves, corrections, moves and removals, and every cell
of every table above the desa equals the cell built from a direct sum of
the facts."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum

from clusters.models import Visit
from clusters.services import visit_remove, visit_update
from patients.services import household_move, patient_update
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine
from reports.models import CoverageFact, CoverageRollup
from reports.pws import tables as pws
from reports.pws.areas import district_area, puskesmas_area
from reports.tests.factories import TargetFactory

YEAR = 2026


def rollups():
    return {(r.month, r.puskesmas_id, r.desa, r.indicator): (r.numerator, r.denominator)
            for r in CoverageRollup.objects.filter(district_id="36.01")}


def sums_of_facts():
    """The roll-ups as a direct sum of the facts: per Puskesmas and desa of
    each Posyandu, and per Puskesmas."""
    found = {}
    for level in (("posyandu__puskesmas_id", "posyandu__region_id"), ("posyandu__puskesmas_id",)):
        rows = CoverageFact.objects.filter(district_id="36.01").values("month", *level, "indicator").annotate(
            n=Sum("numerator"), d=Sum("denominator")).order_by()
        for r in rows:
            found[(r["month"], r["posyandu__puskesmas_id"], r.get("posyandu__region_id", ""), r["indicator"])] = \
                (r["n"], r["d"])
    return found


def assert_rollups_are_the_sums_of_their_facts():
    assert CoverageFact.objects.exists()
    assert rollups() == sums_of_facts()


def reference_cells(table, child_field: str | None, facts_filter: dict):
    """{row key (None: total): {code: Cell}} built from the facts directly."""
    period = table.period
    months = {"ytd": lambda m: period.year_start <= m <= period.first, "current": lambda m: m == period.first,
              "previous": lambda m: m == period.previous.first}
    sums = defaultdict(lambda: defaultdict(pws.Sums))
    seen_year, seen_month = set(), set()
    fields = ["month", "indicator", "numerator", "denominator"] + ([child_field] if child_field else [])
    for fact in CoverageFact.objects.filter(district_id="36.01", **facts_filter).values(*fields):
        for key in {fact[child_field] if child_field else None, None}:
            s = sums[key][fact["indicator"]]
            for name, within in months.items():
                if within(fact["month"]):
                    setattr(s, name, getattr(s, name) + fact["numerator"])
                    setattr(s, f"{name}_den", getattr(s, f"{name}_den") + (fact["denominator"] or 0))
            if months["ytd"](fact["month"]):
                seen_year.add(key)
            if months["current"](fact["month"]):
                seen_month.add(key)
    out = {}
    for row in [*table.rows, table.total]:
        key = None if row is table.total else row.key
        cells = {}
        for indicator in table.indicators:
            has = key in (seen_year if indicator.display == pws.CUMULATIVE else seen_month)
            cells[indicator.code] = pws.make_cell(indicator, sums[key][indicator.code] if has else None,
                                                  row.cells[indicator.code].target, period, table.thresholds)
        out[key] = cells
    return out


def assert_every_cell_is_a_direct_sum_of_facts(user):
    for month in (1, 3, 6, 11):
        period = pws.Period(YEAR, month)
        indicators = pws.select_indicators()
        district = pws.area_table(user, district_area("36.01"), period, indicators)
        expected = reference_cells(district, "posyandu__puskesmas_id", {})
        assert {r.key: r.cells for r in district.rows} == {k: v for k, v in expected.items() if k is not None}
        assert district.total.cells == expected[None]
        assert month != 6 or district.total.cells["D"].value, "the comparison has figures to compare"
        for pkm in district.rows:
            table = pws.area_table(user, puskesmas_area(pkm.key), period, indicators)
            expected = reference_cells(table, "posyandu__region_id", {"posyandu__puskesmas_id": pkm.key})
            assert {r.key: r.cells for r in table.rows} == {k: v for k, v in expected.items() if k is not None}
            assert table.total.cells == expected[None]


@pytest.fixture
def built(record, network):
    """Children weighed and measured, mothers' visits and adults screened
    across two Puskesmas and their desa, and the facts built."""
    places = [network["36.01"][k] for k in ("posyandu_pustu", "posyandu_pkm", "posyandu_b")]
    children = []
    for i in range(6):
        kid = PatientFactory(household=HouseholdFactory(posyandu=places[i % 3]), sex="LP"[i % 2],
                             birth_date=date(2024, 1, 5) + timedelta(days=61 * i))
        children.append(kid)
        for month in (1 + i % 3, 3 + i % 4, 6, 10 - i % 2):
            record(kid, date(YEAR, month, 3 + i), "balita", ["WEIGHING"], weight_kg=Decimal("8") + Decimal(month) / 10,
                   length_cm=Decimal("72") + month, measured_lying=True)
    for i in range(3):
        adult = PatientFactory(household=HouseholdFactory(posyandu=places[i]), birth_date=date(1970 + i, 3, 3))
        record(adult, date(YEAR, 2 + 3 * i, 10), "ptm", ["PTM_SCREENING"], systolic=150, diastolic=95)
    TargetFactory(region_id="36.01", group="balita", number=40)
    TargetFactory(facility=network["36.01"]["puskesmas"], region=None, group="balita", number=20)
    engine.rebuild("36.01", YEAR)
    return {"children": children, "places": places}


def test_after_a_rebuild_every_rollup_is_the_sum_of_its_facts_and_every_cell_a_direct_sum(built, cast):
    assert_rollups_are_the_sums_of_their_facts()
    assert_every_cell_is_a_direct_sum_of_facts(cast["dinkes"])


def test_after_saves_corrections_moves_and_removals_a_refresh_keeps_the_rollups_equal(built, cast, record):
    by = cast["petugas"]
    steps = [
        lambda: record(built["children"][0], date(YEAR, 11, 2), "balita", ["WEIGHING"], weight_kg=Decimal("9")),
        lambda: household_move(by=by, household=built["children"][1].household, posyandu=built["places"][2]),
        lambda: patient_update(by=by, patient=built["children"][2], name=built["children"][2].name,
                               sex=built["children"][2].sex,
                               birth_date=built["children"][2].birth_date - timedelta(days=700)),
        lambda: visit_remove(by=cast["kapus"], visit=Visit.objects.filter(patient=built["children"][3])
                             .order_by("date").first(), reason="Dimasukkan dua kali"),
        lambda: _move_a_visit(by, built["children"][4]),
    ]
    for step in steps:
        step()
        engine.refresh()
        assert_rollups_are_the_sums_of_their_facts()
    assert_every_cell_is_a_direct_sum_of_facts(cast["dinkes"])


def _move_a_visit(by, kid):
    visit = Visit.objects.filter(patient=kid).order_by("date").first()
    visit_update(by=by, visit=visit, date=date(YEAR, 9, 20), services=list(visit.services.all()),
                 measurements={"weight_kg": visit.measurement.weight_kg + 1}, setting=visit.setting,
                 confirm_warnings=True)


def test_a_rebuild_that_changes_no_figure_leaves_every_rollup_as_it_was(built):
    stamps = {(r.month, r.puskesmas_id, r.desa, r.indicator): r.computed_at for r in CoverageRollup.objects.all()}
    engine.rebuild("36.01", YEAR)
    assert {(r.month, r.puskesmas_id, r.desa, r.indicator): r.computed_at
            for r in CoverageRollup.objects.all()} == stamps


def test_a_rebuild_mends_wrong_missing_and_stray_rollups(built, network):
    first = CoverageRollup.objects.filter(desa="").order_by("month", "indicator").first()
    CoverageRollup.objects.filter(pk=first.pk).update(numerator=999, denominator=7)
    CoverageRollup.objects.exclude(desa="").filter(month__month=6).delete()
    CoverageRollup.objects.create(district_id="36.01", month=date(YEAR, 4, 1), puskesmas=network["36.01"]["puskesmas"],
                                  desa="36.01.99.9999", indicator="D", numerator=5, computed_at=first.computed_at)
    CoverageRollup.objects.create(district_id="36.01", month=date(YEAR, 4, 1), puskesmas=network["36.01"]["puskesmas"],
                                  desa="", indicator="NO_LONGER_COUNTED", numerator=5, computed_at=first.computed_at)
    engine.rebuild("36.01", YEAR)
    assert_rollups_are_the_sums_of_their_facts()


def test_a_refresh_adds_the_rollups_of_a_first_fact_and_drops_those_of_a_last(built, cast, record):
    december = date(YEAR, 12, 1)
    assert not CoverageRollup.objects.filter(month=december).exists()
    kid = PatientFactory(household=HouseholdFactory(posyandu=built["places"][2]), birth_date=date(2025, 2, 1))
    record(kid, date(YEAR, 12, 2), "balita", ["WEIGHING"], weight_kg=Decimal("9"))
    engine.refresh()
    assert_rollups_are_the_sums_of_their_facts()
    assert set(CoverageRollup.objects.filter(month=december).values_list("desa", flat=True)) == {
        "", built["places"][2].region_id}
    visit_remove(by=cast["kapus"], visit=Visit.objects.get(patient=kid), reason="Salah orang")
    engine.refresh()
    assert_rollups_are_the_sums_of_their_facts()
    assert not CoverageRollup.objects.filter(month=december).exists()
