"""The stored state holds one row per subject and year. A repeated row
(copied by hand, or left by a fault) is removed by the next rebuild; the
other subjects' rows are kept as they were."""

from datetime import date
from decimal import Decimal

from reports import engine
from reports.models import CoverageSubject
from reports.tests.refresh_helpers import YEAR, child


def test_a_rebuild_removes_a_repeated_state_row(record, network):
    kid, other = child(network), child(network)
    for person in (kid, other):
        record(person, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    engine.rebuild("36.01", YEAR)
    others = sorted(CoverageSubject.objects.exclude(patient=kid).values_list("id", "months"))
    row = CoverageSubject.objects.get(year=YEAR, patient=kid)
    row.pk = None
    row.save()  # the same subject, year, months and digest twice

    engine.rebuild("36.01", YEAR)

    assert list(CoverageSubject.objects.filter(year=YEAR, patient=kid).values_list("months", "digest")) == [
        (row.months, row.digest)]
    assert sorted(CoverageSubject.objects.exclude(patient=kid).values_list("id", "months")) == others
