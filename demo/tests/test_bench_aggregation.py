"""The aggregation benchmark runs end to end on a small district and ends
with one JSON line of its figures (their size is for the README, not for a
test)."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="the benchmark measures PostgreSQL"),
]


def test_the_benchmark_prints_its_figures_as_one_json_line(real_regions):
    out = StringIO()
    call_command("bench_aggregation", people=400, page_requests=1, stdout=out)

    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert figures["people"] == 400 and figures["visits"] > 0
    assert all(figures[name] > 0 for name in ("floor_s", "full_s", "incremental_s"))
    assert figures["full_over_floor"] > 0 and figures["incremental_over_full"] > 0
    # The rebuild's CPU time in this process cannot exceed its wall time on two cores.
    assert 0 <= figures["full_user_s"] + figures["full_system_s"] <= 2 * figures["full_s"] + 0.05
    assert figures["full_page_faults"] >= 0
    assert "incremental refresh after" in out.getvalue()
    # The refresh is the median of its days, each timed.
    runs = figures["incremental_runs_s"]
    assert len(runs) == 3 and figures["incremental_s"] == sorted(runs)[1]
