"""`bench_quality` prints one JSON line: the review's server time as a
Kepala Puskesmas of the largest Puskesmas, and its number of queries."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from .conftest import MONTH


def run(*args) -> dict:
    out = StringIO()
    call_command("bench_quality", "--requests", "2", *args, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


def test_the_benchmark_times_the_largest_puskesmas_review_and_counts_its_queries(home, make_items):
    make_items(home["posyandu_pustu"])
    make_items(home["posyandu_b"])
    make_items(home["posyandu_b"])
    figures = run("--month", f"{MONTH:%Y-%m}")
    assert figures["open_items"] == 10 and figures["district_open_visit_items"] == 12  # duplicates: review only
    assert figures["month"] == f"{MONTH:%Y-%m}" and figures["requests"] == 2
    assert figures["median_ms"] > 0 and figures["p95_ms"] >= figures["median_ms"] and figures["queries"] > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the items are seeded with PostgreSQL's SQL")
def test_items_are_seeded_set_based_before_the_page_is_timed(home, make_items):
    from clusters.models import Visit
    from patients.tests.factories import HouseholdFactory, PatientFactory
    from quality.tests.factories import MeasurementFactory, VisitFactory

    for i in range(300):
        child = PatientFactory(household=HouseholdFactory(posyandu=home["posyandu_pustu"]), name=f"Anak {i}")
        MeasurementFactory(visit=VisitFactory(patient=child, date=MONTH.replace(day=1 + i % 28)), whz="0.50",
                           age_days=400)
    figures = run("--seed-items", "1")
    assert figures["people"] >= 300 and figures["visits"] == 300 and figures["queries"] > 0
    # Visits are now entered on their day (some weeks later), no longer all at once.
    assert Visit.objects.dates("created_at", "day").count() > 1
