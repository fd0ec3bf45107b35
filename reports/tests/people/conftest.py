"""A district with people in and out of each target group, some served
and some not, whose figures the engine computed; and the dashboard's own
cell, to compare a list with."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from patients.models import Pregnancy, PregnancyStatus
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine
from reports.pws import tables as pws
from reports.pws.tables import Period

YEAR = 2026
JUNE = Period(YEAR, 6)
BASIC = [("IMM_HB0", 0), ("IMM_BCG", 0), ("IMM_OPV1", 0), ("IMM_DPT1", 65), ("IMM_OPV2", 65), ("IMM_DPT2", 96),
         ("IMM_OPV3", 96), ("IMM_DPT3", 126), ("IMM_OPV4", 126), ("IMM_IPV1", 126), ("IMM_MR1", 315)]


def resident(network, posyandu, born, sex="L", name=None, **household):
    hh = HouseholdFactory(posyandu=network["36.01"][posyandu], **household)
    extra = {"name": name} if name else {}
    return PatientFactory(household=hh, sex=sex, birth_date=born, **extra)


def cell(user, area, code, period=JUNE):
    """The dashboard's cell of the area (its total row) for one indicator."""
    return pws.area_table(user, area, period, pws.select_indicators(codes=[code]), with_rows=False).total.cells[code]


@pytest.fixture
def village(record, network):
    """Who is in which group, at which Posyandu, and who was served: built
    through the real services, then the district's figures rebuilt."""
    w = {}
    weigh = lambda kid, day: record(kid, day, "balita", ["WEIGHING"], weight_kg=Decimal("11.5"))  # noqa: E731
    # Under-fives at the Pustu's Posyandu in June: three weighed, one not,
    # one who turned five in May (no longer in the group), one at another Posyandu.
    w["weighed"] = [resident(network, "posyandu_pustu", born) for born in
                    (date(2022, 1, 1), date(2024, 5, 10), date(2021, 6, 20))]
    w["not_weighed"] = [resident(network, "posyandu_pustu", date(2025, 12, 1), dusun="Cibeber", rw="003")]
    w["five_in_may"] = resident(network, "posyandu_pustu", date(2021, 5, 1))
    w["elsewhere"] = resident(network, "posyandu_pkm", date(2023, 3, 3))
    for kid in w["weighed"]:
        weigh(kid, date(YEAR, 6, 10))
    weigh(w["five_in_may"], date(YEAR, 4, 10))  # a D in April, five in June
    weigh(w["not_weighed"][0], date(YEAR, 5, 10))  # weighed in May only

    # Infants: one reaches complete basic immunisation in January 2026, two do not;
    # one was an infant only last year.
    complete = resident(network, "posyandu_pustu", date(2025, 3, 1))
    for code, age in BASIC:
        record(complete, complete.birth_date + timedelta(days=age), "balita", [code])
    w["idl_done"] = complete
    w["idl_missing"] = [resident(network, "posyandu_pustu", born) for born in (date(2025, 8, 1), date(2026, 2, 1))]
    w["past_infant"] = resident(network, "posyandu_pustu", date(2024, 12, 1))

    # Newborns of the year: one with KN1, one without.
    w["kn1"] = resident(network, "posyandu_pustu", date(YEAR, 3, 1))
    record(w["kn1"], date(YEAR, 3, 2), "balita", ["KN1"])
    w["no_kn"] = resident(network, "posyandu_pustu", date(YEAR, 5, 1))

    # Pregnancies at the Puskesmas's own Posyandu.
    def pregnant(hpl, status=PregnancyStatus.ONGOING, ended=None):
        woman = resident(network, "posyandu_pkm", date(1995, 4, 2), sex="P")
        return Pregnancy.objects.create(patient=woman, expected_delivery_date=hpl, status=status, ended_on=ended)

    w["k4_done"] = pregnant(date(YEAR, 7, 20))
    for code, day in (("ANC_K1", date(YEAR, 1, 5)), ("ANC_K4", date(YEAR, 5, 5))):
        record(w["k4_done"].patient, day, "anc", [code], systolic=110, diastolic=70)
    w["k1_only"] = pregnant(date(YEAR, 9, 1))
    record(w["k1_only"].patient, date(YEAR, 3, 3), "anc", ["ANC_K1"], systolic=110, diastolic=70)
    w["not_seen"] = pregnant(date(YEAR, 11, 30))
    w["seen_last_year"] = pregnant(date(YEAR, 2, 20))
    record(w["seen_last_year"].patient, date(YEAR - 1, 7, 1), "anc", ["ANC_K1"], systolic=110, diastolic=70)
    w["delivered_last_year"] = pregnant(date(YEAR - 1, 11, 1), PregnancyStatus.DELIVERED, date(YEAR - 1, 11, 1))

    # Productive age (15–59) at the other Puskesmas's Posyandu: one screened.
    w["screened"] = resident(network, "posyandu_b", date(1990, 1, 1))
    record(w["screened"], date(YEAR, 4, 4), "ptm", ["PTM_SCREENING"], systolic=120, diastolic=80)
    w["not_screened"] = [resident(network, "posyandu_b", born) for born in (date(1980, 2, 2), date(2010, 1, 1))]
    w["elderly"] = resident(network, "posyandu_b", date(1950, 1, 1))
    engine.rebuild("36.01")
    return w
