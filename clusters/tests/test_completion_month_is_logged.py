"""Complete basic immunisation counts in the month the series completed. A
dose entered late can complete it on the day of a later dose, in another
month or year than the visit just saved: that month is logged as well, so a
refresh reads it again."""

from datetime import date, timedelta

from clusters.models import CoverageChange, ImmunisationStatus
from clusters.services import visit_record
from clusters.tests.conftest import services

BIRTH = date(2025, 3, 1)
# Every dose of the basic series but OPV4, in 2025, and MR1 in January 2026.
WITHOUT_OPV4 = [("IMM_HB0", 0), ("IMM_BCG", 0), ("IMM_OPV1", 0), ("IMM_DPT1", 65), ("IMM_OPV2", 65),
                ("IMM_DPT2", 96), ("IMM_OPV3", 96), ("IMM_DPT3", 126), ("IMM_IPV1", 126), ("IMM_MR1", 315)]


def give(cast, network, child, code, day):
    return visit_record(by=cast["petugas"], patient=child, facility=network["36.01"]["puskesmas"], date=day,
                        package="balita", services=services(code), confirm_warnings=True)


def without_opv4(cast, network, family):
    """The toddler, born on BIRTH, with every basic dose but OPV4."""
    child = family["toddler"]
    child.birth_date = BIRTH
    child.save()
    for code, age in WITHOUT_OPV4:
        give(cast, network, child, code, BIRTH + timedelta(days=age))
    return child


def test_a_late_dose_logs_the_month_its_series_completed(cast, network, family):
    child = without_opv4(cast, network, family)
    assert not ImmunisationStatus.objects.get(patient=child).basic_complete
    CoverageChange.objects.all().delete()

    give(cast, network, child, "IMM_OPV4", date(2025, 8, 5))

    status = ImmunisationStatus.objects.get(patient=child)
    assert status.basic_complete and status.basic_complete_on == BIRTH + timedelta(days=315)
    logged = {(c.month, c.visit_id is not None) for c in CoverageChange.objects.filter(patient=child)}
    assert logged == {(date(2025, 8, 1), True), (date(2026, 1, 1), False)}


def test_a_dose_that_leaves_the_completion_day_alone_logs_its_month_and_the_later_years_visits(
        cast, network, family):
    child = without_opv4(cast, network, family)
    give(cast, network, child, "IMM_OPV4", date(2025, 8, 5))
    CoverageChange.objects.all().delete()

    give(cast, network, child, "IMM_PCV1", date(2025, 8, 20))

    # January 2026 holds MR1: a later year's figures may hang on this one's.
    logged = {(c.month, c.visit_id is not None) for c in CoverageChange.objects.all()}
    assert logged == {(date(2025, 8, 1), True), (date(2026, 1, 1), False)}
