"""Figures for `bench_klaster1`: the lab worklist (demo.lab.bench) and the
Klaster 1 management page on a seeded district whose lab, IGD and ward
registers are seeded from its people and visits when absent."""

from datetime import timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from facilities.models import Facility, FacilityType, Role
from igd.models import Arrival
from inpatient.models import Admission

from . import lab
from .igd import build_igd
from .inpatient import build_inpatient
from .quality_bench import bench_user, time_page


def bench(district: str, *, requests: int = 20, seed: int = 1) -> dict:
    today = timezone.localdate()
    if not Arrival.objects.filter(district_id=district).exists():
        build_igd(district, seed, today=today)
    if not Admission.objects.filter(district_id=district).exists():
        build_inpatient(district, seed, today=today)
    figures = lab.bench(district, requests=requests, seed=seed)
    dinkes = bench_user("bench-dinkes-k1", Role.STAF_DINKES, scope_facility=None, scope_district_id=district)
    board = time_page(dinkes, reverse("klaster1:board"), requests=requests)
    # A whole month: the one before this.
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    board_full = time_page(dinkes, f"{reverse('klaster1:board')}?bulan={last_month:%Y-%m}", requests=requests)
    ward = (Admission.objects.filter(district_id=district).values("facility_id").annotate(n=Count("pk"))
            .order_by("-n", "facility_id").first())
    pkm = Facility.objects.get(pk=ward["facility_id"]) if ward else Facility.objects.filter(
        district_id=district, type=FacilityType.PUSKESMAS, active=True).order_by("pk").first()
    kapus = bench_user("bench-kapus-k1", Role.KEPALA_PUSKESMAS, scope_facility=pkm, scope_district=None)
    board_pkm = time_page(kapus, reverse("klaster1:board"), requests=requests)
    month_start = today.replace(day=1)
    return {
        **figures,
        "igd_arrivals": Arrival.objects.filter(district_id=district).count(),
        "igd_arrivals_this_month": Arrival.objects.filter(district_id=district,
                                                          arrived_at__date__gte=month_start).count(),
        "admissions": Admission.objects.filter(district_id=district).count(),
        "board_district_median_ms": board["median_ms"], "board_district_p95_ms": board["p95_ms"],
        "board_district_queries": board["queries"],
        "board_district_last_month_median_ms": board_full["median_ms"],
        "board_district_last_month_p95_ms": board_full["p95_ms"],
        "board_puskesmas_median_ms": board_pkm["median_ms"], "board_puskesmas_p95_ms": board_pkm["p95_ms"],
        "board_puskesmas_queries": board_pkm["queries"],
        "target_ms": 300,
    }
