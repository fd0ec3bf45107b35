"""A refresh moves the facts by the cells a subject adds, read back from its
values; they are the cells the fold counted when the facts were built."""

from datetime import date, timedelta
from decimal import Decimal

import numpy as np

from patients.models import Pregnancy
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports.evaluation import Reader, fold_subjects


def test_the_cells_read_from_the_subjects_values_are_the_cells_the_fold_counts(record, child_factory, network):
    for month in range(1, 10):
        child = child_factory(age_days=200 + 40 * month, on=date(2026, 1, 1))
        for visit in range(1, month + 1):
            record(child, date(2026, visit, 3), "balita", ["WEIGHING"] + (["VIT_A"] if visit == 2 else []),
                   weight_kg=Decimal("8") + Decimal(visit) / 10, length_cm=Decimal("70") + visit,
                   measured_lying=True)
    baby = child_factory(age_days=0, on=date(2026, 1, 5))
    for code, age in [("IMM_HB0", 0), ("IMM_BCG", 5), ("IMM_OPV1", 5), ("IMM_DPT1", 62), ("IMM_OPV2", 62),
                      ("IMM_DPT2", 95), ("IMM_OPV3", 95), ("IMM_DPT3", 125), ("IMM_OPV4", 125),
                      ("IMM_IPV1", 125), ("IMM_MR1", 280)]:
        record(baby, baby.birth_date + timedelta(days=age), "balita", [code])
    woman = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"]["posyandu_b"]), sex="P",
                           birth_date=date(1990, 1, 1))
    Pregnancy.objects.create(patient=woman, expected_delivery_date=date(2026, 9, 1))
    for month in range(1, 8):
        record(woman, date(2026, month, 2), "anc", ["ANC_K1" if month == 1 else "ANC_K4"], systolic=150,
               diastolic=95)

    subjects, keys = fold_subjects(Reader("36.01", None).read())

    from_values = np.concatenate([s.keys(np.arange(len(s))) for s in subjects])
    assert len(keys) > 60
    assert np.array_equal(np.sort(from_values), np.sort(keys))
