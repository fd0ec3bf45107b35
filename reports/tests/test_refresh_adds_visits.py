"""A new visit is added to the month its person already has stored, without
reading that month again; a visit a run may already have counted is never
added a second time."""

from datetime import date
from decimal import Decimal

from clusters.models import CoverageChange, Measurement
from reports import engine
from reports.tests.refresh_helpers import YEAR, child, count, snapshot


def weighed_monthly(record, kid, months):
    return [record(kid, date(YEAR, month, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8") + Decimal(month) / 10)
            for month in months]


def test_a_new_visit_is_added_to_its_month_without_reading_the_month_again(record, network):
    kid = child(network)
    first, *_ = weighed_monthly(record, kid, range(3, 10))  # seven weighings, March to September
    engine.rebuild("36.01", YEAR)
    # Changed behind the log's back in March: a refresh that read March again would see it.
    Measurement.objects.filter(visit=first).delete()
    record(kid, date(YEAR, 3, 20), "balita", ["WEIGHING"], weight_kg=Decimal("8.4"))  # weighed again in March

    assert engine.refresh()["people"] == 1

    # March as stored (one weighing) with the new visit's added: the eighth
    # weighing of the year, reached in September.
    assert count("D", 3) == 1 and count("SPM_BALITA", 9) == 1
    engine.rebuild("36.01", YEAR)
    assert count("SPM_BALITA", 9) == 0  # only a rebuild sees March's lost measurement


def test_a_visit_added_while_a_rebuild_read_is_not_counted_twice(record, network):
    kid = child(network)
    weighed_monthly(record, kid, range(1, 7))  # six weighings
    engine.rebuild("36.01", YEAR)
    # The seventh weighing commits after the rebuild took the log rows it
    # answers for (its first progress report), and before it read the
    # visits: it counts it, and its log row stays.

    def save_once_the_log_is_taken(done, _total):
        if done == 0:
            record(kid, date(YEAR, 7, 6), "balita", ["WEIGHING"], weight_kg=Decimal("9"))

    engine.rebuild("36.01", YEAR, progress=save_once_the_log_is_taken)
    change = CoverageChange.objects.get()
    assert change.visit_id is None  # now a month to read again, not a visit to add

    engine.refresh()

    assert count("SPM_BALITA", 7) == 0  # seven weighings, not eight
    assert not CoverageChange.objects.exists()


def test_a_visit_added_in_a_month_also_corrected_comes_from_reading_the_month(record, network, cast):
    from clusters.services import visit_update

    kid = child(network)
    weighed_monthly(record, kid, range(1, 7))
    engine.rebuild("36.01", YEAR)
    seventh = record(kid, date(YEAR, 7, 6), "balita", ["WEIGHING"], weight_kg=Decimal("9"))
    visit_update(by=cast["kapus"], visit=seventh, date=date(YEAR, 7, 8), services=list(seventh.services.all()),
                 measurements={"weight_kg": Decimal("9.1")}, setting="posyandu")

    engine.refresh()

    assert count("SPM_BALITA", 7) == 0 and count("D", 7) == 1
    incremental = snapshot()
    engine.rebuild("36.01", YEAR)
    assert snapshot() == incremental


def test_a_visit_added_while_a_refresh_read_its_month_is_not_counted_twice(record, network, cast, monkeypatch):
    from clusters.services import visit_update
    from reports.engine.reader import Reader

    kid = child(network)
    *_, june = weighed_monthly(record, kid, range(1, 7))
    engine.rebuild("36.01", YEAR)
    visit_update(by=cast["kapus"], visit=june, date=june.date, services=list(june.services.all()),
                 measurements={"weight_kg": Decimal("8.7")}, setting="posyandu")
    read = Reader.read

    def read_while_a_visit_is_saved(self, *args, **kwargs):
        # Saved after the refresh took its log rows, before it read June: it counts the visit.
        monkeypatch.setattr(Reader, "read", read)
        record(kid, date(YEAR, 6, 25), "balita", ["WEIGHING"], weight_kg=Decimal("8.8"))
        return read(self, *args, **kwargs)

    monkeypatch.setattr(Reader, "read", read_while_a_visit_is_saved)
    engine.refresh()
    assert CoverageChange.objects.get().visit_id is None
    engine.refresh()

    assert count("SPM_BALITA", 6) == 0  # seven weighings, not eight
