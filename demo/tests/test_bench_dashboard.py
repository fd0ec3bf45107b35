"""The benchmark's dashboard timing measures real pages, as a Dinkes officer
whose browser accepts gzip, and says how much of each travels."""

from datetime import date

from demo.dashboards import time_dashboards
from reports.tests.pws_factories import RolledUpFactFactory


def test_dashboard_timing_requests_the_overview_and_a_drill_down(network):
    RolledUpFactFactory(posyandu=network["36.01"]["posyandu_pustu"], month=date(2026, 1, 1), indicator="D")
    figures = time_dashboards("36.01", year=2026, month=1, requests=3)
    assert set(figures) == {"overview", "drilldown"}
    for page in figures.values():
        assert 0 < page["median_ms"] <= page["p95_ms"]
        assert 0 < page["sent_kb"] < page["kb"]
