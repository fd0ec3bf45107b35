from datetime import date, timedelta

import pytest
from django.utils import timezone

from clusters.models import Service
from clusters.services import visit_record
from patients import services as people


def services(*codes):
    return list(Service.objects.filter(code__in=codes))


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def kader_area(network, cast, today):
    """The kader's Posyandu with three households: one overdue child, one
    child weighed this month (due later), one HT patient who missed a month;
    and a household of another Posyandu."""
    posyandu = network["36.01"]["posyandu_pustu"]
    by = cast["kader"]

    def household(rw, dusun="Cilaja", where=posyandu):
        return people.household_register(by=by, posyandu=where, rw=rw, dusun=dusun, address=f"Jl. Mawar {rw}")

    late, fine, ht = household("1"), household("2"), household("3", dusun="Sukamaju")
    overdue_child = people.patient_register(by=by, household=late, name="Anak Terlambat", sex="L",
                                            birth_date=today - timedelta(days=500), confirm_warnings=True)
    visit_record(by=by, patient=overdue_child, facility=posyandu, date=today - timedelta(days=95), package="balita",
                 services=services("WEIGHING"), measurements={"weight_kg": 9}, confirm_warnings=True)
    weighed_child = people.patient_register(by=by, household=fine, name="Anak Ditimbang", sex="P",
                                            birth_date=today - timedelta(days=500), confirm_warnings=True)
    visit_record(by=by, patient=weighed_child, facility=posyandu, date=today, package="balita",
                 services=services("WEIGHING"), measurements={"weight_kg": 9}, confirm_warnings=True)
    ht_patient = people.patient_register(by=by, household=ht, name="Pak Tensi", sex="L", birth_date=date(1960, 1, 1),
                                         confirm_warnings=True)
    visit_record(by=cast["petugas"], patient=ht_patient, facility=network["36.01"]["puskesmas"],
                 date=today - timedelta(days=70), package="ptm", services=services("HT_CARE"),
                 confirm_warnings=True)
    elsewhere = household("4", where=network["36.01"]["posyandu_pkm"])
    stranger = people.patient_register(by=cast["kader_other"], household=elsewhere, name="Anak Lain", sex="L",
                                       birth_date=today - timedelta(days=300), confirm_warnings=True)
    return {"posyandu": posyandu, "late": late, "fine": fine, "ht": ht, "overdue_child": overdue_child,
            "weighed_child": weighed_child, "ht_patient": ht_patient, "stranger": stranger, "household": household}
