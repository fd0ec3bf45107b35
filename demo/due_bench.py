"""Server time of the due lists at a generated size, for `bench_due_lists`:
the largest Posyandu as its kader, the largest desa and the largest
Puskesmas as a Puskesmas worker, each requested in-process through the full
middleware stack; and the cost of keeping the due table current on a visit
save (the same saves with and without the upkeep, rolled back)."""

import random
import statistics
import time
from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from clusters.models import Service
from clusters.services import visit_record
from facilities.models import Facility, FacilityType, Role, User
from followup.receivers import keep_due_items_current
from patients.models import Patient
from patients.signals import people_changed

from .dashboards import _percentile


def _user(name: str, facility: Facility, role: str) -> User:
    user, _ = User.objects.update_or_create(username=name, defaults={"scope_facility": facility})
    user.groups.set([Group.objects.get(name=role)])
    return user


def _largest(district: str):
    posyandu = (Facility.objects.filter(district_id=district, type=FacilityType.POSYANDU)
                .annotate(n=Count("households__members")).order_by("-n", "pk").first())
    counts = (Patient.objects.filter(household__posyandu__district_id=district)
              .values("household__posyandu__puskesmas_id").annotate(n=Count("pk")).order_by("-n"))
    pkm = Facility.objects.get(pk=counts[0]["household__posyandu__puskesmas_id"])
    desa = (Patient.objects.filter(household__posyandu__puskesmas=pkm).values("household__desa_id")
            .annotate(n=Count("pk")).order_by("-n")[0]["household__desa_id"])
    return posyandu, desa, pkm


def time_lists(district: str, *, requests: int = 20) -> dict:
    posyandu, desa, pkm = _largest(district)
    kader = _user("bench-kader", posyandu, Role.KADER)
    worker = _user("bench-puskesmas", pkm, Role.PETUGAS_PUSKESMAS)
    url = reverse("followup:due_list")
    pages = {"posyandu": (kader, {}), "desa": (worker, {"desa": desa}), "puskesmas": (worker, {})}
    out = {}
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        for name, (user, params) in pages.items():
            client = Client()
            client.force_login(user)
            response = client.get(url, params)
            if response.status_code != 200:
                raise RuntimeError(f"{name} list answered {response.status_code}")
            times, queries = [], set()
            for _ in range(requests):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    client.get(url, params)
                    times.append((time.perf_counter() - started) * 1000)
                queries.add(len(captured))
            out[name] = {"median_ms": round(statistics.median(times), 1),
                         "p95_ms": round(_percentile(times, 0.95), 1), "queries": sorted(queries)}
    out["sizes"] = {"posyandu_people": Patient.objects.filter(household__posyandu=posyandu).count(),
                    "puskesmas_people": Patient.objects.filter(household__posyandu__puskesmas=pkm).count()}
    return out


def time_upkeep(district: str, *, saves: int = 40, seed: int = 1) -> dict:
    """Median of a balita weighing saved through visit_record (each rolled
    back): without the due upkeep, with it in the save's transaction
    (embedded), and with the mark a worker drains after the commit."""
    today = timezone.localdate()
    children = list(Patient.objects.filter(household__posyandu__district_id=district,
                                           birth_date__gt=today - timedelta(days=4 * 365))
                    .select_related("household__posyandu").order_by("pk")[:5000])
    random.Random(seed).shuffle(children)
    weighing = list(Service.objects.filter(code="WEIGHING"))
    by = User.objects.get(username="bench-kader")
    modes = ("without", "in_transaction", "after_commit")
    timed = {mode: [] for mode in modes}
    for i, child in enumerate(children[:saves * len(modes)]):
        mode = modes[i % len(modes)]
        if mode == "without":
            people_changed.disconnect(keep_due_items_current)
        try:
            with override_settings(DUE_UPKEEP_AFTER_COMMIT=mode == "after_commit"), transaction.atomic():
                started = time.perf_counter()
                visit_record(by=by, patient=child, facility=child.household.posyandu, date=today, package="balita",
                             services=weighing, measurements={"weight_kg": 11.5}, confirm_warnings=True)
                timed[mode].append((time.perf_counter() - started) * 1000)
                transaction.set_rollback(True)
        finally:
            if mode == "without":
                people_changed.connect(keep_due_items_current)
    medians = {mode: statistics.median(times) for mode, times in timed.items()}
    return {**{f"save_median_ms_{mode}": round(m, 1) for mode, m in medians.items()},
            "share_in_transaction": round(medians["in_transaction"] / medians["without"] - 1, 3),
            "share_after_commit": round(medians["after_commit"] / medians["without"] - 1, 3)}
