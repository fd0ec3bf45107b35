"""Turnaround is the median time from request to result per Puskesmas lab,
over the results entered in the period; point-of-care results and results
outside the period are left out, and each user sees only their area."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lab import services
from lab.models import LabRequest
from lab.selectors import turnaround


@pytest.fixture
def results(cast, analyst, adult, network, pkm, today, test_of):
    """Hb results at the home Puskesmas taking 1, 2, 4 and 10 hours, one
    point-of-care, one last month; one at the other Puskesmas taking 3 hours."""
    other = network["36.01"]["puskesmas_b"]
    noon = timezone.make_aware(datetime.combine(today, datetime.min.time())) + timedelta(hours=12)

    def result(lab, hours, *, days_ago=0, poc=False):
        [request] = services.request_tests(by=cast["admin"], patient=adult, facility=lab, tests=[test_of("HB")])
        services.enter_result(by=cast["admin"] if not poc else cast["petugas"], request=request,
                              value=Decimal("14"), point_of_care=poc)
        asked = noon - timedelta(days=days_ago, hours=hours)
        LabRequest.objects.filter(pk=request.pk).update(requested_at=asked, resulted_at=noon - timedelta(days=days_ago))

    for hours in (1, 2, 4, 10):
        result(pkm, hours)
    result(pkm, 48, poc=True)
    result(pkm, 30, days_ago=40)
    result(other, 3)
    return pkm, other


def test_the_median_turnaround_of_each_puskesmas_lab(cast, results, today):
    pkm, other = results
    figures = {t.lab_id: t for t in turnaround(user=cast["dinkes"], start=today - timedelta(days=7), end=today)}
    assert figures[pkm.pk].median == timedelta(hours=3) and figures[pkm.pk].results == 4
    assert figures[other.pk].median == timedelta(hours=3) and figures[other.pk].results == 1


def test_a_puskesmas_sees_only_its_own_turnaround(cast, results, today):
    pkm, _ = results
    figures = turnaround(user=cast["kapus"], start=today - timedelta(days=60), end=today)
    assert [(t.lab_id, t.results, t.median) for t in figures] == [(pkm.pk, 5, timedelta(hours=4))]


def test_another_district_sees_no_turnaround(cast, results, today):
    assert turnaround(user=cast["dinkes_other"], start=today - timedelta(days=60), end=today) == []
